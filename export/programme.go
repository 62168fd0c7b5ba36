package export

import (
	"fmt"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

// ProgrammeOptions configures WriteProgramme.
type ProgrammeOptions struct {
	Lang     catalog.Lang
	Password string        // encrypts the workbook when set
	Pack     *catalog.Pack // the programme's pack, for the Method sheet; nil leaves its evaluation part out
	Now      time.Time     // workbook date; zero means now
	// Scope describes which organisations the programme holds (a filter), empty for all.
	Scope string
}

// WriteProgramme writes the programme workbook of prog to path: Summary (the distribution of
// every index and category figure), Heat map, Ranking, Trend, Coverage and Method.
func WriteProgramme(prog scoring.Programme, opts ProgrammeOptions, path string) error {
	b, err := buildProgramme(prog, opts)
	if err != nil {
		return fmt.Errorf("programme workbook: %w", err)
	}
	defer b.f.Close()
	return saveWorkbook(b, path, opts.Password)
}

// programmeBook is one programme workbook being written, on the workbook helpers the report uses.
type programmeBook struct {
	*book
	prog scoring.Programme
	opts ProgrammeOptions
	p    vocab.Printer
}

// BuildProgrammeWorkbook builds the programme workbook in memory.
func BuildProgrammeWorkbook(prog scoring.Programme, opts ProgrammeOptions) (*excelize.File, error) {
	b, err := buildProgramme(prog, opts)
	if err != nil {
		return nil, err
	}
	return b.f, nil
}

func buildProgramme(prog scoring.Programme, opts ProgrammeOptions) (*book, error) {
	if opts.Lang == "" {
		opts.Lang = catalog.EN
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	bk, err := newBook(opts.Lang)
	if err != nil {
		return nil, err
	}
	b := &programmeBook{book: bk, prog: prog, opts: opts, p: bk.pr}
	names := b.sheetNames()
	if err := b.f.SetSheetName("Sheet1", names[0]); err != nil {
		return nil, err
	}
	for _, n := range names[1:] {
		if _, err := b.f.NewSheet(n); err != nil {
			return nil, err
		}
	}
	steps := []func(string) error{b.summary, b.heatMap, b.ranking, b.trend, b.coverage, b.method}
	for i, step := range steps {
		if err := step(names[i]); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", names[i], err)
		}
	}
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title: b.p.T("programme.wb.title"), Creator: "CDC Toolkit", Keywords: "X.1060; CDC; programme; benchmark",
		Created: w3c(opts.Now), Modified: w3c(opts.Now), Language: string(opts.Lang), Category: b.p.T("programme.wb.title"),
	}); err != nil {
		return nil, err
	}
	return bk, nil
}

func (b *programmeBook) sheetNames() []string {
	var out []string
	for _, k := range []string{"summary", "heat_map", "ranking", "trend", "coverage", "method"} {
		out = append(out, b.p.T("programme.wb.sheet."+k))
	}
	return out
}

// page is a sheet's print set-up: the workbook's title and scope in the header, the sheet and
// date in the footer beside "page N of M", the given rows repeated.
func (b *programmeBook) page(sh string, first, last int, onePage bool) page {
	left := b.p.T("programme.wb.title")
	if b.opts.Scope != "" {
		left += " — " + b.opts.Scope
	}
	return page{left: left, footer: sh + " · " + b.p.Date(b.opts.Now), titleRows: [2]int{first, last}, onePage: onePage}
}

// writeTable streams a list sheet with the programme's page set-up; rows are sized by their
// wrapping cells only.
func (b *programmeBook) writeTable(ts tableSheet) error {
	ts.wrapOnly = true
	return b.book.writeTable(ts, b.page(ts.name, 1, 2, false))
}

func (b *programmeBook) rowsWithFigures() []scoring.ProgrammeRow {
	var out []scoring.ProgrammeRow
	for _, r := range b.prog.Rows {
		if r.HasFigures() {
			out = append(out, r)
		}
	}
	return out
}

func (b *programmeBook) categoryLabel(id string) string {
	for _, c := range b.prog.Categories {
		if c.ID == id {
			return id + " " + c.Name.In(b.opts.Lang)
		}
	}
	return id
}

func (b *programmeBook) figureName(figure, category string) string {
	if category == "" {
		return b.p.T(scoring.Index(figure).Word())
	}
	key := "programme.wb.figure.mean_current"
	if figure == scoring.FigureAttainment {
		key = "programme.wb.figure.attainment"
	}
	return b.p.T(key, b.categoryLabel(category))
}

func (b *programmeBook) summary(sh string) error {
	st, p := b.st, b.p
	widths := []float64{64, 10, 11, 11, 11, 11, 11}
	for i, w := range widths {
		b.f.SetColWidth(sh, colName(i+1), colName(i+1), w)
	}
	b.set(sh, 1, 1, p.T("programme.wb.title"), st.title)
	b.f.SetRowHeight(sh, 1, 26)
	withFigures, provisional := 0, 0
	for _, r := range b.prog.Rows {
		if r.HasFigures() {
			withFigures++
		}
		if r.Provisional {
			provisional++
		}
	}
	pack := b.prog.Pack.ID + "@" + b.prog.Pack.Version
	if b.opts.Pack != nil {
		pack = b.opts.Pack.Name.In(b.opts.Lang) + " (" + b.opts.Pack.Ref() + ")"
	}
	scope := b.opts.Scope
	if scope == "" {
		scope = p.T("programme.wb.scope_all")
	}
	row := 3
	for _, kv := range []struct {
		label string
		value any
	}{
		{p.T("programme.wb.date"), p.Date(b.opts.Now)},
		{p.T("programme.wb.scope"), scope},
		{p.T("programme.wb.organisations"), len(b.prog.Rows)},
		{p.T("programme.wb.with_figures"), withFigures},
		{p.T("programme.wb.provisional"), provisional},
		{p.T("programme.wb.pack"), pack},
	} {
		b.set(sh, 1, row, kv.label, st.label)
		b.set(sh, 2, row, kv.value, st.plain)
		row++
	}
	row++
	b.set(sh, 1, row, p.T("programme.wb.distribution"), st.heading)
	b.f.SetRowHeight(sh, row, 22)
	row++
	heads := []string{p.T("programme.col.figure"), p.T("programme.col.n"), p.T("programme.col.min"), p.T("programme.col.q1"),
		p.T("programme.col.median"), p.T("programme.col.q3"), p.T("programme.col.max")}
	for i, h := range heads {
		b.set(sh, i+1, row, h, st.header)
	}
	b.f.SetRowHeight(sh, row, b.rowH(1, sizeBody))
	row++
	for _, d := range b.prog.Distributions() {
		style := st.dec1
		if d.Figure == scoring.FigureAttainment {
			style = st.pct
		}
		// A long category name wraps in its row rather than being cut at the column.
		name := b.figureName(d.Figure, d.Category)
		b.set(sh, 1, row, name, st.wrap)
		b.fit(sh, row, widths, map[int]string{1: name})
		if !d.Defined {
			b.set(sh, 2, row, 0, st.int_)
			for c := 3; c <= 7; c++ {
				b.set(sh, c, row, p.Unknown(), st.int_)
			}
			row++
			continue
		}
		b.set(sh, 2, row, d.Dist.N, st.int_)
		for i, v := range []float64{d.Dist.Min, d.Dist.Q1, d.Dist.Median, d.Dist.Q3, d.Dist.Max} {
			b.set(sh, 3+i, row, v, style)
		}
		row++
	}
	row++
	for _, line := range []string{p.T("programme.wb.summary_note"), p.T("programme.wb.provisional_note")} {
		b.set(sh, 1, row, line, st.muted)
		b.f.MergeCell(sh, cellName(1, row), cellName(7, row))
		b.f.SetRowHeight(sh, row, b.rowH(lines(line, 123), sizeBody))
		row++
	}
	// The summary is one page: it is what a manager reads first.
	return b.printSetup(sh, b.page(sh, 0, 0, true))
}

// heatScale colours 0-5 scores red through yellow to green, in the report and the programme workbook alike.
func heatScale(f *excelize.File, sh, ref string) error { return colourScale(f, sh, ref, "2.5", "5") }

// colourScale colours values from red at 0 through yellow at mid to green at max.
func colourScale(f *excelize.File, sh, ref, mid, max string) error {
	return f.SetConditionalFormat(sh, ref, []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MidType: "num", MidValue: mid, MaxType: "num", MaxValue: max,
		MinColor: "F8696B", MidColor: "FFEB84", MaxColor: "63BE7B",
	}})
}

// dataBar draws a 0..max bar in a column range.
func dataBar(f *excelize.File, sh, ref, max string) error {
	return f.SetConditionalFormat(sh, ref, []excelize.ConditionalFormatOptions{{
		Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: max, BarColor: "5B9BD5",
	}})
}

func (b *programmeBook) heatMap(sh string) error {
	p, st := b.p, b.st
	cats := b.prog.Categories
	ts := tableSheet{name: sh, title: p.T("programme.cli.heat_map"), table: "HeatMapTable",
		headers: []string{p.T("programme.col.organisation"), p.T("programme.col.sector"), p.T("programme.col.country"), p.T("programme.col.size_band")},
		widths:  []float64{34, 13, 11, 10},
	}
	for _, c := range cats {
		ts.headers = append(ts.headers, c.ID)
		ts.widths = append(ts.widths, 6.5)
	}
	ts.headers = append(ts.headers, p.T("programme.col.maturity"), p.T("programme.wb.col.status"))
	ts.widths = append(ts.widths, 11, 12)
	for _, r := range b.rowsWithFigures() {
		cells := []excelize.Cell{b.cell(r.Org.Name, st.text), b.cell(r.Sector, st.text), b.cell(r.Country, st.text), b.cell(string(r.SizeBand), st.text)}
		for _, c := range cats {
			var v *float64
			if cp := r.Category(c.ID); cp != nil {
				v = cp.MeanCurrent
			}
			cells = append(cells, b.cell(v, st.dec1))
		}
		cells = append(cells, b.cell(r.MaturityIndex, st.dec1), b.statusCell(r))
		ts.rows = append(ts.rows, cells)
	}
	// One line of legend, so that the sheet does not spill a page for it; the Summary names the categories.
	ts.notes = []string{p.T("programme.wb.heat_legend")}
	ts.formats = func(f *excelize.File, first, last int) error {
		if len(cats) > 0 {
			if err := heatScale(f, sh, cellName(5, first)+":"+cellName(4+len(cats), last)); err != nil {
				return err
			}
		}
		col := 5 + len(cats)
		return dataBar(f, sh, cellName(col, first)+":"+cellName(col, last), "100")
	}
	return b.writeTable(ts)
}

// statusCell says "provisional" (highlighted) for a row below the completeness threshold.
func (b *programmeBook) statusCell(r scoring.ProgrammeRow) excelize.Cell {
	if r.Provisional {
		return b.cell(b.p.Provisional(), b.st.warn)
	}
	return b.cell("", b.st.text)
}

func (b *programmeBook) ranking(sh string) error {
	p, st := b.p, b.st
	ts := tableSheet{name: sh, title: p.T("programme.wb.ranking_title"), table: "RankingTable",
		headers: []string{p.T("programme.wb.col.rank"), p.T("programme.col.organisation"), p.T("programme.col.sector"), p.T("programme.col.country"),
			p.T("programme.col.size_band"), p.T("programme.col.cycle"), p.T("index.maturity"), p.T("programme.wb.col.change"), p.T("index.target"),
			p.T("index.attainment"), p.T("programme.col.completeness"), p.T("programme.wb.col.completeness_pct"), p.T("programme.wb.col.status")},
		widths: []float64{6, 32, 12, 10, 10, 12, 11, 9, 11, 12, 10, 14, 12},
	}
	for _, r := range b.prog.Ranking() {
		ts.rows = append(ts.rows, []excelize.Cell{
			b.cell(r.Rank, st.int_), b.cell(r.Org.Name, st.text), b.cell(r.Sector, st.text), b.cell(r.Country, st.text),
			b.cell(string(r.SizeBand), st.text), b.cell(r.Cycle.Name, st.text),
			b.cell(r.MaturityIndex, st.dec1), b.cell(r.MaturityChange, st.signed),
			b.cell(r.TargetIndex, st.dec1), b.cell(r.AttainmentIndex, st.dec1),
			b.cell(p.T("programme.cell.completeness", p.Count(r.Assessed), p.Count(r.InScope)), st.int_),
			b.cell(r.Completeness, st.pct), b.statusCell(r.ProgrammeRow),
		})
	}
	ts.formats = func(f *excelize.File, first, last int) error {
		return dataBar(f, sh, fmt.Sprintf("G%d:G%d", first, last), "100")
	}
	return b.writeTable(ts)
}

func (b *programmeBook) trend(sh string) error {
	p, st := b.p, b.st
	ts := tableSheet{name: sh, title: p.T("programme.wb.trend_title"), table: "TrendTable",
		headers: []string{p.T("programme.col.organisation"), p.T("programme.wb.col.seq"), p.T("programme.wb.col.cycle"),
			p.T("index.maturity"), p.T("index.target"), p.T("index.attainment")},
		widths: []float64{34, 7, 16, 12, 12, 12},
	}
	for _, r := range b.prog.Rows {
		for i, t := range r.Trend {
			ts.rows = append(ts.rows, []excelize.Cell{b.cell(r.Org.Name, st.text), b.cell(i+1, st.int_), b.cell(t.Cycle, st.text),
				b.cell(t.MaturityIndex, st.dec1), b.cell(t.TargetIndex, st.dec1), b.cell(t.AttainmentIndex, st.dec1)})
		}
	}
	ts.notes = []string{p.T("programme.wb.trend_note")}
	return b.writeTable(ts)
}

func (b *programmeBook) coverage(sh string) error {
	p, st := b.p, b.st
	ts := tableSheet{name: sh, title: p.T("programme.wb.coverage_title"), table: "CoverageTable",
		headers: []string{p.T("programme.col.organisation"), p.T("programme.col.sector"), p.T("programme.col.country"), p.T("programme.col.cycle"),
			p.T("programme.wb.col.mandatory_coverage"), p.T("programme.wb.col.coverage"), p.T("programme.wb.col.missing_count"), p.T("programme.wb.col.missing")},
		widths: []float64{32, 12, 10, 12, 13, 13, 15, 50},
	}
	for _, r := range b.rowsWithFigures() {
		ts.rows = append(ts.rows, []excelize.Cell{b.cell(r.Org.Name, st.text), b.cell(r.Sector, st.text), b.cell(r.Country, st.text), b.cell(r.Cycle.Name, st.text),
			b.cell(r.MandatoryCoverage, st.pct), b.cell(r.Coverage, st.pct),
			b.cell(len(r.MissingMandatory), st.int_), b.cell(strings.Join(r.MissingMandatory, ", "), st.wrap)})
	}
	ts.formats = func(f *excelize.File, first, last int) error {
		return colourScale(f, sh, fmt.Sprintf("E%d:E%d", first, last), "0.8", "1")
	}
	return b.writeTable(ts)
}

// method writes the programme formulas from scoring, then the evaluation method of the pack.
func (b *programmeBook) method(sh string) error {
	st := b.st
	widths := []float64{30, 110}
	for i, w := range widths {
		b.f.SetColWidth(sh, colName(i+1), colName(i+1), w)
	}
	row := 1
	formulas := func(fs []scoring.Formula) {
		for _, fm := range fs {
			b.set(sh, 1, row, fm.Name, st.label)
			b.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), st.wrap)
			b.set(sh, 2, row, fm.Text, st.wrap)
			b.f.SetRowHeight(sh, row, b.rowH(max(lines(fm.Text, widths[1]), lines(fm.Name, widths[0])), sizeBody))
			row++
		}
	}
	b.set(sh, 1, row, b.p.T("programme.wb.method_title"), st.title)
	b.f.SetRowHeight(sh, row, 26)
	row += 2
	formulas(scoring.ProgrammeMethod(b.p))
	if b.opts.Pack != nil {
		m := scoring.Method(b.opts.Pack, b.opts.Lang)
		row++
		b.set(sh, 1, row, b.p.Labelled(m.Title, m.Pack), st.heading)
		row++
		formulas(m.Formulas)
		row++
		b.set(sh, 1, row, m.Labels.Weights, st.heading)
		row++
		for _, w := range m.Weights {
			b.set(sh, 1, row, w.Name, st.text)
			b.set(sh, 2, row, w.Weight, st.text)
			row++
		}
	}
	return b.printSetup(sh, b.page(sh, 0, 0, false))
}
