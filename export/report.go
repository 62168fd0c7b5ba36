package export

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

// ReportOptions configures WriteReport.
type ReportOptions struct {
	Lang     catalog.Lang
	Password string // encrypts the workbook when set
	Progress Progress
	Now      time.Time // report date; zero means now
}

// reportSteps is the number of progress steps of a report: one per sheet and the save.
const reportSteps = 8

// reportData is everything a report shows; figures come from scoring.Evaluate only.
type reportData struct {
	d       *catalog.CycleData
	res     scoring.Result
	method  scoring.MethodDoc
	actions []catalog.Action
	reviews []catalog.Review
	changes []catalog.Change // this cycle, oldest first
	// cycleNames names the organisation's cycles by ID.
	cycleNames map[int64]string
	lang       catalog.Lang
	lb         *labels
	now        time.Time
}

// WriteReport writes the evaluation report of a cycle to path.
func WriteReport(ctx context.Context, store *catalog.Store, cycleID int64, opts ReportOptions, path string) error {
	d, err := store.CycleData(ctx, cycleID)
	if err != nil {
		return err
	}
	hist, err := store.History(ctx, d.Org.ID)
	if err != nil {
		return err
	}
	rd := &reportData{d: d, res: scoring.Evaluate(d, hist), lang: opts.Lang, now: opts.Now}
	if rd.lang == "" {
		rd.lang = catalog.EN
	}
	if rd.now.IsZero() {
		rd.now = time.Now()
	}
	rd.lb = labelsFor(rd.lang)
	rd.method = scoring.Method(d.Pack, rd.lang)
	if rd.actions, err = store.CycleActions(ctx, cycleID); err != nil {
		return err
	}
	rd.cycleNames = map[int64]string{}
	for _, h := range hist {
		rd.cycleNames[h.Cycle.ID] = h.Cycle.Name
	}
	if rd.reviews, err = store.Reviews(ctx, cycleID); err != nil {
		return err
	}
	changes, err := store.Changes(ctx, catalog.ChangeQuery{OrgID: d.Org.ID, CycleID: cycleID})
	if err != nil {
		return err
	}
	for i := len(changes) - 1; i >= 0; i-- {
		rd.changes = append(rd.changes, changes[i])
	}
	f, err := rd.build(opts.Progress)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	if err := saveWorkbook(f, path, opts.Password); err != nil {
		return err
	}
	opts.Progress.step(reportSteps, reportSteps)
	return nil
}

// sheet names in the report's language.
func (rd *reportData) sheets() []string {
	lb := rd.lb
	return []string{lb.summary, lb.catalogue, lb.profile, lb.portfolio, lb.actions, lb.changes, lb.method}
}

func (rd *reportData) build(progress Progress) (*excelize.File, error) {
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	rs, err := newReportStyles(f)
	if err != nil {
		return nil, err
	}
	names := rd.sheets()
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return nil, err
	}
	for _, n := range names[1:] {
		if _, err := f.NewSheet(n); err != nil {
			return nil, err
		}
	}
	steps := []func(*excelize.File, *styles, *reportStyles) error{
		rd.summary, rd.catalogue, rd.profile, rd.portfolio, rd.actionsSheet, rd.changesSheet, rd.methodSheet,
	}
	for i, step := range steps {
		if err := step(f, st, rs); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", names[i], err)
		}
		progress.step(i+1, reportSteps)
	}
	lb := rd.lb
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    lb.rTitle + " - " + rd.d.Org.Name + " - " + rd.d.Cycle.Name,
		Subject:  rd.d.Pack.Name.In(rd.lang),
		Creator:  "CDC Toolkit",
		Keywords: "X.1060; CDC; evaluation",
		Created:  w3c(rd.now), Modified: w3c(rd.now),
		Language: string(rd.lang),
		Category: lb.rTitle,
	}); err != nil {
		return nil, err
	}
	// The first sheet is active already; SetActiveSheet would re-read every streamed sheet.
	return f, nil
}

// reportStyles are the report-only styles.
type reportStyles struct {
	label, bigNum, pctCell, dec1Cell, gapFill, gapStrong int
}

func newReportStyles(f *excelize.File) (*reportStyles, error) {
	one, pct := "0.0", "0.0%"
	rs := &reportStyles{}
	var err error
	if rs.label, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return nil, err
	}
	if rs.bigNum, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "1F3864"}, CustomNumFmt: &one, Alignment: &excelize.Alignment{Horizontal: "left"}}); err != nil {
		return nil, err
	}
	if rs.pctCell, err = f.NewStyle(&excelize.Style{CustomNumFmt: &pct, Alignment: &excelize.Alignment{Horizontal: "left"}}); err != nil {
		return nil, err
	}
	if rs.dec1Cell, err = f.NewStyle(&excelize.Style{CustomNumFmt: &one}); err != nil {
		return nil, err
	}
	if rs.gapFill, err = f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}, Font: &excelize.Font{Color: "9C5700"}}); err != nil {
		return nil, err
	}
	if rs.gapStrong, err = f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8CBAD"}}, Font: &excelize.Font{Bold: true, Color: "9C0006"}}); err != nil {
		return nil, err
	}
	return rs, nil
}

// quoted returns a sheet name for use in a reference.
func quoted(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'" }

// absRange returns 'Sheet'!$A$1:$B$2.
func absRange(sheet string, c1, r1, c2, r2 int) string {
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoted(sheet), colName(c1), r1, colName(c2), r2)
}

func fnum(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func inum(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}

func title(text string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text, Font: &excelize.Font{Bold: true, Size: 12}}}}
}

func (rd *reportData) categoryName(id string) string {
	if c, ok := rd.d.Pack.Category(id); ok {
		return id + " " + c.Name.In(rd.lang)
	}
	return id
}

func (rd *reportData) serviceName(id string) string {
	if s, ok := rd.d.Pack.Service(id); ok {
		return s.Name.In(rd.lang)
	}
	return id
}

// kindName localises a change kind.
func (rd *reportData) kindName(k scoring.ChangeKind) string {
	en := map[scoring.ChangeKind]string{scoring.Improved: "improved", scoring.Declined: "declined", scoring.Unchanged: "unchanged",
		scoring.CarriedOver: "carried over", scoring.NewlyAssessed: "newly assessed"}
	ja := map[scoring.ChangeKind]string{scoring.Improved: "向上", scoring.Declined: "低下", scoring.Unchanged: "変化なし",
		scoring.CarriedOver: "引継ぎ", scoring.NewlyAssessed: "新規評価"}
	m := en
	if rd.lang == catalog.JA {
		m = ja
	}
	if v, ok := m[k]; ok {
		return v
	}
	return string(k)
}

func (rd *reportData) word(en, ja string) string {
	if rd.lang == catalog.JA {
		return ja
	}
	return en
}

func (rd *reportData) summary(f *excelize.File, st *styles, rs *reportStyles) error {
	lb, res, sh := rd.lb, rd.res, rd.lb.summary
	set := func(col, row int, v any, style int) {
		c := cellName(col, row)
		f.SetCellValue(sh, c, safeValue(v))
		if style != 0 {
			f.SetCellStyle(sh, c, c, style)
		}
	}
	set(1, 1, lb.rTitle, st.title)
	row := 3
	for _, kv := range [][2]string{
		{lb.organisation, rd.d.Org.Name}, {lb.cycle, rd.d.Cycle.Name},
		{lb.date, rd.now.Format("2006-01-02")},
		{lb.pack, rd.d.Pack.Name.In(rd.lang) + " (" + rd.d.Pack.Ref() + ")"},
	} {
		set(1, row, kv[0], rs.label)
		set(2, row, kv[1], 0)
		row++
	}
	row++
	figure := func(name string, v *float64, style int) {
		set(1, row, name, rs.label)
		if v == nil {
			set(2, row, lb.undefined, 0)
		} else {
			set(2, row, *v, style)
		}
		row++
	}
	figure(lb.maturityIdx, res.Portfolio.MaturityIndex, rs.bigNum)
	figure(lb.targetIdx, res.Portfolio.TargetIndex, rs.bigNum)
	figure(lb.attainmentIdx, res.Portfolio.AttainmentIndex, rs.bigNum)
	figure(lb.coverageMand, res.Catalogue.Coverage.Mandatory, rs.pctCell)
	figure(lb.coverageAll, res.Catalogue.Coverage.Overall, rs.pctCell)
	figure(lb.completeness, res.Catalogue.AssessedRatio, rs.pctCell)
	set(1, row, lb.missingMand, rs.label)
	set(2, row, strings.Join(res.Catalogue.MissingMandatory, ", "), st.wrap)
	row += 2

	// Chart data: current vs target per category, then the provider mix.
	radarTop := row
	set(1, row, lb.category, st.header)
	set(2, row, lb.meanCurrent, st.header)
	set(3, row, lb.meanTarget, st.header)
	row++
	for _, c := range res.Portfolio.ByCategory {
		set(1, row, rd.categoryName(c.ID), st.text)
		set(2, row, fnum(c.MeanCurrent), st.dec1)
		set(3, row, fnum(c.MeanTarget), st.dec1)
		row++
	}
	radarBottom := row - 1
	row++
	mixTop := row
	set(1, row, lb.assignment, st.header)
	set(2, row, lb.count, st.header)
	set(3, row, lb.share, st.header)
	row++
	mix := res.Portfolio.ProviderMix
	for _, a := range catalog.Assignments {
		set(1, row, rd.d.Pack.AssignmentName(a, rd.lang), st.text)
		set(2, row, mix.Count(a), st.int_)
		set(3, row, fnum(mix.Share(a)), st.pct)
		row++
	}
	mixBottom := row - 1
	// The charts sit in columns D-J beside the figures; the gaps table starts below them.
	row = max(row+1, 42)

	set(1, row, lb.topGaps, st.title)
	row++
	heads := []string{lb.id, lb.service, lb.cur, lb.tgt, lb.gap, lb.weight, lb.priority}
	for i, h := range heads {
		set(i+1, row, h, st.header)
	}
	row++
	for i, p := range res.Profile.Priorities {
		if i == 10 {
			break
		}
		set(1, row, p.ID, st.text)
		set(2, row, p.Name.In(rd.lang), st.wrap)
		set(3, row, p.Current, st.int_)
		set(4, row, p.Target, st.int_)
		set(5, row, p.Gap, st.int_)
		set(6, row, p.Weight, st.int_)
		set(7, row, p.Priority, st.int_)
		row++
	}
	f.SetColWidth(sh, "A", "A", 34)
	f.SetColWidth(sh, "B", "B", 40)
	f.SetColWidth(sh, "C", "J", 11)

	if radarBottom >= radarTop+1 {
		if err := f.AddChart(sh, "D3", &excelize.Chart{
			Type: excelize.Radar,
			Series: []excelize.ChartSeries{
				{Name: absRange(sh, 2, radarTop, 2, radarTop), Categories: absRange(sh, 1, radarTop+1, 1, radarBottom), Values: absRange(sh, 2, radarTop+1, 2, radarBottom)},
				{Name: absRange(sh, 3, radarTop, 3, radarTop), Categories: absRange(sh, 1, radarTop+1, 1, radarBottom), Values: absRange(sh, 3, radarTop+1, 3, radarBottom)},
			},
			Title:     title(lb.radarTitle),
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 600, Height: 420},
			YAxis:     excelize.ChartAxis{Minimum: ptrF(0), Maximum: ptrF(5)},
		}); err != nil {
			return err
		}
	}
	if err := f.AddChart(sh, "D25", &excelize.Chart{
		Type:      excelize.Bar,
		Series:    []excelize.ChartSeries{{Name: absRange(sh, 2, mixTop, 2, mixTop), Categories: absRange(sh, 1, mixTop+1, 1, mixBottom), Values: absRange(sh, 2, mixTop+1, 2, mixBottom)}},
		Title:     title(lb.mixTitle),
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: 600, Height: 300},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	}); err != nil {
		return err
	}
	return printReady(f, sh, true, 0, true)
}

func ptrF(v float64) *float64 { return &v }

// printReady makes a sheet print-ready: A4, orientation, fit to width (and to one page when
// onePage) and repeated header rows.
func printReady(f *excelize.File, sh string, landscape bool, titleRow int, onePage bool) error {
	yes := true
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	one, height, size := 1, 0, 9
	if onePage {
		height = 1
	}
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &height}); err != nil {
		return err
	}
	if titleRow > 0 {
		return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$%d:$%d", quoted(sh), titleRow, titleRow), Scope: sh})
	}
	return nil
}

// tableSheet is a list sheet written with the stream writer: header row, rows, a table with
// filter buttons, a frozen header and print settings.
type tableSheet struct {
	name      string
	table     string
	headers   []string
	widths    []float64
	rows      [][]excelize.Cell
	after     [][]excelize.Cell // plain rows below the table, after a gap
	landscape bool
	// formats are applied to the table's range before Flush.
	formats func(f *excelize.File, lastRow int) error
}

func writeTableSheet(f *excelize.File, st *styles, ts tableSheet) error {
	// Sheet properties and page setup come before streaming: the stream writer emits them early.
	if err := printReady(f, ts.name, ts.landscape, 1, false); err != nil {
		return err
	}
	yes := true
	sw, err := f.NewStreamWriter(ts.name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, w := range ts.widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	head := make([]any, len(ts.headers))
	for i, h := range ts.headers {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", safeRow(head), excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	for i, r := range ts.rows {
		vals := make([]any, len(r))
		lines := 1
		for j := range r {
			vals[j] = r[j]
			if s, ok := r[j].Value.(string); ok && r[j].StyleID == st.wrap && j < len(ts.widths) {
				lines = max(lines, textLines(s, ts.widths[j]))
			}
		}
		var opts []excelize.RowOpts
		if lines > 1 {
			// Streamed rows are not auto-fitted by spreadsheet applications; size them for wrapped text.
			opts = append(opts, excelize.RowOpts{Height: rowHeight(lines)})
		}
		if err := sw.SetRow(cellName(1, i+2), safeRow(vals), opts...); err != nil {
			return err
		}
	}
	last := len(ts.rows) + 1
	for i, r := range ts.after {
		vals := make([]any, len(r))
		for j := range r {
			vals[j] = r[j]
		}
		if err := sw.SetRow(cellName(1, last+1+i), safeRow(vals)); err != nil {
			return err
		}
	}
	if len(ts.rows) > 0 {
		if err := sw.AddTable(&excelize.Table{Range: "A1:" + cellName(len(ts.headers), last), Name: ts.table, StyleName: "TableStyleLight1", ShowRowStripes: &yes}); err != nil {
			return err
		}
		if ts.formats != nil {
			if err := ts.formats(f, last); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

func textCell(v string, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: v}
}

func (rd *reportData) catalogue(f *excelize.File, st *styles, rs *reportStyles) error {
	lb := rd.lb
	ts := tableSheet{name: lb.catalogue, table: "CatalogueTable", landscape: true,
		headers: []string{lb.id, lb.category, lb.service, lb.level, lb.inScope, lb.assignment, lb.provider,
			lb.target, lb.current, lb.gap, lb.attainment, lb.evidence, rd.word("Carried over", "引継ぎ")},
		widths: []float64{8, 24, 36, 13, 9, 13, 20, 10, 10, 8, 11, 44, 11},
	}
	for _, s := range rd.res.Services {
		state, _ := rd.d.Service(s.ID)
		evidence := ""
		if state != nil {
			evidence = state.Evidence
		}
		scope, carried := lb.yes, ""
		if !s.InScope {
			scope = lb.no
		}
		if s.CarriedOver {
			carried = lb.yes
		}
		ts.rows = append(ts.rows, []excelize.Cell{
			{StyleID: st.text, Value: s.ID},
			textCell(rd.categoryName(s.Category), st.text),
			textCell(s.Name.In(rd.lang), st.wrap),
			{StyleID: st.text, Value: rd.d.Pack.LevelName(s.Level, rd.lang)},
			{StyleID: st.text, Value: scope},
			{StyleID: st.text, Value: rd.d.Pack.AssignmentName(s.Assignment, rd.lang)},
			textCell(s.Provider, st.text),
			{StyleID: st.int_, Value: inum(s.Target)},
			{StyleID: st.int_, Value: inum(s.Current)},
			{StyleID: st.int_, Value: inum(s.Gap)},
			{StyleID: st.pct, Value: fnum(s.Attainment)},
			textCell(evidence, st.wrap),
			{StyleID: st.text, Value: carried},
		})
	}
	ts.formats = func(f *excelize.File, last int) error {
		sh := lb.catalogue
		gap := fmt.Sprintf("J2:J%d", last)
		if err := f.SetConditionalFormat(sh, gap, []excelize.ConditionalFormatOptions{
			{Type: "cell", Criteria: ">=", Value: "2", Format: &rs.gapStrong, StopIfTrue: true},
			{Type: "cell", Criteria: ">", Value: "0", Format: &rs.gapFill},
		}); err != nil {
			return err
		}
		return f.SetConditionalFormat(sh, fmt.Sprintf("I2:I%d", last), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MidType: "num", MidValue: "2.5", MaxType: "num", MaxValue: "5",
			MinColor: "F8696B", MidColor: "FFEB84", MaxColor: "63BE7B",
		}})
	}
	return writeTableSheet(f, st, ts)
}

func (rd *reportData) profile(f *excelize.File, st *styles, rs *reportStyles) error {
	lb, sh, res := rd.lb, rd.lb.profile, rd.res
	below := map[string][]string{}
	for _, p := range res.Profile.Priorities {
		below[p.Category] = append(below[p.Category], p.ID)
	}
	heads := []any{lb.category, lb.services, rd.word("Assessed", "評価済み"), lb.meanCurrent, lb.meanTarget, lb.attainment, lb.belowTarget}
	if err := f.SetSheetRow(sh, "A1", &heads); err != nil {
		return err
	}
	f.SetCellStyle(sh, "A1", cellName(len(heads), 1), st.header)
	row := 2
	for _, c := range res.Profile.Categories {
		vals := []any{rd.categoryName(c.ID), c.InScope, c.Assessed, fnum(c.MeanCurrent), fnum(c.MeanTarget), fnum(c.Attainment), strings.Join(below[c.ID], ", ")}
		if err := f.SetSheetRow(sh, cellName(1, row), ptr(safeRow(vals))); err != nil {
			return err
		}
		row++
	}
	if row > 2 {
		f.SetCellStyle(sh, "A2", cellName(1, row-1), st.text)
		f.SetCellStyle(sh, "B2", cellName(3, row-1), st.int_)
		f.SetCellStyle(sh, "D2", cellName(5, row-1), st.dec1)
		f.SetCellStyle(sh, "F2", cellName(6, row-1), st.pct)
		f.SetCellStyle(sh, "G2", cellName(7, row-1), st.wrap)
		if err := f.SetConditionalFormat(sh, fmt.Sprintf("F2:F%d", row-1), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1", BarColor: "5B9BD5",
		}}); err != nil {
			return err
		}
	}
	row += 2
	f.SetCellValue(sh, cellName(1, row), rd.word("Priorities (services below target, by weight x gap)", "優先順位（目標未達のサービス、重み×ギャップ順）"))
	f.SetCellStyle(sh, cellName(1, row), cellName(1, row), st.title)
	row++
	ph := []any{lb.id, lb.service, lb.category, lb.current, lb.target, lb.gap, lb.weight, lb.priority}
	f.SetSheetRow(sh, cellName(1, row), &ph)
	f.SetCellStyle(sh, cellName(1, row), cellName(len(ph), row), st.header)
	row++
	start := row
	for _, p := range res.Profile.Priorities {
		vals := []any{p.ID, p.Name.In(rd.lang), p.Category, p.Current, p.Target, p.Gap, p.Weight, p.Priority}
		f.SetSheetRow(sh, cellName(1, row), ptr(safeRow(vals)))
		row++
	}
	if row > start {
		f.SetCellStyle(sh, cellName(1, start), cellName(3, row-1), st.text)
		f.SetCellStyle(sh, cellName(4, start), cellName(8, row-1), st.int_)
	}
	for i, w := range []float64{30, 30, 10, 12, 12, 12, 30, 10} {
		f.SetColWidth(sh, colName(i+1), colName(i+1), w)
	}
	f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	return printReady(f, sh, true, 1, false)
}

func (rd *reportData) portfolio(f *excelize.File, st *styles, rs *reportStyles) error {
	lb, sh, res := rd.lb, rd.lb.portfolio, rd.res
	set := func(col, row int, v any, style int) {
		c := cellName(col, row)
		f.SetCellValue(sh, c, safeValue(v))
		if style != 0 {
			f.SetCellStyle(sh, c, c, style)
		}
	}
	set(1, 1, lb.matrix, st.title)
	row := 2
	set(1, row, lb.category, st.header)
	for i, a := range catalog.Assignments {
		set(i+2, row, rd.d.Pack.AssignmentName(a, rd.lang), st.header)
	}
	set(len(catalog.Assignments)+2, row, lb.total, st.header)
	row++
	writeMix := func(name string, m scoring.ProviderMix) {
		set(1, row, name, st.text)
		for i, a := range catalog.Assignments {
			set(i+2, row, m.Count(a), st.int_)
		}
		set(len(catalog.Assignments)+2, row, m.Total, st.int_)
		row++
	}
	for _, c := range res.Portfolio.ByCategory {
		writeMix(rd.categoryName(c.ID), c.ProviderMix)
	}
	writeMix(lb.total, res.Portfolio.ProviderMix)
	row++

	set(1, row, lb.trend, st.title)
	row++
	trendTop := row
	for i, h := range []string{lb.cycle, lb.maturityIdx, lb.targetIdx, lb.attainmentIdx} {
		set(i+1, row, h, st.header)
	}
	row++
	for _, p := range res.Portfolio.Trend {
		set(1, row, p.Cycle, st.text)
		set(2, row, fnum(p.MaturityIndex), st.dec1)
		set(3, row, fnum(p.TargetIndex), st.dec1)
		set(4, row, fnum(p.AttainmentIndex), st.dec1)
		row++
	}
	trendBottom := row - 1
	if trendBottom > trendTop {
		var series []excelize.ChartSeries
		for col := 2; col <= 4; col++ {
			series = append(series, excelize.ChartSeries{Name: absRange(sh, col, trendTop, col, trendTop),
				Categories: absRange(sh, 1, trendTop+1, 1, trendBottom), Values: absRange(sh, col, trendTop+1, col, trendBottom),
				Marker: excelize.ChartMarker{Symbol: "circle", Size: 6}})
		}
		if err := f.AddChart(sh, cellName(9, 2), &excelize.Chart{
			Type: excelize.Line, Series: series, Title: title(lb.trendTitle),
			Legend: excelize.ChartLegend{Position: "bottom"}, Dimension: excelize.ChartDimension{Width: 560, Height: 320},
			YAxis: excelize.ChartAxis{Minimum: ptrF(0), Maximum: ptrF(100)},
		}); err != nil {
			return err
		}
	}
	row++
	set(1, row, lb.changesPrev, st.title)
	row++
	for i, h := range []string{lb.id, lb.service, lb.from, lb.to, lb.kind} {
		set(i+1, row, h, st.header)
	}
	row++
	for _, c := range res.Portfolio.Changes {
		set(1, row, c.ID, st.text)
		set(2, row, rd.serviceName(c.ID), st.text)
		set(3, row, inum(c.From), st.int_)
		set(4, row, inum(c.To), st.int_)
		set(5, row, rd.kindName(c.Kind), st.text)
		row++
	}
	row++
	for i, h := range []string{lb.category, lb.from, lb.to, lb.kind} {
		set(i+1, row, h, st.header)
	}
	row++
	for _, c := range res.Portfolio.CategoryChanges {
		set(1, row, rd.categoryName(c.ID), st.text)
		set(2, row, fnum(c.From), st.dec1)
		set(3, row, fnum(c.To), st.dec1)
		set(4, row, rd.kindName(c.Kind), st.text)
		row++
	}
	f.SetColWidth(sh, "A", "A", 30)
	f.SetColWidth(sh, "B", "B", 30)
	f.SetColWidth(sh, "C", "H", 13)
	return printReady(f, sh, true, 0, false)
}

func (rd *reportData) actionsSheet(f *excelize.File, st *styles, rs *reportStyles) error {
	lb := rd.lb
	horizon := map[catalog.Horizon]string{catalog.ShortTerm: rd.word("short-term", "短期"), catalog.LongTerm: rd.word("mid/long-term", "中長期")}
	status := map[catalog.ActionStatus]string{catalog.ActionPlanned: rd.word("planned", "計画"), catalog.ActionInProgress: rd.word("in progress", "実施中"),
		catalog.ActionDone: rd.word("done", "完了"), catalog.ActionDropped: rd.word("dropped", "中止")}
	ts := tableSheet{name: lb.actions, table: "ActionsTable", landscape: true,
		headers: []string{"#", lb.id, lb.title, lb.horizon, lb.owner, lb.due, lb.status, lb.notes, lb.cycle},
		widths:  []float64{6, 8, 40, 14, 18, 12, 12, 50, 14},
	}
	for _, a := range rd.actions {
		ts.rows = append(ts.rows, []excelize.Cell{
			{StyleID: st.int_, Value: a.ID}, {StyleID: st.text, Value: a.ServiceID}, textCell(a.Title, st.wrap),
			{StyleID: st.text, Value: horizon[a.Horizon]}, textCell(a.Owner, st.text), {StyleID: st.text, Value: a.Due},
			{StyleID: st.text, Value: status[a.Status]}, textCell(a.Notes, st.wrap), textCell(rd.cycleNames[a.CycleID], st.text),
		})
	}
	// Reviews follow the actions as plain rows, after a blank line and their own header.
	if len(rd.reviews) > 0 {
		ts.after = append(ts.after, []excelize.Cell{})
		ts.after = append(ts.after, []excelize.Cell{{StyleID: st.header, Value: lb.reviews}, {StyleID: st.header, Value: lb.heldOn},
			{StyleID: st.header, Value: rd.word("Kind", "種別")}, {StyleID: st.header, Value: lb.notes}})
		for _, r := range rd.reviews {
			ts.after = append(ts.after, []excelize.Cell{{StyleID: st.int_, Value: r.ID}, {StyleID: st.text, Value: r.HeldOn},
				textCell(r.Kind, st.text), textCell(r.Notes, st.wrap)})
		}
	}
	return writeTableSheet(f, st, ts)
}

func (rd *reportData) changesSheet(f *excelize.File, st *styles, rs *reportStyles) error {
	lb := rd.lb
	ts := tableSheet{name: lb.changes, table: "ChangesTable", landscape: true,
		headers: []string{lb.at, lb.entity, lb.key, lb.field, lb.old, lb.new, lb.who, lb.reason, lb.source},
		widths:  []float64{18, 12, 12, 12, 24, 24, 14, 24, 22},
	}
	for _, c := range rd.changes {
		ts.rows = append(ts.rows, []excelize.Cell{
			{StyleID: st.date, Value: c.At.UTC()}, {StyleID: st.text, Value: string(c.Entity)}, textCell(c.Key, st.text), {StyleID: st.text, Value: string(c.Field)},
			textCell(c.Old, st.wrap), textCell(c.New, st.wrap), textCell(c.Who, st.text), textCell(c.Reason, st.wrap), textCell(c.Source, st.text),
		})
	}
	return writeTableSheet(f, st, ts)
}

func (rd *reportData) methodSheet(f *excelize.File, st *styles, rs *reportStyles) error {
	m, sh := rd.method, rd.lb.method
	row := 1
	set := func(col int, v any, style int) {
		c := cellName(col, row)
		f.SetCellValue(sh, c, safeValue(v))
		if style != 0 {
			f.SetCellStyle(sh, c, c, style)
		}
	}
	set(1, m.Title, st.title)
	set(2, m.Pack, 0)
	row += 2
	set(1, m.Labels.Scale, st.title)
	row++
	set(1, m.Labels.Score, st.header)
	set(2, m.Labels.InHouse, st.header)
	set(3, m.Labels.Outsourced, st.header)
	row++
	for _, s := range m.Scale {
		set(1, s.Score, st.int_)
		set(2, s.InHouse, st.wrap)
		set(3, s.Outsourced, st.wrap)
		f.SetRowHeight(sh, row, rowHeight(max(textLines(s.InHouse, 55), textLines(s.Outsourced, 55))))
		row++
	}
	set(1, m.Labels.NotAssessed, 0)
	row += 2
	set(1, m.Labels.Weights, st.title)
	row++
	set(1, m.Labels.Level, st.header)
	set(2, m.Labels.Weight, st.header)
	row++
	for _, w := range m.Weights {
		set(1, w.Name, st.text)
		set(2, w.Weight, st.int_)
		row++
	}
	row++
	set(1, m.Labels.Formulas, st.title)
	row++
	for _, fm := range m.Formulas {
		set(1, fm.Name, st.text)
		set(2, fm.Text, st.wrap)
		f.MergeCell(sh, cellName(2, row), cellName(3, row))
		f.SetRowHeight(sh, row, rowHeight(max(textLines(fm.Text, 110), textLines(fm.Name, 28))))
		row++
	}
	row++
	set(1, m.Labels.Provenance, st.title)
	row++
	set(1, m.Provenance, st.wrap)
	f.MergeCell(sh, cellName(1, row), cellName(3, row))
	f.SetRowHeight(sh, row, rowHeight(textLines(m.Provenance, 138)))
	f.SetColWidth(sh, "A", "A", 28)
	f.SetColWidth(sh, "B", "C", 55)
	return printReady(f, sh, false, 0, false)
}

// textLines estimates how many lines text wraps to in a column of the given width
// (in characters; East Asian wide characters count twice).
func textLines(s string, width float64) int {
	per := max(int(width*1.1), 1)
	lines := 0
	for _, para := range strings.Split(s, "\n") {
		w := 0
		for _, r := range para {
			if r >= 0x1100 && (r <= 0x115F || (r >= 0x2E80 && r <= 0xA4CF) || (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFF00 && r <= 0xFF60)) {
				w += 2
			} else {
				w++
			}
		}
		lines += max(1, (w+per-1)/per)
	}
	return max(lines, 1)
}

// rowHeight is the height in points of a row of n text lines, within Excel's limit.
func rowHeight(n int) float64 { return min(float64(n)*15+3, 409) }
