package export

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

// tableSheet is a list sheet written with the stream writer: a title in row 1, the header in
// row 2 (both repeated on every printed page), rows below, a table with filter buttons and a
// frozen header.
type tableSheet struct {
	name    string
	title   string
	table   string
	headers []string
	widths  []float64
	rows    [][]excelize.Cell
	// formats are applied to the table's range before Flush.
	formats func(f *excelize.File, firstRow, lastRow int) error
	// notes are lines under the table, each across its width.
	notes []string
	// wrapOnly sizes a row by its wrapping cells only (others are cut to their column).
	wrapOnly bool
	// err is why the table could not be made (writeTable returns it).
	err error
}

const tableFirstRow = 3

func (rd *reportData) writeTable(ts tableSheet) error {
	return rd.b.writeTable(ts, rd.page(1, 2, false))
}

// writeTable streams one table sheet of any workbook: the title in row 1, the header in
// row 2 (repeated on every printed page), the rows, the notes under them, and the table
// with its filters and formats.
func (b *book) writeTable(ts tableSheet, pg page) error {
	if ts.err != nil {
		return ts.err
	}
	// Page set-up comes before streaming: the stream writer emits the sheet's head early.
	if err := b.printSetup(ts.name, pg); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(ts.name)
	if err != nil {
		return err
	}
	ts.widths = fitWords(ts.widths, ts.headers)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, w := range ts.widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{b.cell(ts.title, b.st.heading)}, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	head := make([]any, len(ts.headers))
	n := 1
	for i, h := range ts.headers {
		head[i] = b.cell(h, b.st.header)
		n = max(n, lines(h, ts.widths[i]))
	}
	if err := sw.SetRow("A2", head, excelize.RowOpts{Height: b.rowH(n, sizeBody)}); err != nil {
		return err
	}
	for i, r := range ts.rows {
		vals := make([]any, len(r))
		n := 1
		for j := range r {
			if r[j].StyleID < 0 { // prepared on another goroutine: see book.deferQuote
				r[j].StyleID = b.quote(-r[j].StyleID - 1)
			}
			vals[j] = r[j]
			if s, ok := r[j].Value.(string); ok && j < len(ts.widths) && (!ts.wrapOnly || r[j].StyleID == b.st.wrap) {
				n = max(n, lines(s, ts.widths[j]))
			}
		}
		// Streamed rows are not fitted by spreadsheet applications; size them for their text.
		if err := sw.SetRow(cellName(1, tableFirstRow+i), vals, excelize.RowOpts{Height: b.rowH(n, sizeBody)}); err != nil {
			return err
		}
	}
	last := tableFirstRow + len(ts.rows) - 1
	// Notes span the table's width and wrap within it.
	total := 0.0
	for _, w := range ts.widths {
		total += w
	}
	for i, note := range ts.notes {
		row := last + 2 + i
		if err := sw.SetRow(cellName(1, row), []any{b.cell(note, b.st.muted)}, excelize.RowOpts{Height: b.rowH(lines(note, total), sizeBody)}); err != nil {
			return err
		}
		if err := sw.MergeCell(cellName(1, row), cellName(len(ts.headers), row)); err != nil {
			return err
		}
	}
	if len(ts.rows) > 0 {
		yes := true
		if err := sw.AddTable(&excelize.Table{Range: "A2:" + cellName(len(ts.headers), last), Name: ts.table, StyleName: "TableStyleLight1", ShowRowStripes: &yes}); err != nil {
			return err
		}
		if ts.formats != nil {
			if err := ts.formats(b.f, tableFirstRow, last); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// sheetTitle is a sheet's title: what the sheet holds (the message key), for which
// organisation and cycle.
func (rd *reportData) sheetTitle(key string) string {
	return rd.pr.T("report.sheet.title", rd.pr.T(key), rd.d.Org.Name, rd.d.Cycle.Name)
}

func (rd *reportData) catalogueSheet(sh string) error { return rd.writeTable(rd.catalogueTable(sh)) }

// catalogueTable is the catalogue sheet's table (no workbook call: see reportData.prepare).
func (rd *reportData) catalogueTable(sh string) tableSheet {
	b, st, pr := rd.b, rd.b.st, rd.pr
	ts := tableSheet{name: sh, title: rd.sheetTitle("report.sheet.catalogue"), table: "CatalogueTable",
		headers: []string{pr.T("report.col.id"), pr.T("report.col.category"), pr.T("report.col.service"), pr.T("report.col.level"),
			pr.T("report.col.scope"), pr.T("report.col.assignment"), pr.T("report.col.provider"), pr.T("report.col.target"),
			pr.T("report.col.current"), pr.T("report.col.gap"), pr.T("report.col.attainment"), pr.T("report.col.evidence"),
			pr.T("report.col.carried_over")},
		widths: []float64{7, 20, 28, 13, 8, 12, 16, 8, 8, 7, 10, 38, 9},
	}
	yes, no := pr.T("word.yes"), pr.T("word.no")
	states := make(map[string]*catalog.ServiceState, len(rd.d.Services))
	for i := range rd.d.Services {
		states[rd.d.Services[i].ID] = &rd.d.Services[i]
	}
	marked := 0
	for _, s := range rd.res.Services {
		state := states[s.ID] // CycleData.Service searches the list: quadratic on a large pack
		evidence, name := "", s.Name.In(rd.lang)
		if state != nil {
			evidence = state.Evidence
			if state.WorkingName() {
				name = markWorking(pr, name)
				marked++
			}
		}
		scope, carried := yes, ""
		if !s.InScope {
			scope = no
		}
		if s.CarriedOver {
			carried = yes
		}
		ts.rows = append(ts.rows, []excelize.Cell{
			b.cell(s.ID, st.text),
			b.cell(rd.categoryName(s.Category), st.wrap),
			b.cell(name, st.wrap),
			b.cell(rd.d.Pack.LevelName(s.Level, rd.lang), st.wrap),
			b.cell(scope, st.int_),
			b.cell(rd.d.Pack.AssignmentName(s.Assignment, rd.lang), st.wrap),
			b.cell(s.Provider, st.wrap),
			b.cell(s.Target, st.int_),
			b.cell(s.Current, st.int_),
			b.cell(s.Gap, st.int_),
			b.cell(s.Attainment, st.pct),
			b.cell(evidence, st.wrap),
			b.cell(carried, st.int_),
		})
	}
	if marked > 0 {
		ts.notes = append(ts.notes, workingLegend(pr))
	}
	ts.formats = func(f *excelize.File, first, last int) error {
		gapStrong, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8CBAD"}}, Font: &excelize.Font{Bold: true, Color: colWarn}})
		if err != nil {
			return err
		}
		gapFill, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}, Font: &excelize.Font{Color: "833C0B"}})
		if err != nil {
			return err
		}
		if err := f.SetConditionalFormat(sh, fmt.Sprintf("J%d:J%d", first, last), []excelize.ConditionalFormatOptions{
			{Type: "cell", Criteria: ">=", Value: "2", Format: &gapStrong, StopIfTrue: true},
			{Type: "cell", Criteria: ">", Value: "0", Format: &gapFill},
		}); err != nil {
			return err
		}
		return heatScale(f, sh, fmt.Sprintf("I%d:I%d", first, last))
	}
	return ts
}

func (rd *reportData) profileSheet(sh string) error {
	b, st, pr, res := rd.b, rd.b.st, rd.pr, rd.res
	below := map[string][]string{}
	for _, p := range res.Profile.Priorities {
		below[p.Category] = append(below[p.Category], p.ID)
	}
	ts := tableSheet{name: sh, title: pr.T("report.profile.heading"), table: "ProfileTable",
		headers: []string{pr.T("report.col.category"), pr.T("report.col.services"), pr.T("report.col.assessed"), pr.T("report.col.mean_current"),
			pr.T("report.col.mean_target"), pr.T("report.col.attainment"), pr.T("report.col.below")},
		widths: []float64{40, 11, 11, 12, 12, 12, 46},
	}
	for _, c := range res.Profile.Categories {
		mean := func(v *float64) excelize.Cell {
			if v == nil {
				return b.cell(pr.Unknown(), st.int_)
			}
			return b.cell(*v, st.dec1)
		}
		att := b.cell(pr.Unknown(), st.int_)
		if c.Attainment != nil {
			att = b.cell(*c.Attainment, st.pct)
		}
		ts.rows = append(ts.rows, []excelize.Cell{
			b.cell(rd.categoryName(c.ID), st.wrap), b.cell(c.InScope, st.int_), b.cell(c.Assessed, st.int_),
			mean(c.MeanCurrent), mean(c.MeanTarget), att, b.cell(strings.Join(below[c.ID], ", "), st.wrap),
		})
	}
	ts.formats = func(f *excelize.File, first, last int) error {
		return f.SetConditionalFormat(sh, fmt.Sprintf("F%d:F%d", first, last), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1", BarColor: "9DC3E6",
		}})
	}
	return rd.writeTable(ts)
}

func (rd *reportData) prioritiesSheet(sh string) error { return rd.writeTable(rd.prioritiesTable(sh)) }

// prioritiesTable is the priorities sheet's table (no workbook call: see reportData.prepare).
func (rd *reportData) prioritiesTable(sh string) tableSheet {
	b, st, pr := rd.b, rd.b.st, rd.pr
	ts := tableSheet{name: sh, title: pr.T("report.priorities.heading"), table: "PrioritiesTable",
		headers: []string{pr.T("report.col.id"), pr.T("report.col.service"), pr.T("report.col.category"), pr.T("report.col.current"),
			pr.T("report.col.target"), pr.T("report.col.gap"), pr.T("report.col.weight"), pr.T("report.col.priority"), pr.T("report.col.action")},
		widths: []float64{7, 34, 30, 9, 9, 8, 11, 11, 34},
	}
	for _, p := range rd.res.Profile.Priorities {
		action, astyle := pr.T("report.gaps.no_action"), st.warn
		if a, ok := rd.actionFor(p.ID); ok {
			action, astyle = a.Title, st.wrap
		}
		ts.rows = append(ts.rows, []excelize.Cell{
			b.cell(p.ID, st.text), b.cell(p.Name.In(rd.lang), st.wrap), b.cell(rd.categoryName(p.Category), st.wrap),
			b.cell(p.Current, st.int_), b.cell(p.Target, st.int_), b.cell(p.Gap, st.int_), b.cell(p.Weight, st.int_),
			b.cell(p.Priority, st.int_), b.cell(action, astyle),
		})
	}
	return ts
}

func (rd *reportData) portfolioSheet(sh string) error {
	b, st, pr, res := rd.b, rd.b.st, rd.pr, rd.res
	widths := []float64{46, 11, 11, 11, 11, 11, 11, 3}
	for i, w := range widths {
		b.f.SetColWidth(sh, colName(i+1), colName(i+1), w)
	}
	row := 1
	b.set(sh, 1, row, rd.sheetTitle("report.sheet.portfolio"), st.title)
	b.f.SetRowHeight(sh, row, 26)
	row += 2

	// Matrix: services per category and assignment.
	b.set(sh, 1, row, pr.T("report.portfolio.matrix"), st.heading)
	row++
	b.set(sh, 1, row, pr.T("report.col.category"), st.header)
	for i, a := range catalog.Assignments {
		b.set(sh, i+2, row, rd.d.Pack.AssignmentName(a, rd.lang), st.header)
	}
	b.set(sh, len(catalog.Assignments)+2, row, pr.T("report.col.total"), st.header)
	b.f.SetRowHeight(sh, row, b.rowH(2, sizeBody))
	row++
	writeMix := func(name string, m scoring.ProviderMix, style int) {
		b.set(sh, 1, row, name, style)
		for i, a := range catalog.Assignments {
			b.set(sh, i+2, row, m.Count(a), st.int_)
		}
		b.set(sh, len(catalog.Assignments)+2, row, m.Total, st.int_)
		row++
	}
	for _, c := range res.Portfolio.ByCategory {
		b.fit(sh, row, widths, map[int]string{1: rd.categoryName(c.ID)})
		writeMix(rd.categoryName(c.ID), c.ProviderMix, st.wrap)
	}
	writeMix(pr.T("report.col.total"), res.Portfolio.ProviderMix, st.label)
	b.f.SetCellStyle(sh, cellName(1, row-1), cellName(1, row-1), st.header)
	row++

	// Shares of the whole: largest remainder, so they add up to 100%.
	b.set(sh, 1, row, pr.T("report.portfolio.mix"), st.heading)
	row++
	mixTop := row
	b.set(sh, 1, row, pr.T("report.col.assignment"), st.header)
	b.set(sh, 2, row, pr.T("report.col.count"), st.header)
	b.set(sh, 3, row, pr.T("report.col.share"), st.header)
	row++
	mix := res.Portfolio.ProviderMix
	counts := make([]int, len(catalog.Assignments))
	var names []string
	var vals []*float64
	for i, a := range catalog.Assignments {
		counts[i] = mix.Count(a)
	}
	shares := vocab.SharePercents(counts)
	for i, a := range catalog.Assignments {
		name := rd.d.Pack.AssignmentName(a, rd.lang)
		names = append(names, name)
		v := float64(counts[i])
		vals = append(vals, &v)
		b.set(sh, 1, row, name, st.text)
		b.set(sh, 2, row, counts[i], st.int_)
		if mix.Total > 0 {
			b.set(sh, 3, row, float64(shares[i])/100, st.pct)
		} else {
			b.set(sh, 3, row, pr.Unknown(), st.int_)
		}
		row++
	}
	mixBottom := row - 1
	row++

	// Index trend across cycles.
	b.set(sh, 1, row, pr.T("report.portfolio.trend"), st.heading)
	row++
	for i, h := range []string{pr.T("report.col.cycle"), pr.T("index.maturity"), pr.T("index.target"), pr.T("index.attainment")} {
		b.set(sh, i+1, row, h, st.header)
	}
	b.f.SetRowHeight(sh, row, b.rowH(2, sizeBody))
	row++
	for _, p := range res.Portfolio.Trend {
		b.set(sh, 1, row, p.Cycle, st.text)
		for j, v := range []*float64{p.MaturityIndex, p.TargetIndex, p.AttainmentIndex} {
			if v == nil {
				b.set(sh, 2+j, row, pr.Unknown(), st.int_)
			} else {
				b.set(sh, 2+j, row, *v, st.dec1)
			}
		}
		row++
	}
	row++

	// Category changes since the previous cycle.
	if rd.prev != nil {
		b.set(sh, 1, row, pr.T("report.portfolio.category_changes", rd.prevName()), st.heading)
		row++
		for i, h := range []string{pr.T("report.col.category"), pr.T("report.col.before"), pr.T("report.col.now"), pr.T("report.col.change")} {
			b.set(sh, i+1, row, h, st.header)
		}
		row++
		for _, c := range res.Portfolio.CategoryChanges {
			b.fit(sh, row, widths, map[int]string{1: rd.categoryName(c.ID)})
			b.set(sh, 1, row, rd.categoryName(c.ID), st.wrap)
			for j, v := range []*float64{c.From, c.To} {
				if v == nil {
					b.set(sh, 2+j, row, pr.Unknown(), st.int_)
				} else {
					b.set(sh, 2+j, row, *v, st.dec1)
				}
			}
			b.set(sh, 4, row, rd.kindName(c.Kind), st.text)
			row++
		}
	}

	if mix.Total > 0 {
		f := b.chartFont(9, false)
		sd := []seriesData{{nameRef: absRange(sh, 2, mixTop, 2, mixTop), name: pr.T("report.col.count"),
			catRef: absRange(sh, 1, mixTop+1, 1, mixBottom), cats: names, valRef: absRange(sh, 2, mixTop+1, 2, mixBottom), vals: vals}}
		if err := b.f.AddChart(sh, cellName(9, 4), &excelize.Chart{
			Type: excelize.Col,
			Series: b.chartSeries(sd, func(_ int, s *excelize.ChartSeries) {
				s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F77B4"}}
				s.DataLabel = excelize.ChartDataLabel{Font: f}
			}),
			Title:     b.chartTitle(pr.T("report.chart.mix")),
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 440, Height: 300},
			XAxis:     excelize.ChartAxis{Font: f},
			YAxis:     excelize.ChartAxis{Font: f, MajorGridLines: true},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		}); err != nil {
			return err
		}
	}
	return b.printSetup(sh, rd.page(1, 1, true))
}

func (rd *reportData) actionsSheet(sh string) error {
	b, st, pr := rd.b, rd.b.st, rd.pr
	ts := tableSheet{name: sh, title: rd.sheetTitle("report.actions.heading"), table: "ActionsTable",
		headers: []string{pr.T("report.col.number"), pr.T("report.col.service"), pr.T("report.col.title"), pr.T("report.col.horizon"),
			pr.T("report.col.owner"), pr.T("report.col.due"), pr.T("report.col.status"), pr.T("report.col.overdue"),
			pr.T("report.col.cycle"), pr.T("report.col.notes")},
		widths: []float64{7, 26, 34, 13, 16, 11, 12, 11, 12, 38},
	}
	for _, a := range rd.actions {
		over, ostyle := "", st.int_
		if rd.overdue(a) {
			over, ostyle = pr.T("action.overdue"), st.warn
		}
		ts.rows = append(ts.rows, []excelize.Cell{
			b.cell(a.ID, st.int_), b.cell(rd.service(a.ServiceID), st.wrap), b.cell(a.Title, st.wrap),
			b.cell(rd.horizonName(a.Horizon), st.wrap), b.cell(a.Owner, st.wrap), b.cell(dayValue(a.Due), st.date),
			b.cell(rd.statusName(a.Status), st.wrap), b.cell(over, ostyle), b.cell(rd.cycleNames[a.CycleID], st.wrap),
			b.cell(a.Notes, st.wrap),
		})
	}
	return rd.writeTable(ts)
}

func (rd *reportData) reviewsSheet(sh string) error {
	b, st, pr := rd.b, rd.b.st, rd.pr
	ts := tableSheet{name: sh, title: pr.T("report.reviews.heading", rd.d.Cycle.Name), table: "ReviewsTable",
		headers: []string{pr.T("report.col.number"), pr.T("report.col.held_on"), pr.T("report.col.kind"), pr.T("report.col.notes")},
		widths:  []float64{7, 12, 30, 96},
	}
	for _, r := range rd.reviews {
		ts.rows = append(ts.rows, []excelize.Cell{
			b.cell(r.ID, st.int_), b.cell(dayValue(r.HeldOn), st.date), b.cell(r.Kind, st.wrap), b.cell(r.Notes, st.wrap),
		})
	}
	return rd.writeTable(ts)
}

// changesSheet summarises, per service, what changed since the previous cycle: the score
// before and now, the kind of change, and the fields changed in this cycle's log.
func (rd *reportData) changesSheet(sh string) error { return rd.writeTable(rd.changesTable(sh)) }

// changesTable is the changes sheet's table (no workbook call: see reportData.prepare).
func (rd *reportData) changesTable(sh string) tableSheet {
	b, st, pr := rd.b, rd.b.st, rd.pr
	title := pr.T("report.changes.first", rd.d.Cycle.Name)
	if rd.prev != nil {
		title = pr.T("report.changes.heading", rd.prevName())
	}
	zone := zoneName(rd.now)
	ts := tableSheet{name: sh, title: title, table: "ChangesTable",
		headers: []string{pr.T("report.col.service"), pr.T("report.col.before"), pr.T("report.col.now"), pr.T("report.col.change"),
			pr.T("report.col.what"), pr.T("report.col.last_change", zone)},
		widths: []float64{36, 9, 9, 18, 70, 17},
	}
	type logged struct {
		what []string
		last time.Time
	}
	perService := map[string]*logged{}
	changes, err := rd.changes()
	if err != nil {
		return tableSheet{err: err}
	}
	for _, c := range changes {
		if c.Entity != "build" && c.Entity != "assessment" {
			continue
		}
		l := perService[c.Key]
		if l == nil {
			l = &logged{}
			perService[c.Key] = l
		}
		text := rd.pr.FieldName(c.Field)
		switch {
		case c.Field == "evidence":
		case c.Old == c.New:
			text = pr.Labelled(text, rd.pr.ChangeValue(rd.d.Pack, c.Field, c.New))
		default:
			text = pr.Labelled(text, rd.pr.ChangeValue(rd.d.Pack, c.Field, c.Old)+" → "+rd.pr.ChangeValue(rd.d.Pack, c.Field, c.New))
		}
		l.what = append(l.what, text)
		if c.At.After(l.last) {
			l.last = c.At
		}
	}
	kinds := map[string]scoring.ServiceChange{}
	for _, c := range rd.res.Portfolio.Changes {
		kinds[c.ID] = c
	}
	var ids []string
	for _, s := range rd.res.Services {
		k, scored := kinds[s.ID]
		moved := scored && k.Kind != scoring.Unchanged && k.Kind != scoring.CarriedOver
		if perService[s.ID] != nil || moved {
			ids = append(ids, s.ID)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return scoring.CompareIDs(ids[i], ids[j]) < 0 })
	for _, id := range ids {
		k, scored := kinds[id]
		before, now, kind := b.cell(pr.Unknown(), st.int_), b.cell(pr.Unknown(), st.int_), b.cell("", st.wrap)
		if scored {
			if k.From != nil {
				before = b.cell(*k.From, st.int_)
			}
			if k.To != nil {
				now = b.cell(*k.To, st.int_)
			}
			kind = b.cell(rd.kindName(k.Kind), st.wrap)
		}
		what, last := "", b.cell(nil, st.datetime)
		if l := perService[id]; l != nil {
			what = strings.Join(dedupe(l.what), pr.T("report.list_sep"))
			last = b.cell(localTime(l.last), st.datetime)
		}
		ts.rows = append(ts.rows, []excelize.Cell{b.cell(rd.service(id), st.wrap), before, now, kind, b.cell(what, st.wrap), last})
	}
	if !rd.fullLog && len(changes) > 0 {
		ts.title += "  ·  " + pr.T("report.changes.full_log")
	}
	return ts
}

// markWorking puts the working-name mark after a service name that was not read in the
// recommendation (catalog.Service.WorkingName), as the TUI and cdc catalog list show it.
func markWorking(pr vocab.Printer, name string) string {
	return name + "\u00a0" + pr.T("catalog.mark.working") // a no-break space: the mark never wraps alone
}

// workingLegend says what the working-name mark means, under a list that shows it.
func workingLegend(pr vocab.Printer) string {
	return pr.T("catalog.mark.working") + " " + pr.T("catalog.mark.legend")
}

// workingNames counts the cycle's services whose name is a working name.
func workingNames(services []catalog.ServiceState) int {
	n := 0
	for i := range services {
		if services[i].WorkingName() {
			n++
		}
	}
	return n
}

// reasonText shows a change's reason; the reason the toolkit itself writes for a re-assessed
// score is shown in the report's language.
func (rd *reportData) reasonText(r string) string {
	return rd.pr.Reason(r)
}

// dedupe drops repeated lines, keeping the first of each.
func dedupe(lines []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lines {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// logSheet is the cycle's whole change log (with --full-log), times local with the zone named.
func (rd *reportData) logSheet(sh string) error {
	b, st, pr := rd.b, rd.b.st, rd.pr
	ts := tableSheet{name: sh, title: pr.T("report.log.heading", rd.d.Cycle.Name), table: "ChangeLogTable",
		headers: []string{pr.T("report.col.time", zoneName(rd.now)), pr.T("report.col.entity"), pr.T("report.col.key"), pr.T("report.col.field"),
			pr.T("report.col.old"), pr.T("report.col.new"), pr.T("report.col.who"), pr.T("report.col.reason"), pr.T("report.col.source")},
		widths: []float64{18, 14, 12, 14, 26, 26, 14, 24, 20},
	}
	changes, err := rd.changes()
	if err != nil {
		return err
	}
	for _, c := range changes {
		ts.rows = append(ts.rows, []excelize.Cell{
			b.cell(localTime(c.At), st.datetime), b.cell(rd.entityName(c.Entity), st.wrap), b.cell(c.Key, st.wrap),
			b.cell(rd.pr.FieldName(c.Field), st.wrap), b.cell(rd.pr.ChangeValue(rd.d.Pack, c.Field, c.Old), st.wrap), b.cell(rd.pr.ChangeValue(rd.d.Pack, c.Field, c.New), st.wrap),
			b.cell(c.Who, st.wrap), b.cell(rd.reasonText(c.Reason), st.wrap), b.cell(rd.pr.SourceName(c), st.wrap),
		})
	}
	return rd.writeTable(ts)
}

func (rd *reportData) methodSheet(sh string) error {
	b, st, m := rd.b, rd.b.st, rd.method
	widths := []float64{30, 62, 62}
	for i, w := range widths {
		b.f.SetColWidth(sh, colName(i+1), colName(i+1), w)
	}
	row := 1
	b.set(sh, 1, row, m.Title, st.title)
	b.f.SetRowHeight(sh, row, 26)
	b.set(sh, 2, row, m.Pack, st.plain)
	row += 2
	b.set(sh, 1, row, m.Labels.Scale, st.heading)
	row++
	b.set(sh, 1, row, m.Labels.Score, st.header)
	b.set(sh, 2, row, m.Labels.InHouse, st.header)
	b.set(sh, 3, row, m.Labels.Outsourced, st.header)
	b.f.SetRowHeight(sh, row, b.rowH(max(lines(m.Labels.InHouse, 62), lines(m.Labels.Outsourced, 62)), sizeBody))
	row++
	for _, s := range m.Scale {
		b.set(sh, 1, row, s.Score, st.int_)
		b.set(sh, 2, row, s.InHouse, st.wrap)
		b.set(sh, 3, row, s.Outsourced, st.wrap)
		b.f.SetRowHeight(sh, row, b.rowH(max(lines(s.InHouse, 62), lines(s.Outsourced, 62)), sizeBody))
		row++
	}
	b.set(sh, 1, row, m.Labels.NotAssessed, st.muted)
	b.f.MergeCell(sh, cellName(1, row), cellName(3, row))
	row += 2
	b.set(sh, 1, row, m.Labels.Weights, st.heading)
	row++
	b.set(sh, 1, row, m.Labels.Level, st.header)
	b.set(sh, 2, row, m.Labels.Weight, st.header)
	row++
	for _, w := range m.Weights {
		b.set(sh, 1, row, w.Name, st.text)
		b.set(sh, 2, row, w.Weight, st.int_)
		row++
	}
	row++
	b.set(sh, 1, row, m.Labels.Formulas, st.heading)
	row++
	row = b.formulaRows(sh, row, m.Formulas)
	if rd.peers != nil {
		row = rd.peerMethod(sh, row)
	}
	if m.Provenance != "" {
		row++
		b.set(sh, 1, row, m.Labels.Provenance, st.heading)
		row++
		b.set(sh, 1, row, m.Provenance, st.plainWrap)
		b.f.MergeCell(sh, cellName(1, row), cellName(3, row))
		b.f.SetRowHeight(sh, row, b.rowH(lines(m.Provenance, 154), sizeBody))
	}
	// The working-name mark of the Catalogue sheet, and how many names carry it.
	if n := workingNames(rd.d.Services); n > 0 {
		pr := rd.pr
		text := pr.N("report.method.working", n, pr.Count(n), pr.T("catalog.mark.working"), pr.T("catalog.mark.legend"),
			pr.Count(len(rd.d.Services)), rd.sheetName("catalogue"))
		row++
		b.set(sh, 1, row, text, st.plainWrap)
		b.f.MergeCell(sh, cellName(1, row), cellName(3, row))
		b.f.SetRowHeight(sh, row, b.rowH(lines(text, 154), sizeBody))
	}
	return b.printSetup(sh, rd.page(1, 1, false))
}

// formulaRows writes one formula a row from row on, its name in the first column and its
// text across the other two; it returns the next free row.
func (b *book) formulaRows(sh string, row int, fs []scoring.Formula) int {
	st := b.st
	for _, fm := range fs {
		b.set(sh, 1, row, fm.Name, st.label)
		b.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), st.wrap)
		b.set(sh, 2, row, fm.Text, st.wrap)
		b.f.SetCellStyle(sh, cellName(3, row), cellName(3, row), st.wrap)
		b.f.MergeCell(sh, cellName(2, row), cellName(3, row))
		b.f.SetRowHeight(sh, row, b.rowH(max(lines(fm.Text, 124), lines(fm.Name, 30)), sizeBody))
		row++
	}
	return row
}
