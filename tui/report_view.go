package tui

import (
	"fmt"
	"strings"

	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"

	"charm.land/lipgloss/v2"
)

func (t *reportTab) View() string {
	if t.data == nil {
		return ""
	}
	switch {
	case t.checkin.active():
		return t.checkin.view()
	case t.problems != nil:
		return t.previewView(true)
	case t.plan != nil:
		return t.previewView(false)
	}
	return t.menuView(t.w)
}

func (t *reportTab) menuView(w int) string {
	s := t.c.styles
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
		if i == itemDocument {
			desc = T("tui.report.desc.5", t.assessorsLine())
		}
		if int(i) != t.list.cursor {
			b.WriteString("  " + s.Bold.Render(title) + "\n")
			continue
		}
		// Only the entry under the cursor is described, so the menu fits 24 lines.
		b.WriteString(s.Selected.Render(textwidth.Pad("› "+title, titleW+2)) + "\n")
		for _, l := range textwidth.Wrap(desc, w-6) {
			b.WriteString("    " + s.Muted.Render(l) + "\n")
		}
	}
	b.WriteString("\n")
	switch {
	case t.job != 0:
		what := T(fmt.Sprintf("tui.report.noun.%d", t.jobItem))
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

// problemHead is the first problem line (what was refused), wrapped; problemLines the rest.
func (t *reportTab) problemHead() []string { return textwidth.Wrap(termtext.Clean(t.problems[0]), t.w) }

func (t *reportTab) problemLines() []string { return wrapProblems(t.problems[1:], t.w) }

// previewView shows an import preview or the problems of a refused file, scrollable.
func (t *reportTab) previewView(problems bool) string {
	s := t.c.styles
	T := t.c.T
	var b strings.Builder
	if problems {
		for _, l := range t.problemHead() {
			b.WriteString(s.StatusErr.Render(l) + "\n")
		}
		b.WriteString("\n")
	} else {
		b.WriteString(s.Title.Render(T("tui.report.preview.title")) + "\n\n")
	}
	b.WriteString(t.preview.View() + "\n")
	var foot string
	switch {
	case problems:
		foot = T("tui.report.problems.foot")
	case t.applying:
		foot = T("tui.status.saving")
	case t.applyError != "":
		foot = s.StatusErr.Render(T("tui.report.apply.failed", termtext.Clean(t.applyError)))
	case t.plan.Empty():
		foot = T("tui.report.preview.nothing")
	case t.plan.Conflicts() > 0:
		foot = T("tui.report.preview.conflictfoot")
	default:
		foot = T("tui.report.preview.foot")
	}
	b.WriteString(joinLR(s.Muted.Render(foot), s.Muted.Render(t.preview.Position()), t.w))
	return b.String()
}
