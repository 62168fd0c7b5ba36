package tui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// manageView is one sub-view of the Manage tab.
type manageView int

const (
	viewActions manageView = iota
	viewReviews
	viewCycles
	viewChanges
	manageViews
)

// changePage is how many change-log rows are read at once; the next page is read when the
// cursor reaches the end, so the log is never read whole.
const changePage = 200

// dataLoader is implemented by tabs that read more than Data holds. The workspace calls
// Load after SetData so the extra rows arrive without waiting for a key.
type dataLoader interface {
	Load() tea.Cmd
}

var _ dataLoader = (*manageTab)(nil)

// manageListsMsg carries an organisation's actions, reviews and the first page of its change log.
type manageListsMsg struct {
	OrgID   int64
	Req     int // loads are numbered so an older one never replaces a newer
	Actions []catalog.Action
	Reviews []catalog.Review
	Changes changePageMsg
}

// changePageMsg carries a page of the change log as query q selected it from offset From.
type changePageMsg struct {
	Query   catalog.ChangeQuery
	From    int
	Changes []catalog.Change
	More    bool // further entries follow
}

// manageCycleMsg follows a started or closed cycle: show it and reload the lists.
type manageCycleMsg struct{ CycleID int64 }

// manageActionMsg follows a saved action, so the cursor can land on it.
type manageActionMsg struct{ ID int64 }

// manageKeys are the bindings only the Manage tab uses.
type manageKeys struct {
	Drop, Filter, Close, Reload         key.Binding
	Detail, Sort, AllCycles, EditAction key.Binding
}

// manageTab is the Management process: improvement actions, reviews, cycles and the change log.
type manageTab struct {
	c    *common
	data *orgData
	keys manageKeys
	view manageView

	// Lists of the whole organisation; the views filter them by the cycle on screen.
	listsOrg int64
	loaded   bool
	dirty    bool
	loading  bool
	reqs     int // loads issued
	applied  int // newest load shown
	actions  []catalog.Action
	reviews  []catalog.Review
	changes  []catalog.Change
	// The change log on screen: its query (this cycle or all, one service, a text) and paging.
	logAll     bool   // every cycle, not only the one on screen
	logService string // one service's history
	logBack    *int   // the tab that history was opened from, which esc goes back to
	logMore    bool
	logLoading bool
	logReq     int
	logWhatW   int // the widest "what" (entity and key) of the rows read
	logReasonW int // the widest reason of the rows read

	cycActions []catalog.Action // actions of the cycle on screen
	shown      []catalog.Action // cycActions after the filters
	lastCycle  int64
	cycRevs    []catalog.Review
	cycNames   map[int64]string
	lists      [manageViews]listWindow
	fHorizon   catalog.Horizon
	fStatus    catalog.ActionStatus
	fOverdue   bool
	fOrigin    actionOrigin
	sortBy     string // actions: "" (oldest first), due, status or owner
	filters    [manageViews]textinput.Model
	typing     bool
	focusID    int64
	w, h       int
}

func newManageTab(c *common) tabScreen {
	t := &manageTab{c: c}
	for i := range t.filters {
		t.filters[i] = newFilterInput(c, c.T("tui.manage.filter.ph"))
	}
	t.keys.Drop = c.Keys.Bind([]string{"x"}, "x", "tui.manage.key.drop")
	t.keys.Filter = c.Keys.Bind([]string{"f"}, "f", "tui.build.key.filter")
	t.keys.Close = c.Keys.Bind([]string{"c"}, "c", "tui.manage.key.close")
	t.keys.Reload = c.Keys.Bind([]string{"r"}, "r", "tui.manage.key.reload")
	t.keys.EditAction = c.Keys.Bind([]string{"e", "enter"}, "e/enter", "tui.key.edit")
	t.keys.Detail = c.Keys.Bind([]string{"enter"}, "enter", "tui.key.detail")
	t.keys.Sort = c.Keys.Bind([]string{"o"}, "o", "tui.manage.key.sort")
	t.keys.AllCycles = c.Keys.Bind([]string{"t"}, "t", "tui.manage.key.allcycles")
	return t
}

// focus shows the action j names, opens a new action for its service, or, given only a
// service, shows that service's history in the change log.
func (t *manageTab) focus(j jumpMsg) tea.Cmd {
	if j.service != "" && j.action == 0 && j.newFor == "" {
		t.logBack = nil
		if j.back {
			t.logBack = &j.from
		}
		return t.showHistory(j.service)
	}
	t.view = viewActions
	t.clearActionFilters()
	if j.action != 0 {
		t.focusID = j.action
	}
	t.rebuild()
	if j.newFor != "" {
		t.openActionForm(nil, j.newFor)
	}
	return nil
}

func (t *manageTab) Title() string { return t.c.T("tui.tab.manage") }

// SetData shows new data at once; the workspace then calls Load, since the data may come
// from another program's change.
func (t *manageTab) SetData(d *orgData) {
	t.data = d
	if t.listsOrg != d.Org.ID {
		t.loaded = false
		t.actions, t.reviews, t.changes = nil, nil, nil
		t.logService, t.logAll, t.logBack = "", false, nil
	}
	t.cycNames = make(map[int64]string, len(d.Cycles))
	for _, c := range d.Cycles {
		t.cycNames[c.ID] = termtext.Clean(c.Name)
	}
	t.rebuild()
}

// apply shows loaded lists unless newer ones are already shown.
func (t *manageTab) apply(m manageListsMsg) {
	if t.data == nil || m.OrgID != t.data.Org.ID || m.Req < t.applied {
		return
	}
	t.applied = m.Req
	t.loaded, t.listsOrg = true, m.OrgID
	t.actions, t.reviews = m.Actions, m.Reviews
	if sameQuery(m.Changes.Query, t.changeQuery()) { // else a read of the selection on screen is under way
		t.applyChanges(m.Changes)
	}
	t.rebuild()
}

// Load reads the organisation's actions, reviews and change log.
func (t *manageTab) Load() tea.Cmd {
	if t.data == nil {
		return nil
	}
	if t.loading { // load again when the one under way is back
		t.dirty = true
		return nil
	}
	t.loading, t.dirty = true, false
	t.reqs++
	t.logReq++
	req, orgID, q := t.reqs, t.data.Org.ID, t.changeQuery()
	return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		m, err := readLists(ctx, s, orgID, q)
		m.Req = req
		return m, err
	})
}

// readLists reads every action and review of an organisation, and the first page of its change log.
func readLists(ctx context.Context, s *catalog.Store, orgID int64, q catalog.ChangeQuery) (manageListsMsg, error) {
	m := manageListsMsg{OrgID: orgID}
	var err error
	if m.Actions, err = s.Actions(ctx, orgID, catalog.ActionFilter{}); err != nil {
		return m, err
	}
	cycles, err := s.Cycles(ctx, orgID)
	if err != nil {
		return m, err
	}
	for _, c := range cycles {
		rs, err := s.Reviews(ctx, c.ID)
		if err != nil {
			return m, err
		}
		m.Reviews = append(m.Reviews, rs...)
	}
	m.Changes, err = readChangePage(ctx, s, q, 0)
	return m, err
}

// readChangePage reads one page of the change log from offset from; one row more than the
// page tells whether more follow.
func readChangePage(ctx context.Context, s *catalog.Store, q catalog.ChangeQuery, from int) (changePageMsg, error) {
	q.Limit, q.Offset = changePage+1, from
	chs, err := s.Changes(ctx, q)
	m := changePageMsg{Query: q, From: from, Changes: chs}
	if len(chs) > changePage {
		m.Changes, m.More = chs[:changePage], true
	}
	return m, err
}

// refresh loads the lists when they may be out of date.
func (t *manageTab) refresh() tea.Cmd {
	if t.dirty || !t.loaded {
		return t.Load()
	}
	return nil
}

// rebuild derives the rows of the cycle on screen; called after every load, never per frame.
func (t *manageTab) rebuild() {
	if t.data == nil {
		return
	}
	keep := int64(0)
	if a, ok := t.selectedAction(); ok {
		keep = a.ID
	}
	if t.focusID != 0 {
		keep = t.focusID
	}
	cyc := t.data.Cycle.Cycle.ID
	t.cycActions = catalog.CycleActions(t.actions, t.data.Cycle.Cycle, t.data.Cycles)
	t.shown = t.shown[:0]
	today := t.c.P.Date(t.c.Now())
	for _, a := range t.cycActions {
		if t.keepsAction(a, today) &&
			matches(t.filters[viewActions].Value(), "#"+strconv.FormatInt(a.ID, 10), a.ServiceID, a.Title, a.Owner, a.Due, a.Notes, t.c.statusName(a.Status)) {
			t.shown = append(t.shown, a)
		}
	}
	for i, a := range t.shown {
		if a.ID == keep {
			t.lists[viewActions].cursor = i
			if a.ID == t.focusID {
				t.focusID = 0
			}
		}
	}
	t.sortActions()
	t.cycRevs = t.cycRevs[:0]
	for _, r := range t.reviews {
		if r.CycleID == cyc && matches(t.filters[viewReviews].Value(), r.HeldOn, r.Kind, r.Notes) {
			t.cycRevs = append(t.cycRevs, r)
		}
	}
	if cyc != t.lastCycle { // another cycle on screen: the cycle list points at it
		t.lastCycle = cyc
		t.lists[viewCycles].cursor = t.data.CycleIndex()
	}
	t.clampLists()
}

func (t *manageTab) selectedAction() (catalog.Action, bool) {
	i := t.lists[viewActions].cursor
	if i < 0 || i >= len(t.shown) {
		return catalog.Action{}, false
	}
	return t.shown[i], true
}

func (t *manageTab) mode() viewMode {
	switch {
	case t.typing:
		return modeText
	case t.view == viewActions && t.actionFiltered(), t.filters[t.view].Value() != "":
		return modeNested
	case t.view == viewChanges && t.logService != "":
		return modeNested
	}
	return modeNormal
}

func (t *manageTab) SetSize(w, h int) {
	t.w, t.h = w, h
	for i := range t.filters {
		sizeFilter(&t.filters[i], w-2)
	}
	t.clampLists()
}

// clampLists keeps every sub-view's cursor on a row and visible.
func (t *manageTab) clampLists() {
	if t.data == nil {
		return
	}
	for v := range t.lists {
		t.lists[v].clamp(t.rowCount(manageView(v)), t.listHeight())
	}
}

// rowCount is the number of rows of a sub-view.
func (t *manageTab) rowCount(v manageView) int {
	switch v {
	case viewActions:
		return len(t.shown)
	case viewReviews:
		return len(t.cycRevs)
	case viewCycles:
		return len(t.data.Cycles)
	case viewChanges:
		return len(t.changes)
	}
	return 0
}

// listHeight is the number of table rows the body shows: the body minus the sub-view bar,
// the table header, the detail line and, while one is in use, the filter line.
func (t *manageTab) listHeight() int { return max(t.h-3-t.filterLines(), 1) }

// filterLines is 1 while the list on screen has its filter line open or in effect.
func (t *manageTab) filterLines() int {
	if t.typing || t.filters[t.view].Value() != "" {
		return 1
	}
	return 0
}

func (t *manageTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case manageListsMsg:
		t.loading = false
		t.apply(msg)
		if t.dirty { // something changed while the load ran
			return t.Load()
		}
		return nil
	case errMsg:
		t.loading = false
		return nil
	case savedMsg:
		if msg.Err != nil {
			return nil
		}
		t.dirty = true
		return t.Load()
	case changePageMsg:
		t.logLoading = false
		if t.data != nil && sameQuery(msg.Query, t.changeQuery()) {
			t.applyChanges(msg)
			t.clampLists()
		}
		return nil
	case manageActionMsg:
		t.focusID = msg.ID
		t.rebuild()
		return nil
	case manageCycleMsg:
		id := msg.CycleID
		return func() tea.Msg { return reloadMsg{CycleID: id} }
	case tea.KeyPressMsg:
		if t.data == nil {
			return nil
		}
		return tea.Batch(t.key(msg), t.refresh())
	}
	return nil
}

func (t *manageTab) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	if t.typing {
		return t.filterKey(msg)
	}
	switch {
	case key.Matches(msg, k.Filter) && t.view != viewCycles:
		t.typing = true
		t.clampLists()
		return t.filters[t.view].Focus()
	case key.Matches(msg, k.Back) && t.filters[t.view].Value() != "":
		t.filters[t.view].SetValue("")
		return t.filterChanged()
	case key.Matches(msg, k.History):
		if a, ok := t.selectedAction(); ok && t.view == viewActions && a.ServiceID != "" {
			return t.showHistory(a.ServiceID)
		}
		if t.view == viewChanges {
			if i := t.lists[viewChanges].cursor; i >= 0 && i < len(t.changes) && isServiceEntity(t.changes[i].Entity) {
				return t.showHistory(t.changes[i].Key)
			}
		}
		return nil
	case key.Matches(msg, k.SubNext):
		t.view = (t.view + 1) % manageViews
		return nil
	case key.Matches(msg, k.SubPrev):
		t.view = (t.view + manageViews - 1) % manageViews
		return nil
	case key.Matches(msg, t.keys.Reload):
		t.dirty = true
		return nil // refresh() follows every key
	}
	if navigate(k, msg, &t.lists[t.view], t.rowCount(t.view), t.listHeight(), nil) {
		if t.view == viewChanges {
			return t.moreChanges()
		}
		return nil
	}
	switch t.view {
	case viewActions:
		return t.actionKey(msg)
	case viewReviews:
		return t.reviewKey(msg)
	case viewCycles:
		return t.cycleKey(msg)
	case viewChanges:
		return t.changeKey(msg)
	}
	return nil
}

// filterKey edits the filter line of the list on screen.
func (t *manageTab) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	cmd, changed, cleared := typeFilter(t.c, &t.filters[t.view], &t.typing, msg)
	if changed || cleared {
		return tea.Batch(cmd, t.filterChanged())
	}
	t.clampLists()
	return cmd
}

// filterChanged shows the rows the filter keeps: actions and reviews at once, the change log
// read again from the store, where it is filtered.
func (t *manageTab) filterChanged() tea.Cmd {
	t.lists[t.view] = listWindow{}
	if t.view == viewChanges {
		return t.reloadChanges()
	}
	t.rebuild()
	return nil
}

// matches reports whether any of texts contains the filter q, ignoring case.
func matches(q string, texts ...string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return true
	}
	for _, s := range texts {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

// helpGroups are the keys that work in the sub-view on screen, grouped as ? shows them; the
// short help line shows the same keys but movement.
func (t *manageTab) helpGroups() [][]key.Binding {
	k := t.c.Keys
	if t.typing {
		return [][]key.Binding{typingKeys(k)}
	}
	var own []key.Binding
	closed := t.data != nil && t.data.Closed()
	switch t.view {
	case viewActions:
		if !closed {
			own = append(own, k.Add)
		}
		if a, ok := t.selectedAction(); ok {
			if !closed || a.Horizon == catalog.LongTerm { // long-term actions stay editable
				own = append(own, t.keys.EditAction, k.Status)
				if a.Status != catalog.ActionDropped {
					own = append(own, t.keys.Drop)
				}
			}
			if a.ServiceID != "" {
				own = append(own, k.History)
			}
		}
		own = append(own, t.keys.Sort, k.Filter, t.keys.Filter)
	case viewReviews:
		if !closed {
			own = append(own, k.Add)
		}
		if i := t.lists[viewReviews].cursor; i >= 0 && i < len(t.cycRevs) {
			own = append(own, t.keys.Detail)
			if !closed {
				own = append(own, k.Edit, k.Delete)
			}
		}
		own = append(own, k.Filter)
	case viewCycles:
		own = []key.Binding{k.Add}
		if i := t.lists[viewCycles].cursor; t.data != nil && i >= 0 && i < len(t.data.Cycles) {
			if t.data.Cycles[i].Status == catalog.CycleOpen {
				own = append(own, t.keys.Close)
			}
			if t.data.Cycles[i].ID != t.data.Cycle.Cycle.ID {
				own = append(own, k.Enter)
			}
		}
	case viewChanges:
		if i := t.lists[viewChanges].cursor; i >= 0 && i < len(t.changes) {
			own = append(own, t.keys.Detail)
			if isServiceEntity(t.changes[i].Entity) {
				own = append(own, k.History)
			}
		}
		own = append(own, k.Filter, t.keys.AllCycles)
	}
	if t.mode() == modeNested {
		own = append(own, k.Back)
	}
	return [][]key.Binding{own, {k.SubNext, k.SubPrev, t.keys.Reload}}
}

func (t *manageTab) Help() []key.Binding {
	if t.typing {
		return flatten(t.helpGroups())
	}
	g := t.helpGroups()
	return append(g[0], t.c.Keys.SubNext)
}

func (t *manageTab) FullHelp() [][]key.Binding {
	return withNavigation(t.c.Keys, t.helpGroups(), t.typing)
}
