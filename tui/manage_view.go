package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
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
		label := n + " " + t.c.T("manage.view."+n)
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

// entityName is a change-log entity in the interface language.
func (t *manageTab) entityName(e catalog.Entity) string {
	if v := t.c.T("manage.entity." + string(e)); v != "manage.entity."+string(e) {
		return v
	}
	return string(e)
}

// fieldName is a change-log field in the interface language.
func (t *manageTab) fieldName(f catalog.Field) string {
	if v := t.c.T("manage.field." + string(f)); v != "manage.field."+string(f) {
		return v
	}
	return string(f)
}

// changeValue shows a logged value in the interface language where it is one of the
// toolkit's own words (a status, level, assignment, scope); free text stays as written.
func (t *manageTab) changeValue(field catalog.Field, v string) string {
	var p *catalog.Pack
	if t.data != nil {
		p = t.data.Cycle.Pack
	}
	switch {
	case v == "none" && (field == catalog.FieldCurrent || field == catalog.FieldTarget):
		return t.c.T("manage.value.unscored")
	case field == catalog.FieldStatus:
		if x := t.c.T("manage.status." + v); x != "manage.status."+v {
			return x
		}
	case field == catalog.FieldHorizon:
		if x := t.c.T("manage.horizon." + v); x != "manage.horizon."+v {
			return x
		}
	case field == catalog.FieldScope && (v == "in" || v == "out"):
		return t.c.T("manage.value.scope." + v)
	case field == catalog.FieldLevel && p != nil && v != "":
		return p.LevelName(catalog.Level(v), t.c.Lang)
	case field == catalog.FieldAssignment && p != nil && v != "":
		return p.AssignmentName(catalog.Assignment(v), t.c.Lang)
	}
	return v
}

// table renders the rows of a list in the space under the bar and header, leaving the last
// line for the detail of the selected row.
func (t *manageTab) table(v manageView, w, h int, header string, row func(i int, sel bool) string, empty string, detail string) string {
	s := t.c.Styles
	var b strings.Builder
	b.WriteString(s.TableHeader.Render(cell("  "+header, w)) + "\n")
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
			b.WriteString(s.Selected.Render(cell("› "+line, w)) + "\n")
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
	return bar + "\n\n  " + t.c.Styles.Muted.Render(t.c.T("manage.loading"))
}

type actionCols struct{ id, svc, title, horizon, owner, due, status int }

func actionWidths(w int) actionCols {
	c := actionCols{id: 5, svc: 8, horizon: 8, owner: 12, due: 10, status: 11}
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
		filters = append(filters, t.horizonName(t.fHorizon))
	}
	if t.fStatus != "" {
		filters = append(filters, t.statusName(t.fStatus))
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
		right = s.Warn.Render(T("manage.filtered", strings.Join(filters, " · "))) + s.Muted.Render("  esc")
	default:
		right = s.Muted.Render(T("manage.actions.summary", len(t.cycActions), open, overdue))
	}
	bar := t.viewBar(w, right)
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	c := actionWidths(w)
	hdr := cell(T("manage.col.id"), c.id) + " " + cell(T("manage.col.service"), c.svc) + " " + cell(T("manage.col.title"), c.title) + " " +
		cell(T("manage.col.horizon"), c.horizon) + " " + cell(T("manage.col.owner"), c.owner) + " " + cell(T("manage.col.due"), c.due) + " " +
		cell(T("manage.col.status"), c.status)
	empty := T("manage.actions.none", t.data.Cycle.Cycle.Name)
	if len(filters) > 0 {
		empty = T("manage.actions.nomatch")
	}
	detail := ""
	if a, ok := t.selectedAction(); ok {
		svc := T("manage.whole")
		if sv, ok := t.data.Cycle.Service(a.ServiceID); ok {
			svc = sv.ID + " " + sv.Name.In(t.c.Lang)
		}
		detail = "#" + strconv.FormatInt(a.ID, 10) + " " + oneLine(a.Title) + " · " + svc
		if a.CycleID != t.data.Cycle.Cycle.ID {
			detail += " · " + T("manage.from", t.cycNames[a.CycleID])
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
		status := cell(t.statusName(a.Status), c.status)
		switch {
		case sel:
		case a.Status == catalog.ActionDone:
			status = s.Good.Render(status)
		case a.Status == catalog.ActionInProgress:
			status = s.Info.Render(status)
		case a.Status == catalog.ActionDropped:
			status = s.Dim.Render(status)
		}
		due := cell(orDash(a.Due), c.due)
		if !sel && a.Due != "" && a.Due < today && a.Open() {
			due = s.Bad.Render(due)
		}
		return cell(id, c.id) + " " + cell(svc, c.svc) + " " + cell(oneLine(a.Title), c.title) + " " +
			cell(t.horizonName(a.Horizon), c.horizon) + " " + cell(orDash(a.Owner), c.owner) + " " + due + " " + status
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
	hdr := cell(T("manage.col.date"), 10) + " " + cell(T("manage.col.kind"), kindW) + " " + T("manage.col.notes")
	detail := ""
	if i := t.lists[viewReviews].cursor; i >= 0 && i < len(t.cycRevs) {
		detail = oneLine(t.cycRevs[i].Notes)
	}
	row := func(i int, sel bool) string {
		r := t.cycRevs[i]
		return cell(r.HeldOn, 10) + " " + cell(orDash(r.Kind), kindW) + " " + cell(oneLine(r.Notes), notesW)
	}
	return bar + "\n" + t.table(viewReviews, w, h, hdr, row, T("manage.reviews.none", t.data.Cycle.Cycle.Name), detail)
}

func (t *manageTab) cyclesView(w, h int) string {
	s := t.c.Styles
	T := t.c.T
	bar := t.viewBar(w, "")
	nameW := min(max(w-2-3-2-10-10-10-24-6, 12), 30)
	hdr := cell("#", 3) + "   " + cell(T("manage.col.name"), nameW) + " " + cell(T("manage.col.status"), 10) + " " +
		cell(T("manage.col.started"), 10) + " " + cell(T("manage.col.closed"), 10) + " " + T("manage.col.pack")
	onScreen := t.data.Cycle.Cycle.ID
	row := func(i int, sel bool) string {
		c := t.data.Cycles[i]
		st := cell(T("cycle.open"), 10)
		switch {
		case c.Status == catalog.CycleClosed:
			st = cell(T("cycle.closed"), 10)
			if !sel {
				st = s.Muted.Render(st)
			}
		case !sel:
			st = s.Good.Render(st)
		}
		closed := "–"
		if c.ClosedAt != nil {
			closed = c.ClosedAt.Local().Format("2006-01-02")
		}
		mark := "  "
		if c.ID == onScreen {
			mark = "◆ "
			if !sel {
				mark = s.Key.Render(mark)
			}
		}
		return cell(strconv.Itoa(c.Seq), 3) + " " + mark + cell(c.Name, nameW) + " " + st + " " + cell(c.StartedAt.Local().Format("2006-01-02"), 10) + " " +
			cell(closed, 10) + " " + c.PackID + "@" + c.PackVersion
	}
	return bar + "\n" + t.table(viewCycles, w, h, hdr, row, "", T("manage.cycles.summary"))
}

type changeCols struct{ at, who, what, field, change, source int }

func changeWidths(w int) changeCols {
	c := changeCols{at: 16, who: 10, what: 14, field: 10}
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
		right = t.c.Styles.Muted.Render(T("manage.changes.summary", len(t.changes)))
	}
	bar := t.viewBar(w, right)
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	c := changeWidths(w)
	hdr := cell(T("manage.col.time"), c.at) + " " + cell(T("manage.col.who"), c.who) + " " + cell(T("manage.col.what"), c.what) + " " +
		cell(T("manage.col.field"), c.field) + " " + cell(T("manage.col.change"), c.change)
	if c.source > 0 {
		hdr += " " + T("manage.col.source")
	}
	detail := ""
	if i := t.lists[viewChanges].cursor; i >= 0 && i < len(t.changes) {
		ch := t.changes[i]
		parts := []string{t.cycNames[ch.CycleID], T("manage.col.source") + ": " + ch.Source}
		if ch.Reason != "" {
			parts = append(parts, T("manage.col.reason")+": "+oneLine(ch.Reason))
		}
		parts = append(parts, oneLine(orDash(t.changeValue(ch.Field, ch.Old)))+" → "+oneLine(orDash(t.changeValue(ch.Field, ch.New))))
		detail = strings.Join(parts, " · ")
	}
	row := func(i int, sel bool) string {
		ch := t.changes[i]
		line := cell(ch.At.Local().Format("2006-01-02 15:04"), c.at) + " " + cell(ch.Who, c.who) + " " + cell(t.entityName(ch.Entity)+" "+ch.Key, c.what) + " " +
			cell(t.fieldName(ch.Field), c.field) + " " + cell(oneLine(orDash(t.changeValue(ch.Field, ch.Old)))+" → "+oneLine(orDash(t.changeValue(ch.Field, ch.New))), c.change)
		if c.source > 0 {
			line += " " + cell(ch.Source, c.source)
		}
		return line
	}
	return bar + "\n" + t.table(viewChanges, w, h, hdr, row, T("manage.changes.none"), detail)
}

// oneLine folds line breaks and runs of spaces so a note fits one table row.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
