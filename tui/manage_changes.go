package tui

import (
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// The Change log sub-view of the Manage tab: every change of the organisation, newest first.

func (t *manageTab) changeInfo(ch catalog.Change) *textBox {
	T := t.c.T
	var b strings.Builder
	kv := func(k, v string) { b.WriteString(t.c.P.Labelled(k, v) + "\n") }
	kv(T("tui.manage.col.time"), t.c.P.Time(ch.At))
	if name, ok := t.cycNames[ch.CycleID]; ok {
		kv(T("entity.cycle"), name)
	}
	kv(T("tui.manage.col.who"), ch.Who)
	kv(T("tui.manage.col.source"), ch.Source)
	if ch.Reason != "" {
		kv(T("tui.manage.col.reason"), ch.Reason)
	}
	p := t.data.Cycle.Pack
	b.WriteString("\n" + T("tui.manage.info.old") + "\n" + orDash(t.c.changeValue(p, ch.Field, ch.Old)) + "\n\n" +
		T("tui.manage.info.new") + "\n" + orDash(t.c.changeValue(p, ch.Field, ch.New)))
	return newTextBox(t.c, t.c.entityName(ch.Entity)+" "+ch.Key+" · "+t.c.fieldName(ch.Field), b.String())
}

type changeCols struct{ at, who, what, field, change, source, reason int }

// changeWidths sizes the change log; wide windows show the source and the reason too.
func changeWidths(w int) changeCols {
	c := changeCols{at: 20, who: 8, what: 18, field: 10}
	if w >= 110 {
		c.who, c.source = 12, 16
	}
	c.change = w - 2 - c.at - c.who - c.what - c.field - c.source - 5
	if c.change > 60 {
		c.reason = c.change - 60 - 1
		c.change = 60
	}
	return c
}

func (t *manageTab) changesView(w, h int) string {
	T := t.c.T
	right := ""
	if t.loaded {
		right = t.c.styles.Muted.Render(t.c.N("tui.manage.changes.summary", len(t.changes)))
	}
	bar := t.viewBar(w, right)
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	c := changeWidths(w)
	hdr := textwidth.Pad(T("tui.manage.col.time"), c.at) + " " + textwidth.Pad(T("tui.manage.col.who"), c.who) + " " + textwidth.Pad(T("tui.manage.col.what"), c.what) + " " +
		textwidth.Pad(T("tui.manage.col.field"), c.field) + " " + textwidth.Pad(T("tui.manage.col.change"), c.change)
	if c.source > 0 {
		hdr += " " + textwidth.Pad(T("tui.manage.col.source"), c.source)
	}
	if c.reason > 0 {
		hdr += " " + T("tui.manage.col.reason")
	}
	detail := ""
	if i := t.lists[viewChanges].cursor; i >= 0 && i < len(t.changes) {
		ch := t.changes[i]
		parts := []string{t.cycNames[ch.CycleID], t.c.P.Labelled(T("tui.manage.col.source"), oneLine(ch.Source))}
		if ch.Reason != "" {
			parts = append(parts, t.c.P.Labelled(T("tui.manage.col.reason"), oneLine(ch.Reason)))
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
		if c.reason > 0 {
			line += " " + textwidth.Pad(oneLine(ch.Reason), c.reason)
		}
		return line
	}
	return bar + "\n" + t.table(viewChanges, w, h, hdr, row, T("tui.build.detail.nohistory"), detail)
}
