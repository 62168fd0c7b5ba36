package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func init() { register(newBuildCmd) }

func newBuildCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Set and list Build settings: scope, level, assignment, provider, target",
		Long: "Build settings say, per service of a cycle: whether it is in scope, its recommendation level\n" +
			"(the pack default, or an override with a reason), who carries it out (cdc, internal, external,\n" +
			"shared or none), the provider and contract, and the target score (0-5).",
	}
	cmd.AddCommand(newBuildSetCmd(a), newBuildListCmd(a))
	return cmd
}

// parseScore reads a 0-5 score flag; "none" (or "-") clears it.
func parseScore(flag, v string) (score *int, clear bool, err error) {
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "none", "-":
		return nil, true, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil, false, fmt.Errorf("%s %q is not a whole number (--%s takes 0-5, or none)", flag, v, flag)
	}
	if !catalog.ValidScore(n) {
		return nil, false, fmt.Errorf("%s %d is outside 0-5 (--%s takes 0-5, or none)", flag, n, flag)
	}
	return &n, false, nil
}

// jaWords are the Japanese forms of the words the Build and assessment listings print,
// in the terms the terminal interface and the reports use.
var jaWords = map[string]string{
	"SERVICE": "サービス", "LEVEL": "推奨レベル", "SCOPE": "対象", "ASSIGNED": "実施主体", "PROVIDER": "委託先",
	"CONTRACT": "契約", "TARGET": "目標", "CURRENT": "現状", "STATE": "状態", "EVIDENCE": "根拠",
	"in": "対象", "out": "対象外", "out of scope": "対象外", "not assessed": "未評価", "carried over": "引継ぎ",
	"open": "実施中", "closed": "終了",
	"* level overridden; reasons:":        "* 推奨レベルを変更したサービスと理由:",
	"%d of %d in-scope services assessed": "対象%[2]d件のうち%[1]d件を評価済み",
	"%d carried over":                     "%d件は前サイクルからの引継ぎ",
	"%s, cycle %s (%s) on %s":             "%s／サイクル %s（%s）／%s",
}

// listWord returns a listing word in the language.
func listWord(lang catalog.Lang, en string) string {
	if lang == catalog.JA {
		if v, ok := jaWords[en]; ok {
			return v
		}
	}
	return en
}

// listWords translates listing headers.
func listWords(lang catalog.Lang, en ...string) []string {
	out := make([]string, len(en))
	for i, w := range en {
		out[i] = listWord(lang, w)
	}
	return out
}

// cycleHeading is the line above a cycle's listing.
func cycleHeading(lang catalog.Lang, d *catalog.CycleData) string {
	return fmt.Sprintf(listWord(lang, "%s, cycle %s (%s) on %s"), cellText(d.Org.Name), cellText(d.Cycle.Name), listWord(lang, string(d.Cycle.Status)), d.Pack.Ref())
}

// scoreText renders an optional score for a table.
func scoreText(v *int) string {
	if v == nil {
		return "-"
	}
	return strconv.Itoa(*v)
}

// cycleServices resolves SERVICE arguments (IDs, categories or all) against the cycle's pack.
func cycleServices(ctx context.Context, s *catalog.Store, c catalog.Cycle, args []string) (*catalog.Pack, []string, error) {
	p, err := s.Pack(ctx, c.PackRef)
	if err != nil {
		return nil, nil, err
	}
	ids, err := p.Resolve(args)
	return p, ids, err
}

func newBuildSetCmd(a *app) *cobra.Command {
	var org, cycle, scope, level, reason, assign, provider, contract, target string
	cmd := &cobra.Command{
		Use:   "set --org ORG SERVICE... [flags]",
		Short: "Change Build settings of services (an ID such as B-1, a category such as B, or all)",
		Example: `  cdc build set --org "Demo Agency" B --assign external --provider "Acme MSSP" --contract MSSP-2024-017
  cdc build set --org "Demo Agency" C-2 --level recommended --reason "Targeted malware seen in 2025"
  cdc build set --org "Demo Agency" all --target 3
  cdc build set --org "Demo Agency" I-9 --scope out --reason "Led by the university network"`,
		ValidArgsFunction: completeServices,
		Args:              cobra.MinimumNArgs(1),
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
					return fmt.Errorf("scope %q is not one of in, out", scope)
				}
			}
			if f.Changed("level") {
				l, err := catalog.ParseLevel(level)
				if err != nil {
					return err
				}
				p.Level = &l
			}
			if f.Changed("assign") {
				v, err := catalog.ParseAssignment(assign)
				if err != nil {
					return err
				}
				p.Assignment = &v
			}
			if f.Changed("provider") {
				p.Provider = &provider
			}
			if f.Changed("contract") {
				p.Contract = &contract
			}
			if f.Changed("target") {
				v, clear, err := parseScore("target", target)
				if err != nil {
					return err
				}
				p.Target, p.ClearTarget = v, clear
			}
			p.Reason = reason
			if p.Empty() {
				return fmt.Errorf("nothing to change: give at least one of --scope, --level, --assign, --provider, --contract, --target")
			}
			s, o, c, err := a.orgAndCycle(cmd.Context(), org, cycle)
			if err != nil {
				return err
			}
			_, ids, err := cycleServices(cmd.Context(), s, c, args)
			if err != nil {
				return err
			}
			n, err := s.SetBuild(cmd.Context(), c.ID, ids, p)
			if err != nil {
				return fmt.Errorf("organisation %q: %w", o.Name, err)
			}
			fmt.Fprintf(a.out, "%s, cycle %s: %d change(s) across %d service(s).\n", o.Name, c.Name, n, len(ids))
			return nil
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	f := cmd.Flags()
	f.StringVar(&scope, "scope", "", "in or out of scope (out-of-scope services are left out of every figure)")
	f.StringVar(&level, "level", "", "Recommendation level: mandatory, recommended or optional (a change from the pack default needs --reason)")
	f.StringVar(&reason, "reason", "", "Why; recorded in the change log and required for a level override")
	f.StringVar(&assign, "assign", "", "Who carries the service out: cdc, internal, external, shared or none")
	f.StringVar(&provider, "provider", "", "Provider name, such as IT Operations or Acme MSSP")
	f.StringVar(&contract, "contract", "", "Contract or SLA reference")
	f.StringVar(&target, "target", "", "Target score 0-5, or none")
	return cmd
}

// serviceListing is a listing of a cycle's services (all, or the IDs and categories given);
// print writes the table after the cycle heading, --json prints the cycle data instead.
func (a *app) serviceListing(short string, print func(lang catalog.Lang, d *catalog.CycleData) error) *cobra.Command {
	var org, cycle string
	cmd := &cobra.Command{
		Use:               "list --org ORG [SERVICE...]",
		ValidArgsFunction: completeServices,
		Short:             short,
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
			fmt.Fprintf(a.out, "%s\n\n", cycleHeading(lang, d))
			return print(lang, d)
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	return cmd
}

func newBuildListCmd(a *app) *cobra.Command {
	return a.serviceListing("Show the Build table of a cycle (all services, or the given IDs and categories)",
		func(lang catalog.Lang, d *catalog.CycleData) error {
			t := newTable(listWords(lang, "ID", "SERVICE", "LEVEL", "SCOPE", "ASSIGNED", "PROVIDER", "CONTRACT", "TARGET")...)
			overridden := false
			for _, st := range d.Services {
				lv := d.Pack.LevelName(st.Level, lang)
				if st.LevelOverridden {
					lv += "*"
					overridden = true
				}
				scope := listWord(lang, "in")
				if !st.InScope {
					scope = listWord(lang, "out")
				}
				t.row(st.ID, clip(st.Name.In(lang), 44), lv, scope, d.Pack.AssignmentName(st.Assignment, lang),
					clip(st.Provider, 24), clip(st.Contract, 24), scoreText(st.Target))
			}
			if err := a.println(t.String()); err != nil {
				return err
			}
			if overridden {
				fmt.Fprintf(a.out, "\n%s\n", listWord(lang, "* level overridden; reasons:"))
				for _, st := range d.Services {
					if st.LevelOverridden {
						fmt.Fprintf(a.out, "  %s: %s\n", st.ID, cellText(st.LevelReason))
					}
				}
			}
			return nil
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
