package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

func (t *manageTab) View(w, h int) string {
	if t.data == nil {
		return ""
	}
	var body string
	switch t.view {
	case viewActions:
		body = t.actionsView(w, h)
	case viewReviews:
		body = t.reviewsView(w, h)
	case viewCycles:
		body = t.cyclesView(w, h)
	case viewChanges:
		body = t.changesView(w, h)
	}
	t.cursor = nil
	switch {
	case t.form != nil:
		d := t.form.View(w)
		t.cursor = overlayCursor(d, w, h, t.form.Cursor())
		return overlay(d, w, h)
	case t.ask != nil:
		return overlay(t.ask.View(w), w, h)
	case t.info != nil:
		return overlay(t.info.View(t.c, w, h), w, h)
	}
	return body
}

// viewBar is the first body line: the sub-views, the active one highlighted, and info on the right.
func (t *manageTab) viewBar(w int, right string) string {
	s := t.c.Styles
	var parts []string
	for i := range manageViews {
		n := strconv.Itoa(int(i) + 1)
		label := n + " " + t.c.T("tui.manage.view."+n)
		if i == t.view {
			parts = append(parts, s.TabActive.Render(label))
		} else {
			parts = append(parts, s.Tab.Render(label))
		}
	}
	left := strings.Join(parts, "")
	if ansi.StringWidth(left)+ansi.StringWidth(right)+1 > w {
		right = "" // the sub-view names matter more than the summary
	}
	return joinLR(left, right, w)
}

// table renders the rows of a list in the space under the bar and header, leaving the last
// line for the detail of the selected row.
func (t *manageTab) table(v manageView, w, h int, header string, row func(i int, sel bool) string, empty string, detail string) string {
	s := t.c.Styles
	var b strings.Builder
	b.WriteString(s.TableHeader.Render(textwidth.Pad("  "+header, w)) + "\n")
	n := t.rowCount(v)
	lh := max(h-3, 1)
	if n == 0 {
		b.WriteString("  " + s.Muted.Render(empty) + "\n")
	}
	l := &t.lists[v]
	from, to := l.window(n, lh)
	for i := from; i < to; i++ {
		line := row(i, i == l.cursor)
		if i == l.cursor {
			b.WriteString(s.Selected.Render(textwidth.Pad("› "+line, w)) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	for i := to - from; i < lh && n > 0; i++ {
		b.WriteString("\n")
	}
	pos := ""
	if n > lh {
		pos = strconv.Itoa(l.cursor+1) + "/" + strconv.Itoa(n)
	}
	b.WriteString(s.Muted.Render(joinLR(detail, pos, w)))
	return b.String()
}

// loadingView stands in for a list not read yet.
func (t *manageTab) loadingView(w, h int, bar string) string {
	return bar + "\n\n  " + t.c.Styles.Muted.Render(t.c.T("tui.status.loading"))
}

type actionCols struct{ id, svc, title, horizon, owner, due, status int }

// actionWidths sizes the columns; the horizon column fits the longest horizon word.
func actionWidths(w, horizon, service int) actionCols {
	c := actionCols{id: 5, svc: min(max(service, 5), 8), horizon: max(horizon, 7), owner: 12, due: 10, status: 11}
	if w < 100 {
		c.owner = 10
	}
	c.title = w - 2 - c.id - c.svc - c.horizon - c.owner - c.due - c.status - 6
	if c.title > 60 {
		c.owner += c.title - 60
		c.title = 60
	}
	c.owner = min(c.owner, 30)
	return c
}

func (t *manageTab) actionsView(w, h int) string {
	s := t.c.Styles
	T := t.c.T
	var filters []string
	if t.fHorizon != "" {
		filters = append(filters, t.c.horizonName(t.fHorizon))
	}
	if t.fStatus != "" {
		filters = append(filters, t.c.statusName(t.fStatus))
	}
	today := t.c.Now().Format("2006-01-02")
	open, overdue := 0, 0
	for _, a := range t.cycActions {
		if a.Status == catalog.ActionDone || a.Status == catalog.ActionDropped {
			continue
		}
		open++
		if a.Due != "" && a.Due < today {
			overdue++
		}
	}
	right := ""
	switch {
	case !t.loaded:
	case len(filters) > 0:
		right = s.Warn.Render(T("tui.build.filtered", strings.Join(filters, " · "))) + s.Muted.Render("  esc")
	default:
		right = s.Muted.Render(t.c.N("tui.manage.actions.summary", len(t.cycActions), len(t.cycActions), open, overdue))
	}
	bar := t.viewBar(w, right)
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	c := actionWidths(w, max(textwidth.Width(t.c.horizonName(catalog.ShortTerm)), textwidth.Width(t.c.horizonName(catalog.LongTerm))), textwidth.Width(T("tui.manage.col.service")))
	hdr := textwidth.Pad(T("tui.manage.col.id"), c.id) + " " + textwidth.Pad(T("tui.manage.col.service"), c.svc) + " " + textwidth.Pad(T("tui.manage.col.title"), c.title) + " " +
		textwidth.Pad(T("tui.manage.col.horizon"), c.horizon) + " " + textwidth.Pad(T("tui.manage.col.owner"), c.owner) + " " + textwidth.Pad(T("tui.manage.col.due"), c.due) + " " +
		textwidth.Pad(T("tui.manage.col.status"), c.status)
	empty := T("tui.manage.actions.none", termtext.Clean(t.data.Cycle.Cycle.Name))
	if len(filters) > 0 {
		empty = T("tui.manage.actions.nomatch")
	}
	detail := ""
	if a, ok := t.selectedAction(); ok {
		svc := T("tui.manage.whole")
		if sv, ok := t.data.Cycle.Service(a.ServiceID); ok {
			svc = sv.ID + " " + termtext.Clean(sv.Name.In(t.c.Lang))
		}
		detail = "#" + strconv.FormatInt(a.ID, 10) + " " + oneLine(a.Title) + " · " + svc
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
			svc = "–"
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
		due := textwidth.Pad(orDash(a.Due), c.due)
		if !sel && a.Due != "" && a.Due < today && a.Open() {
			due = s.Bad.Render(due)
		}
		return textwidth.Pad(id, c.id) + " " + textwidth.Pad(oneLine(svc), c.svc) + " " + textwidth.Pad(oneLine(a.Title), c.title) + " " +
			textwidth.Pad(t.c.horizonName(a.Horizon), c.horizon) + " " + textwidth.Pad(orDash(oneLine(a.Owner)), c.owner) + " " + due + " " + status
	}
	return bar + "\n" + t.table(viewActions, w, h, hdr, row, empty, detail)
}

func (t *manageTab) reviewsView(w, h int) string {
	T := t.c.T
	bar := t.viewBar(w, "")
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	kindW := min(max((w-16)/3, 14), 34)
	notesW := w - 2 - 10 - kindW - 2
	hdr := textwidth.Pad(T("tui.manage.col.date"), 10) + " " + textwidth.Pad(T("tui.manage.col.kind"), kindW) + " " + T("tui.manage.col.notes")
	detail := ""
	if i := t.lists[viewReviews].cursor; i >= 0 && i < len(t.cycRevs) {
		detail = oneLine(t.cycRevs[i].Notes)
	}
	row := func(i int, sel bool) string {
		r := t.cycRevs[i]
		return textwidth.Pad(oneLine(r.HeldOn), 10) + " " + textwidth.Pad(orDash(oneLine(r.Kind)), kindW) + " " + textwidth.Pad(oneLine(r.Notes), notesW)
	}
	return bar + "\n" + t.table(viewReviews, w, h, hdr, row, T("tui.manage.reviews.none", termtext.Clean(t.data.Cycle.Cycle.Name)), detail)
}

func (t *manageTab) cyclesView(w, h int) string {
	s := t.c.Styles
	T := t.c.T
	bar := t.viewBar(w, "")
	nameW := min(max(w-2-3-2-10-10-10-24-6, 12), 30)
	hdr := textwidth.Pad("#", 3) + "   " + textwidth.Pad(T("tui.manage.col.name"), nameW) + " " + textwidth.Pad(T("tui.manage.col.status"), 10) + " " +
		textwidth.Pad(T("tui.manage.col.started"), 10) + " " + textwidth.Pad(T("tui.manage.col.closed"), 10) + " " + T("tui.manage.col.pack")
	onScreen := t.data.Cycle.Cycle.ID
	row := func(i int, sel bool) string {
		c := t.data.Cycles[i]
		st := textwidth.Pad(T("tui.cycle.open"), 10)
		switch {
		case c.Status == catalog.CycleClosed:
			st = textwidth.Pad(T("tui.cycle.closed"), 10)
			if !sel {
				st = s.Muted.Render(st)
			}
		case !sel:
			st = s.Good.Render(st)
		}
		closed := "–"
		if c.ClosedAt != nil {
			closed = t.c.P.Date(*c.ClosedAt)
		}
		mark := "  "
		if c.ID == onScreen {
			mark = "◆ "
			if !sel {
				mark = s.Key.Render(mark)
			}
		}
		return textwidth.Pad(strconv.Itoa(c.Seq), 3) + " " + mark + textwidth.Pad(termtext.Clean(c.Name), nameW) + " " + st + " " + textwidth.Pad(t.c.P.Date(c.StartedAt), 10) + " " +
			textwidth.Pad(closed, 10) + " " + c.PackID + "@" + c.PackVersion
	}
	return bar + "\n" + t.table(viewCycles, w, h, hdr, row, "", T("tui.manage.cycles.summary"))
}

type changeCols struct{ at, who, what, field, change, source int }

func changeWidths(w int) changeCols {
	c := changeCols{at: 20, who: 10, what: 14, field: 10}
	if w >= 110 {
		c.source = 16
	}
	c.change = w - 2 - c.at - c.who - c.what - c.field - c.source - 5
	return c
}

func (t *manageTab) changesView(w, h int) string {
	T := t.c.T
	right := ""
	if t.loaded {
		right = t.c.Styles.Muted.Render(t.c.N("tui.manage.changes.summary", len(t.changes)))
	}
	bar := t.viewBar(w, right)
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	c := changeWidths(w)
	hdr := textwidth.Pad(T("tui.manage.col.time"), c.at) + " " + textwidth.Pad(T("tui.manage.col.who"), c.who) + " " + textwidth.Pad(T("tui.manage.col.what"), c.what) + " " +
		textwidth.Pad(T("tui.manage.col.field"), c.field) + " " + textwidth.Pad(T("tui.manage.col.change"), c.change)
	if c.source > 0 {
		hdr += " " + T("tui.manage.col.source")
	}
	detail := ""
	if i := t.lists[viewChanges].cursor; i >= 0 && i < len(t.changes) {
		ch := t.changes[i]
		parts := []string{t.cycNames[ch.CycleID], T("tui.manage.col.source") + ": " + oneLine(ch.Source)}
		if ch.Reason != "" {
			parts = append(parts, T("tui.manage.col.reason")+": "+oneLine(ch.Reason))
		}
		parts = append(parts, oneLine(orDash(t.c.changeValue(t.data.Cycle.Pack, ch.Field, ch.Old)))+" → "+oneLine(orDash(t.c.changeValue(t.data.Cycle.Pack, ch.Field, ch.New))))
		detail = strings.Join(parts, " · ")
	}
	row := func(i int, sel bool) string {
		ch := t.changes[i]
		line := textwidth.Pad(t.c.P.Time(ch.At), c.at) + " " + textwidth.Pad(oneLine(ch.Who), c.who) + " " + textwidth.Pad(oneLine(t.c.entityName(ch.Entity)+" "+ch.Key), c.what) + " " +
			textwidth.Pad(t.c.fieldName(ch.Field), c.field) + " " + textwidth.Pad(oneLine(orDash(t.c.changeValue(t.data.Cycle.Pack, ch.Field, ch.Old)))+" → "+oneLine(orDash(t.c.changeValue(t.data.Cycle.Pack, ch.Field, ch.New))), c.change)
		if c.source > 0 {
			line += " " + textwidth.Pad(oneLine(ch.Source), c.source)
		}
		return line
	}
	return bar + "\n" + t.table(viewChanges, w, h, hdr, row, T("tui.build.detail.nohistory"), detail)
}

// oneLine folds line breaks and runs of spaces so a note fits one table row, and makes
// what is left safe to print.
func oneLine(s string) string { return termtext.Clean(strings.Join(strings.Fields(s), " ")) }
