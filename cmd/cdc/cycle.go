package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func init() { register(newCycleCmd) }

func newCycleCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cycle",
		Short: "List, start and close Build-Management-Evaluation cycles",
		Long: "A cycle is one round of Build, Management and Evaluation. A new cycle copies the previous\n" +
			"cycle's Build settings; with --carry-over it also copies the current scores, flagged\n" +
			"\"carried over\" until they are re-assessed. The current cycle is the newest open one.",
	}
	cmd.AddCommand(newCycleListCmd(a), newCycleNewCmd(a), newCycleCloseCmd(a))
	return cmd
}

// orgFlag adds the required --org flag, completed with the organisations' names.
func orgFlag(cmd *cobra.Command, v *string) {
	cmd.Flags().StringVar(v, "org", "", "Organisation name or ID (required)")
	_ = cmd.MarkFlagRequired("org")
	_ = cmd.RegisterFlagCompletionFunc("org", completeOrgs)
}

// completeOrgs lists organisation names for shell completion. It never creates a database.
func completeOrgs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	flag := ""
	if f := cmd.Flag("db"); f != nil {
		flag = f.Value.String()
	}
	path, err := catalog.DefaultPath(flag)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	s, err := catalog.Open(cmd.Context(), path)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer s.Close()
	orgs, err := s.Orgs(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	for _, o := range orgs {
		if strings.HasPrefix(strings.ToLower(o.Name), strings.ToLower(toComplete)) {
			names = append(names, o.Name)
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// completeServices offers the built-in pack's service and category IDs and "all".
func completeServices(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	p := catalog.BuiltinPack()
	out := []string{"all"}
	for _, c := range p.Categories {
		out = append(out, c.ID+"\t"+c.Name[catalog.EN])
	}
	for _, sv := range p.Services {
		out = append(out, sv.ID+"\t"+sv.Name[catalog.EN])
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// cycleFlag adds the --cycle flag.
func cycleFlag(cmd *cobra.Command, v *string) {
	cmd.Flags().StringVar(v, "cycle", "", "Cycle name, number or ID (default: the newest open cycle)")
}

func newCycleListCmd(a *app) *cobra.Command {
	var org string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list --org ORG",
		Short: "List an organisation's cycles, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, o, err := a.org(cmd.Context(), org)
			if err != nil {
				return err
			}
			cs, err := s.Cycles(cmd.Context(), o.ID)
			if err != nil {
				return err
			}
			if asJSON {
				if cs == nil {
					cs = []catalog.Cycle{}
				}
				return a.printJSON(cs)
			}
			t := newListTable("#", "NAME", "STATUS", "PACK", "STARTED", "CLOSED")
			for _, c := range cs {
				closed := ""
				if c.ClosedAt != nil {
					closed = c.ClosedAt.Local().Format("2006-01-02")
				}
				t.row(strconv.Itoa(c.Seq), c.Name, string(c.Status), c.PackID+"@"+c.PackVersion, c.StartedAt.Local().Format("2006-01-02"), closed)
			}
			return t.write(a.out)
		},
	}
	orgFlag(cmd, &org)
	cmd.Flags().BoolVar(&asJSON, "json", false, "Print JSON")
	return cmd
}

func newCycleNewCmd(a *app) *cobra.Command {
	var org, pack string
	var n catalog.NewCycle
	cmd := &cobra.Command{
		Use:   "new --org ORG [NAME]",
		Short: "Start the next cycle from the newest one",
		Example: `  cdc cycle new --org "Demo Agency" FY2027 --carry-over
  cdc cycle new --org Acme "2026 H2" --pack x1060@2026`,
		Args: cobra.MaximumNArgs(1),
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
				return fmt.Errorf("organisation %q: %w", o.Name, err)
			}
			how := "Build settings copied"
			if n.CarryOver {
				how += ", scores carried over"
			}
			fmt.Fprintf(a.out, "Started cycle %q of %q on pack %s@%s (%s).\n", c.Name, o.Name, c.PackID, c.PackVersion, how)
			return nil
		},
	}
	orgFlag(cmd, &org)
	f := cmd.Flags()
	f.BoolVar(&n.CarryOver, "carry-over", false, "Copy the current scores, flagged carried over until re-assessed")
	f.StringVar(&pack, "pack", "", "Framework pack as ID@VERSION (default: the previous cycle's pack)")
	return cmd
}

func newCycleCloseCmd(a *app) *cobra.Command {
	var org, ref string
	cmd := &cobra.Command{
		Use:   "close --org ORG [CYCLE]",
		Short: "Close a cycle (default: the newest open one); its settings and scores then stay fixed",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if ref != "" && ref != args[0] {
					return fmt.Errorf("cycle given twice: %q and --cycle %q", args[0], ref)
				}
				ref = args[0]
			}
			s, o, c, err := a.orgAndCycle(cmd.Context(), org, ref)
			if err != nil {
				return err
			}
			if err := s.CloseCycle(cmd.Context(), c.ID); err != nil {
				return fmt.Errorf("organisation %q: %w", o.Name, err)
			}
			fmt.Fprintf(a.out, "Closed cycle %q of %q.\n", c.Name, o.Name)
			return nil
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &ref)
	return cmd
}
