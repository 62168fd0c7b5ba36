package tui

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
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

// changeLogLimit bounds the change-log rows read at once; the CLI's cdc log shows the rest.
const changeLogLimit = 5000

// dataLoader is implemented by tabs that read more than Data holds. The workspace calls
// Load after SetData so the extra rows arrive without waiting for a key.
type dataLoader interface {
	Load() tea.Cmd
}

var _ dataLoader = (*manageTab)(nil)

// manageListsMsg carries an organisation's actions, reviews and change log.
type manageListsMsg struct {
	OrgID   int64
	Req     int // loads are numbered so an older one never replaces a newer
	Actions []catalog.Action
	Reviews []catalog.Review
	Changes []catalog.Change
}

// manageCycleMsg follows a started or closed cycle: show it and reload the lists.
type manageCycleMsg struct{ CycleID int64 }

// manageActionMsg follows a saved action, so the cursor can land on it.
type manageActionMsg struct{ ID int64 }

// manageKeys are the bindings only the Manage tab uses.
type manageKeys struct {
	Views                                  [manageViews]key.Binding
	Drop, FHorizon, FStatus, Close, Reload key.Binding
	No, Detail                             key.Binding
}

// manageTab is the Management process: improvement actions, reviews, cycles and the change log.
type manageTab struct {
	c    *Common
	data *Data
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

	cycActions []catalog.Action // actions of the cycle on screen
	shown      []catalog.Action // cycActions after the filters
	lastCycle  int64
	cycRevs    []catalog.Review
	cycNames   map[int64]string
	lists      [manageViews]listWindow
	fHorizon   catalog.Horizon
	fStatus    catalog.ActionStatus
	focusID    int64

	form     *form
	formKind string // "action", "edit", "review", "cycle"
	formID   int64
	saving   string // tag of the form's write in flight
	ask      *choice
	info     *infoBox
	cursor   *tea.Cursor // the terminal cursor in a form, set by View
	askKind  string      // "carry", "close"
	newName  string
}

func newManageTab(c *Common) Tab {
	t := &manageTab{c: c}
	for i := range t.keys.Views {
		n := strconv.Itoa(i + 1)
		t.keys.Views[i] = c.Keys.Bind([]string{n}, n, "manage.view."+n)
	}
	t.keys.Drop = c.Keys.Bind([]string{"x"}, "x", "manage.key.drop")
	t.keys.FHorizon = c.Keys.Bind([]string{"f"}, "f", "manage.key.fhorizon")
	t.keys.FStatus = c.Keys.Bind([]string{"v"}, "v", "manage.key.fstatus")
	t.keys.Close = c.Keys.Bind([]string{"c"}, "c", "manage.key.close")
	t.keys.Reload = c.Keys.Bind([]string{"r"}, "r", "manage.key.reload")
	t.keys.No = c.Keys.Bind([]string{"n"}, "n", "no")
	t.keys.Detail = c.Keys.Bind([]string{"enter"}, "enter", "key.detail")
	return t
}

func (t *manageTab) Title() string { return t.c.T("tab.manage") }

// Cursor places the terminal cursor in a form, so Japanese input composes in place.
func (t *manageTab) Cursor() *tea.Cursor { return t.cursor }

// SetData shows new data at once; the workspace then calls Load, since the data may come
// from another program's change.
func (t *manageTab) SetData(d *Data) {
	t.data = d
	if t.listsOrg != d.Org.ID {
		t.loaded = false
		t.actions, t.reviews, t.changes = nil, nil, nil
	}
	t.cycNames = make(map[int64]string, len(d.Cycles))
	for _, c := range d.Cycles {
		t.cycNames[c.ID] = c.Name
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
	t.actions, t.reviews, t.changes = m.Actions, m.Reviews, m.Changes
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
	req, orgID := t.reqs, t.data.Org.ID
	return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		m, err := readLists(ctx, s, orgID)
		m.Req = req
		return m, err
	})
}

// readLists reads every action, review and recent change of an organisation.
func readLists(ctx context.Context, s *catalog.Store, orgID int64) (manageListsMsg, error) {
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
	m.Changes, err = s.Changes(ctx, catalog.ChangeQuery{OrgID: orgID, Limit: changeLogLimit})
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
	for _, a := range t.cycActions {
		if (t.fHorizon == "" || a.Horizon == t.fHorizon) && (t.fStatus == "" || a.Status == t.fStatus) {
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
	t.cycRevs = t.cycRevs[:0]
	for _, r := range t.reviews {
		if r.CycleID == cyc {
			t.cycRevs = append(t.cycRevs, r)
		}
	}
	if cyc != t.lastCycle { // another cycle on screen: the cycle list points at it
		t.lastCycle = cyc
		t.lists[viewCycles].cursor = t.data.CycleIndex()
	}
}

func (t *manageTab) selectedAction() (catalog.Action, bool) {
	i := t.lists[viewActions].cursor
	if i < 0 || i >= len(t.shown) {
		return catalog.Action{}, false
	}
	return t.shown[i], true
}

func (t *manageTab) Mode() Mode {
	switch {
	case t.form != nil || t.ask != nil:
		return ModeText
	case t.info != nil:
		return ModeNested
	case t.view == viewActions && (t.fHorizon != "" || t.fStatus != ""):
		return ModeNested
	}
	return ModeNormal
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

// listHeight is the number of table rows the body shows: the window minus the header,
// tab bar, rule, status and help lines, minus the sub-view bar and the table header.
func (t *manageTab) listHeight() int { return max(t.c.Height-2-3-3, 1) }

func (t *manageTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case manageListsMsg:
		t.loading = false
		t.apply(msg)
		if t.dirty { // something changed while the load ran
			return t.Load()
		}
		return nil
	case ErrMsg:
		t.loading = false
		return nil
	case SavedMsg:
		var cmd tea.Cmd
		if t.saving != "" && msg.Tag == t.saving {
			t.saving = ""
			if msg.Err != nil && t.form != nil {
				t.form.SetError(msg.Err.Error())
			} else {
				t.form = nil
			}
		}
		if msg.Err == nil {
			t.dirty = true
			cmd = t.Load()
		}
		return cmd
	case manageActionMsg:
		t.focusID = msg.ID
		t.rebuild()
		return nil
	case manageCycleMsg:
		id := msg.CycleID
		return func() tea.Msg { return ReloadMsg{CycleID: id} }
	case tea.KeyPressMsg:
		if t.data == nil {
			return nil
		}
		return tea.Batch(t.key(msg), t.refresh())
	}
	if t.form != nil {
		_, cmd := t.form.Update(msg)
		return cmd
	}
	return nil
}

func (t *manageTab) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	if t.form != nil {
		if t.saving != "" {
			return nil // the write is running; its answer closes the form or shows the error
		}
		act, cmd := t.form.Update(msg)
		switch act {
		case formCancel:
			t.form = nil
		case formSubmit:
			return t.submit()
		}
		return cmd
	}
	if t.ask != nil {
		return t.answer(t.ask.Update(msg))
	}
	if t.info != nil {
		if key.Matches(msg, k.Back, k.Enter) {
			t.info = nil
		}
		return nil
	}
	for i, b := range t.keys.Views {
		if key.Matches(msg, b) {
			t.view = manageView(i)
			return nil
		}
	}
	switch {
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
		return nil
	}
	switch t.view {
	case viewActions:
		return t.actionKey(msg)
	case viewReviews:
		switch {
		case key.Matches(msg, k.Add):
			if t.data.Closed() {
				return statusCmd(t.c.T("cycle.readonly"))
			}
			t.openReviewForm()
		case key.Matches(msg, k.Enter):
			if i := t.lists[viewReviews].cursor; i >= 0 && i < len(t.cycRevs) {
				r := t.cycRevs[i]
				t.info = &infoBox{title: r.HeldOn + "  " + r.Kind, text: orDash(r.Notes)}
			}
		}
	case viewCycles:
		return t.cycleKey(msg)
	case viewChanges:
		if i := t.lists[viewChanges].cursor; key.Matches(msg, k.Enter) && i >= 0 && i < len(t.changes) {
			t.info = t.changeInfo(t.changes[i])
		}
	}
	return nil
}

// infoBox shows one review or change in full; esc or enter closes it.
type infoBox struct {
	title, text string
}

func (b *infoBox) View(c *Common, w, h int) string {
	s := c.Styles
	inner := min(w-4, 76)
	lines := wrap(b.text, inner)
	if limit := h - 6; len(lines) > limit && limit > 0 {
		lines = append(lines[:limit-1], "…")
	}
	body := s.Title.Render(cell(b.title, inner)) + "\n\n" + strings.Join(lines, "\n") + "\n\n" + s.Muted.Render(c.T("manage.info.hint"))
	return s.Dialog.Width(inner + 4).Render(body)
}

func (t *manageTab) changeInfo(ch catalog.Change) *infoBox {
	T := t.c.T
	var b strings.Builder
	kv := func(k, v string) { b.WriteString(k + ": " + v + "\n") }
	kv(T("manage.col.time"), ch.At.Local().Format("2006-01-02 15:04:05"))
	if name, ok := t.cycNames[ch.CycleID]; ok {
		kv(T("manage.view.3"), name)
	}
	kv(T("manage.col.who"), ch.Who)
	kv(T("manage.col.source"), ch.Source)
	if ch.Reason != "" {
		kv(T("manage.col.reason"), ch.Reason)
	}
	b.WriteString("\n" + T("manage.info.old") + "\n" + orDash(ch.Old) + "\n\n" + T("manage.info.new") + "\n" + orDash(ch.New))
	return &infoBox{title: t.entityName(ch.Entity) + " " + ch.Key + " · " + t.fieldName(ch.Field), text: b.String()}
}

func (t *manageTab) actionKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		t.fHorizon, t.fStatus = "", ""
		t.rebuild()
		return nil
	case key.Matches(msg, t.keys.FHorizon):
		t.fHorizon = nextOf([]catalog.Horizon{catalog.ShortTerm, catalog.LongTerm}, t.fHorizon)
		t.rebuild()
		return nil
	case key.Matches(msg, t.keys.FStatus):
		t.fStatus = nextOf(catalog.ActionStatuses, t.fStatus)
		t.rebuild()
		return nil
	case key.Matches(msg, k.Add):
		if t.data.Closed() {
			return statusCmd(t.c.T("cycle.readonly"))
		}
		t.openActionForm(nil)
		return nil
	}
	a, ok := t.selectedAction()
	if !ok || !key.Matches(msg, k.Edit, k.Enter, k.Status, t.keys.Drop) {
		return nil
	}
	// Long-term actions run across cycles, so they stay editable after their cycle closes.
	if t.data.Closed() && a.Horizon != catalog.LongTerm {
		return statusCmd(t.c.T("cycle.readonly"))
	}
	switch {
	case key.Matches(msg, k.Edit, k.Enter):
		t.openActionForm(&a)
		return nil
	case key.Matches(msg, k.Status):
		next := catalog.ActionPlanned
		switch a.Status {
		case catalog.ActionPlanned:
			next = catalog.ActionInProgress
		case catalog.ActionInProgress:
			next = catalog.ActionDone
		}
		return t.setStatus(a, next)
	case key.Matches(msg, t.keys.Drop):
		if a.Status == catalog.ActionDropped {
			return nil
		}
		return t.setStatus(a, catalog.ActionDropped)
	}
	return nil
}

func (t *manageTab) setStatus(a catalog.Action, st catalog.ActionStatus) tea.Cmd {
	id := a.ID
	return t.c.Save("manage.status", func(ctx context.Context, s *catalog.Store) error {
		_, err := s.UpdateAction(ctx, id, catalog.ActionPatch{Status: &st})
		return err
	})
}

func (t *manageTab) cycleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	switch {
	case key.Matches(msg, k.Add):
		last := t.data.Cycles[len(t.data.Cycles)-1]
		t.formKind = "cycle"
		t.form = fitInputs(newForm(t.c, t.c.T("manage.cycle.new.title", t.data.Org.Name),
			field{Key: "name", Label: t.c.T("manage.col.name"), Value: nextCycleName(last.Name, last.Seq+1), Check: func(v string) string {
				if v == "" {
					return t.c.T("manage.cycle.name.empty")
				}
				for _, c := range t.data.Cycles {
					if strings.EqualFold(c.Name, v) {
						return t.c.T("manage.cycle.name.dup", v)
					}
				}
				return ""
			}}).withRealCursor(), t.c.Width)
	case key.Matches(msg, t.keys.Close):
		cyc := t.data.Cycle.Cycle
		if cyc.Status == catalog.CycleClosed {
			return statusCmd(t.c.T("manage.cycle.already", cyc.Name))
		}
		t.askKind = "close"
		t.ask = &choice{c: t.c, question: t.c.T("manage.cycle.close.q", cyc.Name), hint: t.c.T("confirm.hint")}
	case key.Matches(msg, k.Enter):
		i := t.lists[viewCycles].cursor
		if i >= 0 && i < len(t.data.Cycles) {
			id := t.data.Cycles[i].ID
			return func() tea.Msg { return ReloadMsg{CycleID: id} }
		}
	}
	return nil
}

// parseHorizon accepts the horizon words of both interface languages.
func parseHorizon(s string) (catalog.Horizon, error) {
	switch strings.TrimSpace(s) {
	case "短期":
		return catalog.ShortTerm, nil
	case "中長期", "長期", "中期":
		return catalog.LongTerm, nil
	}
	return catalog.ParseHorizon(s)
}

// nextCycleName suggests the next cycle's name: "FY2026" -> "FY2027", "Cycle 2" -> "Cycle 3".
func nextCycleName(last string, seq int) string {
	m := trailingNumber.FindStringSubmatchIndex(last)
	if m == nil {
		return "Cycle " + strconv.Itoa(seq)
	}
	n, err := strconv.Atoi(last[m[2]:m[3]])
	if err != nil {
		return "Cycle " + strconv.Itoa(seq)
	}
	return last[:m[2]] + strconv.Itoa(n+1) + last[m[3]:]
}

var trailingNumber = regexp.MustCompile(`(\d+)\D*$`)

func (t *manageTab) openActionForm(a *catalog.Action) {
	T := t.c.T
	var v catalog.Action
	t.formKind, t.formID = "action", 0
	title := T("manage.action.new")
	if a != nil {
		v, t.formKind, t.formID = *a, "edit", a.ID
		title = T("manage.action.edit", a.ID)
	} else {
		v.Horizon = catalog.ShortTerm
	}
	pack := t.data.Cycle.Pack
	t.form = newForm(t.c, title,
		field{Key: "title", Label: T("manage.col.title"), Value: v.Title, Placeholder: T("manage.title.ph"), Check: func(s string) string {
			if s == "" {
				return T("manage.title.empty")
			}
			return ""
		}},
		field{Key: "service", Label: T("manage.col.service"), Value: v.ServiceID, Placeholder: T("manage.service.ph"), Check: func(s string) string {
			if s == "" {
				return ""
			}
			if _, ok := pack.Service(strings.ToUpper(s)); !ok {
				return T("manage.service.bad", s, pack.Ref())
			}
			return ""
		}},
		field{Key: "horizon", Label: T("manage.col.horizon"), Value: string(v.Horizon), Placeholder: "short / long", Check: func(s string) string {
			if _, err := parseHorizon(s); err != nil {
				return T("manage.horizon.bad", s)
			}
			return ""
		}},
		field{Key: "owner", Label: T("manage.col.owner"), Value: v.Owner, Placeholder: T("manage.owner.ph")},
		field{Key: "due", Label: T("manage.col.due"), Value: v.Due, Placeholder: "YYYY-MM-DD", Check: func(s string) string {
			if catalog.ValidDate("due", s, true) != nil {
				return T("manage.date.bad", T("manage.col.due"), s)
			}
			return ""
		}},
		field{Key: "notes", Label: T("manage.col.notes"), Value: v.Notes},
	)
	fitInputs(t.form.withRealCursor(), t.c.Width)
}

func (t *manageTab) openReviewForm() {
	T := t.c.T
	t.formKind = "review"
	t.form = newForm(t.c, T("manage.review.new", t.data.Cycle.Cycle.Name),
		field{Key: "date", Label: T("manage.col.date"), Value: t.c.Now().Format("2006-01-02"), Check: func(s string) string {
			if catalog.ValidDate("date", s, false) != nil {
				return T("manage.date.bad", T("manage.col.date"), s)
			}
			return ""
		}},
		field{Key: "kind", Label: T("manage.col.kind"), Placeholder: T("manage.kind.ph")},
		field{Key: "notes", Label: T("manage.col.notes"), Placeholder: T("manage.notes.ph"), Check: func(string) string {
			if t.form.Value("kind") == "" && t.form.Value("notes") == "" {
				return T("manage.review.empty")
			}
			return ""
		}},
	)
	fitInputs(t.form.withRealCursor(), t.c.Width)
}

// submit turns a validated form into one store write; the form stays until the write answers.
func (t *manageTab) submit() tea.Cmd {
	f := t.form
	cycleID := t.data.Cycle.Cycle.ID
	switch t.formKind {
	case "action", "edit":
		hz, _ := parseHorizon(f.Value("horizon"))
		title, svc, owner, due, notes := f.Value("title"), strings.ToUpper(f.Value("service")), f.Value("owner"), f.Value("due"), f.Value("notes")
		t.saving = "manage.action"
		if t.formKind == "edit" {
			id := t.formID
			return t.c.SaveThen(t.saving, func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
				_, err := s.UpdateAction(ctx, id, catalog.ActionPatch{Title: &title, ServiceID: &svc, Horizon: &hz, Owner: &owner, Due: &due, Notes: &notes})
				return manageActionMsg{ID: id}, err
			})
		}
		return t.c.SaveThen(t.saving, func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			a, err := s.AddAction(ctx, catalog.Action{CycleID: cycleID, Title: title, ServiceID: svc, Horizon: hz, Owner: owner, Due: due, Notes: notes})
			return manageActionMsg{ID: a.ID}, err
		})
	case "review":
		r := catalog.Review{CycleID: cycleID, HeldOn: f.Value("date"), Kind: f.Value("kind"), Notes: f.Value("notes")}
		t.saving = "manage.review"
		return t.c.Save(t.saving, func(ctx context.Context, s *catalog.Store) error {
			_, err := s.AddReview(ctx, r)
			return err
		})
	case "cycle":
		t.newName = f.Value("name")
		t.form = nil
		t.askKind = "carry"
		t.ask = &choice{c: t.c, question: t.c.T("manage.cycle.carry.q", t.newName, t.data.Cycles[len(t.data.Cycles)-1].Name),
			hint: t.c.T("manage.cycle.carry.hint")}
	}
	return nil
}

// answer acts on the carry-over or close question.
func (t *manageTab) answer(a choiceAnswer) tea.Cmd {
	if a == choiceNone {
		return nil
	}
	kind := t.askKind
	t.ask = nil
	if a == choiceCancel {
		return nil
	}
	orgID := t.data.Org.ID
	switch kind {
	case "carry":
		n := catalog.NewCycle{Name: t.newName, CarryOver: a == choiceYes}
		return t.c.SaveThen("manage.cycle", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			c, err := s.StartCycle(ctx, orgID, n)
			return manageCycleMsg{CycleID: c.ID}, err
		})
	case "close":
		if a != choiceYes {
			return nil
		}
		id := t.data.Cycle.Cycle.ID
		return t.c.SaveThen("manage.cycle", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			return manageCycleMsg{CycleID: id}, s.CloseCycle(ctx, id)
		})
	}
	return nil
}

// choice is a question answered yes, no or cancel (esc).
type choice struct {
	c              *Common
	question, hint string
}

type choiceAnswer int

const (
	choiceNone choiceAnswer = iota
	choiceYes
	choiceNo
	choiceCancel
)

func (d *choice) Update(msg tea.KeyPressMsg) choiceAnswer {
	switch msg.String() {
	case "y", "Y":
		return choiceYes
	case "n", "N":
		return choiceNo
	case "esc":
		return choiceCancel
	}
	return choiceNone
}

func (d *choice) View(w int) string {
	s := d.c.Styles
	inner := min(w-4, 60)
	body := strings.Join(wrap(d.question, inner), "\n") + "\n\n" + s.Muted.Render(d.hint)
	return s.Dialog.Width(inner + 4).Render(body)
}

func (t *manageTab) Help() []key.Binding {
	k := t.c.Keys
	switch {
	case t.form != nil:
		return []key.Binding{k.Submit, k.NextField, k.Cancel}
	case t.ask != nil:
		return []key.Binding{k.Confirm, t.keys.No, k.Cancel}
	case t.info != nil:
		return []key.Binding{k.Back}
	}
	var b []key.Binding
	switch t.view {
	case viewActions:
		b = []key.Binding{k.Add, k.Edit, k.Status, t.keys.Drop, t.keys.FHorizon, t.keys.FStatus}
		if t.Mode() == ModeNested {
			b = append(b, k.Back)
		}
	case viewReviews:
		b = []key.Binding{k.Add, t.keys.Detail}
	case viewCycles:
		b = []key.Binding{k.Add, t.keys.Close, k.Enter}
	case viewChanges:
		b = []key.Binding{t.keys.Detail, k.Up, k.Down, k.PgDown}
	}
	return append(b, k.SubNext)
}

func (t *manageTab) FullHelp() [][]key.Binding {
	k := t.c.Keys
	views := append([]key.Binding{}, t.keys.Views[:]...)
	views = append(views, k.SubNext, k.SubPrev, t.keys.Reload)
	// The keys of the sub-view on screen only: the others do nothing here.
	var own []key.Binding
	switch t.view {
	case viewActions:
		own = []key.Binding{k.Add, k.Edit, k.Status, t.keys.Drop, t.keys.FHorizon, t.keys.FStatus, k.Back}
	case viewReviews:
		own = []key.Binding{k.Add, t.keys.Detail}
	case viewCycles:
		own = []key.Binding{k.Add, t.keys.Close, k.Enter}
	case viewChanges:
		own = []key.Binding{t.keys.Detail}
	}
	return [][]key.Binding{views, own, k.Navigation()}
}

// statusName is an action status in the interface language.
func (t *manageTab) statusName(s catalog.ActionStatus) string {
	return t.c.T("manage.status." + string(s))
}

func (t *manageTab) horizonName(h catalog.Horizon) string {
	return t.c.T("manage.horizon." + string(h))
}

func init() {
	AddMessages(map[string][2]string{
		"manage.view.1":              {"Actions", "改善策"},
		"manage.view.2":              {"Reviews", "レビュー"},
		"manage.view.3":              {"Cycles", "サイクル"},
		"manage.view.4":              {"Change log", "変更履歴"},
		"manage.key.drop":            {"drop", "中止"},
		"manage.key.fhorizon":        {"by horizon", "期間で絞る"},
		"manage.key.fstatus":         {"by status", "状態で絞る"},
		"manage.key.close":           {"close cycle", "サイクル終了"},
		"manage.key.reload":          {"reload", "再読み込み"},
		"manage.col.id":              {"ID", "ID"},
		"manage.col.service":         {"Service", "サービス"},
		"manage.col.title":           {"Title", "件名"},
		"manage.col.horizon":         {"Horizon", "期間"},
		"manage.col.owner":           {"Owner", "担当"},
		"manage.col.due":             {"Due", "期限"},
		"manage.col.status":          {"Status", "状態"},
		"manage.col.notes":           {"Notes", "メモ"},
		"manage.col.date":            {"Date", "日付"},
		"manage.col.kind":            {"Kind", "種類"},
		"manage.col.name":            {"Name", "名称"},
		"manage.col.started":         {"Started", "開始"},
		"manage.col.closed":          {"Closed", "終了"},
		"manage.col.pack":            {"Pack", "パック"},
		"manage.col.time":            {"Time", "日時"},
		"manage.col.who":             {"Who", "実施者"},
		"manage.col.what":            {"What", "対象"},
		"manage.col.field":           {"Field", "項目"},
		"manage.col.change":          {"Old → new", "変更前 → 変更後"},
		"manage.col.source":          {"Source", "経路"},
		"manage.col.reason":          {"Reason", "理由"},
		"manage.status.planned":      {"planned", "計画"},
		"manage.value.unscored":      {"none", "未設定"},
		"manage.value.scope.in":      {"in", "対象"},
		"manage.value.scope.out":     {"out", "対象外"},
		"manage.field.scope":         {"scope", "対象"},
		"manage.field.level":         {"level", "レベル"},
		"manage.field.assignment":    {"assignment", "実施主体"},
		"manage.field.provider":      {"provider", "委託先"},
		"manage.field.contract":      {"contract", "契約"},
		"manage.field.target":        {"target", "目標"},
		"manage.field.current":       {"current", "現状"},
		"manage.field.evidence":      {"evidence", "根拠"},
		"manage.field.status":        {"status", "状態"},
		"manage.field.horizon":       {"horizon", "期間"},
		"manage.field.title":         {"title", "件名"},
		"manage.field.owner":         {"owner", "担当"},
		"manage.field.due":           {"due", "期限"},
		"manage.field.notes":         {"notes", "メモ"},
		"manage.field.service":       {"service", "サービス"},
		"manage.field.create":        {"created", "作成"},
		"manage.field.start":         {"started", "開始"},
		"manage.field.carry-over":    {"carried over", "引継ぎ"},
		"manage.field.import":        {"imported", "取込み"},
		"manage.field.remove":        {"removed", "削除"},
		"manage.field.name":          {"name", "名称"},
		"manage.field.sector":        {"sector", "業種"},
		"manage.field.country":       {"country", "国"},
		"manage.field.size":          {"size", "規模"},
		"manage.status.in-progress":  {"in progress", "実施中"},
		"manage.status.done":         {"done", "完了"},
		"manage.status.dropped":      {"dropped", "中止"},
		"manage.horizon.short":       {"short", "短期"},
		"manage.horizon.long":        {"mid/long", "中長期"},
		"manage.from":                {"from %s", "%s から継続"},
		"manage.entity.organisation": {"organisation", "組織"},
		"manage.entity.cycle":        {"cycle", "サイクル"},
		"manage.entity.build":        {"build", "構築"},
		"manage.entity.assessment":   {"assessment", "評価"},
		"manage.entity.action":       {"action", "改善策"},
		"manage.entity.review":       {"review", "レビュー"},
		"manage.entity.pack":         {"pack", "パック"},
		"manage.info.hint":           {"esc/enter close", "esc/enter 閉じる"},
		"manage.info.old":            {"Before:", "変更前:"},
		"manage.info.new":            {"After:", "変更後:"},
		"manage.whole":               {"whole CDC", "CDC全体"},
		"manage.loading":             {"loading…", "読み込み中…"},
		"manage.actions.none":        {"No improvement actions in %s yet: press n to add one.", "%s の改善策はまだありません。n で追加します。"},
		"manage.actions.nomatch":     {"No action matches the filters (esc clears them).", "条件に一致する改善策がありません（esc で解除）。"},
		"manage.actions.summary":     {"%d actions · %d open · %d overdue", "改善策 %d 件 · 未完了 %d · 期限超過 %d"},
		"manage.filtered":            {"filtered: %s", "絞り込み: %s"},
		"manage.reviews.none":        {"No reviews recorded in %s yet: press n to add one.", "%s のレビュー記録はまだありません。n で追加します。"},
		"manage.changes.none":        {"No changes recorded yet.", "変更の記録はまだありません。"},
		"manage.changes.summary":     {"%d changes, newest first", "変更 %d 件（新しい順）"},
		"manage.cycles.summary":      {"◆ on screen · enter show · n start the next · c close the one on screen", "◆ 表示中 · enter 表示 · n 次のサイクルを開始 · c 表示中のサイクルを終了"},
		"manage.action.new":          {"New improvement action", "改善策の追加"},
		"manage.action.edit":         {"Edit action #%d", "改善策 #%d の編集"},
		"manage.title.ph":            {"what will be done", "実施する内容"},
		"manage.title.empty":         {"The title is empty: type what will be done, or press esc.", "件名が空です。内容を入力するか esc を押してください。"},
		"manage.service.ph":          {"e.g. B-3; empty for the whole CDC", "B-3"},
		"manage.service.bad":         {"Service %q is not in pack %s.", "サービス %q はパック %s にありません。"},
		"manage.horizon.bad":         {"Horizon %q is not short or long.", "期間 %q は short か long で指定してください。"},
		"manage.owner.ph":            {"who is responsible", "担当者・部署"},
		"manage.date.bad":            {"%s %q is not a date like 2026-03-31.", "%s %q は 2026-03-31 の形式の日付ではありません。"},
		"manage.review.new":          {"New review in %s", "%s のレビュー記録"},
		"manage.kind.ph":             {"e.g. Monthly operational review", "例: 月次運用レビュー"},
		"manage.notes.ph":            {"what was found and decided", "確認・決定した内容"},
		"manage.review.empty":        {"A review needs a kind or notes.", "種類かメモのどちらかを入力してください。"},
		"manage.cycle.new.title":     {"Start the next cycle of %s", "%s の次のサイクルを開始"},
		"manage.cycle.name.empty":    {"The name is empty: type one, or press esc.", "名称が空です。入力するか esc を押してください。"},
		"manage.cycle.name.dup":      {"A cycle named %q exists already.", "サイクル %q はすでにあります。"},
		"manage.cycle.carry.q":       {"Start %s from %s's Build settings. Carry the current scores over as well? They are marked carried over until re-assessed.", "%[1]s は %[2]s の構築設定を引き継ぎます。現在の評価点も引き継ぎますか？再評価するまで「引継ぎ」と表示されます。"},
		"manage.cycle.carry.hint":    {"y carry scores over · n start unscored · esc cancel", "y 評価点も引き継ぐ · n 評価なしで開始 · esc 取消"},
		"manage.cycle.close.q":       {"Close cycle %s? Its Build settings, scores, short-term actions and reviews become read only; mid/long-term actions stay open across cycles.", "サイクル %s を終了しますか？構築設定・評価・短期の改善策・レビューは閲覧のみになります（中長期の改善策はサイクルをまたいで更新できます）。"},
		"manage.cycle.already":       {"Cycle %s is already closed.", "サイクル %s はすでに終了しています。"},
		"manage.cycle.current":       {"on screen", "表示中"},
	})
}
