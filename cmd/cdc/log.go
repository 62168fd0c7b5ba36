package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"

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
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usagef("%s", a.printer().T("cli.log.negative_limit", limit))
			}
			l, err := a.listing(cmd.Context(), org, cycle)
			if err != nil {
				return err
			}
			s, o, names, cycleID := l.s, l.org, l.names(), l.cycleID()
			// The log is read and printed a page at a time, so a log of a million entries costs
			// the memory of one page; a page of text is one table.
			q := catalog.ChangeQuery{OrgID: o.ID, CycleID: cycleID, Service: svc, Limit: logPage}
			p := a.printer()
			w := changeWords{p: p, s: s, ctx: cmd.Context(), packs: map[int64]*catalog.Pack{}}
			var js *jsonArrayWriter
			if a.wantsJSON() {
				a.printedJSON = true
				js = &jsonArrayWriter{w: bufio.NewWriter(a.out)}
			}
			shown := 0
			for {
				if limit > 0 {
					q.Limit = min(logPage, limit-shown)
				}
				changes, err := s.Changes(cmd.Context(), q)
				if err != nil {
					return err
				}
				if len(changes) == 0 {
					break
				}
				rows := make([]logRow, len(changes))
				for i, c := range changes {
					rows[i] = logRow{Change: c, Cycle: names[c.CycleID]}
				}
				if js != nil {
					for _, r := range rows {
						js.add(r)
					}
				} else {
					if shown > 0 {
						if err := a.println(""); err != nil {
							return err
						}
					}
					if err := a.println(logTable(p, w, rows)); err != nil {
						return err
					}
				}
				shown += len(changes)
				if len(changes) < q.Limit || (limit > 0 && shown >= limit) {
					break
				}
				q.BeforeID = changes[len(changes)-1].ID
			}
			if js != nil {
				return js.close()
			}
			if shown == 0 {
				return a.println(p.T("cli.log.none", o.Name))
			}
			if limit > 0 && shown == limit {
				return a.println("\n" + p.N("cli.log.limited", limit))
			}
			return nil
		},
	}
	orgFlag(cmd, &org)
	f := cmd.Flags()
	f.StringVar(&cycle, "cycle", "", "")
	f.StringVar(&svc, "service", "", "")
	f.IntVar(&limit, "limit", 50, "")
	return cmd
}

// logPage is how many entries cdc log reads and prints at a time (a variable for tests).
var logPage = 1000

// logTable draws one page of the log.
func logTable(p vocab.Printer, w changeWords, rows []logRow) string {
	t := newTable(p.T("cli.col.when"), p.T("entity.cycle"), p.T("cli.col.what"), p.T("cli.col.change"), p.T("cli.col.who"),
		p.T("cli.col.source"), p.T("cli.col.reason"))
	for _, r := range rows {
		what := w.entity(r.Entity) + " " + r.Key
		if r.Field != "" {
			what += " " + w.field(r.Field)
		}
		t.row(p.Time(r.At), r.Cycle, clip(what, 40), changeText(p, w.value(r.Change, r.Old), w.value(r.Change, r.New)), r.Who, clip(p.SourceName(r.Change), 40), clip(p.Reason(r.Reason), 50))
	}
	return t.String()
}

// jsonArrayWriter writes a JSON array an element at a time, as writeJSON writes a whole slice.
type jsonArrayWriter struct {
	w   *bufio.Writer
	n   int
	err error
	buf bytes.Buffer
	enc *json.Encoder
}

func (j *jsonArrayWriter) add(v any) {
	if j.err != nil {
		return
	}
	if j.enc == nil {
		j.enc = json.NewEncoder(&j.buf)
		j.enc.SetEscapeHTML(false)
		j.enc.SetIndent("  ", "  ")
	}
	j.buf.Reset()
	if j.err = j.enc.Encode(v); j.err != nil {
		return
	}
	sep := ",\n  "
	if j.n == 0 {
		sep = "[\n  "
	}
	j.n++
	j.w.WriteString(sep)
	j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

func (j *jsonArrayWriter) close() error {
	if j.err != nil {
		return j.err
	}
	if j.n == 0 {
		j.w.WriteString("[]\n")
	} else {
		j.w.WriteString("\n]\n")
	}
	return j.w.Flush()
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
	var pk *catalog.Pack
	if c.CycleID != 0 && (c.Field == catalog.FieldLevel || c.Field == catalog.FieldAssignment) {
		pk = w.pack(c.CycleID)
	}
	return w.p.ChangeValue(pk, c.Field, v)
}
