package main

import (
	"fmt"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func init() { register(newAssessCmd) }

func newAssessCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "assess",
		Short: "Record and list current scores (0-5) with evidence",
		Long: "A current score rates how well a service is carried out, on the pack's 0-5 scale; the\n" +
			"descriptors differ for outsourced (external) services. \"none\" means not assessed, which is\n" +
			"not the same as 0. Scores carried over from the previous cycle stay flagged until re-assessed.",
	}
	cmd.AddCommand(newAssessSetCmd(a), newAssessListCmd(a))
	return cmd
}

func newAssessSetCmd(a *app) *cobra.Command {
	var org, cycle, score, evidence string
	cmd := &cobra.Command{
		Use:   "set --org ORG SERVICE [--score 0-5|none] [--evidence TEXT]",
		Short: "Record the current score and evidence of one service",
		Example: `  cdc assess set --org "Demo Agency" B-1 --score 3 --evidence "Monthly coverage report reviewed"
  cdc assess set --org "Demo Agency" E-7 --score none`,
		ValidArgsFunction: completeServices,
		Args:              cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.lang()
			if err != nil {
				return err
			}
			var p catalog.AssessmentPatch
			f := cmd.Flags()
			if f.Changed("score") {
				v, clear, err := parseScore("score", score)
				if err != nil {
					return err
				}
				p.Score, p.ClearScore = v, clear
			}
			if f.Changed("evidence") {
				p.Evidence = &evidence
			}
			if p.Score == nil && !p.ClearScore && p.Evidence == nil {
				return fmt.Errorf("nothing to change: give --score, --evidence or both")
			}
			s, o, c, err := a.orgAndCycle(cmd.Context(), org, cycle)
			if err != nil {
				return err
			}
			p2, ids, err := cycleServices(cmd.Context(), s, c, args)
			if err != nil {
				return err
			}
			if len(ids) != 1 {
				return fmt.Errorf("assess set takes one service ID such as B-1, not %q", args[0])
			}
			n, err := s.SetAssessment(cmd.Context(), c.ID, ids[0], p)
			if err != nil {
				return fmt.Errorf("organisation %q: %w", o.Name, err)
			}
			sv, _ := p2.Service(ids[0])
			fmt.Fprintf(a.out, "%s, cycle %s, %s %s: %d change(s).\n", o.Name, c.Name, sv.ID, sv.Name.In(lang), n)
			return nil
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	f := cmd.Flags()
	f.StringVar(&score, "score", "", "Current score 0-5, or none for not assessed")
	f.StringVar(&evidence, "evidence", "", "What the score rests on: documents, observations, interviews")
	return cmd
}

func newAssessListCmd(a *app) *cobra.Command {
	return a.serviceListing("Show current scores against targets (all services, or the given IDs and categories)",
		func(lang catalog.Lang, d *catalog.CycleData) error {
			t := newTable(listWords(lang, "ID", "SERVICE", "ASSIGNED", "TARGET", "CURRENT", "STATE", "EVIDENCE")...)
			var assessed, carried, inScope int
			for _, st := range d.Services {
				state := ""
				switch {
				case !st.InScope:
					state = "out of scope"
				case !st.Assessed():
					state = "not assessed"
				case st.CarriedOver:
					state = "carried over"
				}
				if st.InScope {
					inScope++
					if st.Assessed() {
						assessed++
					}
					if st.CarriedOver {
						carried++
					}
				}
				t.row(st.ID, clip(st.Name.In(lang), 40), d.Pack.AssignmentName(st.Assignment, lang), scoreText(st.Target),
					scoreText(st.Current), listWord(lang, state), clip(st.Evidence, 48))
			}
			if err := a.println(t.String()); err != nil {
				return err
			}
			summary := []string{fmt.Sprintf(listWord(lang, "%d of %d in-scope services assessed"), assessed, inScope)}
			if carried > 0 {
				summary = append(summary, fmt.Sprintf(listWord(lang, "%d carried over"), carried))
			}
			sep, end := ", ", "."
			if lang == catalog.JA {
				sep, end = "、", "。"
			}
			fmt.Fprintf(a.out, "\n%s%s\n", strings.Join(summary, sep), end)
			return nil
		})
}
