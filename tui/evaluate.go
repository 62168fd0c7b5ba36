package tui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// evaluateTab scores the services (0-5, not assessed, evidence) and shows the evaluation results.
type evaluateTab struct {
	c          *common
	data       *orgData
	table      serviceTable
	w, h       int
	outOfScope int
	inScope    int
	longest    int // the widest service name, so a wide window gives the rest to the evidence

	kinds map[string]scoring.ChangeKind // each service's change since the previous cycle

	results bool
	resView scroller // the results, laid out when data, size or theme change and they are shown
	resOld  bool     // the results are not laid out for the present data, size or theme

	// advance: after a score the cursor moves to the next service (a per-user setting)
	advance bool

	detail *serviceDetail // the selected service's detail, opened with enter
}

// settingMsg carries a per-user setting read from the store.
type settingMsg struct {
	Name  string
	Value bool
}

func newEvaluateTab(c *common) tabScreen {
	t := &evaluateTab{c: c, table: newServiceTable(c), resView: newScroller(), advance: true}
	t.table.cellsOf, t.table.searchOf = t.rowCells, t.rowSearch
	return t
}

func (t *evaluateTab) Title() string { return t.c.T("tui.tab.evaluate") }

func (t *evaluateTab) SetData(d *orgData) {
	t.data = d
	t.outOfScope = 0
	t.kinds = map[string]scoring.ChangeKind{}
	if d.Result != nil {
		for _, ch := range d.Result.Portfolio.Changes {
			t.kinds[ch.ID] = ch.Kind
		}
	}
	all := make([]serviceRow, 0, len(d.Cycle.Services))
	t.longest = 0
	for i := range d.Cycle.Services {
		sv := &d.Cycle.Services[i]
		if !sv.InScope {
			t.outOfScope++
			continue
		}
		// the widest name sizes the column on a wide window; the cells are laid out when drawn
		t.longest = max(t.longest, textwidth.Width(t.c.text(sv.Name)))
		all = append(all, serviceRow{svc: i, cat: sv.Category, id: sv.ID}) // cells: rowCells
	}
	t.inScope = len(all)
	t.table.SetRows(d, all, nil)
	t.layout()
}

// refreshDetail lays the open detail out again for new data or size.
func (t *evaluateTab) refreshDetail() {
	if t.detail != nil {
		t.detail.refresh(t.c, t.data, t.w, t.h)
	}
}

// rowCells lays out a service's row when it is on screen.
func (t *evaluateTab) rowCells(r *serviceRow) []string {
	sv := &t.data.Cycle.Services[r.svc]
	p, lang := t.data.Cycle.Pack, t.c.Lang
	gap := t.c.T("figure.unknown")
	if g := scoring.Gap(sv.Target, sv.Current); g != nil {
		gap = strconv.Itoa(*g)
		if *g > 0 {
			gap += "!" // below target: a mark that needs no colour
		}
	}
	mark := ""
	switch {
	case sv.CarriedOver:
		mark = "↺"
	case t.kinds[sv.ID] == scoring.Improved:
		mark = "▲"
	case t.kinds[sv.ID] == scoring.Declined:
		mark = "▼"
	}
	first, _, _ := strings.Cut(sv.Evidence, "\n")
	return []string{sv.ID, t.c.text(sv.Name), p.LevelName(sv.Level, lang), p.AssignmentName(sv.Assignment, lang), t.c.P.Score(sv.Target), t.c.P.Score(sv.Current), gap, mark,
		oneLine(first)}
}

// rowSearch is the text the filter line matches in a row.
func (t *evaluateTab) rowSearch(r *serviceRow) string {
	sv := &t.data.Cycle.Services[r.svc]
	return strings.ToLower(sv.ID + " " + t.c.searchText(sv.Name) + " " + sv.Provider + " " + sv.Evidence)
}

// focus shows the service or the category j names, or the results when it names neither.
func (t *evaluateTab) focus(j jumpMsg) tea.Cmd {
	t.results = j.service == "" && j.category == ""
	t.detail = nil
	t.layoutResults()
	if !j.restore {
		t.table.clearFilters()
		t.table.fCat = j.category
	}
	t.table.refilter(j.service)
	return nil
}

// descHeight is the height of the score descriptor panel under the table.
const descHeight = 8

func (t *evaluateTab) SetSize(w, h int) {
	t.w, t.h = w, h
	t.layout()
}

// layout sizes the table and lays the results out for the data, size and theme.
func (t *evaluateTab) layout() {
	t.table.SetSize(t.w, max(t.h-1-descHeight, 2), t.columns())
	t.resOld = true
	t.layoutResults()
	t.refreshDetail()
}

// layoutResults lays the results out if they are shown and not laid out yet: a score's
// reload does not lay out the results of 10,000 services behind the table.
func (t *evaluateTab) layoutResults() {
	if t.data == nil || !t.results || !t.resOld {
		return
	}
	t.resOld = false
	t.resView.SetSize(t.w, t.h)
	t.resView.SetLines(t.resultView(t.w))
}

// columns of the scoring table; on wide windows the name is as wide as the widest (up to 48)
// so the scores stay near it, and the room left shows the evidence note.
func (t *evaluateTab) columns() []column {
	T := t.c.T
	id, level, assign, target, current, gap, mark := 5, 11, 10, 6, 7, 4, 2
	name := max(t.w-2-id-level-assign-target-current-gap-mark-7, 10)
	evidence := 0
	if capped := min(max(t.longest, textwidth.Width(T("tui.build.col.service")), 10), 48); name > capped {
		if rest := name - capped - 1; rest >= 20 {
			name, evidence = capped, rest
		}
	}
	cols := []column{{T("tui.build.col.id"), id, false}, {T("tui.build.col.service"), name, false}, {T("tui.build.col.level"), level, false}, {T("tui.build.col.assign"), assign, false},
		{T("tui.build.col.target"), target, true}, {T("tui.eval.col.current"), current, true}, {T("tui.eval.col.gap"), gap, true}, {"", mark, false}}
	if evidence > 0 {
		cols = append(cols, column{T("tui.eval.evidence"), evidence, false})
	}
	return cols
}

func (t *evaluateTab) selected() (*catalog.ServiceState, bool) { return t.table.service(t.data) }

func (t *evaluateTab) mode() viewMode {
	switch {
	case t.table.typing:
		return modeText
	case t.results || t.detail != nil || t.table.filtered():
		return modeNested
	}
	return modeNormal
}

func (t *evaluateTab) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(settingMsg); ok {
		if m.Name == catalog.SettingAdvance {
			t.advance = m.Value
		}
		return nil
	}
	if t.detail != nil && t.detail.history(t.c, t.data, t.w, t.h, msg) {
		return nil
	}
	return t.table.route(msg, t.results || t.detail != nil, t.data != nil, t.key)
}

// loadSettings reads the tab's per-user settings; the workspace calls it when it loads.
func (t *evaluateTab) loadSettings() tea.Cmd {
	return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		v, err := s.BoolSetting(ctx, catalog.SettingAdvance, true)
		return settingMsg{Name: catalog.SettingAdvance, Value: v}, err
	})
}

// advanceKey toggles moving to the next service after a score.
func (t *evaluateTab) advanceKey() key.Binding {
	return t.c.Keys.Bind([]string{">"}, ">", "tui.eval.key.advance")
}

func (t *evaluateTab) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	if t.detail != nil {
		if t.detail.key(k, msg) {
			t.detail = nil
		}
		return nil
	}
	if !t.table.typing && key.Matches(msg, k.Results) {
		t.results = !t.results
		t.layoutResults()
		return nil
	}
	if t.results {
		if key.Matches(msg, k.Back) {
			t.results = false
		} else {
			t.resView.Key(k, msg)
		}
		return nil
	}
	if ok, cmd := t.table.Key(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		t.table.clearFilters()
		return nil
	case key.Matches(msg, t.advanceKey()):
		t.advance = !t.advance
		v := strconv.FormatBool(t.advance)
		word := t.c.T("tui.eval.advance.off")
		if t.advance {
			word = t.c.T("tui.eval.advance.on")
		}
		// said once the setting is stored: the saved message would clear it
		return t.c.SaveThen("setting", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			return statusMsg{Text: word}, s.SetSetting(ctx, catalog.SettingAdvance, v)
		})
	case key.Matches(msg, k.NextUnscored):
		services := t.data.Cycle.Services
		if !t.table.advance(func(r serviceRow) bool { return services[r.svc].Current == nil || services[r.svc].CarriedOver }, true) {
			return statusCmd(t.c.T("tui.eval.allscored"))
		}
		return nil
	}
	sv, ok := t.selected()
	if !ok {
		return nil
	}
	if key.Matches(msg, k.Score, k.ClearScore, k.Evidence) && t.data.Closed() {
		return statusCmd(t.c.T("tui.cycle.readonly"))
	}
	cycleID, id := t.data.Cycle.Cycle.ID, sv.ID
	switch {
	case key.Matches(msg, k.History): // the service's change log, on the Manage tab
		return func() tea.Msg { return jumpMsg{tab: tabManage, service: sv.ID, back: true, from: tabEvaluate} }
	case key.Matches(msg, k.Enter):
		var cmd tea.Cmd
		t.detail, cmd = openServiceDetail(t.c, t.data, id, t.w, t.h)
		return cmd
	case key.Matches(msg, k.Score):
		v, _ := strconv.Atoi(msg.String())
		if t.advance {
			t.table.advance(nil, false) // scoring flows down the list
		}
		return t.c.Save("evaluate.score", func(ctx context.Context, s *catalog.Store) error {
			_, err := s.SetAssessment(ctx, cycleID, id, catalog.AssessmentPatch{Score: &v})
			return err
		})
	case key.Matches(msg, k.ClearScore):
		return t.c.Save("evaluate.score", func(ctx context.Context, s *catalog.Store) error {
			_, err := s.SetAssessment(ctx, cycleID, id, catalog.AssessmentPatch{ClearScore: true})
			return err
		})
	case key.Matches(msg, k.Evidence):
		title := t.c.T("tui.eval.evidence.title", id, t.c.text(sv.Name))
		var f *textForm
		f = newTextForm(t.c, title, sv.Evidence, func(v string) tea.Cmd {
			was := f.Was()
			return t.c.Save("evaluate.evidence", func(ctx context.Context, s *catalog.Store) error {
				_, err := s.SetAssessment(ctx, cycleID, id, catalog.AssessmentPatch{Evidence: &v, EvidenceWas: &was})
				return err
			})
		})
		f.wait, f.label = "evaluate.evidence", t.c.T("tui.eval.evidence")
		t.c.openDialog(f)
	}
	return nil
}

func (t *evaluateTab) View() string {
	if t.data == nil {
		return ""
	}
	if t.results {
		return t.resView.View()
	}
	if t.detail != nil {
		return t.detail.scroll.View()
	}
	return t.scoringView()
}

func (t *evaluateTab) scoringView() string {
	s := t.c.styles
	T := t.c.T
	var b strings.Builder
	info := s.Muted.Render(T("tui.eval.summary", t.inScope, t.outOfScope))
	if t.table.typing {
		info = t.table.filterView()
	} else if parts := t.table.filterParts(); len(parts) > 0 {
		info = s.Warn.Render(T("tui.build.filtered", strings.Join(parts, " · "))) + s.Muted.Render("  esc")
	}
	right := t.table.position()
	if !t.advance {
		right = T("tui.eval.advance.offmark") + "  " + right
	}
	b.WriteString(joinLR(info, s.Muted.Render(right+"  "+T("tui.eval.toresults")), t.w) + "\n")
	b.WriteString(t.table.View(T("tui.eval.norows"), "") + "\n")
	b.WriteString(t.descriptorPanel())
	return b.String()
}

// descriptorPanel shows what each score means for the selected service's assignment kind.
func (t *evaluateTab) descriptorPanel() string {
	s := t.c.styles
	T := t.c.T
	w := t.w
	sv, ok := t.selected()
	if !ok {
		return ""
	}
	kind := T("tui.eval.inhouse")
	if sv.Assignment.Outsourced() {
		kind = T("tui.eval.outsourced")
	}
	room, carried := w-4, ""
	if sv.CarriedOver { // the mark stays; the name gives way
		carried = T("tui.eval.carried")
		room -= textwidth.Width(carried) + 2
	}
	title := s.Muted.Render(strings.Repeat("─", 2)) + " " + s.Bold.Render(textwidth.Truncate(T("tui.eval.scale", sv.ID+" "+t.c.text(sv.Name), kind), max(room, 10)))
	if carried != "" {
		title += "  " + s.Warn.Render(carried)
	}
	lines := []string{textwidth.Pad(title, w)}
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		d := oneLine(t.data.Cycle.Pack.Descriptor(v, sv.Assignment).In(t.c.Lang))
		line := " " + strconv.Itoa(v) + "  " + d
		if sv.Current != nil && *sv.Current == v {
			line = s.Selected.Render(textwidth.Pad("›"+line[1:], w-1))
		} else if sv.Target != nil && *sv.Target == v {
			line = s.Warn.Render(textwidth.Pad(line+"  ("+T("tui.build.detail.target")+")", w-1))
		}
		lines = append(lines, textwidth.Pad(line, w))
	}
	ev := t.c.P.Labelled(T("tui.eval.evidence"), t.c.P.OrUnknown(oneLine(sv.Evidence)))
	lines = append(lines, s.Muted.Render(textwidth.Pad(ev, w)))
	return strings.Join(lines, "\n")
}

// helpGroups are the keys that work in the tab's present state, grouped as ? shows them; the
// short help line shows the same keys but movement.
func (t *evaluateTab) helpGroups() [][]key.Binding {
	k := t.c.Keys
	switch {
	case t.table.typing:
		return [][]key.Binding{typingKeys(k)}
	case t.results:
		return [][]key.Binding{{k.Results, k.Back}}
	case t.detail != nil:
		return detailHelp(k)
	}
	lists := []key.Binding{k.Filter, t.table.filterKey(), t.table.sortKey()}
	if t.mode() == modeNested {
		lists = append(lists, k.Back)
	}
	score := []key.Binding{k.Score, k.NextUnscored, k.ClearScore, k.Evidence, t.advanceKey()}
	if t.data != nil && t.data.Closed() { // read only: no edit keys
		score = []key.Binding{k.NextUnscored, t.advanceKey()}
	}
	return [][]key.Binding{score, {k.Enter, k.Results, k.History}, lists}
}

func (t *evaluateTab) Help() []key.Binding {
	if t.results || t.detail != nil {
		return append([]key.Binding{t.c.Keys.Up, t.c.Keys.Down}, flatten(t.helpGroups())...)
	}
	return flatten(t.helpGroups())
}

func (t *evaluateTab) FullHelp() [][]key.Binding {
	return withNavigation(t.c.Keys, t.helpGroups(), t.table.typing)
}
