package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// serviceRow is one line of a service table: a service with its cells, or the header row
// of its category. Cells are prepared once per data load, never per frame.
type serviceRow struct {
	header bool
	cat    string
	svc    int // index in Data.Cycle.Services
	id     string
	name   string
	search string   // lower-case text the filter matches (or the table's searchOf, when empty)
	cells  []string // one per column (or the table's cellsOf, when nil)
	dim    bool     // drawn faint (out of scope)
}

// column is one column of a service table.
type column struct {
	title string
	width int
	right bool
}

// serviceTable is what Build and Evaluate share: the services grouped by category, a
// filter line (/), the filter picker (f: category, level, assignment, state), the sort
// picker (o: catalogue order, gap, priority), the cursor and the window of visible rows.
type serviceTable struct {
	c      *common
	pack   *catalog.Pack
	svcs   []catalog.ServiceState // the cycle's services, which rows point into
	all    []serviceRow           // services only, in catalogue order
	pass   func(r *serviceRow) bool
	rows   []serviceRow // after the filters, with category headers unless sorted
	list   listWindow
	filter textinput.Model
	typing bool
	cols   []column
	w, h   int // the table: column header and rows

	fCat    string
	fLevel  catalog.Level
	fAssign catalog.Assignment
	fState  stateFilter
	sortBy  sortKey
	// scoring's figures, by service: the gap and the place in the priorities (1 first), made
	// from result when first needed (figures)
	result *scoring.Result
	gap    map[string]*int
	rank   map[string]int
	// cellsOf and searchOf, when set, make a row's cells and filter text from its service as
	// they are needed: a table of 10,000 services lays out only the rows on screen, and reads
	// the filter text only when a filter is typed.
	cellsOf  func(r *serviceRow) []string
	searchOf func(r *serviceRow) string
}

// stateFilter keeps the services in one assessment state.
type stateFilter string

const (
	stateNotAssessed stateFilter = "notassessed"
	stateCarried     stateFilter = "carried"
	stateBelow       stateFilter = "below"
)

var stateFilters = []stateFilter{stateNotAssessed, stateCarried, stateBelow}

// sortKey orders a service table; the zero value is the catalogue order, grouped by category.
type sortKey string

const (
	sortGap      sortKey = "gap"      // the largest gap first (scoring's gap), unknown last
	sortPriority sortKey = "priority" // scoring's priorities (gap × weight) first, in their order
)

func newServiceTable(c *common) serviceTable {
	return serviceTable{c: c, filter: newFilterInput(c, c.T("tui.build.filter.ph"))}
}

// newFilterInput is the filter line of a list; it draws its own cursor.
func newFilterInput(c *common, placeholder string) textinput.Model {
	in := newTextInput(c, placeholder)
	in.Prompt = "/ "
	in.SetVirtualCursor(true)
	return in
}

// sizeFilter gives a filter line its width within a line of w cells: textinput shows only
// the first character of its placeholder when it has none, and a long filter scrolls.
func sizeFilter(in *textinput.Model, w int) {
	in.SetWidth(max(w/2, min(textwidth.Width(in.Placeholder)+1, w-4), 1))
}

// SetRows replaces the services of d's cycle; pass is the tab's own filter (nil: all pass).
func (t *serviceTable) SetRows(d *orgData, all []serviceRow, pass func(r *serviceRow) bool) {
	keep := t.selectedID()
	t.pack, t.svcs, t.all, t.pass = d.Cycle.Pack, d.Cycle.Services, all, pass
	t.result, t.gap, t.rank = d.Result, nil, nil
	t.refilter(keep)
}

// figures fills gap and rank from the evaluation the first time a filter or sort needs them
// after a load, not on every load.
func (t *serviceTable) figures() {
	if t.gap != nil {
		return
	}
	t.gap, t.rank = map[string]*int{}, map[string]int{}
	if r := t.result; r != nil {
		for _, sr := range r.Services {
			t.gap[sr.ID] = sr.Gap
		}
		for i, pr := range r.Profile.Priorities {
			t.rank[pr.ID] = i + 1
		}
	}
}

// keeps reports whether a service passes the filter picker's choices.
func (t *serviceTable) keeps(r *serviceRow) bool {
	sv := &t.svcs[r.svc]
	if (t.fCat != "" && r.cat != t.fCat) || (t.fLevel != "" && sv.Level != t.fLevel) || (t.fAssign != "" && sv.Assignment != t.fAssign) {
		return false
	}
	switch t.fState {
	case stateNotAssessed:
		return sv.AwaitsAssessment()
	case stateCarried:
		return sv.InScope && sv.CarriedOver // out of scope, a carried score counts for nothing
	case stateBelow:
		t.figures()
		g := t.gap[r.id]
		return g != nil && *g > 0
	}
	return true
}

// sortRows orders rows by the sort key; ties keep the catalogue order.
func (t *serviceTable) sortRows(rows []serviceRow) {
	t.figures()
	switch t.sortBy {
	case sortGap:
		slices.SortStableFunc(rows, func(a, b serviceRow) int {
			ga, gb := t.gap[a.id], t.gap[b.id]
			switch {
			case ga == nil && gb == nil:
				return 0
			case ga == nil:
				return 1
			case gb == nil:
				return -1
			}
			return *gb - *ga
		})
	case sortPriority:
		slices.SortStableFunc(rows, func(a, b serviceRow) int {
			ra, rb := t.rank[a.id], t.rank[b.id]
			switch {
			case ra == 0 && rb == 0:
				return 0
			case ra == 0:
				return 1
			case rb == 0:
				return -1
			}
			return ra - rb
		})
	}
}

// SetSize gives the table its area and columns.
func (t *serviceTable) SetSize(w, h int, cols []column) {
	t.w, t.h, t.cols = w, max(h, 2), cols
	t.filter.SetStyles(inputStyles(t.c)) // follow the light/dark theme
	sizeFilter(&t.filter, w)
	t.list.clamp(len(t.rows), t.rowsHeight())
}

func (t *serviceTable) rowsHeight() int { return max(t.h-1, 1) }

// matches reports whether row i of all holds the filter text q, making its text when needed.
func (t *serviceTable) matches(i int, q string) bool {
	if q == "" {
		return true
	}
	r := &t.all[i]
	if r.search == "" && t.searchOf != nil {
		r.search = t.searchOf(r)
	}
	return strings.Contains(r.search, q)
}

// refilter rebuilds the visible rows and puts the cursor back on keep, else on the first service.
func (t *serviceTable) refilter(keep string) {
	q := strings.ToLower(strings.TrimSpace(t.filter.Value()))
	t.rows = t.rows[:0]
	if t.sortBy != "" { // sorted: one flat list, the category headers would repeat
		for i := range t.all {
			r := &t.all[i]
			if t.keeps(r) && t.matches(i, q) && (t.pass == nil || t.pass(r)) {
				t.rows = append(t.rows, *r)
			}
		}
		t.sortRows(t.rows)
	}
	last := ""
	for i := range t.all {
		if t.sortBy != "" {
			break
		}
		r := &t.all[i]
		if !t.keeps(r) || !t.matches(i, q) || (t.pass != nil && !t.pass(r)) {
			continue
		}
		if r.cat != last {
			name := r.cat
			if cg, ok := t.pack.Category(r.cat); ok {
				name = cg.ID + "  " + t.c.text(cg.Name)
			}
			t.rows = append(t.rows, serviceRow{header: true, cat: r.cat, name: name})
			last = r.cat
		}
		t.rows = append(t.rows, *r)
	}
	t.list.cursor = -1
	for i, r := range t.rows {
		if r.header {
			continue
		}
		if r.id == keep {
			t.list.cursor = i
			break
		}
		if t.list.cursor < 0 {
			t.list.cursor = i
		}
	}
	t.list.cursor = max(t.list.cursor, 0)
	t.list.clamp(len(t.rows), t.rowsHeight())
}

func (t *serviceTable) selected() (serviceRow, bool) {
	if t.list.cursor < 0 || t.list.cursor >= len(t.rows) || t.rows[t.list.cursor].header {
		return serviceRow{}, false
	}
	return t.rows[t.list.cursor], true
}

// advance moves the cursor to the next service row after it that satisfies ok (all, when ok is
// nil), wrapping around; it reports whether one was found.
func (t *serviceTable) advance(ok func(r serviceRow) bool, wrap bool) bool {
	n := len(t.rows)
	for step := 1; step < n || (step == n && wrap); step++ {
		i := t.list.cursor + step
		if i >= n {
			if !wrap {
				return false
			}
			i -= n
		}
		if r := t.rows[i]; !r.header && (ok == nil || ok(r)) {
			t.list.cursor = i
			t.list.clamp(n, t.rowsHeight())
			return true
		}
	}
	return false
}

// service is the state of the selected service in d.
func (t *serviceTable) service(d *orgData) (*catalog.ServiceState, bool) {
	r, ok := t.selected()
	if !ok {
		return nil, false
	}
	return &d.Cycle.Services[r.svc], true
}

func (t *serviceTable) selectedID() string {
	r, _ := t.selected()
	return r.id
}

// filtered reports whether a filter hides rows or a sort changes their order (esc undoes both).
func (t *serviceTable) filtered() bool {
	return t.filter.Value() != "" || t.fCat != "" || t.fLevel != "" || t.fAssign != "" || t.fState != "" || t.sortBy != ""
}

// clearFilters empties the filter line and the picked filters and goes back to the
// catalogue order, keeping the cursor's service.
func (t *serviceTable) clearFilters() {
	keep := t.selectedID()
	t.filter.SetValue("")
	t.fCat, t.fLevel, t.fAssign, t.fState, t.sortBy = "", "", "", "", ""
	t.refilter(keep)
}

// position is where the cursor is among the services shown: "12/64".
func (t *serviceTable) position() string {
	at, n := 0, 0
	for i, r := range t.rows {
		if r.header {
			continue
		}
		n++
		if i == t.list.cursor {
			at = n
		}
	}
	return t.c.P.Count(at) + "/" + t.c.P.Count(n)
}

// openFilterPicker asks what to filter by, then which value.
func (t *serviceTable) openFilterPicker() {
	T := t.c.T
	opts := []option{{Key: "c", Label: T("tui.build.fpick.category"), Value: "category"}, {Key: "l", Label: T("tui.build.fpick.level"), Value: "level"},
		{Key: "a", Label: T("tui.build.fpick.assign"), Value: "assign"}, {Key: "s", Label: T("tui.build.fpick.state"), Value: "state"},
		{Key: "x", Label: T("tui.build.fpick.clear"), Value: "clear"}}
	t.c.openDialog(newPicker(t.c, T("tui.build.fpick.title"), opts, "", func(o option) tea.Cmd {
		all := option{Key: "*", Label: T("tui.build.fpick.all"), Value: ""}
		keep := t.selectedID()
		switch o.Value {
		case "category":
			cats := []option{all}
			for i, cg := range t.pack.Categories {
				k := ""
				if i < 26 {
					k = strings.ToLower(cg.ID[:1])
				}
				cats = append(cats, option{Key: k, Label: cg.ID + "  " + t.c.text(cg.Name), Value: cg.ID})
			}
			t.c.openDialog(newPicker(t.c, T("tui.build.fpick.category"), cats, t.fCat, func(o option) tea.Cmd {
				t.fCat = o.Value
				t.refilter(keep)
				return nil
			}))
		case "level":
			t.c.openDialog(newPicker(t.c, T("tui.build.fpick.level"), append([]option{all}, levelOptions(t.c, t.pack)...), string(t.fLevel), func(o option) tea.Cmd {
				t.fLevel = catalog.Level(o.Value)
				t.refilter(keep)
				return nil
			}))
		case "assign":
			t.c.openDialog(newPicker(t.c, T("tui.build.fpick.assign"), append([]option{all}, assignmentOptions(t.c, t.pack)...), string(t.fAssign), func(o option) tea.Cmd {
				t.fAssign = catalog.Assignment(o.Value)
				t.refilter(keep)
				return nil
			}))
		case "state":
			states := []option{all}
			for _, st := range stateFilters {
				states = append(states, option{Key: string(st)[:1], Label: T("tui.build.state." + string(st)), Value: string(st)})
			}
			t.c.openDialog(newPicker(t.c, T("tui.build.fpick.state"), states, string(t.fState), func(o option) tea.Cmd {
				t.fState = stateFilter(o.Value)
				t.refilter(keep)
				return nil
			}))
		case "clear":
			t.fCat, t.fLevel, t.fAssign, t.fState = "", "", "", ""
			t.refilter(keep)
		}
		return nil
	}))
}

// openSortPicker chooses the order of the services.
func (t *serviceTable) openSortPicker() {
	T := t.c.T
	opts := []option{{Key: "i", Label: T("tui.build.sort.id"), Value: ""}, {Key: "g", Label: T("tui.build.sort.gap"), Value: string(sortGap)},
		{Key: "p", Label: T("tui.build.sort.priority"), Value: string(sortPriority)}}
	t.c.openDialog(newPicker(t.c, T("tui.build.sort.title"), opts, string(t.sortBy), func(o option) tea.Cmd {
		t.sortBy = sortKey(o.Value)
		t.refilter(t.selectedID())
		return nil
	}))
}

// Key handles the table's own keys (filter line, category filter, movement); it reports
// whether the key was one of them.
func (t *serviceTable) Key(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := t.c.Keys
	if t.typing {
		cmd, changed, cleared := typeFilter(t.c, &t.filter, &t.typing, msg)
		switch {
		case cleared:
			t.refilter(t.selectedID())
		case changed:
			t.refilter("")
		}
		return true, cmd
	}
	if navigate(k, msg, &t.list, len(t.rows), t.rowsHeight(), func(i int) bool { return t.rows[i].header }) {
		return true, nil
	}
	switch {
	case key.Matches(msg, k.Filter):
		t.typing = true
		return true, t.filter.Focus()
	case key.Matches(msg, k.FilterCategory):
		t.openFilterPicker()
		return true, nil
	case key.Matches(msg, t.sortKey()):
		t.openSortPicker()
		return true, nil
	}
	return false, nil
}

// Click selects the service row at line y of the table (0 is the column header).
func (t *serviceTable) Click(y int) {
	if i := t.list.offset + y - 1; y >= 1 && y <= t.rowsHeight() && i < len(t.rows) && !t.rows[i].header {
		t.list.cursor = i
	}
}

// route hands a click on the table to it unless something covers the table, and a key to the
// tab once it has data: the part of Update that Build and Evaluate share.
func (t *serviceTable) route(msg tea.Msg, covered, ready bool, key func(tea.KeyPressMsg) tea.Cmd) tea.Cmd {
	switch msg := msg.(type) {
	case clickMsg:
		if !covered && !t.typing {
			t.Click(msg.Y - 1) // the table starts under the tab's info line
		}
	case tea.KeyPressMsg:
		if ready {
			return key(msg)
		}
	}
	return nil
}

// filterParts names the filters in effect, for the tab's info line.
func (t *serviceTable) filterParts() []string {
	var parts []string
	if v := t.filter.Value(); v != "" {
		parts = append(parts, "/"+termtext.Clean(v))
	}
	if t.fCat != "" {
		parts = append(parts, t.c.T("tui.build.f.cat", t.fCat))
	}
	if t.fLevel != "" {
		parts = append(parts, t.c.T("tui.build.f.level", t.pack.LevelName(t.fLevel, t.c.Lang)))
	}
	if t.fAssign != "" {
		parts = append(parts, t.c.T("tui.build.f.assign", t.pack.AssignmentName(t.fAssign, t.c.Lang)))
	}
	if t.fState != "" {
		parts = append(parts, t.c.T("tui.build.state."+string(t.fState)))
	}
	if t.sortBy != "" {
		parts = append(parts, t.c.T("tui.build.sorted."+string(t.sortBy)))
	}
	return parts
}

// filterKey is the f binding as help shows it: the filter picker.
func (t *serviceTable) filterKey() key.Binding {
	return t.c.Keys.Bind([]string{"f"}, "f", "tui.build.key.filter")
}

// sortKey is the o binding: sort the list under it.
func (t *serviceTable) sortKey() key.Binding {
	return t.c.Keys.Bind([]string{"o"}, "o", "tui.build.key.sort")
}

// line lays cells out in the columns.
func (t *serviceTable) line(cells []string) string {
	var b strings.Builder
	for i, col := range t.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		v := ""
		if i < len(cells) {
			v = cells[i]
		}
		if col.right {
			b.WriteString(textwidth.PadLeft(v, col.width))
		} else {
			b.WriteString(textwidth.Pad(v, col.width))
		}
	}
	return b.String()
}

// View draws the column header and the visible rows: h lines. The rows of category mark
// are marked (an edit applies to all of them).
func (t *serviceTable) View(empty, mark string) string {
	s := t.c.styles
	titles := make([]string, len(t.cols))
	for i, col := range t.cols {
		titles[i] = col.title
	}
	var b strings.Builder
	b.WriteString(s.TableHeader.Render("  "+t.line(titles)) + "\n")
	lh := t.rowsHeight()
	from, to := t.list.window(len(t.rows), lh)
	n := 0
	if len(t.rows) == 0 {
		b.WriteString(s.Muted.Render(empty) + "\n")
		n++
	}
	for i := from; i < to; i++ {
		r := t.rows[i]
		n++
		if r.header {
			b.WriteString(s.Category.Render(textwidth.Pad(r.name, t.w)) + "\n")
			continue
		}
		cells := r.cells
		if cells == nil && t.cellsOf != nil {
			cells = t.cellsOf(&r)
		}
		line := t.line(cells)
		switch {
		case i == t.list.cursor:
			line = s.Selected.Render("› " + line)
		case mark != "" && r.cat == mark:
			line = s.Info.Render("┃ " + line)
		case r.dim:
			line = s.Dim.Render("  " + line)
		default:
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	for ; n < lh; n++ {
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// filterView is the filter line while it is typed in.
func (t *serviceTable) filterView() string { return t.filter.View() }
