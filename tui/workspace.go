package tui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// Tab is one tab of the workspace. Tabs are pointers that change in place.
type tabScreen interface {
	// Title is the tab's name in the tab bar.
	Title() string
	// SetData hands the tab freshly loaded data; called after every load.
	SetData(d *orgData)
	// Update receives keys and mouse-wheel moves while the tab is shown, and every other
	// message (savedMsg, its own load results) whether shown or not.
	Update(msg tea.Msg) tea.Cmd
	// SetSize gives the tab its body area; the tab keeps its rows visible in it.
	SetSize(w, h int)
	// View renders the tab body in the size given (shorter output is padded); it changes nothing.
	View() string
	// Mode says who gets esc and the global keys.
	mode() viewMode
	// Help is the short key help; FullHelp the groups shown by ?.
	Help() []key.Binding
	FullHelp() [][]key.Binding
}

// focuser is a tab that can put a service, a category or an action under the cursor
// (the Overview's items lead there).
type focuser interface {
	focus(j jumpMsg) tea.Cmd
}

// workspace is one organisation: a header with the cycle, the tab bar and the tabs.
type workspace struct {
	c       *common
	orgID   int64
	cycleID int64
	data    *orgData
	seq     int
	req     int // loads issued
	applied int // newest load shown
	tabs    []tabScreen
	active  int
	w, h    int
	stale   map[int]bool // hidden tabs whose extra reads wait until they are shown
	// unset are hidden tabs not yet handed the newest data: they lay it out when shown, so a
	// save's reload lays out only the tab on screen.
	unset map[int]bool
	// pending are this window's service edits not yet shown (reloadAfter); shownPatch says
	// the data on screen is such a patch rather than a full read.
	pending    []pendingPatch
	shownPatch bool
}

func newWorkspace(c *common, orgID, cycleID int64) *workspace {
	w := &workspace{c: c, orgID: orgID, cycleID: cycleID, stale: map[int]bool{}, unset: map[int]bool{}}
	w.tabs = []tabScreen{newOverviewTab(c), newBuildTab(c), newManageTab(c), newEvaluateTab(c), newReportTab(c)}
	return w
}

// Reload loads the organisation, its cycles, the cycle on screen, the history and the evaluation.
func (w *workspace) Reload() tea.Cmd {
	orgID, cycleID := w.orgID, w.cycleID
	w.req++
	req := w.req
	return w.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		d, err := loadData(ctx, s, orgID, cycleID)
		if err != nil {
			return nil, err
		}
		return dataMsg{orgData: d, Req: req}, nil
	})
}

// settingsLoader is a tab with per-user settings, read when the workspace opens.
type settingsLoader interface{ loadSettings() tea.Cmd }

func (w *workspace) loadSettings() tea.Cmd {
	var cmds []tea.Cmd
	for _, t := range w.tabs {
		if l, ok := t.(settingsLoader); ok {
			cmds = append(cmds, l.loadSettings())
		}
	}
	return tea.Batch(cmds...)
}

// serviceEdits are the saves that change only services of the cycle on screen.
var serviceEdits = map[string]bool{"build": true, "evaluate.score": true, "evaluate.evidence": true}

// reloadAfter re-reads after a save: a service edit reads only the services its change-log
// entries name, patches a copy of the cycle on screen and re-evaluates it with the cached
// history; any other save reloads everything. Writes by other programs arrive by the poll.
func (w *workspace) reloadAfter(msg savedMsg) tea.Cmd {
	if w.data == nil || !serviceEdits[msg.Tag] {
		return w.Reload()
	}
	if len(msg.Changes) == 0 { // nothing was written
		return nil
	}
	w.req++
	w.pending = append(w.pending, pendingPatch{req: w.req, changes: msg.Changes})
	return w.patch(w.req)
}

// pendingPatch is a save whose changes the data on screen does not show yet.
type pendingPatch struct {
	req     int
	changes []int64
}

// patch re-reads the services every pending save changed, on a copy of the data on screen.
func (w *workspace) patch(req int) tea.Cmd {
	old := w.data
	var changes []int64
	for _, p := range w.pending {
		changes = append(changes, p.changes...)
	}
	base := old.Cycle
	return w.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		p, err := s.CyclePatch(ctx, base.Cycle.ID, changes)
		if err != nil {
			return nil, err
		}
		if p.Cycle.PackRef != base.Cycle.PackRef { // not reached by a service edit
			return reloadMsg{CycleID: base.Cycle.ID}, nil
		}
		cur := patchCycle(base, p)
		hist := make([]*catalog.CycleData, len(old.History))
		for i, h := range old.History {
			if h.Cycle.ID == cur.Cycle.ID {
				h = cur
			}
			hist[i] = h
		}
		d := &orgData{Org: old.Org, Cycles: old.Cycles, Cycle: cur, History: hist, Base: old.Seq}
		d.Result = evaluate(cur, historyUpTo(hist, cur.Cycle.ID))
		return dataMsg{orgData: d, Req: req, patch: true}, nil
	})
}

// patchCycle is a copy of d with the patch's cycle row and services; d is shared with the
// screen, so it is never changed.
func patchCycle(d *catalog.CycleData, p *catalog.PatchCycle) *catalog.CycleData {
	cur := &catalog.CycleData{Org: d.Org, Cycle: p.Cycle, Pack: d.Pack, Services: make([]catalog.ServiceState, len(d.Services))}
	copy(cur.Services, d.Services)
	j := 0
	for i := range cur.Services { // both in pack order
		if j < len(p.Services) && cur.Services[i].ID == p.Services[j].ID {
			cur.Services[i] = p.Services[j]
			j++
		}
	}
	return cur
}

// loadData reads everything the tabs show in one go.
func loadData(ctx context.Context, s *catalog.Store, orgID, cycleID int64) (*orgData, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	cycles, err := s.Cycles(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if cycleID == 0 || !hasCycle(cycles, cycleID) {
		c, err := s.FindCycle(ctx, orgID, "")
		if err != nil {
			return nil, err
		}
		cycleID = c.ID
	}
	hist, err := s.History(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var cur *catalog.CycleData
	for _, h := range hist {
		if h.Cycle.ID == cycleID {
			cur = h
		}
	}
	if cur == nil {
		if cur, err = s.CycleData(ctx, cycleID); err != nil {
			return nil, err
		}
	}
	d := &orgData{Org: org, Cycles: cycles, Cycle: cur, History: hist}
	d.Result = evaluate(cur, historyUpTo(hist, cycleID))
	return d, nil
}

// historyUpTo keeps the cycles up to and including cycleID, so an older cycle's
// evaluation compares with its own predecessor.
func historyUpTo(hist []*catalog.CycleData, cycleID int64) []*catalog.CycleData {
	for i, h := range hist {
		if h.Cycle.ID == cycleID {
			return hist[:i+1]
		}
	}
	return hist
}

func hasCycle(cs []catalog.Cycle, id int64) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

func (w *workspace) mode() viewMode {
	if w.data == nil {
		return modeNormal
	}
	return w.tabs[w.active].mode()
}

func (w *workspace) Update(msg tea.Msg) tea.Cmd {
	if diffMessage(w.c, msg) { // the diff view (=), diff.go
		return nil
	}
	switch msg := msg.(type) {
	case dataMsg:
		if msg.orgData.Org.ID != w.orgID {
			return nil
		}
		if msg.Req < w.applied {
			if !msg.patch && w.shownPatch { // a full read (another program's write) lost to a patch
				return w.Reload()
			}
			return nil
		}
		if msg.patch && (w.data == nil || msg.orgData.Base != w.data.Seq) {
			if w.data == nil || len(w.pending) == 0 {
				return nil
			}
			return w.patch(msg.Req) // copied from data no longer shown: redo on the newer
		}
		w.applied = msg.Req
		w.shownPatch = msg.patch
		w.pending = slices.DeleteFunc(w.pending, func(p pendingPatch) bool { return p.req <= msg.Req })
		w.seq++
		msg.orgData.Seq = w.seq
		w.data = msg.orgData
		w.cycleID = msg.orgData.Cycle.Cycle.ID
		var cmds []tea.Cmd
		for i, t := range w.tabs {
			if i != w.active {
				w.unset[i] = true // handed the data by show
				if _, ok := t.(dataLoader); ok {
					w.stale[i] = true
				}
				continue
			}
			t.SetData(w.data)
			if l, ok := t.(dataLoader); ok {
				cmds = append(cmds, l.Load())
			}
		}
		return tea.Batch(cmds...)
	case reloadMsg:
		if msg.CycleID != 0 {
			w.cycleID = msg.CycleID
		}
		return w.Reload()
	case savedMsg:
		w.c.undo.saved(w.orgID, msg)
		cmds := w.broadcastSaved(msg)
		if msg.Err == nil {
			cmds = append(cmds, w.reloadAfter(msg))
		}
		return tea.Batch(cmds...)
	case errMsg:
		if w.data != nil && errors.Is(msg.Err, catalog.ErrNotFound) {
			// The organisation or cycle was removed by another program.
			return func() tea.Msg { return backToStartMsg{} }
		}
	case undoneMsg:
		return w.c.undone(msg, w.data)
	case jumpMsg:
		if w.data == nil || msg.tab < 0 || msg.tab >= len(w.tabs) {
			return nil
		}
		cmd := w.show(msg.tab)
		if f, ok := w.tabs[msg.tab].(focuser); ok {
			cmd = tea.Batch(cmd, f.focus(msg))
		}
		return cmd
	case clickMsg:
		return w.click(msg)
	case tea.KeyPressMsg:
		return w.key(msg)
	case tea.MouseWheelMsg:
		return nil
	}
	return tea.Batch(w.broadcast(msg)...)
}

func (w *workspace) broadcast(msg tea.Msg) []tea.Cmd {
	var cmds []tea.Cmd
	for _, t := range w.tabs {
		if cmd := t.Update(msg); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

// broadcastSaved hands a save to every tab except hidden tabs with reads of their own:
// those are marked stale and catch up when shown, so a save never reads for them.
func (w *workspace) broadcastSaved(msg savedMsg) []tea.Cmd {
	var cmds []tea.Cmd
	for i, t := range w.tabs {
		if _, ok := t.(dataLoader); ok && i != w.active {
			if msg.Err == nil {
				w.stale[i] = true
			}
			continue
		}
		if cmd := t.Update(msg); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

func (w *workspace) key(msg tea.KeyPressMsg) tea.Cmd {
	k := w.c.Keys
	if w.data == nil {
		if key.Matches(msg, k.Back) {
			return func() tea.Msg { return backToStartMsg{} }
		}
		return nil
	}
	tab := w.tabs[w.active]
	if tab.mode() != modeText {
		switch {
		case key.Matches(msg, k.NextTab):
			return w.show((w.active + 1) % len(w.tabs))
		case key.Matches(msg, k.PrevTab):
			return w.show((w.active + len(w.tabs) - 1) % len(w.tabs))
		case key.Matches(msg, k.PrevCycle):
			return w.switchCycle(-1)
		case key.Matches(msg, k.NextCycle):
			return w.switchCycle(1)
		case key.Matches(msg, k.Back) && tab.mode() == modeNormal:
			return func() tea.Msg { return backToStartMsg{} }
		case key.Matches(msg, diffKey(w.c)): // compare cycles, diff.go
			return openDiff(w.c, w.data)
		case key.Matches(msg, k.Undo):
			return w.c.undoLast(w.data)
		}
	}
	return tab.Update(msg)
}

// click selects a tab in the tab bar, or hands a click in the body to the tab.
func (w *workspace) click(m clickMsg) tea.Cmd {
	if w.data == nil {
		return nil
	}
	switch {
	case m.Y == 1:
		x := 0
		for i, t := range w.tabs {
			tw := lipgloss.Width(w.c.styles.tabScreen.Render(t.Title()))
			if m.X >= x && m.X < x+tw {
				return w.show(i)
			}
			x += tw + 1
		}
	case m.Y >= 3:
		return w.tabs[w.active].Update(clickMsg{X: m.X, Y: m.Y - 3})
	}
	return nil
}

func (w *workspace) switchCycle(delta int) tea.Cmd {
	i := w.data.CycleIndex() + delta
	if i < 0 || i >= len(w.data.Cycles) {
		return nil
	}
	w.cycleID = w.data.Cycles[i].ID
	return w.Reload()
}

// SelectTab shows the tab at index i (tabOverview, tabBuild, tabManage, tabEvaluate, tabReport).
func (w *workspace) SelectTab(i int) tea.Cmd {
	if i < 0 || i >= len(w.tabs) {
		return nil
	}
	return w.show(i)
}

// show makes tab i active; a tab that reads more than Data holds catches up now if
// data changed while it was hidden, so hidden tabs cost nothing on each save.
func (w *workspace) show(i int) tea.Cmd {
	w.active = i
	if w.unset[i] && w.data != nil {
		delete(w.unset, i)
		w.tabs[i].SetData(w.data)
	}
	if !w.stale[i] {
		return nil
	}
	delete(w.stale, i)
	return w.tabs[i].(dataLoader).Load()
}

// SetSize gives every tab the body under the header, the tab bar and the rule.
func (w *workspace) SetSize(width, h int) {
	w.w, w.h = width, h
	for _, t := range w.tabs {
		t.SetSize(width, max(h-3, 1))
	}
}

func (w *workspace) View() string {
	s := w.c.styles
	width, h := w.w, w.h
	if w.data == nil {
		return s.Muted.Render(w.c.T("tui.status.loading"))
	}
	d := w.data
	cyc := d.Cycle.Cycle
	status := w.c.T("cycle.status.open")
	stStyle := s.Good
	if cyc.Status == catalog.CycleClosed {
		status, stStyle = w.c.T("cycle.status.closed"), s.Muted
	}
	right := w.c.T("tui.cycle.of", d.CycleIndex()+1, len(d.Cycles))
	if len(d.Cycles) > 1 {
		right = w.c.T("tui.cycle.switch", right)
	}
	right = s.HeaderMuted.Render(right)
	cycName := termtext.Clean(cyc.Name)
	cycleText := " │ " + cycName + " (" + status + ")"
	// A long organisation name gives way first: the cycle and its status must stay visible.
	orgName := termtext.Clean(d.Org.Name)
	if room := width - textwidth.Width(w.c.T("tui.app.title")) - 3 - textwidth.Width(cycleText) - lipgloss.Width(right) - 1; textwidth.Width(orgName) > room {
		orgName = strings.TrimRight(textwidth.Pad(orgName, max(room, 4)), " ")
	}
	left := s.Header.Render(w.c.T("tui.app.title")) + s.HeaderMuted.Render(" │ ") + s.HeaderOrg.Render(orgName) +
		s.HeaderMuted.Render(" │ ") + s.HeaderCycle.Render(cycName) + " " + stStyle.Render("("+status+")")
	header := joinLR(left, right, width)

	var tabs []string
	for i, t := range w.tabs {
		if i == w.active {
			tabs = append(tabs, s.TabActive.Render(t.Title()))
		} else {
			tabs = append(tabs, s.tabScreen.Render(t.Title()))
		}
	}
	tabLine := strings.Join(tabs, " ")
	if d.Closed() {
		// the whole notice where it fits, else its short form: the title bar says closed
		note := w.c.T("tui.cycle.readonly")
		if textwidth.Width(tabLine)+2+textwidth.Width(note) > width {
			note = w.c.T("tui.cycle.readonly.short")
		}
		tabLine += "  " + s.Warn.Render(note)
	}
	body := w.tabs[w.active].View()
	return header + "\n" + textwidth.Pad(tabLine, width) + "\n" + s.Muted.Render(strings.Repeat("─", width)) + "\n" + fitLines(body, width, h-3)
}

// Help is the tab's keys, then the workspace's own: undo, diff, the cycles there are to
// switch to, the next tab and, unless the tab takes esc itself, back to the list. While a
// text field has focus only its keys are shown.
func (w *workspace) Help() []key.Binding {
	if w.data == nil {
		return []key.Binding{w.c.Keys.Back}
	}
	t := w.tabs[w.active]
	b := t.Help()
	if t.mode() == modeText {
		return b
	}
	k := w.c.Keys
	b = append(b, k.Undo, diffKey(w.c))
	b = append(b, w.cycleKeys()...)
	b = append(b, k.NextTab)
	if t.mode() == modeNormal {
		b = append(b, k.Back)
	}
	return b
}

// cycleKeys are [ and ] where there is a cycle before or after the one on screen.
func (w *workspace) cycleKeys() []key.Binding {
	k := w.c.Keys
	var b []key.Binding
	if i := w.data.CycleIndex(); i > 0 {
		b = append(b, k.PrevCycle)
	}
	if i := w.data.CycleIndex(); i < len(w.data.Cycles)-1 {
		b = append(b, k.NextCycle)
	}
	return b
}

func (w *workspace) FullHelp() [][]key.Binding {
	k := w.c.Keys
	if w.data == nil {
		return [][]key.Binding{{k.Back}}
	}
	t := w.tabs[w.active]
	own := []key.Binding{k.NextTab, k.PrevTab}
	own = append(own, w.cycleKeys()...)
	own = append(own, k.Undo, diffKey(w.c)) // esc back is in the root's group
	return append(t.FullHelp(), own)
}
