package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// serviceRow is one line of a service table: a service with its cells, or the header row
// of its category. Cells are prepared once per data load, never per frame.
type serviceRow struct {
	header bool
	cat    string
	svc    int // index in Data.Cycle.Services
	id     string
	name   string
	search string   // lower-case text the filter matches
	cells  []string // one per column
	dim    bool     // drawn faint (out of scope)
}

// column is one column of a service table.
type column struct {
	title string
	width int
	right bool
}

// serviceTable is what Build and Evaluate share: the services grouped by category, a
// filter line (/), a category filter, the cursor and the window of visible rows.
type serviceTable struct {
	c      *common
	pack   *catalog.Pack
	all    []serviceRow // services only, in catalogue order
	pass   func(r *serviceRow) bool
	rows   []serviceRow // after the filters, with category headers
	list   listWindow
	filter textinput.Model
	typing bool
	fCat   string
	cols   []column
	w, h   int // the table: column header and rows
}

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

// SetRows replaces the services; pass is the tab's own filter (nil: all pass).
func (t *serviceTable) SetRows(pack *catalog.Pack, all []serviceRow, pass func(r *serviceRow) bool) {
	keep := t.selectedID()
	t.pack, t.all, t.pass = pack, all, pass
	t.refilter(keep)
}

// SetSize gives the table its area and columns.
func (t *serviceTable) SetSize(w, h int, cols []column) {
	t.w, t.h, t.cols = w, max(h, 2), cols
	t.filter.SetStyles(inputStyles(t.c)) // follow the light/dark theme
	t.list.clamp(len(t.rows), t.rowsHeight())
}

func (t *serviceTable) rowsHeight() int { return max(t.h-1, 1) }

// refilter rebuilds the visible rows and puts the cursor back on keep, else on the first service.
func (t *serviceTable) refilter(keep string) {
	q := strings.ToLower(strings.TrimSpace(t.filter.Value()))
	t.rows = t.rows[:0]
	last := ""
	for i := range t.all {
		r := &t.all[i]
		if (t.fCat != "" && r.cat != t.fCat) || (q != "" && !strings.Contains(r.search, q)) || (t.pass != nil && !t.pass(r)) {
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

// filtered reports whether the filter line or the category filter hides rows.
func (t *serviceTable) filtered() bool { return t.filter.Value() != "" || t.fCat != "" }

// clearFilters empties the filter line and the category filter, keeping the cursor's service.
func (t *serviceTable) clearFilters() {
	keep := t.selectedID()
	t.filter.SetValue("")
	t.fCat = ""
	t.refilter(keep)
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
		t.fCat = nextOf(categoryIDs(t.pack), t.fCat)
		t.refilter(t.selectedID())
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
	return parts
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
		line := t.line(r.cells)
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
