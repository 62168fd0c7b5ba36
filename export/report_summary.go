package export

import (
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

// headline is the report's story in two or three sentences: maturity and its change,
// mandatory services not provided, overdue actions, and the largest gap left without action.
func (rd *reportData) headline() string {
	pr, res := rd.pr, rd.res
	var parts []string
	cur := res.Portfolio.MaturityIndex
	switch {
	case cur == nil:
		parts = append(parts, pr.T("report.headline.unknown"))
	case rd.prev != nil && rd.prevRes.Portfolio.MaturityIndex != nil:
		delta := *scoring.ShownChange(rd.prevRes.Portfolio.MaturityIndex, cur)
		key := "report.headline.same"
		if delta > 0 {
			key = "report.headline.up"
		} else if delta < 0 {
			key, delta = "report.headline.down", -delta
		}
		parts = append(parts, pr.T(key, pr.Index(cur), pr.Decimal(delta, 1), rd.prevName()))
	default:
		parts = append(parts, pr.T("report.headline.maturity", pr.Index(cur)))
	}
	cat := res.Catalogue
	if cur != nil && scoring.Provisional(cat.Assessed, cat.InScope) {
		parts = append(parts, pr.T("report.headline.provisional", pr.Completeness(cat.Assessed, cat.InScope)))
	}
	if n := len(cat.MissingMandatory); n > 0 {
		parts = append(parts, pr.N("report.headline.missing", n, n, rd.nameList(cat.MissingMandatory, 3)))
	} else if cat.InScope > 0 {
		parts = append(parts, pr.T("report.headline.all_mandatory"))
	}
	open, overdue := rd.openActions()
	switch {
	case open == 0:
		parts = append(parts, pr.T("report.headline.no_actions"))
	case overdue == 0:
		parts = append(parts, pr.T("report.headline.no_overdue"))
	default:
		parts = append(parts, pr.N("report.headline.overdue", overdue, overdue, open))
	}
	if pri := res.Profile.Priorities; len(pri) > 0 {
		if _, ok := rd.actionFor(pri[0].ID); !ok {
			parts = append(parts, pr.T("report.headline.gap_no_action", pri[0].ID, pri[0].Name.In(rd.lang)))
		}
	}
	sep := " "
	if rd.lang == catalog.JA {
		sep = ""
	}
	return strings.Join(parts, sep)
}

// headlineRow writes the headline in row across columns 1 to last, as tall as its lines
// of width characters need.
func (rd *reportData) headlineRow(sh string, row, last int, width float64) {
	b := rd.b
	head := rd.headline()
	b.set(sh, 1, row, head, b.st.headline)
	b.f.MergeCell(sh, cellName(1, row), cellName(last, row))
	b.f.SetRowHeight(sh, row, b.rowH(lines(head, width), sizeHeading))
}

// nameList names services, the first n of them and how many more.
func (rd *reportData) nameList(ids []string, n int) string {
	var names []string
	for i, id := range ids {
		if i == n {
			break
		}
		names = append(names, rd.serviceName(id))
	}
	list := strings.Join(names, rd.pr.T("method.list_sep"))
	if len(ids) > n {
		return rd.pr.T("report.headline.missing_more", list, len(ids)-n)
	}
	return list
}

func (rd *reportData) coverSheet(sh string) error {
	b, st, pr := rd.b, rd.b.st, rd.pr
	const width = 100
	b.f.SetColWidth(sh, "A", "A", 30)
	b.f.SetColWidth(sh, "B", "B", width)
	row := 1
	b.set(sh, 1, row, pr.T("report.title"), st.title)
	b.f.SetRowHeight(sh, row, 30)
	row++
	b.set(sh, 1, row, rd.d.Org.Name+" — "+rd.d.Cycle.Name, st.heading)
	b.f.SetRowHeight(sh, row, 22)
	row += 2
	rd.headlineRow(sh, row, 2, 125)
	row += 2
	b.set(sh, 1, row, pr.T("report.cover.control"), st.heading)
	b.f.SetRowHeight(sh, row, 22)
	row++
	notSet := pr.T("report.cover.not_set")
	or := func(v string) string {
		if strings.TrimSpace(v) == "" {
			return notSet
		}
		return v
	}
	c := rd.d.Cycle
	period := pr.T("report.cover.period_open", pr.Date(c.StartedAt))
	if c.ClosedAt != nil {
		period = pr.T("report.cover.period_closed", pr.Date(c.StartedAt), pr.Date(*c.ClosedAt))
	}
	from, to, assessors := rd.assessmentInfo()
	dates := pr.Unknown()
	if !from.IsZero() {
		dates = pr.Date(from)
		if pr.Date(to) != dates {
			dates = pr.T("report.cover.assessed_range", pr.Date(from), pr.Date(to))
		}
	}
	org := rd.d.Org.Name
	var extra []string
	for _, v := range []string{rd.d.Org.Sector, rd.d.Org.Country} {
		if v != "" {
			extra = append(extra, v)
		}
	}
	if len(extra) > 0 {
		org += " (" + strings.Join(extra, pr.T("method.list_sep")) + ")"
	}
	for _, kv := range [][2]string{
		{"organisation", org},
		{"cycle", c.Name},
		{"period", period},
		{"assessed", dates},
		{"assessors", or(strings.Join(assessors, pr.T("method.list_sep")))},
		{"respondents", or(rd.doc.Respondents)},
		{"reviewer", or(rd.doc.Reviewer)},
		{"version", or(rd.doc.Version)},
		{"classification", or(rd.doc.Classification)},
		{"distribution", or(rd.doc.Distribution)},
		{"date", pr.Date(rd.now)},
		{"pack", rd.d.Pack.Name.In(rd.lang) + " (" + rd.d.Pack.Ref() + ")"},
	} {
		b.set(sh, 1, row, pr.T("report.cover."+kv[0]), st.label)
		style := st.wrap
		if kv[0] == "classification" && rd.doc.Classification != "" {
			style = st.warn
		}
		b.set(sh, 2, row, kv[1], style)
		b.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), st.header)
		if n := lines(kv[1], width); n > 1 {
			b.f.SetRowHeight(sh, row, b.rowH(n, sizeBody))
		}
		row++
	}
	row++
	b.set(sh, 1, row, pr.T("report.cover.contents"), st.heading)
	b.f.SetRowHeight(sh, row, 22)
	row++
	for _, s := range rd.sheets() {
		if s.key == "cover" {
			continue
		}
		b.set(sh, 1, row, rd.sheetName(s.key), st.label)
		b.set(sh, 2, row, pr.T("report.contents."+s.key), st.plainWrap)
		row++
	}
	return b.printSetup(sh, rd.page(1, 2, true))
}

// Summary columns: a left block of tables (A-F), a spacer (G) and the charts (H-M). The
// charts' data stands in hidden columns (O-U) so the charts never depend on another sheet.
const (
	sumColData   = 15 // O: category names, then current and target means
	sumColTrend  = 19 // S: cycle names, then the three indices
	sumChartCell = "H4"
)

func (rd *reportData) summarySheet(sh string) error {
	b, st, pr, res := rd.b, rd.b.st, rd.pr, rd.rd()
	widths := []float64{30, 9, 9, 9, 30, 24, 2, 11, 11, 11, 11, 11, 11}
	// Columns B to D hold the figures of several tables: each fits the longest word of the
	// headers that stand above it.
	for col, keys := range map[int][]string{1: {"value", "current", "before"}, 2: {"target", "now"}, 3: {"gap", "change"}} {
		for _, k := range keys {
			widths[col] = max(widths[col], wordWidth(pr.T("report.col."+k)))
		}
	}
	for i, w := range widths {
		b.f.SetColWidth(sh, colName(i+1), colName(i+1), w)
	}
	wrapped := func(row int, texts map[int]string) { b.fit(sh, row, widths, texts) }
	row := 1
	b.set(sh, 1, row, pr.T("report.summary.heading", rd.d.Org.Name, rd.d.Cycle.Name), st.title)
	b.f.SetRowHeight(sh, row, 26)
	row++
	rd.headlineRow(sh, row, 13, 170)
	row += 2

	// Indices with their change, completeness and meaning.
	b.set(sh, 1, row, pr.T("report.indices.heading"), st.heading)
	row++
	change := pr.T("report.col.change")
	if rd.prev != nil {
		change = pr.T("report.col.change_since", rd.prevName())
	}
	for i, h := range []string{pr.T("report.col.index"), pr.T("report.col.value"), change, "", pr.T("report.col.completeness"), pr.T("report.col.meaning")} {
		b.set(sh, i+1, row, h, st.header)
	}
	b.f.MergeCell(sh, cellName(3, row), cellName(4, row))
	wrapped(row, map[int]string{3: change})
	row++
	cat := res.Catalogue
	provisional := scoring.Provisional(cat.Assessed, cat.InScope)
	complete := pr.Completeness(cat.Assessed, cat.InScope)
	if provisional {
		complete += " · " + pr.Provisional()
	}
	pf, ppf := res.Portfolio, rd.prevRes.Portfolio
	for _, ix := range []struct {
		key       string
		cur, prev *float64
	}{
		{"maturity", pf.MaturityIndex, ppf.MaturityIndex},
		{"target", pf.TargetIndex, ppf.TargetIndex},
		{"attainment", pf.AttainmentIndex, ppf.AttainmentIndex},
	} {
		b.set(sh, 1, row, pr.T("index."+ix.key), st.label)
		b.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), st.wrap)
		if ix.cur == nil {
			b.set(sh, 2, row, pr.Unknown(), st.int_)
		} else {
			b.set(sh, 2, row, *ix.cur, st.bigNum)
		}
		if ix.cur != nil && ix.prev != nil && rd.prev != nil {
			b.set(sh, 3, row, *scoring.ShownChange(ix.prev, ix.cur), st.signed)
		} else {
			b.set(sh, 3, row, pr.Unknown(), st.int_)
		}
		b.f.SetCellStyle(sh, cellName(4, row), cellName(4, row), st.int_)
		b.f.MergeCell(sh, cellName(3, row), cellName(4, row))
		cstyle := st.wrap
		if provisional {
			cstyle = st.warn
		}
		b.set(sh, 5, row, complete, cstyle)
		meaning := pr.T("report.meaning." + ix.key)
		b.set(sh, 6, row, meaning, st.wrap)
		wrapped(row, map[int]string{5: complete, 6: meaning})
		row++
	}
	row++

	// Coverage by level, and the mandatory services not provided beside it.
	b.set(sh, 1, row, pr.T("report.coverage.heading"), st.heading)
	b.set(sh, 5, row, pr.T("report.missing.heading"), st.heading)
	row++
	b.set(sh, 1, row, pr.T("report.col.level"), st.header)
	b.set(sh, 2, row, pr.T("report.col.coverage"), st.header)
	b.f.MergeCell(sh, cellName(2, row), cellName(3, row))
	b.f.SetCellStyle(sh, cellName(3, row), cellName(3, row), st.header)
	top := row + 1
	cov := cat.Coverage
	for _, lv := range []struct {
		name string
		v    *float64
	}{
		{rd.d.Pack.LevelName(catalog.Mandatory, rd.lang), cov.Mandatory},
		{rd.d.Pack.LevelName(catalog.Recommended, rd.lang), cov.Recommended},
		{rd.d.Pack.LevelName(catalog.Optional, rd.lang), cov.Optional},
		{pr.T("report.coverage.all"), cov.Overall},
	} {
		row++
		b.set(sh, 1, row, lv.name, st.text)
		if lv.v == nil {
			b.set(sh, 2, row, pr.Unknown(), st.int_)
		} else {
			b.set(sh, 2, row, *lv.v, st.pct)
		}
		b.f.SetCellStyle(sh, cellName(3, row), cellName(3, row), st.int_)
		b.f.MergeCell(sh, cellName(2, row), cellName(3, row))
	}
	missing := pr.T("report.missing.none")
	if n := len(cat.MissingMandatory); n > 0 {
		var names []string
		for i, id := range cat.MissingMandatory {
			if i == 8 {
				break
			}
			names = append(names, rd.service(id))
		}
		missing = strings.Join(names, "\n")
		if n > 8 {
			missing += "\n" + strings.TrimSpace(pr.T("report.headline.missing_more", "", n-8))
		}
	}
	mstyle := st.warn
	if len(cat.MissingMandatory) == 0 {
		mstyle = st.wrap
	}
	b.set(sh, 5, top-1, missing, mstyle)
	b.f.SetCellStyle(sh, cellName(5, top-1), cellName(6, row), mstyle)
	b.f.MergeCell(sh, cellName(5, top-1), cellName(6, row))
	if need := b.rowH(lines(missing, 54), sizeBody); need > 5*b.rowH(1, sizeBody) {
		b.f.SetRowHeight(sh, row, need-4*b.rowH(1, sizeBody))
	}
	row += 2

	// Largest gaps, each with the action that addresses it or a flag that none does.
	b.set(sh, 1, row, pr.T("report.gaps.heading"), st.heading)
	row++
	for i, h := range []string{pr.T("report.col.service"), pr.T("report.col.current"), pr.T("report.col.target"), pr.T("report.col.gap"),
		pr.T("report.col.action"), pr.T("report.col.owner") + " · " + pr.T("report.col.due") + " · " + pr.T("report.col.status")} {
		b.set(sh, i+1, row, h, st.header)
	}
	wrapped(row, map[int]string{5: pr.T("report.col.action"), 6: pr.T("report.col.owner") + " · " + pr.T("report.col.due") + " · " + pr.T("report.col.status")})
	row++
	if len(res.Profile.Priorities) == 0 {
		b.set(sh, 1, row, pr.T("report.gaps.none"), st.plainWrap)
		row++
	}
	for i, p := range res.Profile.Priorities {
		if i == 5 {
			break
		}
		name := p.ID + " " + p.Name.In(rd.lang)
		b.set(sh, 1, row, name, st.wrap)
		b.set(sh, 2, row, p.Current, st.int_)
		b.set(sh, 3, row, p.Target, st.int_)
		b.set(sh, 4, row, p.Gap, st.int_)
		action, who := pr.T("report.gaps.no_action"), ""
		astyle := st.warn
		if a, ok := rd.actionFor(p.ID); ok {
			action, astyle = a.Title, st.wrap
			who = rd.actionWho(a)
		}
		b.set(sh, 5, row, action, astyle)
		wstyle := st.wrap
		if a, ok := rd.actionFor(p.ID); ok && rd.overdue(a) {
			wstyle = st.warn
		}
		b.set(sh, 6, row, who, wstyle)
		wrapped(row, map[int]string{1: name, 5: action, 6: who})
		row++
	}
	row++

	// Biggest improvements and declines since the previous cycle.
	for _, k := range []scoring.ChangeKind{scoring.Improved, scoring.Declined} {
		key := "report.moves.improved"
		if k == scoring.Declined {
			key = "report.moves.declined"
		}
		if rd.prev == nil {
			b.set(sh, 1, row, pr.T("report.moves.first"), st.muted)
			break
		}
		b.set(sh, 1, row, pr.T(key, rd.prevName()), st.heading)
		row++
		for i, h := range []string{pr.T("report.col.service"), pr.T("report.col.before"), pr.T("report.col.now"), pr.T("report.col.change")} {
			b.set(sh, i+1, row, h, st.header)
		}
		row++
		moves := rd.moves(k, 3)
		if len(moves) == 0 {
			b.set(sh, 1, row, pr.T("report.moves.none"), st.text)
			b.f.SetCellStyle(sh, cellName(2, row), cellName(4, row), st.int_)
			row++
		}
		for _, m := range moves {
			name := rd.service(m.ID)
			b.set(sh, 1, row, name, st.wrap)
			b.set(sh, 2, row, *m.From, st.int_)
			b.set(sh, 3, row, *m.To, st.int_)
			b.set(sh, 4, row, pr.Signed(float64(*m.To-*m.From), 0), st.int_)
			wrapped(row, map[int]string{1: name})
			row++
		}
		row++
	}
	if err := rd.summaryCharts(sh); err != nil {
		return err
	}
	return b.printSetup(sh, rd.page(1, 1, true)) // one page: the title row is all that could repeat
}

// actionWho is an action's owner, due date and status in one line.
func (rd *reportData) actionWho(a catalog.Action) string {
	parts := []string{}
	if a.Owner != "" {
		parts = append(parts, a.Owner)
	}
	if a.Due != "" {
		due := a.Due
		if t, err := time.ParseInLocation("2006-01-02", a.Due, time.Local); err == nil {
			due = rd.pr.Date(t)
		}
		if rd.overdue(a) {
			due += " (" + rd.pr.T("action.overdue") + ")"
		}
		parts = append(parts, due)
	}
	parts = append(parts, rd.statusName(a.Status))
	return strings.Join(parts, " · ")
}

// summaryCharts draws the radar of current against target per category and the trend of the
// three indices, from data in hidden columns of the Summary.
func (rd *reportData) summaryCharts(sh string) error {
	b, pr, res := rd.b, rd.pr, rd.res
	// Radar data: the categories in table order.
	c0 := sumColData
	b.set(sh, c0, 1, pr.T("report.col.category"), 0)
	b.set(sh, c0+1, 1, pr.T("report.col.current"), 0)
	b.set(sh, c0+2, 1, pr.T("report.col.target"), 0)
	var cats []string
	var curs, tgts []*float64
	for i, c := range res.Profile.Categories {
		// Spoke labels wrap in the chart only where the text has line breaks.
		name := strings.Join(textwidth.Wrap(rd.categoryName(c.ID), 30), "\n")
		cats = append(cats, name)
		curs = append(curs, c.MeanCurrent)
		tgts = append(tgts, c.MeanTarget)
		b.set(sh, c0, i+2, name, 0)
		b.set(sh, c0+1, i+2, c.MeanCurrent, 0)
		b.set(sh, c0+2, i+2, c.MeanTarget, 0)
	}
	// Trend data: every cycle in order.
	t0 := sumColTrend
	b.set(sh, t0, 1, pr.T("report.col.cycle"), 0)
	for j, ix := range scoring.Indices {
		b.set(sh, t0+1+j, 1, pr.T(ix.Word()), 0)
	}
	var cycles []string
	series := make([][]*float64, len(scoring.Indices))
	for i, p := range res.Portfolio.Trend {
		cycles = append(cycles, p.Cycle)
		b.set(sh, t0, i+2, p.Cycle, 0)
		for j, ix := range scoring.Indices {
			v := ix.InTrend(p)
			series[j] = append(series[j], v)
			b.set(sh, t0+1+j, i+2, v, 0)
		}
	}
	b.f.SetColVisible(sh, colName(c0)+":"+colName(t0+3), false)
	axis := func(min, max *float64, unit float64) excelize.ChartAxis {
		return excelize.ChartAxis{Font: b.chartFont(9, false), Minimum: min, Maximum: max, MajorUnit: unit, MajorGridLines: true}
	}
	zero, five, hundred := 0.0, 5.0, 100.0
	// Both charts are 500 pixels wide with the legend below and gaps where a value is missing.
	chart := func(t excelize.ChartType, sd []seriesData, marker int, title string, height uint, y excelize.ChartAxis) *excelize.Chart {
		return &excelize.Chart{
			Type:         t,
			Series:       b.chartSeries(sd, lineStyle(marker)),
			Title:        b.chartTitle(title),
			Legend:       b.chartLegend("bottom"),
			Dimension:    excelize.ChartDimension{Width: 500, Height: height},
			XAxis:        excelize.ChartAxis{Font: b.chartFont(9, false)},
			YAxis:        y,
			ShowBlanksAs: "gap",
			Format:       excelize.GraphicOptions{OffsetX: 4},
		}
	}
	if n := len(cats); n > 0 {
		sd := []seriesData{
			{nameRef: absRange(sh, c0+1, 1, c0+1, 1), name: pr.T("report.col.current"), catRef: absRange(sh, c0, 2, c0, n+1), cats: cats, valRef: absRange(sh, c0+1, 2, c0+1, n+1), vals: curs},
			{nameRef: absRange(sh, c0+2, 1, c0+2, 1), name: pr.T("report.col.target"), catRef: absRange(sh, c0, 2, c0, n+1), cats: cats, valRef: absRange(sh, c0+2, 2, c0+2, n+1), vals: tgts},
		}
		radar := chart(excelize.Radar, sd, 5, pr.T("report.chart.radar"), 400, axis(&zero, &five, 1))
		if err := b.f.AddChart(sh, sumChartCell, radar); err != nil {
			return err
		}
	}
	if n := len(cycles); n > 0 {
		var sd []seriesData
		for j, ix := range scoring.Indices {
			sd = append(sd, seriesData{nameRef: absRange(sh, t0+1+j, 1, t0+1+j, 1), name: pr.T(ix.Word()),
				catRef: absRange(sh, t0, 2, t0, n+1), cats: cycles, valRef: absRange(sh, t0+1+j, 2, t0+1+j, n+1), vals: series[j]})
		}
		// Below the radar with a margin: applications place rows a few pixels apart.
		trend := chart(excelize.Line, sd, 6, pr.T("report.chart.trend"), 280, axis(&zero, &hundred, 20))
		if err := b.f.AddChart(sh, rd.cellBelow(sh, 4, 445), trend); err != nil {
			return err
		}
	}
	return nil
}

// cellBelow is the cell of column H whose row starts at least px pixels below the top of row
// from, so that a chart placed there clears the one above it.
func (rd *reportData) cellBelow(sh string, from int, px float64) string {
	row, y := from, 0.0
	for y < px && row < 200 {
		h, _ := rd.b.f.GetRowHeight(sh, row)
		y += h * 4 / 3
		row++
	}
	return cellName(8, row)
}

// rd returns the evaluation result (a short name for the sheet writers).
func (rd *reportData) rd() scoring.Result { return rd.res }

// seriesColours colour the summary charts' series, in order.
var seriesColours = []string{"1F77B4", "D62728", "2CA02C"}

// lineStyle draws series i as a 2.25 pt line in its colour, with round markers of the given size.
func lineStyle(marker int) func(i int, s *excelize.ChartSeries) {
	return func(i int, s *excelize.ChartSeries) {
		s.Line = excelize.LineOptions{Width: 2.25}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{seriesColours[i]}}
		s.Marker = excelize.ChartMarker{Symbol: "circle", Size: marker, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{seriesColours[i]}}}
	}
}
