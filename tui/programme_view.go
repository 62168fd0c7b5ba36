package tui

import (
	"strings"

	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// dashColumn is an optional column of the dashboard list, shown when the width allows, in
// this order of importance; what does not fit is on the detail line under the list.
type dashColumn struct {
	head  string
	width int
	right bool
	cell  func(r scoring.ProgrammeRow) string
}

const (
	dashIndexW = 5 // an index: "100.0"
	dashNameW  = 16
)

// figureCell is a figure of a row: unknown, or not read yet ("…").
func (st *startScreen) figureCell(r scoring.ProgrammeRow, text func() string) string {
	if !r.HasFigures() {
		if _, read := st.rows[r.Org.ID]; !read && st.pending[r.Org.ID] {
			return "…"
		}
		return st.c.P.Unknown()
	}
	return text()
}

func (st *startScreen) optionalColumns() []dashColumn {
	T, P := st.c.T, st.c.P
	date := func(r scoring.ProgrammeRow) string {
		if r.LastChange == nil {
			return P.Unknown()
		}
		return P.Date(*r.LastChange)
	}
	cycle := func(r scoring.ProgrammeRow) string {
		if r.CurrentCycle == nil {
			return P.Unknown()
		}
		return termtext.Clean(r.CurrentCycle.Name)
	}
	band := func(r scoring.ProgrammeRow) string {
		if r.SizeBand == "" {
			return P.Unknown()
		}
		return string(r.SizeBand)
	}
	cols := []dashColumn{
		{head: T("programme.col.current_cycle"), width: 14, cell: cycle},
		{head: T("programme.col.open_actions"), width: 7, right: true, cell: func(r scoring.ProgrammeRow) string { return P.Count(r.OpenActions) }},
		{head: T("programme.col.last_change"), width: 11, cell: date},
		{head: T("programme.col.sector"), width: 14, cell: func(r scoring.ProgrammeRow) string { return termtext.Clean(r.Sector) }},
		{head: T("programme.col.country"), width: 12, cell: func(r scoring.ProgrammeRow) string { return termtext.Clean(r.Country) }},
		{head: T("programme.col.size_band"), width: 10, cell: band},
		{head: T("programme.col.cycle"), width: 14, cell: func(r scoring.ProgrammeRow) string {
			return st.figureCell(r, func() string { return termtext.Clean(r.Cycle.Name) })
		}},
	}
	for i := range cols {
		cols[i].width = max(cols[i].width, textwidth.Width(cols[i].head))
	}
	return cols
}

// indexGroupW is the width of an index with its change; its header may be wider.
func (st *startScreen) indexGroupW(head string) int {
	return max(dashIndexW+1+dashIndexW, textwidth.Width(head))
}

// completeW fits "100%" ("100 %" in French and Spanish) and the word provisional.
func (st *startScreen) completeW() int {
	return max(textwidth.Width(st.c.T("programme.col.completeness")), st.pctW()+1+textwidth.Width(st.c.P.Provisional()))
}

// pctW is the width of the widest percentage, 100%.
func (st *startScreen) pctW() int { return textwidth.Width(st.c.P.PercentOf(100)) }

func (st *startScreen) dashboardView() string {
	s := st.c.styles
	T := st.c.T
	var b strings.Builder
	title := s.Title.Render(T("tui.start.title")) + s.Muted.Render("  "+st.c.P.Count(len(st.orgs)))
	if len(st.view) != len(st.orgs) {
		title += s.Muted.Render("  " + T("tui.programme.shown", st.c.P.Count(len(st.view))))
	}
	if st.heat {
		title += "  " + s.Bold.Render(T(map[bool]string{false: "tui.programme.heat.current", true: "tui.programme.heat.attainment"}[st.attainment]))
	}
	right := st.c.DBLabel
	if st.visiblePending() {
		right = T("tui.status.loading") + "  " + right
	}
	b.WriteString(joinLR(title, s.Muted.Render(right), st.w) + "\n")
	b.WriteString(st.filterLine() + "\n")
	if st.heat {
		st.heatView(&b)
	} else {
		st.listView(&b)
	}
	b.WriteString(st.detailLine())
	return b.String()
}

// visiblePending reports whether a row on screen still waits for its figures.
func (st *startScreen) visiblePending() bool {
	from, to := st.list.window(len(st.lines), st.listHeight())
	for i := from; i < to; i++ {
		if l := st.lines[i]; l.row >= 0 && st.pending[st.view[l.row].Org.ID] {
			return true
		}
	}
	return false
}

// filterLine shows the text filter and the group filter, or the sort order.
func (st *startScreen) filterLine() string {
	s := st.c.styles
	T := st.c.T
	var parts []string
	if st.typing || st.filter.Value() != "" {
		parts = append(parts, st.filter.View())
	}
	for _, by := range scoring.Groupings {
		if v := st.filterValue(by); v != "" {
			parts = append(parts, s.Bold.Render(st.c.P.Labelled(T("tui.programme.group."+string(by)), termtext.Clean(v))))
		}
	}
	dir := map[bool]string{false: "↑", true: "↓"}[st.sortDesc]
	parts = append(parts, s.Muted.Render(T("tui.programme.sorted", T("tui.programme.sort."+string(st.sortCol)), dir)))
	return textwidth.Truncate(strings.Join(parts, "  "), st.w)
}

// listLayout decides the name width and which optional columns fit.
func (st *startScreen) listLayout() (nameW int, cols []dashColumn) {
	T := st.c.T
	fixed := 0
	for _, h := range []string{"programme.col.maturity", "programme.col.target", "programme.col.attainment"} {
		fixed += st.indexGroupW(T(h)) + 1
	}
	fixed += st.completeW() + 2 // and the cursor mark
	avail := st.w - fixed
	for _, c := range st.optionalColumns() {
		if avail-(c.width+1) < dashNameW+10 {
			break
		}
		cols = append(cols, c)
		avail -= c.width + 1
	}
	return max(min(avail, 40), dashNameW), cols
}

func (st *startScreen) listView(b *strings.Builder) {
	s := st.c.styles
	T, P := st.c.T, st.c.P
	nameW, cols := st.listLayout()
	heads := []string{"programme.col.maturity", "programme.col.target", "programme.col.attainment"}
	head := " " + textwidth.Pad(T("programme.col.organisation"), nameW)
	for _, h := range heads {
		head += " " + textwidth.PadLeft(T(h), st.indexGroupW(T(h)))
	}
	head += " " + textwidth.Pad(T("programme.col.completeness"), st.completeW())
	for _, c := range cols {
		if c.right {
			head += " " + textwidth.PadLeft(c.head, c.width)
		} else {
			head += " " + textwidth.Pad(c.head, c.width)
		}
	}
	st.table(b, head, func(i int, r scoring.ProgrammeRow) string {
		line := textwidth.Pad(termtext.Clean(r.Org.Name), nameW)
		for j, ix := range scoring.Indices {
			v := st.figureCell(r, func() string { return P.Index(r.Index(ix)) })
			chg := ""
			if c := r.IndexChange(ix); c != nil {
				chg = P.Signed(*c, 1)
			}
			line += " " + textwidth.PadLeft(textwidth.PadLeft(v, dashIndexW)+" "+textwidth.PadLeft(chg, dashIndexW), st.indexGroupW(T(heads[j])))
		}
		complete := st.figureCell(r, func() string { return P.Percent(r.Completeness) })
		if r.HasFigures() && r.Provisional {
			complete = textwidth.PadLeft(complete, st.pctW()) + " " + s.Warn.Render(P.Provisional())
		} else {
			complete = textwidth.PadLeft(complete, st.pctW())
		}
		line += " " + textwidth.Pad(complete, st.completeW())
		for _, c := range cols {
			if c.right {
				line += " " + textwidth.PadLeft(c.cell(r), c.width)
			} else {
				line += " " + textwidth.Pad(c.cell(r), c.width)
			}
		}
		if i == st.list.cursor {
			return s.Selected.Render(textwidth.Pad("›"+line, st.w))
		}
		return " " + line
	})
}

// table writes a table of the organisations on screen: its heading, then the window of lines
// the list shows, each group's heading and each row as line draws it (i is the line's place,
// which the cursor marks), blank lines filling the list's height.
func (st *startScreen) table(b *strings.Builder, head string, line func(i int, r scoring.ProgrammeRow) string) {
	s := st.c.styles
	b.WriteString(s.TableHeader.Render(textwidth.Truncate(head, st.w)) + "\n")
	from, to := st.list.window(len(st.lines), st.listHeight())
	if len(st.lines) == 0 {
		b.WriteString(s.Muted.Render(st.c.T("tui.start.nomatch")) + "\n")
	}
	for i := from; i < to; i++ {
		l := st.lines[i]
		if l.row < 0 {
			b.WriteString(st.groupHeading(l) + "\n")
			continue
		}
		b.WriteString(line(i, st.view[l.row]) + "\n")
	}
	for i := to - from; i < st.listHeight(); i++ {
		b.WriteString("\n")
	}
}

// groupHeading is the line above a group of rows when the list is sorted by a group.
func (st *startScreen) groupHeading(l dashLine) string {
	s := st.c.styles
	name := termtext.Clean(l.group)
	if name == "" {
		name = st.c.T("tui.programme.group.none")
	}
	return s.Category.Render(textwidth.Truncate(name+"  "+st.c.N("tui.programme.group.count", l.count, st.c.P.Count(l.count)), st.w))
}

// detailLines is the height of the detail line under the list: two lines when columns are
// left out (their values go there, and at 80 columns they do not fit on one), else one.
func (st *startScreen) detailLines() int {
	if st.heat { // every value is on the detail line: one line holds them from 160 columns
		if st.w >= 160 {
			return 1
		}
		return 2
	}
	if _, cols := st.listLayout(); len(cols) < len(st.optionalColumns()) {
		return 2
	}
	return 1
}

// detailLine says what the columns left out say of the organisation under the cursor, and how
// many of its services are assessed, wrapped between items onto detailLines lines.
func (st *startScreen) detailLine() string {
	r, ok := st.selected()
	if !ok {
		return ""
	}
	P := st.c.P
	cols := st.optionalColumns()
	shown := 0
	if !st.heat {
		_, vis := st.listLayout()
		shown = len(vis)
	}
	var parts []string
	for i, c := range cols {
		if i == 3 && r.HasFigures() {
			parts = append(parts, P.Completeness(r.Assessed, r.InScope))
		}
		sameCycle := i == len(cols)-1 && r.Cycle != nil && r.CurrentCycle != nil && r.Cycle.ID == r.CurrentCycle.ID
		if i >= shown && !sameCycle { // the assessed cycle is said only when it is not the current one
			parts = append(parts, st.c.P.Labelled(c.head, c.cell(r)))
		}
	}
	lines := packItems(parts, " · ", st.w, st.detailLines())
	for len(lines) < st.detailLines() {
		lines = append(lines, "")
	}
	return st.c.styles.Muted.Render(strings.Join(lines, "\n"))
}

// packItems puts items, joined by sep, on at most n lines of width w, breaking only between
// items; what is left after the last line is cut there with an ellipsis.
func packItems(items []string, sep string, w, n int) []string {
	var lines []string
	cur := ""
	for _, it := range items {
		switch {
		case cur == "":
			cur = it
		case textwidth.Width(cur+sep+it) <= w || len(lines) == n-1:
			cur += sep + it
		default:
			lines = append(lines, cur)
			cur = it
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	for i := range lines {
		lines[i] = textwidth.Truncate(lines[i], w)
	}
	return lines
}

// heatView draws organisations by categories: the mean current score (0-5) or the attainment.
func (st *startScreen) heatView(b *strings.Builder) {
	s := st.c.styles
	T := st.c.T
	n := max(len(st.categories), 1)
	nameW := max(min(st.w/3, 40), dashNameW)
	cellW := min(max((st.w-nameW-1)/n-1, 5), 16)
	nameW = max(st.w-n*(cellW+1)-2, dashNameW)
	nameW = min(nameW, 48)
	head := " " + textwidth.Pad(T("programme.col.organisation"), nameW)
	for _, c := range st.categories {
		if cellW >= 8 {
			head += " " + textwidth.Pad(textwidth.Truncate(c.ID+" "+st.c.text(c.Name), cellW), cellW)
			continue
		}
		// a bare category letter stands over its figures, which are right-aligned in 5 cells
		head += " " + textwidth.PadLeft(c.ID, min(cellW, 5)) + strings.Repeat(" ", max(cellW-5, 0))
	}
	st.table(b, head, func(i int, r scoring.ProgrammeRow) string {
		// A provisional organisation carries the legend's mark, as in the CLI's heat map.
		name := textwidth.Pad(termtext.Clean(r.Org.Name), nameW)
		if r.HasFigures() && r.Provisional {
			name = textwidth.Pad(termtext.Clean(r.Org.Name), nameW-2) + " *"
		}
		line := " " + name
		if i == st.list.cursor {
			line = s.Selected.Render("›" + name)
		}
		for _, c := range st.categories {
			line += " " + st.heatCell(r, c.ID, cellW)
		}
		return line
	})
}

// heatCell is one category of one organisation, coloured by its value; unknown is never
// coloured as low.
func (st *startScreen) heatCell(r scoring.ProgrammeRow, cat string, w int) string {
	s := st.c.styles
	P := st.c.P
	if !r.HasFigures() {
		return s.Dim.Render(textwidth.PadLeft(st.figureCell(r, func() string { return "" }), min(w, 5)) + strings.Repeat(" ", max(w-5, 0)))
	}
	cp := r.Category(cat)
	var v *float64
	var text string
	var level float64 // 0..1 for the colour
	if cp != nil {
		if st.attainment {
			v = cp.Attainment
			text = P.Percent(v)
			if v != nil {
				level = *v
			}
		} else {
			v = cp.MeanCurrent
			text = P.Mean(v)
			if v != nil {
				level = *v / 5
			}
		}
	}
	cell := textwidth.PadLeft(text, min(w, 5)) + strings.Repeat(" ", max(w-5, 0))
	switch {
	case v == nil:
		return s.Dim.Render(textwidth.PadLeft(P.Unknown(), min(w, 5)) + strings.Repeat(" ", max(w-5, 0)))
	case level < 0.4:
		return s.Bad.Render(cell)
	case level < 0.7:
		return s.Warn.Render(cell)
	}
	return s.Good.Render(cell)
}
