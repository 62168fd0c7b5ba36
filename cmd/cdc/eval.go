package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"

	"charm.land/lipgloss/v2"
)

// evalWidth is the width the summary fits: a standard terminal.
const evalWidth = 80

// evalTopPriorities is how many priorities the summary lists.
const evalTopPriorities = 8

func newEvalCmd(a *app) *cobra.Command {
	var org, cycle string
	var method bool
	cmd := &cobra.Command{
		Use: "eval --org ORG",
		Example: `  cdc eval --org "Demo Agency"
  cdc eval --org "Demo Agency" --cycle FY2025 --lang ja
  cdc eval --org "Demo Agency" --json
  cdc eval --org "Demo Agency" --method`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.lang()
			if err != nil {
				return err
			}
			if method && a.wantsJSON() {
				return usagef("%s", a.printer().T("cli.eval.json_method"))
			}
			ctx := cmd.Context()
			s, _, c, err := a.orgAndCycle(ctx, org, cycle)
			if err != nil {
				return err
			}
			if method {
				cur, err := s.CycleData(ctx, c.ID)
				if err != nil {
					return err
				}
				return printMethod(a, scoring.Method(cur.Pack, lang))
			}
			// Every cycle is read with only what the evaluation shows: figures and providers, no text.
			cur, history, err := s.CycleFigures(ctx, c.ID)
			if err != nil {
				return err
			}
			r := scoring.Evaluate(cur, history)
			if a.wantsJSON() {
				return a.printJSON(r)
			}
			return a.println(renderEval(r, cur, lang))
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	cmd.Flags().BoolVar(&method, "method", false, "")
	return cmd
}

// printMethod prints the method wrapped to the summary width, keeping each line's indent.
func printMethod(a *app, doc scoring.MethodDoc) error {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(doc.Text(), "\n"), "\n") {
		trimmed := strings.TrimLeft(l, " ")
		indent := len(l) - len(trimmed)
		if trimmed == "" {
			b.WriteByte('\n')
			continue
		}
		// Continuation lines hang under the text, past a score or a label.
		hang := indent + 4
		if len(trimmed) > 1 && trimmed[0] >= '0' && trimmed[0] <= '9' && trimmed[1] == ' ' {
			hang = indent + 3
		}
		b.WriteString(wrapHang(trimmed, evalWidth, indent, hang) + "\n")
	}
	_, err := fmt.Fprint(a.out, termtext.CleanMultiline(b.String()))
	return err
}

// renderEval is the text summary of an evaluation, at most evalWidth columns wide.
func renderEval(r scoring.Result, cur *catalog.CycleData, lang catalog.Lang) string {
	p := vocab.For(lang)
	st := styles
	pk := cur.Pack
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	section := func(title string) { add("", st.heading.Render(textwidth.Truncate(title, evalWidth))) }
	note := func(s string) { add(wrapText(s, evalWidth, 2, st.dim)) }
	sep := p.T("cli.list.sep")
	list := func(prefix string, items []string, limit, indent, hang int) {
		if len(items) > limit {
			items = append(items[:limit:limit], p.T("cli.eval.and_more", len(items)-limit))
		}
		add(wrapItems(prefix, items, sep, evalWidth, indent, hang))
	}
	newT := func(headers ...string) *outTable {
		t := newTable(headers...)
		t.indent, t.width = 2, evalWidth
		return t
	}

	// Header.
	add(st.title.Render(textwidth.Truncate(p.T("cli.eval.title", cellText(r.Organisation.Name)), evalWidth)))
	add(textwidth.Truncate(p.T("cli.eval.cycle_line", cellText(r.Cycle.Name), p.T("cli.cycle.status."+string(cur.Cycle.Status))), evalWidth))
	add(textwidth.Truncate(p.T("cli.eval.pack_line", cellText(pk.Name.In(lang)), cellText(r.Pack.ID+"@"+r.Pack.Version)), evalWidth))

	// Portfolio indices, with their completeness; provisional below 80%.
	section(p.T("cli.eval.portfolio"))
	pf := r.Portfolio
	provisional := scoring.Provisional(r.Catalogue.Assessed, r.Catalogue.InScope)
	idx := newT("", "", "", "").alignRight(1)
	for _, row := range []struct {
		key string
		v   *float64
	}{{"index.maturity", pf.MaturityIndex}, {"index.target", pf.TargetIndex}, {"index.attainment", pf.AttainmentIndex}} {
		mark := ""
		if provisional && row.v != nil {
			mark = p.Provisional()
		}
		idx.row(p.T(row.key), p.Index(row.v), styled(bar(row.v, 100, 30), st.bar), styled(mark, st.warn))
	}
	add(idx.String())
	if pf.MaturityIndex == nil {
		note(p.T("cli.eval.no_indices"))
	} else {
		note(p.T("cli.eval.indices_note", p.Completeness(r.Catalogue.Assessed, r.Catalogue.InScope)))
	}

	// Catalogue coverage.
	section(p.T("cli.eval.catalogue"))
	cov := newT(p.T("field.level"), p.T("cli.eval.provided"), p.T("scope.in"), p.T("cli.eval.coverage"), "").alignRight(1, 2, 3)
	for _, l := range r.Catalogue.ByLevel {
		cov.row(pk.LevelName(l.Level, lang), p.Count(l.Provided), p.Count(l.InScope), shade(p.Percent(l.Coverage), l.Coverage), styled(bar(l.Coverage, 1, 20), st.bar))
	}
	cov.row(p.T("cli.eval.overall"), p.Count(r.Catalogue.Provided), p.Count(r.Catalogue.InScope),
		shade(p.Percent(r.Catalogue.Coverage.Overall), r.Catalogue.Coverage.Overall), styled(bar(r.Catalogue.Coverage.Overall, 1, 20), st.bar))
	add(cov.String())
	add("")
	add("  " + p.T("cli.eval.completeness", p.Percent(r.Catalogue.AssessedRatio), p.Completeness(r.Catalogue.Assessed, r.Catalogue.InScope)))
	if mix := pf.ProviderMix; mix.Total > 0 {
		counts := make([]int, len(catalog.Assignments))
		for i, k := range catalog.Assignments {
			counts[i] = mix.Count(k)
		}
		pcts := p.Shares(counts)
		var kinds []string
		for i, k := range catalog.Assignments {
			if counts[i] > 0 {
				kinds = append(kinds, p.T("cli.eval.mix_item", cellText(pk.AssignmentName(k, lang)), p.Count(counts[i]), pcts[i]))
			}
		}
		list(p.T("cli.eval.carried_by")+" ", kinds, len(kinds), 2, 4)
	}
	if len(r.Catalogue.MissingMandatory) == 0 {
		add("  " + st.good.Render(p.T("cli.eval.none_missing")))
	} else {
		list(st.bad.Render(p.T("cli.eval.missing", len(r.Catalogue.MissingMandatory))+" "), cleanAll(r.Catalogue.MissingMandatory), 24, 2, 4)
	}
	if n := len(r.Catalogue.AssignedNotPerformed); n > 0 { // the Overview lists the same
		list(st.warn.Render(p.T("tui.overview.notperformed.count", n)+" "), cleanAll(r.Catalogue.AssignedNotPerformed), 24, 2, 4)
	}
	if len(r.Catalogue.WithoutTarget) == 0 {
		add("  " + p.T("cli.eval.all_targets"))
	} else {
		list(st.warn.Render(p.T("cli.eval.without_target", len(r.Catalogue.WithoutTarget))+" "), cleanAll(r.Catalogue.WithoutTarget), 24, 2, 4)
	}

	// Profile by category.
	section(p.T("cli.eval.profile"))
	catChange := map[string]scoring.CategoryChange{}
	for _, c := range pf.CategoryChanges {
		catChange[c.ID] = c
	}
	prof := newT("", p.T("cli.eval.category"), p.T("cli.col.current"), p.T("field.target"), p.T("cli.eval.attainment"), "", p.T("cli.eval.change")).alignRight(2, 3, 4, 6)
	var notInScope []string
	for _, c := range r.Profile.Categories {
		if c.InScope == 0 {
			notInScope = append(notInScope, cellText(c.ID))
			continue
		}
		prof.row(c.ID, c.Name.In(lang), p.Mean(c.MeanCurrent), p.Mean(c.MeanTarget),
			shade(p.Percent(c.Attainment), c.Attainment), styled(bar(c.Attainment, 1, 10), st.bar), categoryChange(p, catChange[c.ID]))
	}
	if len(notInScope) < len(r.Profile.Categories) {
		fitColumn(prof, 1)
		add(prof.String())
	}
	if len(notInScope) > 0 {
		list(st.dim.Render(p.T("cli.eval.nothing_in_scope")+" "), notInScope, len(notInScope), 2, 4)
	}

	// Priorities.
	section(p.T("cli.eval.priorities"))
	if len(r.Profile.Priorities) == 0 {
		if pf.AttainmentIndex == nil {
			add("  " + p.T("cli.eval.no_assessed_target"))
		} else {
			add("  " + st.good.Render(p.T("cli.eval.on_target")))
		}
	} else {
		pr := newT("", p.T("cli.col.id"), p.T("field.service"), p.T("field.level"), p.T("cli.col.current"), p.T("field.target"), p.T("cli.eval.gap"), p.T("cli.eval.priority")).alignRight(0, 4, 5, 6, 7)
		for i, x := range r.Profile.Priorities {
			if i == evalTopPriorities {
				break
			}
			lv := ""
			if row, ok := serviceRow(r, x.ID); ok {
				lv = pk.LevelName(row.Level, lang)
			}
			pr.row(p.T("cli.eval.rank", i+1), x.ID, x.Name.In(lang), lv, p.Score(&x.Current), p.Score(&x.Target),
				styled(p.Score(&x.Gap), st.bad), p.Decimal(x.Priority, 0))
		}
		fitColumn(pr, 2)
		add(pr.String())
		if n := len(r.Profile.Priorities) - evalTopPriorities; n > 0 {
			note(p.N("cli.eval.more_below_target", n))
		}
	}

	// Changes.
	prev := previousName(r)
	if prev == "" {
		section(p.T("cli.eval.trend"))
	} else {
		section(p.T("cli.eval.changes_since", cellText(prev)))
		counts := map[scoring.ChangeKind]int{}
		for _, c := range pf.Changes {
			counts[c.Kind]++
		}
		var parts []string
		for _, k := range []scoring.ChangeKind{scoring.Improved, scoring.Declined, scoring.Unchanged, scoring.CarriedOver, scoring.NewlyAssessed} {
			text := p.T("cli.eval.change_count", p.T("change."+string(k)), p.Count(counts[k]))
			switch {
			case k == scoring.Improved && counts[k] > 0:
				text = st.good.Render(text)
			case k == scoring.Declined && counts[k] > 0:
				text = st.bad.Render(text)
			}
			parts = append(parts, text)
		}
		list("", parts, len(parts), 2, 2)
		for _, k := range []scoring.ChangeKind{scoring.Declined, scoring.Improved} {
			var ids []string
			for _, c := range pf.Changes {
				if c.Kind == k {
					ids = append(ids, p.T("cli.eval.score_change", cellText(c.ID), p.Score(c.From), p.Score(c.To)))
				}
			}
			if len(ids) > 0 {
				list(p.T("cli.eval.kind_prefix", p.T("change."+string(k)))+" ", ids, 16, 4, 6)
			}
		}
		section(p.T("cli.eval.trend"))
	}

	// Trend.
	tr := newT(p.T("entity.cycle"), p.T("index.maturity"), p.T("index.target"), p.T("index.attainment"), "").alignRight(1, 2, 3)
	for _, t := range pf.Trend {
		name := any(t.Cycle)
		if t.Cycle == r.Cycle.Name {
			name = styled(t.Cycle, st.bold)
		}
		tr.row(name, p.Index(t.MaturityIndex), p.Index(t.TargetIndex), p.Index(t.AttainmentIndex))
	}
	// The bar takes the room the headers leave, at most 20 cells.
	barWidth := min(20, max(room(tr, 4), 5))
	for i, t := range pf.Trend {
		if b := bar(t.MaturityIndex, 100, barWidth); b != "" {
			tr.rows[i][4] = st.bar.Render(b)
		}
	}
	add(tr.String())
	if prev == "" {
		note(p.T("cli.eval.no_previous"))
	}
	return strings.Join(out, "\n")
}

func serviceRow(r scoring.Result, id string) (scoring.ServiceRow, bool) {
	for _, s := range r.Services {
		if s.ID == id {
			return s, true
		}
	}
	return scoring.ServiceRow{}, false
}

// previousName is the name of the trend point just before the evaluated cycle, "" when none.
func previousName(r scoring.Result) string {
	for i, t := range r.Portfolio.Trend {
		if t.Cycle == r.Cycle.Name && i > 0 {
			return r.Portfolio.Trend[i-1].Cycle
		}
	}
	return ""
}

// shade colours a share: good from 80%, warning from 50%, bad below.
func shade(text string, v *float64) cell {
	switch {
	case v == nil:
		return cell{text: text}
	case *v >= 0.8:
		return styled(text, styles.good)
	case *v >= 0.5:
		return styled(text, styles.warn)
	}
	return styled(text, styles.bad)
}

// categoryChange is a category's change of mean current score, signed and coloured.
func categoryChange(p vocab.Printer, c scoring.CategoryChange) cell {
	if c.ID == "" || c.From == nil || c.To == nil {
		return cell{}
	}
	return signedChange(p, scoring.ShownChange(c.From, c.To))
}

// bar draws v of full as a bar of width cells, in eighths of a cell; blank when v is undefined.
func bar(v *float64, full float64, width int) string {
	if v == nil || full <= 0 {
		return ""
	}
	frac := math.Max(0, math.Min(1, *v/full))
	eighths := int(math.Round(frac * float64(width) * 8))
	partial := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	s := strings.Repeat("█", eighths/8) + partial[eighths%8]
	return s
}

// room is the width column col may take when every other column, header included, is whole:
// the table's width less the other columns and the gaps between columns.
func room(t *outTable, col int) int {
	w := t.width - t.indent - 2*(len(t.headers)-1)
	for c := range t.headers {
		if c != col {
			w -= columnWidth(t, c)
		}
	}
	return w
}

// columnWidth is the natural width of column c: its header as printed or its widest cell.
func columnWidth(t *outTable, c int) int {
	w := lipgloss.Width(strings.ToUpper(cellText(t.headers[c])))
	for _, r := range t.rows {
		w = max(w, lipgloss.Width(r[c]))
	}
	return w
}

// fitColumn wraps the cells of column col (plain text: names) to the room the other columns
// leave, each further line of a name on a row of its own, so that the table fits its width
// without cutting a header or a name.
func fitColumn(t *outTable, col int) {
	w := max(room(t, col), lipgloss.Width(strings.ToUpper(cellText(t.headers[col]))), 1)
	var rows [][]string
	for _, r := range t.rows {
		rows = append(rows, r)
		if lipgloss.Width(r[col]) <= w {
			continue
		}
		lines := textwidth.Wrap(r[col], w)
		r[col] = lines[0]
		for _, l := range lines[1:] {
			more := make([]string, len(r))
			more[col] = l
			rows = append(rows, more)
		}
	}
	t.rows = rows
}

// cleanAll is cellText of every item, for lists of IDs from a pack.
func cleanAll(items []string) []string {
	out := make([]string, len(items))
	for i, v := range items {
		out[i] = cellText(v)
	}
	return out
}
