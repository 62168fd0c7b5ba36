package main

import (
	"context"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/spf13/cobra"
)

// logRow is a change with its cycle's name, for listings.
type logRow struct {
	catalog.Change
	Cycle string `json:"cycle"`
}

func newLogCmd(a *app) *cobra.Command {
	var org, cycle, svc string
	var limit int
	cmd := &cobra.Command{
		Use: "log --org ORG",
		Example: `  cdc log --org "Demo Agency" --limit 20
  cdc log --org "Demo Agency" --service D-5
  cdc log --org "Demo Agency" --cycle FY2025 --limit 0 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usagef("%s", a.printer().T("cli.log.negative_limit", limit))
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
			c, err := a.listedCycle(cmd.Context(), s, o, cycle)
			if err != nil {
				return err
			}
			if c != nil {
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
			if a.wantsJSON() {
				return a.printJSON(rows)
			}
			p := a.printer()
			if len(rows) == 0 {
				return a.println(p.T("cli.log.none", o.Name))
			}
			w := changeWords{p: p, s: s, ctx: cmd.Context(), packs: map[int64]*catalog.Pack{}}
			t := newTable(p.T("cli.col.when"), p.T("entity.cycle"), p.T("cli.col.what"), p.T("cli.col.change"), p.T("cli.col.who"),
				p.T("cli.col.source"), p.T("cli.col.reason"))
			for _, r := range rows {
				what := w.entity(r.Entity) + " " + r.Key
				if r.Field != "" {
					what += " " + w.field(r.Field)
				}
				t.row(p.Time(r.At), r.Cycle, clip(what, 40), changeText(p, w.value(r.Change, r.Old), w.value(r.Change, r.New)), r.Who, r.Source, clip(p.Reason(r.Reason), 50))
			}
			text := t.String()
			if limit > 0 && len(rows) == limit {
				text += "\n\n" + p.N("cli.log.limited", limit)
			}
			return a.println(text)
		},
	}
	orgFlag(cmd, &org)
	f := cmd.Flags()
	f.StringVar(&cycle, "cycle", "", "")
	f.StringVar(&svc, "service", "", "")
	f.IntVar(&limit, "limit", 50, "")
	return cmd
}

// changeText shows "old -> new", with empty values marked so additions and removals read clearly.
// Long texts that start alike are shown from where they differ, so an edit to evidence is visible.
func changeText(p vocab.Printer, old, new string) string {
	const width = 30
	o, n := []rune(cellText(old)), []rune(cellText(new))
	if len(o) > width || len(n) > width {
		i := 0
		for i < len(o) && i < len(n) && o[i] == n[i] {
			i++
		}
		if cut := i - 8; cut > 0 {
			o, n = append([]rune("…"), o[cut:]...), append([]rune("…"), n[cut:]...)
		}
	}
	show := func(v []rune) string {
		if len(v) == 0 {
			return p.T("cli.log.empty")
		}
		return textwidth.Truncate(string(v), width)
	}
	return p.T("cli.log.change", show(o), show(n))
}

// changeWords words change-log entries in the interface language: entities, fields and the
// toolkit's own values (statuses, horizons, scope, levels and assignments of the cycle's pack);
// free text stays as written.
type changeWords struct {
	p     vocab.Printer
	s     *catalog.Store
	ctx   context.Context
	packs map[int64]*catalog.Pack // by cycle
}

func (w changeWords) word(prefix, v string) string {
	if k := prefix + v; w.p.Has(k) {
		return w.p.T(k)
	}
	return v
}

func (w changeWords) entity(e catalog.Entity) string { return w.word("entity.", string(e)) }
func (w changeWords) field(f catalog.Field) string   { return w.word("field.", string(f)) }

func (w changeWords) pack(cycleID int64) *catalog.Pack {
	if pk, ok := w.packs[cycleID]; ok {
		return pk
	}
	pk := catalog.BuiltinPack()
	if c, err := w.s.Cycle(w.ctx, cycleID); err == nil {
		if cp, err := w.s.Pack(w.ctx, c.PackRef); err == nil {
			pk = cp
		}
	}
	w.packs[cycleID] = pk
	return pk
}

func (w changeWords) value(c catalog.Change, v string) string {
	switch {
	case v == "":
		return v
	case v == "none" && c.Field == catalog.FieldCurrent:
		return w.p.T("figure.not_assessed")
	case v == "none" && c.Field == catalog.FieldTarget:
		return w.p.T("figure.no_target")
	case c.Field == catalog.FieldStatus && c.Entity == catalog.EntityAction:
		return w.word("action.status.", v)
	case c.Field == catalog.FieldHorizon:
		return w.word("action.horizon.", v)
	case c.Field == catalog.FieldScope && (v == "in" || v == "out"):
		return w.p.T("scope." + v)
	case c.Field == catalog.FieldLevel && c.CycleID != 0:
		return w.pack(c.CycleID).LevelName(catalog.Level(v), w.p.Lang())
	case c.Field == catalog.FieldAssignment && c.CycleID != 0:
		return w.pack(c.CycleID).AssignmentName(catalog.Assignment(v), w.p.Lang())
	}
	return v
}
