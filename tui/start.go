package tui

import (
	"context"
	"errors"
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

// startScreen is the welcome screen on an empty database, else the organisation list.
type startScreen struct {
	c        *common
	loaded   bool
	orgs     []orgRow
	shown    []int                 // indexes into orgs after the filter
	maturity map[int64]orgMaturity // latest maturity index by organisation, once evaluated
	list     listWindow
	filter   textinput.Model
	typing   bool
	menu     int // welcome menu cursor
	w, h     int
}

func newStartScreen(c *common) *startScreen {
	return &startScreen{c: c, filter: newFilterInput(c, ""), maturity: map[int64]orgMaturity{}}
}

// Reload loads the organisations; the maturity indices follow in a second read, so the
// list appears at once however many organisations the database holds.
func (st *startScreen) Reload() tea.Cmd {
	return st.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		sums, err := s.Orgs(ctx)
		if err != nil {
			return nil, err
		}
		rows := make([]orgRow, len(sums))
		for i, o := range sums {
			rows[i].OrgSummary = o
		}
		return orgsLoadedMsg{Orgs: rows}, nil
	})
}

// loadMaturity evaluates each organisation's latest cycle for the list's last column.
func (st *startScreen) loadMaturity(orgs []orgRow) tea.Cmd {
	latest := make(map[int64]int64, len(orgs))
	for _, o := range orgs {
		latest[o.ID] = o.LatestCycle
	}
	return st.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		m := maturityMsg{ByOrg: make(map[int64]orgMaturity, len(latest))}
		for orgID, cycleID := range latest {
			if cycleID == 0 {
				m.ByOrg[orgID] = orgMaturity{}
				continue
			}
			cd, err := s.CycleData(ctx, cycleID)
			if errors.Is(err, catalog.ErrNotFound) {
				continue // removed meanwhile; the next list load drops it
			}
			if err != nil {
				return nil, err
			}
			r := scoring.Evaluate(cd, nil)
			m.ByOrg[orgID] = orgMaturity{Index: r.Portfolio.MaturityIndex, Assessed: r.Catalogue.Assessed, InScope: r.Catalogue.InScope}
		}
		return m, nil
	})
}

func (st *startScreen) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(st.filter.Value()))
	st.shown = st.shown[:0]
	for i, o := range st.orgs {
		if q == "" || strings.Contains(strings.ToLower(o.Name+" "+o.Sector+" "+o.Country), q) {
			st.shown = append(st.shown, i)
		}
	}
}

func (st *startScreen) selected() (orgRow, bool) {
	if st.list.cursor < 0 || st.list.cursor >= len(st.shown) {
		return orgRow{}, false
	}
	return st.orgs[st.shown[st.list.cursor]], true
}

func (st *startScreen) mode() viewMode {
	switch {
	case st.typing:
		return modeText
	case st.filter.Value() != "":
		return modeNested
	}
	return modeNormal
}

func (st *startScreen) SetSize(w, h int) {
	st.w, st.h = w, h
	st.filter.SetStyles(inputStyles(st.c)) // follow the light/dark theme
	st.list.clamp(len(st.shown), st.listHeight())
}

func (st *startScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case orgsLoadedMsg:
		var keep int64
		if o, ok := st.selected(); ok {
			keep = o.ID
		}
		st.orgs, st.loaded = msg.Orgs, true
		st.applyFilter()
		for i, idx := range st.shown {
			if st.orgs[idx].ID == keep {
				st.list.cursor = i
			}
		}
		return st.loadMaturity(msg.Orgs)
	case maturityMsg:
		if st.maturity == nil {
			st.maturity = map[int64]orgMaturity{}
		}
		for id, v := range msg.ByOrg {
			st.maturity[id] = v
		}
		return nil
	case savedMsg:
		if !strings.HasPrefix(msg.Tag, "start.") || msg.Err != nil {
			return nil
		}
		return st.Reload()
	case clickMsg:
		// rows start under the title, the filter line and the column header
		if i := st.list.offset + msg.Y - 3; len(st.orgs) > 0 && msg.Y >= 3 && i < len(st.shown) {
			st.list.cursor = i
		}
		return nil
	case tea.KeyPressMsg:
		return st.key(msg)
	case tea.PasteMsg:
		if st.typing {
			cmd := updateTextInput(st.c, &st.filter, msg)
			st.applyFilter()
			return cmd
		}
	}
	return nil
}

func (st *startScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := st.c.Keys
	if st.typing {
		cmd, changed, cleared := typeFilter(st.c, &st.filter, &st.typing, msg)
		if changed || cleared {
			st.applyFilter()
		}
		if changed {
			st.list.cursor = 0
		}
		return cmd
	}
	if !st.loaded {
		return nil
	}
	if len(st.orgs) == 0 {
		return st.welcomeKey(msg)
	}
	if navigate(k, msg, &st.list, len(st.shown), st.listHeight(), nil) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		if st.filter.Value() != "" {
			st.filter.SetValue("")
			st.applyFilter()
		}
	case key.Matches(msg, k.Filter):
		st.typing = true
		return st.filter.Focus()
	case key.Matches(msg, k.Enter):
		if o, ok := st.selected(); ok {
			id := o.ID
			return func() tea.Msg { return openOrgMsg{OrgID: id} }
		}
	case key.Matches(msg, k.New):
		st.openCreate()
	case key.Matches(msg, k.Rename):
		if o, ok := st.selected(); ok {
			id := o.ID
			st.c.openDialog(newForm(st.c, st.c.T("tui.start.rename.title", termtext.Clean(o.Name)), func(f *form) tea.Cmd {
				name := f.Value("name")
				return st.c.Save("start.rename", func(ctx context.Context, s *catalog.Store) error {
					return s.UpdateOrg(ctx, id, catalog.OrgPatch{Name: &name})
				})
			}, field{Key: "name", Label: st.c.T("tui.org.name"), Value: o.Name, Check: st.requireName}).waitFor("start.rename"))
		}
	case key.Matches(msg, k.Delete):
		if o, ok := st.selected(); ok {
			id := o.ID
			st.c.openDialog(newConfirm(st.c, st.c.T("tui.start.delete.ask", termtext.Clean(o.Name)), func() tea.Cmd {
				return st.c.Save("start.delete", func(ctx context.Context, s *catalog.Store) error {
					return s.RemoveOrg(ctx, id)
				})
			}))
		}
	case key.Matches(msg, k.Demo):
		for _, o := range st.orgs {
			if o.Name == catalog.DemoOrgName {
				st.c.openDialog(newConfirm(st.c, st.c.T("tui.start.demo.replace", catalog.DemoOrgName), st.loadDemo))
				return nil
			}
		}
		return st.loadDemo()
	}
	return nil
}

func (st *startScreen) welcomeKey(msg tea.KeyPressMsg) tea.Cmd {
	k := st.c.Keys
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
		n := catalog.NewOrg{Name: f.Value("name"), Sector: f.Value("sector"), Country: f.Value("country"), Size: size}
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

func (st *startScreen) listHeight() int { return max(st.h-3, 1) }

func (st *startScreen) View() string {
	switch {
	case !st.loaded:
		return st.c.styles.Muted.Render(st.c.T("tui.status.loading"))
	case len(st.orgs) == 0:
		return st.welcomeView(st.w, st.h)
	}
	return st.listView(st.w, st.h)
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

// org list columns; the maturity column fits an index and the word "provisional"
const (
	colSector  = 16
	colCountry = 12
	colCycles  = 8
)

func (st *startScreen) indexWidth() int {
	return max(textwidth.Width(st.c.T("tui.org.maturity")), 5+1+textwidth.Width(st.c.P.Provisional()))
}

func (st *startScreen) listView(w, h int) string {
	s := st.c.styles
	T := st.c.T
	var b strings.Builder
	title := s.Title.Render(T("tui.start.title")) + s.Muted.Render(fmt.Sprintf("  %d", len(st.orgs)))
	b.WriteString(joinLR(title, s.Muted.Render(st.c.DBLabel), w) + "\n")
	if st.typing || st.filter.Value() != "" {
		b.WriteString(st.filter.View() + "\n")
	} else {
		b.WriteString("\n")
	}
	colIndex := st.indexWidth()
	nameW := max(w-colSector-colCountry-colCycles-colIndex-6, 12)
	b.WriteString(s.TableHeader.Render(textwidth.Pad(T("tui.org.name"), nameW)+" "+textwidth.Pad(T("tui.org.sector"), colSector)+" "+
		textwidth.Pad(T("tui.org.country"), colCountry)+" "+textwidth.PadLeft(T("tui.org.cycles"), colCycles)+" "+textwidth.PadLeft(T("tui.org.maturity"), colIndex)) + "\n")
	lh := st.listHeight()
	from, to := st.list.window(len(st.shown), lh)
	if len(st.shown) == 0 {
		b.WriteString(s.Muted.Render(T("tui.start.nomatch")) + "\n")
	}
	for i := from; i < to; i++ {
		o := st.orgs[st.shown[i]]
		idx := "…" // still being evaluated
		if m, ok := st.maturity[o.ID]; ok {
			idx = st.c.P.Index(m.Index)
			if m.Index != nil && scoring.Provisional(m.Assessed, m.InScope) {
				idx += " " + st.c.P.Provisional()
			}
		}
		line := textwidth.Pad(termtext.Clean(o.Name), nameW) + " " + textwidth.Pad(termtext.Clean(o.Sector), colSector) + " " + textwidth.Pad(termtext.Clean(o.Country), colCountry) + " " +
			textwidth.PadLeft(strconv.Itoa(o.Cycles), colCycles) + " " + textwidth.PadLeft(idx, colIndex)
		if i == st.list.cursor {
			line = s.Selected.Render(textwidth.Pad(line, w-2))
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

func (st *startScreen) Help() []key.Binding {
	k := st.c.Keys
	switch {
	case st.typing:
		return []key.Binding{k.Submit, k.Cancel}
	case st.loaded && len(st.orgs) == 0:
		return []key.Binding{k.New, k.Demo}
	}
	return []key.Binding{k.Enter, k.New, k.Rename, k.Delete, k.Filter}
}

func (st *startScreen) FullHelp() [][]key.Binding {
	k := st.c.Keys
	return [][]key.Binding{{k.Enter, k.New, k.Rename, k.Delete, k.Demo, k.Filter}, k.Navigation()}
}
