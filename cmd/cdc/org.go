package main

import (
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/spf13/cobra"
)

func newOrgCmd(a *app) *cobra.Command {
	return group("org", newOrgListCmd(a), newOrgAddCmd(a), newOrgSetCmd(a), newOrgRenameCmd(a), newOrgRemoveCmd(a), newOrgDocumentCmd(a))
}

func newOrgListCmd(a *app) *cobra.Command {
	return storeList(a, (*catalog.Store).Orgs, func(p vocab.Printer) string { return p.T("cli.org.none") },
		func(cmd *cobra.Command, s *catalog.Store, orgs []catalog.OrgSummary, p vocab.Printer) (*outTable, error) {
			t := newTable(p.T("cli.col.id"), p.T("field.name"), p.T("field.sector"), p.T("field.country"), p.T("field.size"),
				p.T("cli.col.cycles"), p.T("cli.col.current_cycle")).alignRight(0, 4, 5)
			for _, o := range orgs {
				current := p.Unknown()
				if o.CurrentCycle != 0 {
					c, err := s.Cycle(cmd.Context(), o.CurrentCycle)
					if err != nil {
						return nil, err
					}
					current = c.Name
				}
				t.row(strconv.FormatInt(o.ID, 10), o.Name, o.Sector, o.Country, p.Count(o.Size), p.Count(o.Cycles), current)
			}
			return t, nil
		})
}

func newOrgAddCmd(a *app) *cobra.Command {
	var n catalog.NewOrg
	var pack, size string
	cmd := &cobra.Command{
		Use: "add NAME",
		Example: `  cdc org add "Ministry of Health" --sector Health --country Kenya --size 800 --cycle FY2026
  cdc org add Acme --pack x1060@2021`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n.Name = args[0]
			if cmd.Flags().Changed("size") {
				v, err := a.parseSize(size)
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
			if n.FirstCycle == "" {
				n.FirstCycle = a.printer().T("cycle.first_name")
			}
			o, c, err := s.AddOrg(cmd.Context(), n)
			if err != nil {
				return err
			}
			return a.result(orgAdded{Organisation: o, Cycle: c},
				a.printer().T("cli.org.added", o.Name, o.ID, c.Name, c.PackID+"@"+c.PackVersion))
		},
	}
	f := cmd.Flags()
	textFlags(f, "sector country size notes pack cycle", &n.Sector, &n.Country, &size, &n.Notes, &pack, &n.FirstCycle)
	return cmd
}

func newOrgSetCmd(a *app) *cobra.Command {
	var sector, country, notes, size string
	cmd := &cobra.Command{
		Use:               "set ORG",
		ValidArgsFunction: completeFirstOrg,
		Example:           `  cdc org set "Demo Agency" --size 1300 --notes "Merged with the records office"`,
		Args:              exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p catalog.OrgPatch
			f := cmd.Flags()
			given(f, "sector", &p.Sector, &sector)
			given(f, "country", &p.Country, &country)
			given(f, "notes", &p.Notes, &notes)
			if f.Changed("size") {
				v, err := a.parseSize(size)
				if err != nil {
					return err
				}
				p.Size = &v
			}
			if p == (catalog.OrgPatch{}) {
				return usagef("%s", a.printer().T("cli.error.nothing_to_change", "--sector, --country, --size, --notes"))
			}
			s, o, err := a.org(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := s.UpdateOrg(cmd.Context(), o.ID, p); err != nil {
				return err
			}
			updated, err := s.FindOrg(cmd.Context(), strconv.FormatInt(o.ID, 10))
			if err != nil {
				return err
			}
			return a.result(orgUpdated{Organisation: updated, Changed: changedFlags(cmd)}, a.printer().T("cli.org.updated", o.Name))
		},
	}
	f := cmd.Flags()
	textFlags(f, "sector country size notes", &sector, &country, &size, &notes)
	return cmd
}

func newOrgRenameCmd(a *app) *cobra.Command {
	return orgArgCmd(a, "rename ORG NAME", 2, func(cmd *cobra.Command, s *catalog.Store, o catalog.Organisation, args []string) error {
		name := strings.TrimSpace(args[1])
		if err := s.UpdateOrg(cmd.Context(), o.ID, catalog.OrgPatch{Name: &name}); err != nil {
			return err
		}
		return a.result(orgRenamed{ID: o.ID, OldName: o.Name, Name: name}, a.printer().T("cli.org.renamed", o.Name, name))
	})
}

func newOrgRemoveCmd(a *app) *cobra.Command {
	var yes bool
	cmd := orgArgCmd(a, "remove ORG --yes", 1, func(cmd *cobra.Command, s *catalog.Store, o catalog.Organisation, _ []string) error {
		if !yes {
			return usagef("%s", a.printer().T("cli.org.remove_confirm", o.Name))
		}
		if err := s.RemoveOrg(cmd.Context(), o.ID); err != nil {
			return err
		}
		return a.result(orgRemoved{Removed: o}, a.printer().T("cli.org.removed", o.Name))
	})
	cmd.Flags().BoolVar(&yes, "yes", false, "")
	return cmd
}

// orgArgCmd is an org subcommand of nargs arguments, the first naming the organisation run
// acts on.
func orgArgCmd(a *app, use string, nargs int, run func(*cobra.Command, *catalog.Store, catalog.Organisation, []string) error) *cobra.Command {
	return &cobra.Command{
		Use:               use,
		ValidArgsFunction: completeFirstOrg,
		Args:              exactArgs(nargs),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, o, err := a.org(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return run(cmd, s, o, args)
		},
	}
}

// parseSize reads a staff count.
func (a *app) parseSize(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, usagef("%s", a.printer().T("cli.org.bad_size", v))
	}
	return n, nil
}

// What the organisation commands print with --json.
type (
	orgAdded struct {
		Organisation catalog.Organisation `json:"organisation"`
		Cycle        catalog.Cycle        `json:"cycle"`
	}
	orgUpdated struct {
		Organisation catalog.Organisation `json:"organisation"`
		Changed      []string             `json:"changed"`
	}
	orgRenamed struct {
		ID      int64  `json:"id"`
		OldName string `json:"old_name"`
		Name    string `json:"name"`
	}
	orgRemoved struct {
		Removed catalog.Organisation `json:"removed"`
	}
)
