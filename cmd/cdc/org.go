package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func init() { register(newOrgCmd) }

func newOrgCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "org",
		Short: "List, add, rename and remove organisations",
	}
	cmd.AddCommand(newOrgListCmd(a), newOrgAddCmd(a), newOrgSetCmd(a), newOrgRenameCmd(a), newOrgRemoveCmd(a), newOrgDocumentCmd(a))
	return cmd
}

func newOrgListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List organisations with their number of cycles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			orgs, err := s.Orgs(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if orgs == nil {
					orgs = []catalog.OrgSummary{}
				}
				return a.printJSON(orgs)
			}
			if len(orgs) == 0 {
				fmt.Fprintln(a.out, "No organisations yet. Try: cdc demo   or   cdc org add NAME")
				return nil
			}
			t := newListTable("ID", "NAME", "SECTOR", "COUNTRY", "SIZE", "CYCLES", "CURRENT")
			for _, o := range orgs {
				current := "-"
				if o.CurrentCycle != 0 {
					c, err := s.Cycle(cmd.Context(), o.CurrentCycle)
					if err != nil {
						return err
					}
					current = c.Name
				}
				t.row(strconv.FormatInt(o.ID, 10), o.Name, o.Sector, o.Country, strconv.Itoa(o.Size), strconv.Itoa(o.Cycles), current)
			}
			return t.write(a.out)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "Print JSON")
	return cmd
}

func newOrgAddCmd(a *app) *cobra.Command {
	var n catalog.NewOrg
	var pack, size string
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add an organisation with its first, open cycle",
		Example: `  cdc org add "Ministry of Health" --sector Health --country Kenya --size 800 --cycle FY2026
  cdc org add Acme --pack x1060@2021`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n.Name = args[0]
			if cmd.Flags().Changed("size") {
				v, err := parseSize(size)
				if err != nil {
					return err
				}
				n.Size = v
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			if pack != "" {
				if n.PackRef, err = s.FindPack(cmd.Context(), pack); err != nil {
					return err
				}
			}
			o, c, err := s.AddOrg(cmd.Context(), n)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Added organisation %q (id %d) with open cycle %q on pack %s@%s.\n", o.Name, o.ID, c.Name, c.PackID, c.PackVersion)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&n.Sector, "sector", "", "Sector, such as Government or Finance")
	f.StringVar(&n.Country, "country", "", "Country")
	f.StringVar(&size, "size", "", "Number of staff")
	f.StringVar(&n.Notes, "notes", "", "Free notes")
	f.StringVar(&pack, "pack", "", "Framework pack as ID@VERSION (default: the built-in X.1060 pack)")
	f.StringVar(&n.FirstCycle, "cycle", "", "Name of the first cycle (default: Cycle 1)")
	return cmd
}

func newOrgSetCmd(a *app) *cobra.Command {
	var sector, country, notes, size string
	cmd := &cobra.Command{
		Use:     "set ORG",
		Short:   "Change an organisation's sector, country, size or notes",
		Example: `  cdc org set "Demo Agency" --size 1300 --notes "Merged with the records office"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p catalog.OrgPatch
			f := cmd.Flags()
			if f.Changed("sector") {
				p.Sector = &sector
			}
			if f.Changed("country") {
				p.Country = &country
			}
			if f.Changed("notes") {
				p.Notes = &notes
			}
			if f.Changed("size") {
				v, err := parseSize(size)
				if err != nil {
					return err
				}
				p.Size = &v
			}
			if p == (catalog.OrgPatch{}) {
				return fmt.Errorf("nothing to change: give at least one of --sector, --country, --size, --notes")
			}
			s, o, err := a.org(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := s.UpdateOrg(cmd.Context(), o.ID, p); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Updated organisation %q.\n", o.Name)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&sector, "sector", "", "Sector")
	f.StringVar(&country, "country", "", "Country")
	f.StringVar(&size, "size", "", "Number of staff")
	f.StringVar(&notes, "notes", "", "Free notes")
	return cmd
}

func newOrgRenameCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "rename ORG NAME",
		Short: "Rename an organisation",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, o, err := a.org(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			name := strings.TrimSpace(args[1])
			if err := s.UpdateOrg(cmd.Context(), o.ID, catalog.OrgPatch{Name: &name}); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Renamed organisation %q to %q.\n", o.Name, name)
			return nil
		},
	}
}

func newOrgRemoveCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "remove ORG --yes",
		Short: "Remove an organisation with all its cycles, scores, actions and reviews",
		Long: "Remove an organisation with all its cycles, Build settings, scores, actions and reviews.\n" +
			"The change log keeps the record of the removal. Take a backup first (cdc backup -o FILE).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, o, err := a.org(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if !yes {
				return fmt.Errorf("removing organisation %q deletes all its cycles, scores, actions and reviews; add --yes to confirm", o.Name)
			}
			if err := s.RemoveOrg(cmd.Context(), o.ID); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Removed organisation %q.\n", o.Name)
			return nil
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "Confirm the removal")
	return cmd
}

// parseSize reads a staff count.
func parseSize(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("size %q is not a whole number of staff", v)
	}
	if n < 0 {
		return 0, fmt.Errorf("size %d is negative", n)
	}
	return n, nil
}

// listTable is a plain listing on the shared textTable: stored text is made single-line and
// stripped of control characters so it cannot drive the terminal.
type listTable struct{ t *textTable }

func newListTable(header ...string) *listTable {
	cols := make([]tableCol, len(header))
	for i, h := range header {
		cols[i] = tableCol{Header: h}
	}
	return &listTable{t: newTextTable(cols...)}
}

func (t *listTable) row(cells ...string) {
	for i, c := range cells {
		cells[i] = tableText(c)
	}
	t.t.add(cells...)
}

func (t *listTable) write(w io.Writer) error {
	_, err := fmt.Fprintln(w, t.t.render(0))
	return err
}

// clip shortens text for a table cell and keeps it on one line.
func clip(s string, max int) string { return tableFit(tableText(s), max) }
