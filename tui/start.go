package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// startScreen is the welcome screen on an empty database, else the programme dashboard:
// every organisation with its indices, completeness and change, as a list or a heat map.
type startScreen struct {
	c      *common
	loaded bool
	viewer bool // the user may read but not change: n, r and D are not offered
	orgs   []catalog.ProgrammeSummary
	rows   map[int64]progEntry // figures read, by organisation
	// pending marks organisations whose figures are not read yet (or are being read again).
	pending    map[int64]bool
	gen        int // numbers the list loads, so figures of an older load are kept but not chained
	view       []scoring.ProgrammeRow
	lines      []dashLine
	categories []catalog.Category // the heat map's columns
	list       listWindow
	filter     textinput.Model
	typing     bool
	menu       int // welcome menu cursor
	w, h       int

	groupFilter scoring.ProgrammeFilter
	sortCol     scoring.ProgrammeColumn
	sortDesc    bool
	heat        bool // the heat map instead of the list
	// activity: the organisations' newest changes and open actions are read (asked: on their way)
	activity, activityAsked bool
	attainment              bool // the heat map shows attainment instead of the mean current score

	sortKey, pickKey, figureKey key.Binding
}

func newStartScreen(c *common) *startScreen {
	return &startScreen{c: c, filter: newFilterInput(c, c.T("tui.programme.filter.ph")), rows: map[int64]progEntry{}, pending: map[int64]bool{}, sortCol: scoring.ColName,
		sortKey:   c.Keys.Bind([]string{"o"}, "o", "tui.programme.key.sort"),
		pickKey:   c.Keys.Bind([]string{"f"}, "f", "tui.programme.key.group"),
		figureKey: c.Keys.Bind([]string{"m"}, "m", "tui.programme.key.figure"),
	}
}

// Reload reads one summary row per organisation; the figures follow, those on screen first,
// so the list appears at once however many organisations the database holds.
func (st *startScreen) Reload() tea.Cmd {
	return st.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		sums, err := s.ProgrammeSummaries(ctx, false)
		if err != nil {
			return nil, err
		}
		m := orgsSummaryMsg{Orgs: sums}
		if name := s.User(); name != "" {
			u, err := s.FindUser(ctx, name)
			if err != nil {
				return nil, err
			}
			m.Viewer = u.Role == catalog.RoleViewer
		}
		return m, nil
	})
}

// selected is the organisation under the cursor.
func (st *startScreen) selected() (scoring.ProgrammeRow, bool) {
	if st.list.cursor < 0 || st.list.cursor >= len(st.lines) || st.lines[st.list.cursor].row < 0 {
		return scoring.ProgrammeRow{}, false
	}
	return st.view[st.lines[st.list.cursor].row], true
}

func (st *startScreen) mode() viewMode {
	switch {
	case st.typing:
		return modeText
	case st.filter.Value() != "" || st.groupFilter != (scoring.ProgrammeFilter{}) || st.heat:
		return modeNested
	}
	return modeNormal
}

func (st *startScreen) SetSize(w, h int) {
	st.w, st.h = w, h
	sizeFilter(&st.filter, w)
	st.filter.SetStyles(inputStyles(st.c)) // follow the light/dark theme
	st.list.clamp(len(st.lines), st.listHeight())
}

func (st *startScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case orgsSummaryMsg:
		st.orgs, st.viewer, st.loaded = msg.Orgs, msg.Viewer, true
		st.activity, st.activityAsked = false, false
		ids := make(map[int64]bool, len(st.orgs))
		for _, o := range st.orgs {
			ids[o.Org.ID] = true
		}
		for id := range st.rows {
			if !ids[id] {
				delete(st.rows, id)
			}
		}
		return st.restart()
	case orgsActivityMsg:
		st.activity = true
		byID := make(map[int64]catalog.ProgrammeSummary, len(msg.Orgs))
		for _, o := range msg.Orgs {
			byID[o.Org.ID] = o
		}
		for i, o := range st.orgs {
			if a, ok := byID[o.Org.ID]; ok {
				st.orgs[i] = a
			}
		}
		return st.restart()
	case progRowsMsg:
		for _, r := range msg.Rows {
			if fp, ok := msg.FPs[r.Org.ID]; ok {
				st.rows[r.Org.ID] = progEntry{fp: fp, row: r}
			}
		}
		st.refresh()
		var cmds []tea.Cmd
		if !st.activity && !st.activityAsked {
			// after the first screen: each organisation's newest change and open actions
			st.activityAsked = true
			cmds = append(cmds, st.loadActivity())
		}
		if msg.Gen == st.gen && len(msg.Rest) > 0 {
			n := min(len(msg.Rest), progChunk)
			cmds = append(cmds, st.loadRows(msg.Gen, msg.Rest[:n], msg.Rest[n:]))
		}
		return tea.Batch(cmds...)
	case savedMsg:
		if !strings.HasPrefix(msg.Tag, "start.") || msg.Err != nil {
			return nil
		}
		return st.Reload()
	case clickMsg:
		// rows start under the title, the filter line and the column header
		if i := st.list.offset + msg.Y - 3; len(st.lines) > 0 && msg.Y >= 3 && i < len(st.lines) && st.lines[i].row >= 0 {
			st.list.cursor = i
		}
		return nil
	case tea.KeyPressMsg:
		return st.key(msg)
	case tea.PasteMsg:
		if st.typing {
			cmd := updateTextInput(st.c, &st.filter, msg)
			st.refresh()
			return cmd
		}
	}
	return nil
}

func (st *startScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := st.c.Keys
	if st.typing {
		cmd, changed, cleared := typeFilter(st.c, &st.filter, &st.typing, msg)
		if changed {
			st.list.cursor = 0
		}
		if changed || cleared {
			st.refresh()
		}
		return cmd
	}
	if !st.loaded {
		return nil
	}
	if len(st.orgs) == 0 {
		return st.welcomeKey(msg)
	}
	if navigate(k, msg, &st.list, len(st.lines), st.listHeight(), func(i int) bool { return st.lines[i].row < 0 }) {
		st.showHeading()
		return st.loadVisible()
	}
	switch {
	case key.Matches(msg, k.Back):
		switch {
		case st.filter.Value() != "":
			st.filter.SetValue("")
		case st.groupFilter != (scoring.ProgrammeFilter{}):
			st.groupFilter = scoring.ProgrammeFilter{}
		case st.heat:
			st.heat = false
		}
		st.refresh()
	case key.Matches(msg, k.Filter):
		st.typing = true
		return st.filter.Focus()
	case key.Matches(msg, k.SubNext, k.SubPrev):
		st.heat = !st.heat
	case key.Matches(msg, st.figureKey):
		st.attainment = !st.attainment
		st.heat = true
	case key.Matches(msg, st.sortKey):
		st.openSort()
	case key.Matches(msg, st.pickKey):
		st.openGroupFilter()
	case key.Matches(msg, k.Enter):
		if o, ok := st.selected(); ok {
			id := o.Org.ID
			return func() tea.Msg { return openOrgMsg{OrgID: id} }
		}
	case st.viewer:
		// a viewer changes nothing: n, r, D and d are not offered
	case key.Matches(msg, k.New):
		st.openCreate()
	case key.Matches(msg, k.Rename):
		if o, ok := st.selected(); ok {
			id := o.Org.ID
			st.c.openDialog(newForm(st.c, st.c.T("tui.start.rename.title", termtext.Clean(o.Org.Name)), func(f *form) tea.Cmd {
				name := f.Value("name")
				return st.c.Save("start.rename", func(ctx context.Context, s *catalog.Store) error {
					return s.UpdateOrg(ctx, id, catalog.OrgPatch{Name: &name})
				})
			}, field{Key: "name", Label: st.c.T("tui.org.name"), Value: o.Org.Name, Check: st.requireName}).waitFor("start.rename"))
		}
	case key.Matches(msg, k.Delete):
		if o, ok := st.selected(); ok {
			id := o.Org.ID
			st.c.openDialog(newConfirm(st.c, st.c.T("tui.start.delete.ask", termtext.Clean(o.Org.Name)), func() tea.Cmd {
				return st.c.Save("start.delete", func(ctx context.Context, s *catalog.Store) error {
					return s.RemoveOrg(ctx, id)
				})
			}))
		}
	case key.Matches(msg, k.Demo):
		for _, o := range st.orgs {
			if o.Org.Name == catalog.DemoOrgName {
				st.c.openDialog(newConfirm(st.c, st.c.T("tui.start.demo.replace", catalog.DemoOrgName), st.loadDemo))
				return nil
			}
		}
		return st.loadDemo()
	}
	return nil
}

// showHeading keeps a group's heading on screen above its first row under the cursor.
func (st *startScreen) showHeading() {
	c := st.list.cursor
	if c > 0 && st.list.offset == c && st.lines[c-1].row < 0 && st.listHeight() > 1 {
		st.list.offset = c - 1
	}
}

// restart lays the list out and reads the figures that are missing or out of date, those
// on screen first.
func (st *startScreen) restart() tea.Cmd {
	st.gen++
	st.refresh()
	first, rest := st.staleIDs()
	if len(first) == 0 {
		if !st.activity && !st.activityAsked {
			st.activityAsked = true
			return st.loadActivity()
		}
		return nil
	}
	return st.loadRows(st.gen, first, rest)
}

// loadVisible reads the figures of rows scrolled into view before the chunks reach them.
func (st *startScreen) loadVisible() tea.Cmd {
	from, to := st.list.window(len(st.lines), st.listHeight())
	var ids []int64
	for i := from; i < to; i++ {
		if l := st.lines[i]; l.row >= 0 {
			id := st.view[l.row].Org.ID
			if _, read := st.rows[id]; !read && st.pending[id] {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return st.loadRows(-1, ids, nil)
}

// openSort offers the columns; the column already sorted by turns the other way.
func (st *startScreen) openSort() {
	T := st.c.T
	var opts []option
	for i, col := range scoring.ProgrammeColumns {
		label := T("tui.programme.sort." + string(col))
		if col == st.sortCol {
			label += "  " + T(map[bool]string{false: "tui.programme.sort.asc", true: "tui.programme.sort.desc"}[st.sortDesc])
		}
		opts = append(opts, option{Key: string(rune('a' + i)), Label: label, Value: string(col)})
	}
	st.c.openDialog(newPicker(st.c, T("tui.programme.sort.title"), opts, string(st.sortCol), func(o option) tea.Cmd {
		col := scoring.ProgrammeColumn(o.Value)
		if col == st.sortCol {
			st.sortDesc = !st.sortDesc
		} else {
			st.sortCol, st.sortDesc = col, defaultDesc(col)
		}
		st.list.cursor = 0
		st.refresh()
		return st.loadVisible()
	}))
}

// openGroupFilter offers every sector, country and size band present; one choice sets that
// dimension, "all" clears them.
func (st *startScreen) openGroupFilter() {
	T := st.c.T
	opts := []option{{Key: "a", Label: T("tui.programme.filter.all"), Value: ""}}
	cur := ""
	for _, by := range scoring.Groupings {
		for _, v := range st.groupValues(by) {
			val := string(by) + "=" + v
			opts = append(opts, option{Label: st.c.P.Labelled(T("tui.programme.group."+string(by)), termtext.Clean(v)), Value: val})
			if st.filterValue(by) == v {
				cur = val
			}
		}
	}
	st.c.openDialog(newPicker(st.c, T("tui.programme.filter.title"), opts, cur, func(o option) tea.Cmd {
		by, v, _ := strings.Cut(o.Value, "=")
		switch scoring.GroupBy(by) {
		case scoring.BySector:
			st.groupFilter.Sector = v
		case scoring.ByCountry:
			st.groupFilter.Country = v
		case scoring.BySizeBand:
			st.groupFilter.SizeBand = scoring.SizeBand(v)
		default:
			st.groupFilter = scoring.ProgrammeFilter{}
		}
		st.list.cursor = 0
		st.refresh()
		return st.loadVisible()
	}))
}

func (st *startScreen) filterValue(by scoring.GroupBy) string {
	switch by {
	case scoring.BySector:
		return st.groupFilter.Sector
	case scoring.ByCountry:
		return st.groupFilter.Country
	}
	return string(st.groupFilter.SizeBand)
}

func (st *startScreen) welcomeKey(msg tea.KeyPressMsg) tea.Cmd {
	k := st.c.Keys
	if st.viewer {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		st.menu = (st.menu + 2) % 3
	case key.Matches(msg, k.Down):
		st.menu = (st.menu + 1) % 3
	case key.Matches(msg, k.New):
		st.openCreate()
	case key.Matches(msg, k.Demo):
		return st.loadDemo()
	case key.Matches(msg, k.Enter):
		switch st.menu {
		case 0:
			st.openCreate()
		case 1:
			return st.loadDemo()
		case 2:
			return tea.Quit
		}
	}
	return nil
}

func (st *startScreen) requireName(v string) string {
	if v == "" {
		return st.c.T("tui.org.name.empty")
	}
	return ""
}

func (st *startScreen) openCreate() {
	T := st.c.T
	st.c.openDialog(newForm(st.c, T("tui.start.create.title"), func(f *form) tea.Cmd {
		size, _ := strconv.Atoi(f.Value("size"))
		n := catalog.NewOrg{Name: f.Value("name"), Sector: f.Value("sector"), Country: f.Value("country"), Size: size,
			FirstCycle: T("cycle.first_name")}
		return st.c.SaveThen("start.create", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			o, _, err := s.AddOrg(ctx, n)
			if err != nil {
				return nil, err
			}
			return openOrgMsg{OrgID: o.ID}, nil
		})
	},
		field{Key: "name", Label: T("tui.org.name"), Check: st.requireName},
		field{Key: "sector", Label: T("tui.org.sector"), Placeholder: T("tui.org.sector.ph")},
		field{Key: "country", Label: T("tui.org.country"), Placeholder: T("tui.org.country.ph")},
		field{Key: "size", Label: T("tui.org.size"), Placeholder: T("tui.org.size.ph"), Check: func(v string) string {
			if v == "" {
				return ""
			}
			if n, err := strconv.Atoi(v); err != nil || n < 0 {
				return T("tui.org.size.bad", v)
			}
			return ""
		}},
	).waitFor("start.create"))
}

func (st *startScreen) loadDemo() tea.Cmd {
	return st.c.SaveThen("start.demo", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		o, err := s.LoadDemo(ctx)
		if err != nil {
			return nil, err
		}
		return openOrgMsg{OrgID: o.ID}, nil
	})
}

// listHeight is the rows under the title, the filter line and the column header, above the
// selected organisation's detail lines.
func (st *startScreen) listHeight() int { return max(st.h-3-st.detailLines(), 1) }

func (st *startScreen) View() string {
	switch {
	case !st.loaded:
		return st.c.styles.Muted.Render(st.c.T("tui.status.loading"))
	case len(st.orgs) == 0:
		return st.welcomeView(st.w, st.h)
	}
	return st.dashboardView()
}
func (st *startScreen) welcomeView(w, h int) string {
	s := st.c.styles
	T := st.c.T
	var b strings.Builder
	b.WriteString(s.Title.Render(T("tui.app.title")) + "\n\n")
	for _, l := range textwidth.Wrap(T("tui.welcome.intro"), min(w-4, 72)) {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	items := []struct{ key, label string }{{"n", T("tui.welcome.create")}, {"d", T("tui.welcome.demo")}, {"q", T("tui.welcome.quit")}}
	for i, it := range items {
		line := fmt.Sprintf("  %s  %s", s.Key.Render(it.key), it.label)
		if i == st.menu {
			line = s.Selected.Render(textwidth.Pad(fmt.Sprintf("› %s  %s", it.key, it.label), min(w-4, 50)))
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + s.Muted.Render(T("tui.welcome.db", st.c.DBLabel)))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, s.Box.Render(b.String()))
}

func (st *startScreen) Help() []key.Binding {
	k := st.c.Keys
	switch {
	case st.typing:
		return typingKeys(k)
	case st.loaded && len(st.orgs) == 0:
		if st.viewer {
			return nil
		}
		return []key.Binding{k.New, k.Demo}
	case st.viewer:
		return []key.Binding{k.Enter, k.SubNext, st.sortKey, st.pickKey, k.Filter}
	}
	return []key.Binding{k.Enter, k.SubNext, st.sortKey, st.pickKey, k.Filter, k.New}
}

func (st *startScreen) FullHelp() [][]key.Binding {
	k := st.c.Keys
	view := []key.Binding{st.sortKey, st.pickKey, k.Filter, k.SubNext, st.figureKey}
	if st.viewer {
		return [][]key.Binding{{k.Enter}, view, k.Navigation()}
	}
	return [][]key.Binding{{k.Enter, k.New, k.Rename, k.Delete, k.Demo}, view, k.Navigation()}
}
