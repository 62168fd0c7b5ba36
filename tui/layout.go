package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Display widths come from ansi.StringWidth, never len(): Japanese names take two cells per character.

// strWidth is ansi.StringWidth with a fast path for plain ASCII, the common case in tables.
func strWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c < 0x20 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// cell fits s into exactly w display cells: truncated with an ellipsis or padded with spaces.
func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := strWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = strWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// cellRight is cell aligned right.
func cellRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := strWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-sw) + s
}

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
		lines[i] = cell(l, w)
	}
	return strings.Join(lines, "\n")
}

// joinLR puts left and right on one line of width w, right-aligned.
func joinLR(left, right string, w int) string {
	rw := ansi.StringWidth(right)
	if rw >= w {
		return cell(right, w)
	}
	return cell(left, w-rw-1) + " " + right
}

// wrap breaks plain text into lines of at most w cells. Latin words stay whole (unless longer
// than a line); Japanese may break between any two characters, but a line never starts with
// closing punctuation such as 、 or 。.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapPara(para, w)...)
	}
	return out
}

// noLineStart lists characters a Japanese line must not begin with.
const noLineStart = "、。，．・：；？！）」』】〕ー〜ぁぃぅぇぉっゃゅょァィゥェォッャュョ"

func wrapPara(p string, w int) []string {
	// tokens: a run of non-space narrow characters, one wide character, or one space
	var toks []string
	for len(p) > 0 {
		r, size := utf8.DecodeRuneInString(p)
		switch {
		case r == ' ':
			toks = append(toks, " ")
		case ansi.StringWidth(string(r)) > 1 || strings.ContainsRune(noLineStart, r):
			toks = append(toks, p[:size])
		default:
			end := size
			for end < len(p) {
				r2, s2 := utf8.DecodeRuneInString(p[end:])
				if r2 == ' ' || ansi.StringWidth(string(r2)) > 1 || strings.ContainsRune(noLineStart, r2) {
					break
				}
				end += s2
			}
			toks = append(toks, p[:end])
			size = end
		}
		p = p[size:]
	}
	var lines []string
	var line []string
	width := 0
	flush := func() {
		l := strings.TrimRight(strings.Join(line, ""), " ")
		lines = append(lines, l)
		line, width = nil, 0
	}
	for _, t := range toks {
		tw := ansi.StringWidth(t)
		if t == " " && width == 0 && len(lines) > 0 {
			continue // no leading space on a wrapped line
		}
		if width+tw > w && width > 0 {
			r, _ := utf8.DecodeRuneInString(t)
			if strings.ContainsRune(noLineStart, r) && len(line) > 1 {
				// carry the previous character down with the punctuation
				prev := line[len(line)-1]
				line = line[:len(line)-1]
				flush()
				line, width = []string{prev}, ansi.StringWidth(prev)
			} else {
				flush()
			}
			if t == " " {
				continue
			}
		}
		for tw > w { // a word longer than the line
			cut := ansi.Truncate(t, w-width, "")
			if cut == "" { // not even one character fits: take it anyway
				_, n := utf8.DecodeRuneInString(t)
				cut = t[:n]
			}
			line = append(line, cut)
			flush()
			t = t[len(cut):]
			tw = ansi.StringWidth(t)
		}
		if t == "" {
			continue
		}
		line = append(line, t)
		width += tw
	}
	if len(line) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
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

// window returns the visible row range [from, to).
func (l *listWindow) window(n, h int) (int, int) {
	l.clamp(n, h)
	to := l.offset + h
	if to > n {
		to = n
	}
	return l.offset, to
}
