package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/spf13/cobra"
)

func newBuildCmd(a *app) *cobra.Command {
	return group("build", newBuildSetCmd(a), newBuildListCmd(a))
}

// parseScore reads a 0-5 score flag; "none" (or "-") clears it.
func (a *app) parseScore(flag, v string) (score *int, clear bool, err error) {
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "none", "-":
		return nil, true, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || !catalog.ValidScore(n) {
		return nil, false, usagef("%s", a.printer().T("cli.error.bad_score", "--"+flag, v))
	}
	return &n, false, nil
}

// cycleHeading is the line above a cycle's listing.
func cycleHeading(p vocab.Printer, d *catalog.CycleData) string {
	return p.T("cli.list.heading", cellText(d.Org.Name), cellText(d.Cycle.Name), p.T("cli.cycle.status."+string(d.Cycle.Status)), d.Pack.Ref())
}

// serviceTarget is what a Build or assessment change acts on: the cycle --org and --cycle
// name, and the services of its pack the SERVICE arguments name (IDs, categories or all).
type serviceTarget struct {
	s     *catalog.Store
	org   catalog.Organisation
	cycle catalog.Cycle
	pack  *catalog.Pack
	ids   []string
}

// serviceTarget resolves the --org and --cycle flags and the SERVICE arguments.
func (a *app) serviceTarget(ctx context.Context, orgRef, cycleRef string, args []string) (serviceTarget, error) {
	s, o, c, err := a.orgAndCycle(ctx, orgRef, cycleRef)
	if err != nil {
		return serviceTarget{}, err
	}
	p, err := s.Pack(ctx, c.PackRef)
	if err != nil {
		return serviceTarget{}, err
	}
	ids, err := p.Resolve(args)
	return serviceTarget{s: s, org: o, cycle: c, pack: p, ids: ids}, err
}

func newBuildSetCmd(a *app) *cobra.Command {
	var org, cycle, scope, level, reason, assign, provider, contract, target string
	cmd := &cobra.Command{
		Use: "set --org ORG SERVICE... [flags]",
		Example: `  cdc build set --org "Demo Agency" B --assign external --provider "Acme MSSP" --contract MSSP-2024-017
  cdc build set --org "Demo Agency" C-2 --level recommended --reason "Targeted malware seen in 2025"
  cdc build set --org "Demo Agency" all --target 3
  cdc build set --org "Demo Agency" I-9 --scope out --reason "Led by the university network"`,
		ValidArgsFunction: completeServices,
		Args:              argCount(1, -1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p catalog.BuildPatch
			f := cmd.Flags()
			if f.Changed("scope") {
				switch strings.ToLower(strings.TrimSpace(scope)) {
				case "in":
					p.InScope = new(true)
				case "out":
					p.InScope = new(false)
				default:
					return usagef("%s", a.printer().T("cli.build.bad_scope", scope))
				}
			}
			var err error
			if p.Level, err = parsedFlag(f.Changed("level"), level, catalog.ParseLevel); err != nil {
				return err
			}
			if p.Assignment, err = parsedFlag(f.Changed("assign"), assign, catalog.ParseAssignment); err != nil {
				return err
			}
			given(f, "provider", &p.Provider, &provider)
			given(f, "contract", &p.Contract, &contract)
			if f.Changed("target") {
				v, clear, err := a.parseScore("target", target)
				if err != nil {
					return err
				}
				p.Target, p.ClearTarget = v, clear
			}
			p.Reason = reason
			if p.Empty() {
				return usagef("%s", a.printer().T("cli.error.nothing_to_change", "--scope, --level, --assign, --provider, --contract, --target"))
			}
			t, err := a.serviceTarget(cmd.Context(), org, cycle, args)
			if err != nil {
				return err
			}
			s, o, c, ids := t.s, t.org, t.cycle, t.ids
			n, err := s.SetBuild(cmd.Context(), c.ID, ids, p)
			if err != nil {
				return a.inOrg(o, err)
			}
			pr := a.printer()
			return a.result(servicesChanged{Organisation: orgOf(o), Cycle: cycleOf(c), Services: ids, Changes: n},
				pr.T("cli.build.changed", o.Name, c.Name, pr.N("cli.count.changes", n), pr.N("cli.count.services", len(ids))))
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	f := cmd.Flags()
	textFlags(f, "scope level reason assign provider contract target", &scope, &level, &reason, &assign, &provider, &contract, &target)
	return cmd
}

// serviceListing is a listing of a cycle's services (all, or the IDs and categories given);
// print writes the table after the cycle heading, --json prints the cycle data instead.
func (a *app) serviceListing(print func(p vocab.Printer, d *catalog.CycleData) error) *cobra.Command {
	var org, cycle string
	cmd := &cobra.Command{
		Use:               "list --org ORG [SERVICE...]",
		ValidArgsFunction: completeServices,
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.lang()
			if err != nil {
				return err
			}
			d, err := a.cycleDataFor(cmd.Context(), org, cycle, args)
			if err != nil {
				return err
			}
			if a.wantsJSON() {
				return a.printJSON(d)
			}
			p := vocab.For(lang)
			if err := a.println(cycleHeading(p, d) + "\n"); err != nil {
				return err
			}
			return print(p, d)
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	return cmd
}

func newBuildListCmd(a *app) *cobra.Command {
	return a.serviceListing(func(p vocab.Printer, d *catalog.CycleData) error {
		lang := p.Lang()
		t := newTable(p.T("cli.col.id"), p.T("field.service"), p.T("field.level"), p.T("field.scope"), p.T("field.assignment"),
			p.T("field.provider"), p.T("field.contract"), p.T("field.target")).alignRight(7)
		overridden := false
		for _, st := range d.Services {
			lv := d.Pack.LevelName(st.Level, lang)
			if st.LevelOverridden {
				lv += p.T("catalog.mark.overridden")
				overridden = true
			}
			scope := p.T("scope.in")
			if !st.InScope {
				scope = p.T("scope.out")
			}
			t.row(st.ID, clip(st.Name.In(lang), 44), lv, scope, d.Pack.AssignmentName(st.Assignment, lang),
				clip(st.Provider, 24), clip(st.Contract, 24), p.Score(st.Target))
		}
		out := []string{t.String()}
		if overridden {
			out = append(out, "", p.T("cli.build.overridden", p.T("catalog.mark.overridden")))
			for _, st := range d.Services {
				if st.LevelOverridden {
					out = append(out, "  "+st.ID+": "+cellText(st.LevelReason))
				}
			}
		}
		return a.println(strings.Join(out, "\n"))
	})
}

// cycleDataFor loads a cycle, keeping only the services named in args (all when empty).
func (a *app) cycleDataFor(ctx context.Context, org, cycle string, args []string) (*catalog.CycleData, error) {
	s, _, c, err := a.orgAndCycle(ctx, org, cycle)
	if err != nil {
		return nil, err
	}
	d, err := s.CycleData(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return d, nil
	}
	ids, err := d.Pack.Resolve(args)
	if err != nil {
		return nil, err
	}
	keep := make(map[string]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	var sel []catalog.ServiceState
	for _, st := range d.Services {
		if keep[st.ID] {
			sel = append(sel, st)
		}
	}
	d.Services = sel
	return d, nil
}

// cycleRef names a cycle in --json results.
type cycleRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func cycleOf(c catalog.Cycle) cycleRef { return cycleRef{ID: c.ID, Name: c.Name} }

// servicesChanged is what build set and assess set print with --json: the services given and
// the number of changes recorded in the change log (0 when every value was already so).
type servicesChanged struct {
	Organisation orgRef   `json:"organisation"`
	Cycle        cycleRef `json:"cycle"`
	Services     []string `json:"services"`
	Changes      int      `json:"changes"`
}
