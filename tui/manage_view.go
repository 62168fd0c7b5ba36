package tui

import (
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

func (t *manageTab) View() string {
	if t.data == nil {
		return ""
	}
	w, h := t.w, t.h
	switch t.view {
	case viewReviews:
		return t.reviewsView(w, h)
	case viewCycles:
		return t.cyclesView(w, h)
	case viewChanges:
		return t.changesView(w, h)
	}
	return t.actionsView(w, h)
}

// viewBar is the first body line: the sub-views, the active one highlighted, and info on the right.
func (t *manageTab) viewBar(w int, right string) string {
	s := t.c.styles
	var parts []string
	for i := range manageViews {
		label := t.c.T("tui.manage.view." + strconv.Itoa(int(i)+1))
		if i == t.view {
			parts = append(parts, s.TabActive.Render(label))
		} else {
			parts = append(parts, s.tabScreen.Render(label))
		}
	}
	left := strings.Join(parts, "") + s.Muted.Render(" ←/→")
	if textwidth.Width(left)+textwidth.Width(right)+1 > w {
		right = "" // the sub-view names matter more than the summary
	}
	return joinLR(left, right, w)
}

// table renders the rows of a list in the space under the bar and header, leaving the last
// line for the detail of the selected row.
func (t *manageTab) table(v manageView, w, h int, header string, row func(i int, sel bool) string, empty string, detail string) string {
	s := t.c.styles
	var b strings.Builder
	if t.filterLines() > 0 {
		b.WriteString("  " + t.filters[v].View() + "\n")
	}
	b.WriteString(s.TableHeader.Render(textwidth.Pad("  "+header, w)) + "\n")
	n := t.rowCount(v)
	lh := t.listHeight()
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
	pos := ""
	if n > 0 { // where the cursor is, on every list; + says more rows are still to be read
		pos = strconv.Itoa(l.cursor+1) + "/" + strconv.Itoa(n)
		if v == viewChanges && t.logMore {
			pos += "+"
		}
	}
	// a detail too long for its line takes a second one, broken between its items, when the
	// list leaves a line free
	spare := lh - (to - from)
	if n == 0 {
		spare = 0
	}
	if dw := w - textwidth.Width(pos) - 1; spare > 0 && textwidth.Width(detail) > dw && dw > 0 {
		if lines := packItems(strings.Split(detail, " · "), " · ", dw, 2); len(lines) == 2 {
			spare--
			for range spare {
				b.WriteString("\n")
			}
			b.WriteString(s.Muted.Render(lines[0]) + "\n" + s.Muted.Render(joinLR(lines[1], pos, w)))
			return b.String()
		}
	}
	for range spare {
		b.WriteString("\n")
	}
	b.WriteString(s.Muted.Render(joinLR(detail, pos, w)))
	return b.String()
}

// loadingView stands in for a list not read yet.
func (t *manageTab) loadingView(w, h int, bar string) string {
	return bar + "\n\n  " + t.c.styles.Muted.Render(t.c.T("tui.status.loading"))
}

// oneLine folds line breaks and runs of spaces so a note fits one table row, and makes
// what is left safe to print.
func oneLine(s string) string { return termtext.Clean(strings.Join(strings.Fields(s), " ")) }
