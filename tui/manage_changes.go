package tui

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// The Change log sub-view of the Manage tab: the changes of the cycle on screen (t: of every
// cycle), or of one service (h), newest first. The store selects and pages them.

// changeQuery is the selection on screen.
func (t *manageTab) changeQuery() catalog.ChangeQuery {
	q := catalog.ChangeQuery{Text: strings.TrimSpace(t.filters[viewChanges].Value()), Service: t.logService}
	if t.data != nil {
		q.OrgID = t.data.Org.ID
		if !t.logAll {
			q.CycleID = t.data.Cycle.Cycle.ID
		}
	}
	return q
}

// sameQuery compares two selections, paging aside.
func sameQuery(a, b catalog.ChangeQuery) bool {
	a.Limit, a.Offset, b.Limit, b.Offset = 0, 0, 0, 0
	return a.OrgID == b.OrgID && a.CycleID == b.CycleID && a.Service == b.Service && a.Text == b.Text &&
		slices.Equal(a.Entities, b.Entities) && a.LocalOnly == b.LocalOnly && a.After.Equal(b.After)
}

// applyChanges shows a page: the first replaces the rows, a later one extends them.
func (t *manageTab) applyChanges(m changePageMsg) {
	if m.From == 0 {
		t.changes = m.Changes
		t.logWhatW, t.logReasonW = 0, 0
	} else if m.From == len(t.changes) {
		t.changes = append(t.changes, m.Changes...)
	} else {
		return // a page of an older read
	}
	t.logMore = m.More
	for _, ch := range m.Changes {
		t.logWhatW = max(t.logWhatW, textwidth.Width(t.changeWhat(ch)))
		t.logReasonW = max(t.logReasonW, textwidth.Width(t.c.reasonText(ch.Reason)))
	}
}

// changeWhat names what changed: the entity and its key ("Build setting A-10", "action #3").
func (t *manageTab) changeWhat(ch catalog.Change) string {
	return oneLine(t.c.entityName(ch.Entity) + " " + ch.Key)
}

// reloadChanges reads the first page of the selection again.
func (t *manageTab) reloadChanges() tea.Cmd {
	return t.readChanges(0)
}

// moreChanges reads the next page when the cursor is near the end of those read.
func (t *manageTab) moreChanges() tea.Cmd {
	if !t.logMore || t.logLoading || t.lists[viewChanges].cursor < len(t.changes)-t.listHeight() {
		return nil
	}
	return t.readChanges(len(t.changes))
}

func (t *manageTab) readChanges(from int) tea.Cmd {
	if t.data == nil {
		return nil
	}
	t.logLoading = true
	q := t.changeQuery()
	return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		return readChangePage(ctx, s, q, from)
	})
}

// showHistory shows the change log of one service, in every cycle.
func (t *manageTab) showHistory(service string) tea.Cmd {
	t.view = viewChanges
	t.logService, t.logAll = service, true
	t.filters[viewChanges].SetValue("")
	t.lists[viewChanges] = listWindow{}
	t.changes = nil
	return t.reloadChanges()
}

func isServiceEntity(e catalog.Entity) bool { return slices.Contains(catalog.ServiceEntities, e) }

func (t *manageTab) changeKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	switch {
	case key.Matches(msg, k.Enter):
		if i := t.lists[viewChanges].cursor; i >= 0 && i < len(t.changes) {
			t.c.openDialog(t.changeInfo(t.changes[i]))
		}
	case key.Matches(msg, t.keys.AllCycles):
		t.logAll = !t.logAll
		t.lists[viewChanges] = listWindow{}
		return t.reloadChanges()
	case key.Matches(msg, k.Back) && t.logService != "":
		service, back := t.logService, t.logBack
		t.logService, t.logAll, t.logBack = "", false, nil
		t.lists[viewChanges] = listWindow{}
		reload := t.reloadChanges()
		if back != nil { // back to the service in the tab the history was opened from
			return tea.Batch(reload, func() tea.Msg { return jumpMsg{tab: *back, service: service, restore: true} })
		}
		return reload
	}
	return nil
}

func (t *manageTab) changeInfo(ch catalog.Change) *textBox {
	T := t.c.T
	var b strings.Builder
	kv := func(k, v string) { b.WriteString(t.c.P.Labelled(k, v) + "\n") }
	kv(T("tui.manage.col.time"), t.c.P.Time(ch.At))
	if name, ok := t.cycNames[ch.CycleID]; ok {
		kv(T("report.col.cycle"), name)
	}
	kv(T("tui.manage.col.who"), ch.Who)
	kv(T("tui.manage.col.source"), t.c.P.SourceName(ch))
	if ch.Reason != "" {
		kv(T("tui.manage.col.reason"), t.c.reasonText(ch.Reason))
	}
	p := t.data.Cycle.Pack
	b.WriteString("\n" + T("tui.manage.info.old") + "\n" + t.c.P.OrUnknown(t.c.changeValue(p, ch.Field, ch.Old)) + "\n\n" +
		T("tui.manage.info.new") + "\n" + t.c.P.OrUnknown(t.c.changeValue(p, ch.Field, ch.New)))
	return newTextBox(t.c, t.c.entityName(ch.Entity)+" "+ch.Key+" · "+t.c.fieldName(ch.Field), b.String())
}

type changeCols struct{ at, who, what, field, change, source, reason int }

// changeWidths sizes the change log: the field column fits field, the longest field word of
// the language, and what fits the widest entity and key read (up to a limit), so neither is
// cut; the reason column fits the widest reason, from its title up to a third of what is
// left (a short one whole); the old and new values take the rest (at least 14 columns), whole on the line under
// the list. Narrow windows leave the author to that line, wide ones show the source too.
func changeWidths(w, field, what, whatTitle, reason, reasonTitle int) changeCols {
	c := changeCols{at: 20, field: max(field, 6)}
	// what leaves the values at least 14 columns on a narrow window
	whatMax := max(14, min(32, w-2-c.at-c.field-4-reasonTitle-14))
	if w >= 110 {
		c.who, c.source = 12, 16
		whatMax = 32
	}
	c.what = min(max(what, whatTitle, 10), whatMax)
	rest := w - 2 - c.at - c.what - c.field - 4
	for _, n := range []int{c.who, c.source} {
		if n > 0 {
			rest -= n + 1
		}
	}
	limit := max(rest/3, reasonTitle)
	if reason <= 10 { // a short reason ("undo") is whole if the values keep 14 columns
		limit = max(limit, min(reason, rest-14))
	}
	c.reason = min(max(reason, reasonTitle), limit)
	c.change = rest - c.reason
	if c.change > 60 {
		c.reason += c.change - 60
		c.change = 60
	}
	return c
}

// fieldWidth is the width of the longest field word (and of the column title) in the
// interface language, so no field is cut in the change log.
func (t *manageTab) fieldWidth() int {
	n := textwidth.Width(t.c.T("tui.manage.col.field"))
	for _, f := range catalog.Fields {
		n = max(n, textwidth.Width(t.c.fieldName(f)))
	}
	return n
}

func (t *manageTab) changesView(w, h int) string {
	T := t.c.T
	s := t.c.styles
	scope := T("tui.manage.changes.cycle", t.cycNames[t.data.Cycle.Cycle.ID])
	if t.logAll {
		scope = T("tui.manage.changes.all")
	}
	if t.logService != "" {
		name := t.logService
		if sv, ok := t.data.Cycle.Service(t.logService); ok {
			name += " " + t.c.text(sv.Name)
		}
		scope = T("tui.manage.changes.service", oneLine(name))
	}
	right := ""
	if t.loaded {
		right = s.Muted.Render(scope)
	}
	bar := t.viewBar(w, right)
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	c := changeWidths(w, t.fieldWidth(), t.logWhatW, textwidth.Width(T("tui.manage.col.what")), t.logReasonW, textwidth.Width(T("tui.manage.col.reason")))
	hdr := textwidth.Pad(T("tui.manage.col.time"), c.at) + " "
	if c.who > 0 {
		hdr += textwidth.Pad(T("tui.manage.col.who"), c.who) + " "
	}
	hdr += textwidth.Pad(T("tui.manage.col.what"), c.what) + " " + textwidth.Pad(T("tui.manage.col.field"), c.field) + " " + textwidth.Pad(T("tui.manage.col.change"), c.change)
	if c.source > 0 {
		hdr += " " + textwidth.Pad(T("tui.manage.col.source"), c.source)
	}
	hdr += " " + T("tui.manage.col.reason")
	detail := ""
	if i := t.lists[viewChanges].cursor; i >= 0 && i < len(t.changes) {
		ch := t.changes[i]
		parts := []string{t.cycNames[ch.CycleID], oneLine(ch.Who), t.c.P.Labelled(T("tui.manage.col.source"), oneLine(t.c.P.SourceName(ch)))}
		if ch.Reason != "" {
			parts = append(parts, t.c.P.Labelled(T("tui.manage.col.reason"), t.c.reasonText(ch.Reason)))
		}
		parts = append(parts, oneLine(t.c.P.OrUnknown(t.c.changeValue(t.data.Cycle.Pack, ch.Field, ch.Old)))+" → "+oneLine(t.c.P.OrUnknown(t.c.changeValue(t.data.Cycle.Pack, ch.Field, ch.New))))
		detail = strings.Join(parts, " · ")
	}
	row := func(i int, sel bool) string {
		ch := t.changes[i]
		line := textwidth.Pad(t.c.P.Time(ch.At), c.at) + " "
		if c.who > 0 {
			line += textwidth.Pad(oneLine(ch.Who), c.who) + " "
		}
		line += textwidth.Pad(t.changeWhat(ch), c.what) + " " + textwidth.Pad(t.c.fieldName(ch.Field), c.field) + " " + textwidth.Pad(oneLine(t.c.P.OrUnknown(t.c.changeValue(t.data.Cycle.Pack, ch.Field, ch.Old)))+" → "+oneLine(t.c.P.OrUnknown(t.c.changeValue(t.data.Cycle.Pack, ch.Field, ch.New))), c.change)
		if c.source > 0 {
			line += " " + textwidth.Pad(oneLine(t.c.P.SourceName(ch)), c.source)
		}
		return line + " " + textwidth.Pad(t.c.reasonText(ch.Reason), c.reason)
	}
	empty := T("tui.build.detail.nohistory")
	if t.filters[viewChanges].Value() != "" {
		empty = T("tui.manage.filter.none")
	}
	return bar + "\n" + t.table(viewChanges, w, h, hdr, row, empty, detail)
}
