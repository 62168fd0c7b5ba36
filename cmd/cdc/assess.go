package main

import (
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"
)

func newAssessCmd(a *app) *cobra.Command {
	return group("assess", newAssessSetCmd(a), newAssessListCmd(a))
}

func newAssessSetCmd(a *app) *cobra.Command {
	var org, cycle, score, evidence string
	cmd := &cobra.Command{
		Use: "set --org ORG SERVICE",
		Example: `  cdc assess set --org "Demo Agency" B-1 --score 3 --evidence "Monthly coverage report reviewed"
  cdc assess set --org "Demo Agency" E-7 --score none`,
		ValidArgsFunction: completeServices,
		Args:              exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.lang()
			if err != nil {
				return err
			}
			var p catalog.AssessmentPatch
			f := cmd.Flags()
			if f.Changed("score") {
				v, clear, err := a.parseScore("score", score)
				if err != nil {
					return err
				}
				p.Score, p.ClearScore = v, clear
			}
			given(f, "evidence", &p.Evidence, &evidence)
			if p.Score == nil && !p.ClearScore && p.Evidence == nil {
				return usagef("%s", a.printer().T("cli.error.nothing_to_change", "--score, --evidence"))
			}
			t, err := a.serviceTarget(cmd.Context(), org, cycle, args)
			if err != nil {
				return err
			}
			s, o, c, p2, ids := t.s, t.org, t.cycle, t.pack, t.ids
			if len(ids) != 1 {
				return usagef("%s", a.printer().T("cli.assess.one_service", args[0]))
			}
			n, err := s.SetAssessment(cmd.Context(), c.ID, ids[0], p)
			if err != nil {
				return a.inOrg(o, err)
			}
			sv, _ := p2.Service(ids[0])
			pr := vocab.For(lang)
			return a.result(servicesChanged{Organisation: orgOf(o), Cycle: cycleOf(c), Services: ids, Changes: n},
				pr.T("cli.assess.changed", o.Name, c.Name, sv.ID, sv.Name.In(lang), pr.N("cli.count.changes", n)))
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	f := cmd.Flags()
	f.StringVar(&score, "score", "", "")
	f.StringVar(&evidence, "evidence", "", "")
	return cmd
}

func newAssessListCmd(a *app) *cobra.Command {
	return a.serviceListing(func(p vocab.Printer, d *catalog.CycleData) error {
		lang := p.Lang()
		t := newTable(p.T("cli.col.id"), p.T("field.service"), p.T("field.assignment"), p.T("field.target"),
			p.T("cli.col.current"), p.T("cli.col.state"), p.T("field.evidence")).alignRight(3, 4)
		carried := 0
		for _, st := range d.Services {
			state := ""
			switch {
			case !st.InScope:
				state = p.T("scope.out")
			case !st.Assessed():
				state = p.T("figure.not_assessed")
			case st.CarriedOver:
				state = p.T("change.carried_over")
				carried++
			}
			t.row(st.ID, clip(st.Name.In(lang), 40), d.Pack.AssignmentName(st.Assignment, lang), p.Score(st.Target),
				p.Score(st.Current), state, clip(st.Evidence, 48))
		}
		// Completeness is scoring's figure, over the services listed.
		cat := scoring.Evaluate(d, nil).Catalogue
		summary := p.T("cli.assess.summary", p.Completeness(cat.Assessed, cat.InScope))
		if carried > 0 {
			summary = p.N("cli.assess.summary_carried", carried, p.Completeness(cat.Assessed, cat.InScope), carried)
		}
		return a.println(t.String() + "\n\n" + summary)
	})
}
