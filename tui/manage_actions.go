package tui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// The Actions sub-view of the Manage tab: improvement actions of the cycle on screen.

func (t *manageTab) actionKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		t.clearActionFilters()
		t.rebuild()
		return nil
	case key.Matches(msg, t.keys.Filter):
		t.openActionFilterPicker()
		return nil
	case key.Matches(msg, k.Add):
		if t.data.Closed() {
			return statusCmd(t.c.T("tui.cycle.readonly"))
		}
		t.openActionForm(nil, "")
		return nil
	case key.Matches(msg, t.keys.Sort):
		t.c.openDialog(newPicker(t.c, t.c.T("tui.manage.sort.title"), sortOptions(t.c), t.sortBy, func(o option) tea.Cmd {
			t.sortBy = o.Value
			t.rebuild()
			return nil
		}))
		return nil
	}
	a, ok := t.selectedAction()
	if !ok || !key.Matches(msg, t.keys.EditAction, k.Status, t.keys.Drop) {
		return nil
	}
	// Long-term actions run across cycles, so they stay editable after their cycle closes.
	if t.data.Closed() && a.Horizon != catalog.LongTerm {
		return statusCmd(t.c.T("tui.cycle.readonly"))
	}
	switch {
	case key.Matches(msg, t.keys.EditAction):
		t.openActionForm(&a, "")
	case key.Matches(msg, k.Status):
		t.c.openDialog(newPicker(t.c, t.c.T("tui.manage.status.title", a.ID), statusOptions(t.c), string(a.Status), func(o option) tea.Cmd {
			if o.Value == string(a.Status) {
				return nil // nothing changes: nothing is logged
			}
			return t.setStatus(a, catalog.ActionStatus(o.Value))
		}))
	case key.Matches(msg, t.keys.Drop):
		if a.Status == catalog.ActionDropped {
			return nil
		}
		t.c.openDialog(newConfirm(t.c, t.c.T("tui.manage.drop.q", a.ID, oneLine(a.Title)), func() tea.Cmd {
			return t.setStatus(a, catalog.ActionDropped)
		}))
	}
	return nil
}

// actionOrigin keeps the actions of one origin: the cycle's own, or carried on from earlier cycles.
type actionOrigin string

const (
	originOwn     actionOrigin = "own"
	originEarlier actionOrigin = "earlier"
)

// actionFiltered reports whether a picked filter hides actions.
func (t *manageTab) actionFiltered() bool {
	return t.fHorizon != "" || t.fStatus != "" || t.fOverdue || t.fOrigin != ""
}

func (t *manageTab) clearActionFilters() {
	t.fHorizon, t.fStatus, t.fOverdue, t.fOrigin = "", "", false, ""
}

// keepsAction reports whether an action passes the filter picker's choices.
func (t *manageTab) keepsAction(a catalog.Action, today string) bool {
	switch {
	case t.fHorizon != "" && a.Horizon != t.fHorizon, t.fStatus != "" && a.Status != t.fStatus, t.fOverdue && !a.Overdue(today):
		return false
	case t.fOrigin == originOwn:
		return a.CycleID == t.data.Cycle.Cycle.ID
	case t.fOrigin == originEarlier:
		return a.CycleID != t.data.Cycle.Cycle.ID
	}
	return true
}

// actionFilterParts names the picked filters, for the sub-view bar.
func (t *manageTab) actionFilterParts() []string {
	var parts []string
	if t.fHorizon != "" {
		parts = append(parts, t.c.horizonName(t.fHorizon))
	}
	if t.fStatus != "" {
		parts = append(parts, t.c.statusName(t.fStatus))
	}
	if t.fOverdue {
		parts = append(parts, t.c.T("action.overdue"))
	}
	switch t.fOrigin {
	case originOwn:
		parts = append(parts, t.c.T("tui.manage.fpick.own"))
	case originEarlier:
		parts = append(parts, t.c.T("tui.manage.fpick.earlier"))
	}
	return parts
}

// openActionFilterPicker asks what to filter the actions by, then which value: the same
// picker as the service tables' f.
func (t *manageTab) openActionFilterPicker() {
	T := t.c.T
	all := option{Key: "*", Label: T("tui.build.fpick.all"), Value: ""}
	set := func(f func(v string)) func(o option) tea.Cmd {
		return func(o option) tea.Cmd {
			f(o.Value)
			t.lists[viewActions] = listWindow{}
			t.rebuild()
			return nil
		}
	}
	opts := []option{{Key: "h", Label: T("tui.manage.col.horizon"), Value: "horizon"}, {Key: "s", Label: T("tui.manage.col.status"), Value: "status"},
		{Key: "o", Label: T("tui.manage.fpick.overdue"), Value: "overdue"}, {Key: "c", Label: T("tui.manage.fpick.cycle"), Value: "cycle"},
		{Key: "x", Label: T("tui.build.fpick.clear"), Value: "clear"}}
	t.c.openDialog(newPicker(t.c, T("tui.manage.fpick.title"), opts, "", func(o option) tea.Cmd {
		switch o.Value {
		case "horizon":
			t.c.openDialog(newPicker(t.c, T("tui.manage.col.horizon"), append([]option{all}, horizonOptions(t.c)...), string(t.fHorizon),
				set(func(v string) { t.fHorizon = catalog.Horizon(v) })))
		case "status":
			t.c.openDialog(newPicker(t.c, T("tui.manage.col.status"), append([]option{all}, statusOptions(t.c)...), string(t.fStatus),
				set(func(v string) { t.fStatus = catalog.ActionStatus(v) })))
		case "overdue":
			cur := ""
			if t.fOverdue {
				cur = "yes"
			}
			t.c.openDialog(newPicker(t.c, T("tui.manage.fpick.overdue"), []option{all, {Key: "o", Label: T("tui.manage.fpick.overdue.only"), Value: "yes"}}, cur,
				set(func(v string) { t.fOverdue = v != "" })))
		case "cycle":
			t.c.openDialog(newPicker(t.c, T("tui.manage.fpick.cycle"), []option{all, {Key: "t", Label: T("tui.manage.fpick.own"), Value: string(originOwn)},
				{Key: "e", Label: T("tui.manage.fpick.earlier"), Value: string(originEarlier)}}, string(t.fOrigin),
				set(func(v string) { t.fOrigin = actionOrigin(v) })))
		case "clear":
			return set(func(string) { t.clearActionFilters() })(o)
		}
		return nil
	}))
}

func (t *manageTab) setStatus(a catalog.Action, st catalog.ActionStatus) tea.Cmd {
	id := a.ID
	return t.c.Save("manage.status", func(ctx context.Context, s *catalog.Store) error {
		_, err := s.UpdateAction(ctx, id, catalog.ActionPatch{Status: &st})
		return err
	})
}

// sortOptions are the orders of the action list, with their shortcuts.
func sortOptions(c *common) []option {
	return []option{
		{Key: "n", Label: c.T("tui.manage.sort.id"), Value: ""},
		{Key: "d", Label: c.T("tui.manage.sort.due"), Value: "due"},
		{Key: "s", Label: c.T("tui.manage.sort.status"), Value: "status"},
		{Key: "o", Label: c.T("tui.manage.sort.owner"), Value: "owner"},
	}
}

// sortActions puts the shown actions in the chosen order; ties keep the oldest first. Undated
// actions and actions without an owner come last.
func (t *manageTab) sortActions() {
	keep := int64(-1)
	if a, ok := t.selectedAction(); ok {
		keep = a.ID
	}
	rank := func(st catalog.ActionStatus) int { return slices.Index(catalog.ActionStatuses, st) }
	last := func(a, b string) int { // empty after everything else
		switch {
		case a == b:
			return 0
		case a == "":
			return 1
		case b == "":
			return -1
		}
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	}
	slices.SortStableFunc(t.shown, func(a, b catalog.Action) int {
		switch t.sortBy {
		case "due":
			return last(a.Due, b.Due)
		case "status":
			return rank(a.Status) - rank(b.Status)
		case "owner":
			return last(a.Owner, b.Owner)
		}
		return int(a.ID - b.ID)
	})
	if keep >= 0 {
		for i, a := range t.shown {
			if a.ID == keep {
				t.lists[viewActions].cursor = i
			}
		}
	}
}

// statusOptions are the action statuses with their shortcuts.
func statusOptions(c *common) []option {
	keys := map[catalog.ActionStatus]string{catalog.ActionPlanned: "p", catalog.ActionInProgress: "i", catalog.ActionDone: "d", catalog.ActionDropped: "x"}
	out := make([]option, len(catalog.ActionStatuses))
	for i, st := range catalog.ActionStatuses {
		out[i] = option{Key: keys[st], Label: c.statusName(st), Value: string(st)}
	}
	return out
}

// horizonOptions are the two horizons, for the action form's choice.
func horizonOptions(c *common) []option {
	return []option{
		{Key: "s", Label: c.horizonName(catalog.ShortTerm), Value: string(catalog.ShortTerm)},
		{Key: "l", Label: c.horizonName(catalog.LongTerm), Value: string(catalog.LongTerm)},
	}
}

// openActionForm adds an action (a nil, for service when one is given) or edits one; the form
// stays until the save answers.
func (t *manageTab) openActionForm(a *catalog.Action, service string) {
	T := t.c.T
	var v catalog.Action
	title := T("tui.manage.action.new")
	if a != nil {
		v = *a
		title = T("tui.manage.action.edit", a.ID)
	} else {
		v.Horizon, v.ServiceID = catalog.ShortTerm, service
	}
	pack := t.data.Cycle.Pack
	cycleID := t.data.Cycle.Cycle.ID
	submit := func(f *form) tea.Cmd {
		hz := catalog.Horizon(f.Value("horizon"))
		title, svc, owner, due, notes := f.Value("title"), strings.ToUpper(f.Value("service")), f.Value("owner"), f.Value("due"), f.Value("notes")
		if a != nil {
			// what the form started from: a change made elsewhere meanwhile shows theirs and mine
			wTitle, wSvc, wOwner, wDue, wNotes, wHz := f.Was("title"), f.Was("service"), f.Was("owner"), f.Was("due"), f.Was("notes"), catalog.Horizon(f.Was("horizon"))
			was := &catalog.ActionPatch{Title: &wTitle, ServiceID: &wSvc, Owner: &wOwner, Due: &wDue, Notes: &wNotes, Horizon: &wHz}
			id := a.ID
			return t.c.SaveThen("manage.action", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
				_, err := s.UpdateAction(ctx, id, catalog.ActionPatch{Title: &title, ServiceID: &svc, Horizon: &hz, Owner: &owner, Due: &due, Notes: &notes, Was: was})
				return manageActionMsg{ID: id}, err
			})
		}
		return t.c.SaveThen("manage.action", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			a, err := s.AddAction(ctx, catalog.Action{CycleID: cycleID, Title: title, ServiceID: svc, Horizon: hz, Owner: owner, Due: due, Notes: notes})
			return manageActionMsg{ID: a.ID}, err
		})
	}
	t.c.openDialog(newForm(t.c, title, submit,
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
		field{Key: "horizon", Label: T("tui.manage.col.horizon"), Value: string(v.Horizon), Options: horizonOptions(t.c)},
		field{Key: "owner", Label: T("tui.manage.col.owner"), Value: v.Owner, Placeholder: T("tui.manage.owner.ph")},
		field{Key: "due", Label: T("tui.manage.col.due"), Value: v.Due, Placeholder: "YYYY-MM-DD", Check: func(s string) string {
			if catalog.ValidDate("due", s, true) != nil {
				return T("tui.manage.date.bad", T("tui.manage.col.due"), s)
			}
			return ""
		}},
		field{Key: "notes", Label: T("tui.manage.col.notes"), Value: v.Notes},
	).waitFor("manage.action"))
}

type actionCols struct{ id, svc, title, horizon, owner, due, status int }

// actionWidths sizes the columns; the horizon column fits the longest horizon word. A zero
// owner width leaves the owner out of the table.
func actionWidths(w, horizon, service int) actionCols {
	c := actionCols{id: 5, svc: min(max(service, 5), 8), horizon: max(horizon, 7), owner: 12, due: 11, status: 11}
	c.title = w - 2 - c.id - c.svc - c.horizon - c.owner - c.due - c.status - 6
	if c.title < 28 { // narrow: the owner goes to the detail line, the title keeps its room
		c.title += c.owner + 1
		c.owner = 0
	}
	if c.title > 60 {
		c.owner += c.title - 60
		c.title = 60
	}
	c.owner = min(c.owner, 30)
	return c
}

func (t *manageTab) actionsView(w, h int) string {
	s := t.c.styles
	T := t.c.T
	filters := t.actionFilterParts()
	today := t.c.P.Date(t.c.Now())
	open, late := 0, 0
	for _, a := range t.cycActions {
		if a.Status == catalog.ActionDone || a.Status == catalog.ActionDropped {
			continue
		}
		open++
		if a.Overdue(today) {
			late++
		}
	}
	right := ""
	switch {
	case !t.loaded:
	case len(filters) > 0:
		right = s.Warn.Render(T("tui.build.filtered", strings.Join(filters, " · "))) + s.Muted.Render("  esc")
	default:
		right = s.Muted.Render(t.c.N("tui.manage.actions.summary", len(t.cycActions), len(t.cycActions), open, late))
	}
	if t.sortBy != "" && t.loaded {
		for _, o := range sortOptions(t.c) {
			if o.Value == t.sortBy {
				right = s.Muted.Render(T("tui.manage.sorted", o.Label)+" · ") + right
			}
		}
	}
	bar := t.viewBar(w, right)
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	c := actionWidths(w, max(textwidth.Width(t.c.horizonName(catalog.ShortTerm)), textwidth.Width(t.c.horizonName(catalog.LongTerm))), textwidth.Width(T("tui.manage.col.service")))
	owner := func(v string) string { // the owner's cell and its space, unless the table leaves it out
		if c.owner == 0 {
			return ""
		}
		return textwidth.Pad(v, c.owner) + " "
	}
	hdr := textwidth.Pad(T("tui.manage.col.id"), c.id) + " " + textwidth.Pad(T("tui.manage.col.service"), c.svc) + " " + textwidth.Pad(T("tui.manage.col.title"), c.title) + " " +
		textwidth.Pad(T("tui.manage.col.horizon"), c.horizon) + " " + owner(T("tui.manage.col.owner")) + textwidth.Pad(T("tui.manage.col.due"), c.due) + " " +
		textwidth.Pad(T("tui.manage.col.status"), c.status)
	empty := T("tui.manage.actions.none", termtext.Clean(t.data.Cycle.Cycle.Name))
	if len(filters) > 0 || t.filters[viewActions].Value() != "" {
		empty = T("tui.manage.actions.nomatch")
	}
	detail := ""
	if a, ok := t.selectedAction(); ok {
		svc := T("tui.manage.whole")
		if sv, ok := t.data.Cycle.Service(a.ServiceID); ok {
			svc = sv.ID + " " + t.c.text(sv.Name)
		}
		detail = "#" + strconv.FormatInt(a.ID, 10) + " " + oneLine(a.Title) + " · " + svc
		if c.owner == 0 && a.Owner != "" {
			detail += " · " + t.c.P.Labelled(T("tui.manage.col.owner"), oneLine(a.Owner))
		}
		if a.CycleID != t.data.Cycle.Cycle.ID {
			detail += " · " + T("tui.manage.from", t.cycNames[a.CycleID])
		}
		if a.Notes != "" {
			detail += " · " + oneLine(a.Notes)
		}
	}
	row := func(i int, sel bool) string {
		a := t.shown[i]
		svc := a.ServiceID
		if svc == "" {
			svc = t.c.P.Unknown()
		}
		id := "#" + strconv.FormatInt(a.ID, 10)
		if a.CycleID != t.data.Cycle.Cycle.ID {
			id += "↻" // carried on from an earlier cycle
		}
		status := textwidth.Pad(t.c.statusName(a.Status), c.status)
		switch {
		case sel:
		case a.Status == catalog.ActionDone:
			status = s.Good.Render(status)
		case a.Status == catalog.ActionInProgress:
			status = s.Info.Render(status)
		case a.Status == catalog.ActionDropped:
			status = s.Dim.Render(status)
		}
		due := textwidth.Pad(t.c.P.OrUnknown(a.Due), c.due)
		if a.Overdue(today) {
			due = textwidth.Pad(a.Due+"!", c.due) // the mark stays without colour
			if !sel {
				due = s.Bad.Render(due)
			}
		}
		return textwidth.Pad(id, c.id) + " " + textwidth.Pad(oneLine(svc), c.svc) + " " + textwidth.Pad(oneLine(a.Title), c.title) + " " +
			textwidth.Pad(t.c.horizonName(a.Horizon), c.horizon) + " " + owner(t.c.P.OrUnknown(oneLine(a.Owner))) + due + " " + status
	}
	return bar + "\n" + t.table(viewActions, w, h, hdr, row, empty, detail)
}
