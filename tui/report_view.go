package tui

import (
	"fmt"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"strings"

	"charm.land/lipgloss/v2"
)

func (t *reportTab) View(w, h int) string {
	if t.data == nil {
		return ""
	}
	var body string
	switch {
	case t.problems != nil:
		body = t.scrollView(t.problems, w, h, true)
	case t.plan != nil:
		body = t.scrollView(t.planLines, w, h, false)
	default:
		body = t.menuView(w)
	}
	t.cursor = nil
	switch {
	case t.form != nil:
		d := t.form.View(w)
		t.cursor = overlayCursor(d, w, h, t.form.Cursor())
		return overlay(d, w, h)
	case t.ask != nil:
		return overlay(t.ask.View(w), w, h)
	}
	return body
}

func (t *reportTab) menuView(w int) string {
	s := t.c.Styles
	T := t.c.T
	var b strings.Builder
	b.WriteString(s.Title.Render(T("tui.report.heading", termtext.Clean(t.data.Org.Name), termtext.Clean(t.data.Cycle.Cycle.Name))) + "\n\n")
	titleW := 0
	for i := range reportItems {
		titleW = max(titleW, lipgloss.Width(T(fmt.Sprintf("tui.report.item.%d", i))))
	}
	for i := range reportItems {
		title := textwidth.Pad(T(fmt.Sprintf("tui.report.item.%d", i)), titleW)
		desc := T(fmt.Sprintf("tui.report.desc.%d", i))
		if int(i) == t.list.cursor {
			b.WriteString(s.Selected.Render(textwidth.Pad("› "+title, titleW+2)) + "\n")
		} else {
			b.WriteString("  " + s.Bold.Render(title) + "\n")
		}
		for _, l := range textwidth.Wrap(desc, w-6) {
			b.WriteString("    " + s.Muted.Render(l) + "\n")
		}
	}
	b.WriteString("\n")
	switch {
	case t.job != 0:
		what := T(fmt.Sprintf("tui.report.noun.%d", t.jobItem))
		t.bar.SetWidth(min(w-4, 60))
		b.WriteString("  " + T("tui.report.working", what) + "\n  " + t.bar.ViewAs(t.done) + "\n")
	case t.result != "":
		st := s.Good
		if t.resultErr {
			st = s.StatusErr
		}
		for _, l := range textwidth.Wrap(t.result, w-4) {
			b.WriteString("  " + st.Render(l) + "\n")
		}
	default:
		b.WriteString("  " + s.Muted.Render(T("tui.report.hint")) + "\n")
	}
	return b.String()
}

// scrollView shows an import preview or the problems of a refused file, scrollable.
func (t *reportTab) scrollView(lines []string, w, h int, problems bool) string {
	s := t.c.Styles
	T := t.c.T
	ph := max(h-3, 1)
	var b strings.Builder
	if problems {
		head := textwidth.Wrap(lines[0], w)
		for _, l := range head {
			b.WriteString(s.StatusErr.Render(l) + "\n")
		}
		b.WriteString("\n")
		ph = max(h-2-len(head), 1)
		lines = lines[1:]
	} else {
		b.WriteString(s.Title.Render(T("tui.report.preview.title")) + "\n\n")
	}
	t.scroll = min(max(t.scroll, 0), max(len(lines)-ph, 0))
	end := min(t.scroll+ph, len(lines))
	for _, l := range lines[t.scroll:end] {
		b.WriteString(textwidth.Pad(l, w) + "\n")
	}
	for i := end - t.scroll; i < ph; i++ {
		b.WriteString("\n")
	}
	var foot string
	switch {
	case problems:
		foot = T("tui.report.problems.foot")
	case t.applying:
		foot = T("tui.status.saving")
	case t.applyError != "":
		foot = s.StatusErr.Render(T("tui.report.apply.failed", t.applyError))
	case t.plan.Empty():
		foot = T("tui.report.preview.nothing")
	default:
		foot = T("tui.report.preview.foot")
	}
	pos := ""
	if len(lines) > ph {
		pos = fmt.Sprintf("%d–%d/%d", t.scroll+1, end, len(lines))
	}
	b.WriteString(joinLR(s.Muted.Render(foot), s.Muted.Render(pos), w))
	return b.String()
}
