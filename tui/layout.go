package tui

import (
	"strings"

	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// fitLines makes s exactly h lines of at most w cells; short lines are padded so that
// stale cells never show through.
func fitLines(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = textwidth.Pad(l, w)
	}
	return strings.Join(lines, "\n")
}

// joinLR puts left and right on one line of width w, right-aligned.
func joinLR(left, right string, w int) string {
	rw := textwidth.Width(right)
	if rw >= w {
		return textwidth.Pad(right, w)
	}
	return textwidth.Pad(left, w-rw-1) + " " + right
}

// bar draws a horizontal bar of value out of max in width cells.
func bar(value, max float64, width int) string {
	if width <= 0 || max <= 0 {
		return ""
	}
	if value < 0 {
		value = 0
	}
	n := int(value/max*float64(width) + 0.5)
	if n > width {
		n = width
	}
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

// listWindow is a cursor over n rows with a scroll offset; only the visible window is rendered.
type listWindow struct {
	cursor, offset int
}

// clamp keeps the cursor in [0,n) and visible in a window of h rows.
func (l *listWindow) clamp(n, h int) {
	if l.cursor >= n {
		l.cursor = n - 1
	}
	if l.cursor < 0 {
		l.cursor = 0
	}
	if h < 1 {
		h = 1
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	if max := n - h; l.offset > max {
		l.offset = max
	}
	if l.offset < 0 {
		l.offset = 0
	}
}

// window returns the visible row range [from, to); it changes nothing (the cursor is kept
// visible by clamp when it moves or the size changes).
func (l listWindow) window(n, h int) (int, int) {
	l.clamp(n, h)
	return l.offset, min(l.offset+max(h, 1), n)
}
