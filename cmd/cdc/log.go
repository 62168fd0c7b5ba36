package main

import (
	"fmt"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func init() { register(newLogCmd) }

// logRow is a change with its cycle's name, for listings.
type logRow struct {
	catalog.Change
	Cycle string `json:"cycle"`
}

func newLogCmd(a *app) *cobra.Command {
	var org, cycle, svc string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "log --org ORG",
		Short: "Show the change log, newest first: old and new value, who, source and reason",
		Long: "Every change to an organisation's Build settings, scores, actions, reviews and cycles is\n" +
			"appended to the change log in the same transaction as the change itself. It is never rewritten.",
		Example: `  cdc log --org "Demo Agency" --limit 20
  cdc log --org "Demo Agency" --service D-5
  cdc log --org "Demo Agency" --cycle FY2025 --limit 0 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return fmt.Errorf("limit %d is negative (--limit 0 shows everything)", limit)
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			o, names, err := orgCycleNames(cmd.Context(), s, org)
			if err != nil {
				return err
			}
			var cycleID int64
			if cycle != "" {
				c, err := s.FindCycle(cmd.Context(), o.ID, cycle)
				if err != nil {
					return fmt.Errorf("organisation %q: %w", o.Name, err)
				}
				cycleID = c.ID
			}
			changes, err := s.Changes(cmd.Context(), catalog.ChangeQuery{OrgID: o.ID, CycleID: cycleID, Service: svc, Limit: limit})
			if err != nil {
				return err
			}
			rows := make([]logRow, len(changes))
			for i, c := range changes {
				rows[i] = logRow{Change: c, Cycle: names[c.CycleID]}
			}
			if asJSON {
				return a.printJSON(rows)
			}
			if len(rows) == 0 {
				fmt.Fprintf(a.out, "No changes recorded for %s.\n", o.Name)
				return nil
			}
			t := newListTable("WHEN", "CYCLE", "WHAT", "CHANGE", "WHO", "SOURCE", "REASON")
			for _, r := range rows {
				what := string(r.Entity) + " " + r.Key
				if r.Field != "" {
					what += " " + string(r.Field)
				}
				t.row(r.At.Local().Format("2006-01-02 15:04"), r.Cycle, clip(what, 40), changeText(r.Old, r.New), r.Who, r.Source, clip(r.Reason, 50))
			}
			if err := t.write(a.out); err != nil {
				return err
			}
			if limit > 0 && len(rows) == limit {
				fmt.Fprintf(a.out, "\nShowing the newest %d changes; --limit 0 shows all.\n", limit)
			}
			return nil
		},
	}
	orgFlag(cmd, &org)
	f := cmd.Flags()
	f.StringVar(&cycle, "cycle", "", "Only changes of this cycle (name, number or ID)")
	f.StringVar(&svc, "service", "", "Only Build and score changes of this service, such as B-1")
	f.IntVar(&limit, "limit", 50, "Newest N changes; 0 for all")
	f.BoolVar(&asJSON, "json", false, "Print JSON")
	return cmd
}

// changeText shows "old -> new", with empty values marked so additions and removals read clearly.
// Long texts that start alike are shown from where they differ, so an edit to evidence is visible.
func changeText(old, new string) string {
	const width = 30
	o, n := []rune(tableText(old)), []rune(tableText(new))
	if len(o) > width || len(n) > width {
		p := 0
		for p < len(o) && p < len(n) && o[p] == n[p] {
			p++
		}
		if cut := p - 8; cut > 0 {
			o, n = append([]rune("…"), o[cut:]...), append([]rune("…"), n[cut:]...)
		}
	}
	show := func(v []rune) string {
		if len(v) == 0 {
			return "(empty)"
		}
		return clip(string(v), width)
	}
	return show(o) + " -> " + show(n)
}
