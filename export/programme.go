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
	f, err := BuildProgrammeWorkbook(prog, opts)
	if err != nil {
		return fmt.Errorf("programme workbook: %w", err)
	}
	defer f.Close()
	return saveWorkbook(f, path, opts.Password)
}

// programmeBook is one programme workbook being written.
type programmeBook struct {
	prog scoring.Programme
	opts ProgrammeOptions
	p    vocab.Printer
	st   *styles
	ps   *programmeStyles
	f    *excelize.File
}

type programmeStyles struct {
	label, bigText, dec1, pct, rank, warn int
}

// BuildProgrammeWorkbook builds the programme workbook in memory.
func BuildProgrammeWorkbook(prog scoring.Programme, opts ProgrammeOptions) (*excelize.File, error) {
	if opts.Lang == "" {
		opts.Lang = catalog.EN
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	b := &programmeBook{prog: prog, opts: opts, p: vocab.For(opts.Lang), f: excelize.NewFile()}
	var err error
	if b.st, err = newStyles(b.f); err != nil {
		return nil, err
	}
	if b.ps, err = newProgrammeStyles(b.f); err != nil {
		return nil, err
	}
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
		if err := b.pageSetup(names[i]); err != nil {
			return nil, err
		}
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
	return b.f, nil
}

func (b *programmeBook) sheetNames() []string {
	var out []string
	for _, k := range []string{"summary", "heat_map", "ranking", "trend", "coverage", "method"} {
		out = append(out, b.p.T("programme.wb.sheet."+k))
	}
	return out
}

func newProgrammeStyles(f *excelize.File) (*programmeStyles, error) {
	one, pct := "0.0", "0%"
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top"}
	ps := &programmeStyles{}
	for _, d := range []styleDef{
		{&ps.label, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&ps.bigText, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "1F3864"}, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&ps.dec1, &excelize.Style{Border: border, Alignment: top, CustomNumFmt: &one}},
		{&ps.pct, &excelize.Style{Border: border, Alignment: top, CustomNumFmt: &pct}},
		{&ps.rank, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}, Font: &excelize.Font{Bold: true}}},
		{&ps.warn, &excelize.Style{Border: border, Alignment: top, Font: &excelize.Font{Color: "9C5700", Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}}}},
	} {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	return ps, nil
}

// headerText escapes text for a page header or footer, where & starts a code.
func headerText(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// pageSetup gives every sheet its header and footer: the workbook's title and date, the sheet
// name and "page N of M". It runs before a sheet is streamed, which keeps it.
func (b *programmeBook) pageSetup(sh string) error {
	page := strings.NewReplacer("{page}", "&P", "{pages}", "&N").Replace(headerText(b.p.T("programme.wb.page")))
	return b.f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{
		OddHeader: "&L&\"-,Bold\"" + headerText(b.p.T("programme.wb.title")) + "&R" + headerText(b.p.Date(b.opts.Now)),
		OddFooter: "&L" + headerText(sh) + "&R" + page,
	})
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

func (b *programmeBook) indexName(i scoring.Index) string {
	switch i {
	case scoring.MaturityIndex:
		return b.p.T("index.maturity")
	case scoring.TargetIndex:
		return b.p.T("index.target")
	}
	return b.p.T("index.attainment")
}

func (b *programmeBook) figureName(figure, category string) string {
	if category == "" {
		return b.indexName(scoring.Index(figure))
	}
	key := "programme.wb.figure.mean_current"
	if figure == scoring.FigureAttainment {
		key = "programme.wb.figure.attainment"
	}
	return b.p.T(key, b.categoryLabel(category))
}

func (b *programmeBook) summary(sh string) error {
	f, st, ps, p := b.f, b.st, b.ps, b.p
	set := func(col, row int, v any, style int) {
		c := cellName(col, row)
		f.SetCellValue(sh, c, safeValue(v))
		if style != 0 {
			f.SetCellStyle(sh, c, c, style)
		}
	}
	set(1, 1, p.T("programme.wb.title"), st.title)
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
	for _, kv := range [][2]string{
		{p.T("programme.wb.date"), p.Date(b.opts.Now)},
		{p.T("programme.wb.scope"), scope},
		{p.T("programme.wb.organisations"), p.Count(len(b.prog.Rows))},
		{p.T("programme.wb.with_figures"), p.Count(withFigures)},
		{p.T("programme.wb.provisional"), p.Count(provisional)},
		{p.T("programme.wb.pack"), pack},
	} {
		set(1, row, kv[0], ps.label)
		set(2, row, kv[1], 0)
		row++
	}
	row++
	set(1, row, p.T("programme.wb.distribution"), st.title)
	row++
	heads := []string{p.T("programme.col.figure"), p.T("programme.col.n"), p.T("programme.col.min"), p.T("programme.col.q1"),
		p.T("programme.col.median"), p.T("programme.col.q3"), p.T("programme.col.max")}
	for i, h := range heads {
		set(i+1, row, h, st.header)
	}
	f.SetRowHeight(sh, row, 20)
	row++
	for _, d := range b.prog.Distributions() {
		style := ps.dec1
		if d.Figure == scoring.FigureAttainment {
			style = ps.pct
		}
		set(1, row, b.figureName(d.Figure, d.Category), st.text)
		if !d.Defined {
			set(2, row, 0, st.int_)
			for c := 3; c <= 7; c++ {
				set(c, row, p.Unknown(), st.text)
			}
			row++
			continue
		}
		set(2, row, d.Dist.N, st.int_)
		for i, v := range []float64{d.Dist.Min, d.Dist.Q1, d.Dist.Median, d.Dist.Q3, d.Dist.Max} {
			set(3+i, row, v, style)
		}
		row++
	}
	row++
	for _, line := range []string{p.T("programme.wb.summary_note"), p.T("programme.wb.provisional_note")} {
		set(1, row, line, 0)
		f.MergeCell(sh, cellName(1, row), cellName(7, row))
		f.SetCellStyle(sh, cellName(1, row), cellName(1, row), st.wrap)
		f.SetRowHeight(sh, row, rowHeight(textLines(line, 130)))
		row++
	}
	f.SetColWidth(sh, "A", "A", 58)
	f.SetColWidth(sh, "B", "B", 10)
	f.SetColWidth(sh, "C", "G", 11)
	// The summary is one page: it is what a manager reads first.
	return printReady(f, sh, true, 0, true)
}

// heatScale colours 0-5 scores red through yellow to green, as the report does.
func heatScale(f *excelize.File, sh, ref string) error {
	return f.SetConditionalFormat(sh, ref, []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MidType: "num", MidValue: "2.5", MaxType: "num", MaxValue: "5",
		MinColor: "F8696B", MidColor: "FFEB84", MaxColor: "63BE7B",
	}})
}

func (b *programmeBook) heatMap(sh string) error {
	p, st, ps := b.p, b.st, b.ps
	cats := b.prog.Categories
	ts := tableSheet{name: sh, table: "HeatMapTable", landscape: true,
		headers: []string{p.T("programme.col.organisation"), p.T("programme.col.sector"), p.T("programme.col.country"), p.T("programme.col.size_band")},
		widths:  []float64{34, 13, 11, 10},
	}
	for _, c := range cats {
		ts.headers = append(ts.headers, c.ID)
		ts.widths = append(ts.widths, 6.5)
	}
	ts.headers = append(ts.headers, p.T("programme.col.maturity"), p.T("programme.wb.col.status"))
	ts.widths = append(ts.widths, 10, 12)
	for _, r := range b.rowsWithFigures() {
		cells := []excelize.Cell{textCell(r.Org.Name, st.text), textCell(r.Sector, st.text), textCell(r.Country, st.text), textCell(string(r.SizeBand), st.text)}
		for _, c := range cats {
			var v any
			if cp := r.Category(c.ID); cp != nil && cp.MeanCurrent != nil {
				v = *cp.MeanCurrent
			}
			cells = append(cells, excelize.Cell{StyleID: ps.dec1, Value: v})
		}
		cells = append(cells, excelize.Cell{StyleID: ps.dec1, Value: fnum(r.MaturityIndex)}, b.statusCell(r))
		ts.rows = append(ts.rows, cells)
	}
	// One line of legend, so that the sheet does not spill a page for it; the Summary names the categories.
	ts.after = append(ts.after, []excelize.Cell{{Value: p.T("programme.wb.heat_legend")}})
	ts.formats = func(f *excelize.File, last int) error {
		if len(cats) > 0 {
			if err := heatScale(f, sh, cellName(5, 2)+":"+cellName(4+len(cats), last)); err != nil {
				return err
			}
		}
		col := 5 + len(cats)
		return f.SetConditionalFormat(sh, cellName(col, 2)+":"+cellName(col, last), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "100", BarColor: "5B9BD5",
		}})
	}
	return writeTableSheet(b.f, st, ts)
}

// statusCell says "provisional" (highlighted) for a row below the completeness threshold.
func (b *programmeBook) statusCell(r scoring.ProgrammeRow) excelize.Cell {
	if r.Provisional {
		return excelize.Cell{StyleID: b.ps.warn, Value: b.p.Provisional()}
	}
	return excelize.Cell{StyleID: b.st.text, Value: ""}
}

func (b *programmeBook) ranking(sh string) error {
	p, st, ps := b.p, b.st, b.ps
	ts := tableSheet{name: sh, table: "RankingTable", landscape: true,
		headers: []string{p.T("programme.wb.col.rank"), p.T("programme.col.organisation"), p.T("programme.col.sector"), p.T("programme.col.country"),
			p.T("programme.col.size_band"), p.T("programme.col.cycle"), p.T("index.maturity"), p.T("programme.wb.col.change"), p.T("index.target"),
			p.T("index.attainment"), p.T("programme.col.completeness"), p.T("programme.wb.col.completeness_pct"), p.T("programme.wb.col.status")},
		widths: []float64{6, 32, 12, 10, 10, 12, 11, 9, 11, 12, 10, 14, 12},
	}
	for _, r := range b.prog.Ranking() {
		ts.rows = append(ts.rows, []excelize.Cell{
			{StyleID: ps.rank, Value: r.Rank}, textCell(r.Org.Name, st.text), textCell(r.Sector, st.text), textCell(r.Country, st.text),
			textCell(string(r.SizeBand), st.text), textCell(r.Cycle.Name, st.text),
			{StyleID: ps.dec1, Value: fnum(r.MaturityIndex)}, {StyleID: ps.dec1, Value: fnum(r.MaturityChange)},
			{StyleID: ps.dec1, Value: fnum(r.TargetIndex)}, {StyleID: ps.dec1, Value: fnum(r.AttainmentIndex)},
			textCell(p.T("programme.cell.completeness", p.Count(r.Assessed), p.Count(r.InScope)), st.int_),
			{StyleID: ps.pct, Value: fnum(r.Completeness)}, b.statusCell(r.ProgrammeRow),
		})
	}
	ts.formats = func(f *excelize.File, last int) error {
		return f.SetConditionalFormat(sh, fmt.Sprintf("G2:G%d", last), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "100", BarColor: "5B9BD5",
		}})
	}
	return writeTableSheet(b.f, st, ts)
}

func (b *programmeBook) trend(sh string) error {
	p, st, ps := b.p, b.st, b.ps
	ts := tableSheet{name: sh, table: "TrendTable", landscape: true,
		headers: []string{p.T("programme.col.organisation"), p.T("programme.wb.col.seq"), p.T("programme.wb.col.cycle"),
			p.T("index.maturity"), p.T("index.target"), p.T("index.attainment")},
		widths: []float64{34, 7, 16, 12, 12, 12},
	}
	for _, r := range b.prog.Rows {
		for i, t := range r.Trend {
			ts.rows = append(ts.rows, []excelize.Cell{textCell(r.Org.Name, st.text), {StyleID: st.int_, Value: i + 1}, textCell(t.Cycle, st.text),
				{StyleID: ps.dec1, Value: fnum(t.MaturityIndex)}, {StyleID: ps.dec1, Value: fnum(t.TargetIndex)}, {StyleID: ps.dec1, Value: fnum(t.AttainmentIndex)}})
		}
	}
	ts.after = append(ts.after, []excelize.Cell{{Value: p.T("programme.wb.trend_note")}})
	return writeTableSheet(b.f, st, ts)
}

func (b *programmeBook) coverage(sh string) error {
	p, st, ps := b.p, b.st, b.ps
	ts := tableSheet{name: sh, table: "CoverageTable", landscape: true,
		headers: []string{p.T("programme.col.organisation"), p.T("programme.col.sector"), p.T("programme.col.country"), p.T("programme.col.cycle"),
			p.T("programme.wb.col.mandatory_coverage"), p.T("programme.wb.col.coverage"), p.T("programme.wb.col.missing_count"), p.T("programme.wb.col.missing")},
		widths: []float64{32, 12, 10, 12, 13, 13, 15, 50},
	}
	for _, r := range b.rowsWithFigures() {
		ts.rows = append(ts.rows, []excelize.Cell{textCell(r.Org.Name, st.text), textCell(r.Sector, st.text), textCell(r.Country, st.text), textCell(r.Cycle.Name, st.text),
			{StyleID: ps.pct, Value: fnum(r.MandatoryCoverage)}, {StyleID: ps.pct, Value: fnum(r.Coverage)},
			{StyleID: st.int_, Value: len(r.MissingMandatory)}, textCell(strings.Join(r.MissingMandatory, ", "), st.wrap)})
	}
	ts.formats = func(f *excelize.File, last int) error {
		return f.SetConditionalFormat(sh, fmt.Sprintf("E2:E%d", last), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MidType: "num", MidValue: "0.8", MaxType: "num", MaxValue: "1",
			MinColor: "F8696B", MidColor: "FFEB84", MaxColor: "63BE7B",
		}})
	}
	return writeTableSheet(b.f, st, ts)
}

// method writes the programme formulas from scoring, then the evaluation method of the pack.
func (b *programmeBook) method(sh string) error {
	f, st := b.f, b.st
	row := 1
	set := func(col int, v any, style int) {
		c := cellName(col, row)
		f.SetCellValue(sh, c, safeValue(v))
		if style != 0 {
			f.SetCellStyle(sh, c, c, style)
		}
	}
	formulas := func(fs []scoring.Formula) {
		for _, fm := range fs {
			set(1, fm.Name, st.wrap)
			set(2, fm.Text, st.wrap)
			f.SetRowHeight(sh, row, rowHeight(max(textLines(fm.Text, 100), textLines(fm.Name, 28))))
			row++
		}
	}
	set(1, b.p.T("programme.wb.method_title"), st.title)
	row += 2
	formulas(scoring.ProgrammeMethod(b.p))
	if b.opts.Pack != nil {
		m := scoring.Method(b.opts.Pack, b.opts.Lang)
		row++
		set(1, m.Title+": "+m.Pack, st.title)
		row++
		formulas(m.Formulas)
		row++
		set(1, m.Labels.Weights, st.title)
		row++
		for _, w := range m.Weights {
			set(1, w.Name, st.text)
			set(2, w.Weight, st.int_)
			row++
		}
	}
	f.SetColWidth(sh, "A", "A", 30)
	f.SetColWidth(sh, "B", "B", 100)
	return printReady(f, sh, true, 0, false)
}
