package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func newCycleCmd(a *app) *cobra.Command {
	return group("cycle", newCycleListCmd(a), newCycleNewCmd(a), newCycleCloseCmd(a), newCycleRenameCmd(a))
}

func newCycleListCmd(a *app) *cobra.Command {
	var org string
	cmd := &cobra.Command{
		Use:  "list --org ORG",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := a.listing(cmd.Context(), org, "")
			if err != nil {
				return err
			}
			cs := l.cycles
			if a.wantsJSON() {
				if cs == nil {
					cs = []catalog.Cycle{}
				}
				return a.printJSON(cs)
			}
			p := a.printer()
			t := newTable(p.T("cli.col.seq"), p.T("field.name"), p.T("field.status"), p.T("entity.pack"), p.T("field.start"), p.T("cli.col.closed")).alignRight(0)
			for _, c := range cs {
				closed := ""
				if c.ClosedAt != nil {
					closed = p.Date(*c.ClosedAt)
				}
				t.row(strconv.Itoa(c.Seq), c.Name, p.T("cli.cycle.status."+string(c.Status)), c.PackID+"@"+c.PackVersion, p.Date(c.StartedAt), closed)
			}
			return a.println(t.String())
		},
	}
	orgFlag(cmd, &org)
	return cmd
}

func newCycleNewCmd(a *app) *cobra.Command {
	var org, pack string
	var n catalog.NewCycle
	cmd := &cobra.Command{
		Use: "new --org ORG [NAME]",
		Example: `  cdc cycle new --org "Demo Agency" FY2027 --carry-over
  cdc cycle new --org Acme "2026 H2" --pack x1060@2026`,
		Args: argCount(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				n.Name = args[0]
			}
			s, o, err := a.org(cmd.Context(), org)
			if err != nil {
				return err
			}
			if pack != "" {
				if n.PackRef, err = s.FindPack(cmd.Context(), pack); err != nil {
					return err
				}
			}
			c, err := s.StartCycle(cmd.Context(), o.ID, n)
			if err != nil {
				return a.inOrg(o, err)
			}
			p := a.printer()
			how := p.T("cli.cycle.how_copied")
			if n.CarryOver {
				how = p.T("cli.cycle.how_carried")
			}
			moved, err := a.packMoveText(cmd.Context(), s, c)
			if err != nil {
				return err
			}
			return a.result(cycleStarted{Organisation: orgOf(o), Cycle: c, CarryOver: n.CarryOver},
				p.T("cli.cycle.started", c.Name, o.Name, c.PackID+"@"+c.PackVersion, how)+moved)
		},
	}
	orgFlag(cmd, &org)
	f := cmd.Flags()
	f.BoolVar(&n.CarryOver, "carry-over", false, "")
	f.StringVar(&pack, "pack", "", "")
	return cmd
}

func newCycleCloseCmd(a *app) *cobra.Command {
	var org, ref, openActions string
	cmd := &cobra.Command{
		Use:               "close --org ORG [CYCLE]",
		Example:           `  cdc cycle close --org "Demo Agency" FY2026 --open-actions carry`,
		Args:              argCount(0, 1),
		ValidArgsFunction: firstArg(completeCycles),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if ref != "" && ref != args[0] {
					return usagef("%s", a.printer().T("cli.cycle.given_twice", args[0], ref))
				}
				ref = args[0]
			}
			p := a.printer()
			var choice catalog.OpenActions
			if openActions != "" {
				var err error
				if choice, err = catalog.ParseOpenActions(openActions); err != nil {
					return usagef("%s", p.T("cli.cycle.open_actions.bad", openActions))
				}
			}
			s, o, c, err := a.orgAndCycle(cmd.Context(), org, ref)
			if err != nil {
				return err
			}
			if err := s.CloseCycleWith(cmd.Context(), c.ID, choice); err != nil {
				var oe *catalog.OpenActionsError
				if errors.As(err, &oe) {
					return usagef("%s", p.N("cli.cycle.open_actions.needed", len(oe.Actions), len(oe.Actions), c.Name))
				}
				return a.inOrg(o, err)
			}
			closed, err := s.Cycle(cmd.Context(), c.ID)
			if err != nil {
				return err
			}
			return a.result(cycleClosed{Organisation: orgOf(o), Cycle: closed}, a.printer().T("cli.cycle.closed", c.Name, o.Name))
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &ref)
	cmd.Flags().StringVar(&openActions, "open-actions", "", "")
	_ = cmd.RegisterFlagCompletionFunc("open-actions", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		out := make([]string, len(catalog.OpenActionsChoices))
		for i, c := range catalog.OpenActionsChoices {
			out[i] = string(c)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func newCycleRenameCmd(a *app) *cobra.Command {
	var org string
	cmd := &cobra.Command{
		Use:               "rename --org ORG CYCLE NAME",
		Example:           `  cdc cycle rename --org "Demo Agency" FY2027 "FY2027 (CISO)"`,
		Args:              exactArgs(2),
		ValidArgsFunction: firstArg(completeCycles),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := strings.TrimSpace(args[1])
			s, o, c, err := a.orgAndCycle(cmd.Context(), org, args[0])
			if err != nil {
				return err
			}
			renamed, err := s.RenameCycle(cmd.Context(), c.ID, name)
			if err != nil {
				return a.inOrg(o, err)
			}
			return a.result(cycleRenamed{Organisation: orgOf(o), OldName: c.Name, Cycle: renamed}, a.printer().T("cli.cycle.renamed", c.Name, renamed.Name, o.Name))
		},
	}
	orgFlag(cmd, &org)
	return cmd
}

// orgRef names an organisation in --json results.
type orgRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func orgOf(o catalog.Organisation) orgRef { return orgRef{ID: o.ID, Name: o.Name} }

// What the cycle commands print with --json.
type (
	cycleRenamed struct {
		Organisation orgRef        `json:"organisation"`
		OldName      string        `json:"old_name"`
		Cycle        catalog.Cycle `json:"cycle"`
	}
	cycleStarted struct {
		Organisation orgRef        `json:"organisation"`
		Cycle        catalog.Cycle `json:"cycle"`
		CarryOver    bool          `json:"carry_over"`
	}
	cycleClosed struct {
		Organisation orgRef        `json:"organisation"`
		Cycle        catalog.Cycle `json:"cycle"`
	}
)
