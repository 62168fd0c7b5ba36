package tui

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
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
		t.keys.Views[i] = c.Keys.Bind([]string{n}, n, "tui.manage.view."+n)
	}
	t.keys.Drop = c.Keys.Bind([]string{"x"}, "x", "tui.manage.key.drop")
	t.keys.FHorizon = c.Keys.Bind([]string{"f"}, "f", "tui.manage.key.fhorizon")
	t.keys.FStatus = c.Keys.Bind([]string{"v"}, "v", "tui.manage.key.fstatus")
	t.keys.Close = c.Keys.Bind([]string{"c"}, "c", "tui.manage.key.close")
	t.keys.Reload = c.Keys.Bind([]string{"r"}, "r", "tui.manage.key.reload")
	t.keys.No = c.Keys.Bind([]string{"n"}, "n", "word.no")
	t.keys.Detail = c.Keys.Bind([]string{"enter"}, "enter", "tui.key.detail")
	return t
}

func (t *manageTab) Title() string { return t.c.T("tui.tab.manage") }

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
				t.form.SetError(t.c.P.Error(msg.Err))
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
				return statusCmd(t.c.T("tui.cycle.readonly"))
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
	lines := textwidth.Wrap(termtext.CleanMultiline(b.text), inner)
	if limit := h - 6; len(lines) > limit && limit > 0 {
		lines = append(lines[:limit-1], "…")
	}
	body := s.Title.Render(textwidth.Pad(termtext.Clean(b.title), inner)) + "\n\n" + strings.Join(lines, "\n") + "\n\n" + s.Muted.Render(c.T("tui.manage.info.hint"))
	return s.Dialog.Width(inner + 4).Render(body)
}

func (t *manageTab) changeInfo(ch catalog.Change) *infoBox {
	T := t.c.T
	var b strings.Builder
	kv := func(k, v string) { b.WriteString(k + ": " + v + "\n") }
	kv(T("tui.manage.col.time"), t.c.P.Time(ch.At))
	if name, ok := t.cycNames[ch.CycleID]; ok {
		kv(T("tui.manage.view.3"), name)
	}
	kv(T("tui.manage.col.who"), ch.Who)
	kv(T("tui.manage.col.source"), ch.Source)
	if ch.Reason != "" {
		kv(T("tui.manage.col.reason"), ch.Reason)
	}
	b.WriteString("\n" + T("tui.manage.info.old") + "\n" + orDash(ch.Old) + "\n\n" + T("tui.manage.info.new") + "\n" + orDash(ch.New))
	return &infoBox{title: t.c.entityName(ch.Entity) + " " + ch.Key + " · " + t.c.fieldName(ch.Field), text: b.String()}
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
			return statusCmd(t.c.T("tui.cycle.readonly"))
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
		return statusCmd(t.c.T("tui.cycle.readonly"))
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
		t.form = fitInputs(newForm(t.c, t.c.T("tui.manage.cycle.new.title", termtext.Clean(t.data.Org.Name)),
			field{Key: "name", Label: t.c.T("tui.manage.col.name"), Value: nextCycleName(last.Name, last.Seq+1), Check: func(v string) string {
				if v == "" {
					return t.c.T("tui.manage.cycle.name.empty")
				}
				for _, c := range t.data.Cycles {
					if strings.EqualFold(c.Name, v) {
						return t.c.T("tui.manage.cycle.name.dup", v)
					}
				}
				return ""
			}}).withRealCursor(), t.c.Width)
	case key.Matches(msg, t.keys.Close):
		cyc := t.data.Cycle.Cycle
		if cyc.Status == catalog.CycleClosed {
			return statusCmd(t.c.T("tui.manage.cycle.already", termtext.Clean(cyc.Name)))
		}
		t.askKind = "close"
		t.ask = &choice{c: t.c, question: t.c.T("tui.manage.cycle.close.q", termtext.Clean(cyc.Name)), hint: t.c.T("tui.confirm.hint")}
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
	title := T("tui.manage.action.new")
	if a != nil {
		v, t.formKind, t.formID = *a, "edit", a.ID
		title = T("tui.manage.action.edit", a.ID)
	} else {
		v.Horizon = catalog.ShortTerm
	}
	pack := t.data.Cycle.Pack
	t.form = newForm(t.c, title,
		field{Key: "title", Label: T("tui.manage.col.title"), Value: v.Title, Placeholder: T("tui.manage.title.ph"), Check: func(s string) string {
			if s == "" {
				return T("tui.manage.title.empty")
			}
			return ""
		}},
		field{Key: "service", Label: T("tui.manage.col.service"), Value: v.ServiceID, Placeholder: T("tui.manage.service.ph"), Check: func(s string) string {
			if s == "" {
				return ""
			}
			if _, ok := pack.Service(strings.ToUpper(s)); !ok {
				return T("tui.manage.service.bad", s, pack.Ref())
			}
			return ""
		}},
		field{Key: "horizon", Label: T("tui.manage.col.horizon"), Value: string(v.Horizon), Placeholder: "short / long", Check: func(s string) string {
			if _, err := parseHorizon(s); err != nil {
				return T("tui.manage.horizon.bad", s)
			}
			return ""
		}},
		field{Key: "owner", Label: T("tui.manage.col.owner"), Value: v.Owner, Placeholder: T("tui.manage.owner.ph")},
		field{Key: "due", Label: T("tui.manage.col.due"), Value: v.Due, Placeholder: "YYYY-MM-DD", Check: func(s string) string {
			if catalog.ValidDate("due", s, true) != nil {
				return T("tui.manage.date.bad", T("tui.manage.col.due"), s)
			}
			return ""
		}},
		field{Key: "notes", Label: T("tui.manage.col.notes"), Value: v.Notes},
	)
	fitInputs(t.form.withRealCursor(), t.c.Width)
}

func (t *manageTab) openReviewForm() {
	T := t.c.T
	t.formKind = "review"
	t.form = newForm(t.c, T("tui.manage.review.new", termtext.Clean(t.data.Cycle.Cycle.Name)),
		field{Key: "date", Label: T("tui.manage.col.date"), Value: t.c.P.Date(t.c.Now()), Check: func(s string) string {
			if catalog.ValidDate("date", s, false) != nil {
				return T("tui.manage.date.bad", T("tui.manage.col.date"), s)
			}
			return ""
		}},
		field{Key: "kind", Label: T("tui.manage.col.kind"), Placeholder: T("tui.manage.kind.ph")},
		field{Key: "notes", Label: T("tui.manage.col.notes"), Placeholder: T("tui.manage.notes.ph"), Check: func(string) string {
			if t.form.Value("kind") == "" && t.form.Value("notes") == "" {
				return T("tui.manage.review.empty")
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
		t.ask = &choice{c: t.c, question: t.c.T("tui.manage.cycle.carry.q", termtext.Clean(t.newName), termtext.Clean(t.data.Cycles[len(t.data.Cycles)-1].Name)),
			hint: t.c.T("tui.manage.cycle.carry.hint")}
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
	body := strings.Join(textwidth.Wrap(d.question, inner), "\n") + "\n\n" + s.Muted.Render(d.hint)
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
