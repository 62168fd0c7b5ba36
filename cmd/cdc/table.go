package main

import (
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// textTable lays out columns by display width, so CJK text and styled cells line up, and fits
// the table into a maximum width by shortening the flexible columns.
type textTable struct {
	cols   []tableCol
	rows   [][]string
	indent int
	gap    int
	// header styles the header row; the zero style prints it plain.
	header lipgloss.Style
}

// tableCol is one column. Right aligns figures; Flex columns shrink (ending in …) when the
// table is wider than its limit; Min is the narrowest a flexible column may become.
type tableCol struct {
	Header string
	Right  bool
	Flex   bool
	Min    int
}

func newTextTable(cols ...tableCol) *textTable {
	return &textTable{cols: cols, gap: 2}
}

// add appends a row. Cells may be styled; missing cells are empty.
func (t *textTable) add(cells ...string) {
	row := make([]string, len(t.cols))
	copy(row, cells)
	t.rows = append(t.rows, row)
}

// render returns the table, one line per row, no line wider than maxWidth (when the
// fixed columns allow it). The header row is left out when every header is empty.
func (t *textTable) render(maxWidth int) string {
	hasHeader := false
	for _, c := range t.cols {
		hasHeader = hasHeader || c.Header != ""
	}
	widths := make([]int, len(t.cols))
	for i, c := range t.cols {
		if hasHeader {
			widths[i] = lipgloss.Width(c.Header)
		}
		for _, r := range t.rows {
			widths[i] = max(widths[i], lipgloss.Width(r[i]))
		}
	}
	t.shrink(widths, maxWidth)

	var b strings.Builder
	line := func(cells []string, style *lipgloss.Style) {
		var l strings.Builder
		l.WriteString(strings.Repeat(" ", t.indent))
		for i, c := range cells {
			if widths[i] == 0 && i > 0 {
				continue
			}
			if i > 0 {
				l.WriteString(strings.Repeat(" ", t.gap))
			}
			cell := tableFit(c, widths[i])
			if style != nil && cell != "" {
				cell = style.Render(cell)
			}
			if i == lastCell(cells) && !t.cols[i].Right {
				l.WriteString(cell)
				break
			}
			l.WriteString(tablePad(cell, widths[i], t.cols[i].Right))
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	if hasHeader {
		hdr := make([]string, len(t.cols))
		for i, c := range t.cols {
			hdr[i] = c.Header
		}
		line(hdr, &t.header)
	}
	for _, r := range t.rows {
		line(r, nil)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// lastCell is the index of the last non-empty cell.
func lastCell(cells []string) int {
	for i := len(cells) - 1; i >= 0; i-- {
		if cells[i] != "" {
			return i
		}
	}
	return 0
}

// shrink narrows flexible columns, widest first, until the table fits.
func (t *textTable) shrink(widths []int, maxWidth int) {
	if maxWidth <= 0 {
		return
	}
	total := func() int {
		n := t.indent
		cols := 0
		for i, w := range widths {
			if w > 0 || i == 0 {
				n += w
				cols++
			}
		}
		return n + t.gap*max(0, cols-1)
	}
	for over := total() - maxWidth; over > 0; over = total() - maxWidth {
		widest := -1
		for i, c := range t.cols {
			if c.Flex && widths[i] > max(c.Min, 1) && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return
		}
		widths[widest] -= min(over, widths[widest]-max(t.cols[widest].Min, 1))
	}
}

// tableFit shortens s to width display columns, ending in … when cut; styles are kept.
func tableFit(s string, width int) string {
	if lipgloss.Width(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// tablePad pads s with spaces to width display columns.
func tablePad(s string, width int, right bool) string {
	n := width - lipgloss.Width(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// tableText makes stored text safe and single-line for a cell: control characters
// (escape sequences included) become spaces and runs of space collapse.
func tableText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// wrapText wraps plain text to width display columns, breaking CJK text where needed,
// and indents every line; style, when given, is applied line by line.
func wrapText(s string, width, indent int, style ...lipgloss.Style) string {
	pad := strings.Repeat(" ", indent)
	lines := strings.Split(wrapAuto(s, max(1, width-indent)), "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " ")
		for _, st := range style {
			l = st.Render(l)
		}
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}

// wrapItems lays out a list after a (possibly styled) prefix, breaking only between items:
// the first line is indented by indent, the following ones by hang.
func wrapItems(prefix string, items []string, sep string, width, indent, hang int) string {
	var lines []string
	line := strings.Repeat(" ", indent) + prefix
	lineW := lipgloss.Width(line)
	fresh := true
	for i, it := range items {
		if i < len(items)-1 {
			it += sep
		}
		w := lipgloss.Width(strings.TrimRight(it, " "))
		if !fresh && lineW+w > width {
			lines = append(lines, strings.TrimRight(line, " "))
			line, lineW = strings.Repeat(" ", hang), hang
		}
		line += it
		lineW += lipgloss.Width(it)
		fresh = false
	}
	lines = append(lines, strings.TrimRight(line, " "))
	return strings.Join(lines, "\n")
}

// wrapHang wraps plain text like wrapText, indenting the first line by indent and the rest by hang.
func wrapHang(s string, width, indent, hang int) string {
	lines := strings.Split(wrapAuto(s, max(1, width-max(indent, hang))), "\n")
	for i, l := range lines {
		pad := hang
		if i == 0 {
			pad = indent
		}
		lines[i] = strings.Repeat(" ", pad) + strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// wrapAuto breaks text at spaces, or anywhere for CJK text, which is written without spaces.
func wrapAuto(s string, limit int) string {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return kinsoku(ansi.Hardwrap(s, limit, true))
		}
	}
	return ansi.Wrap(s, limit, "")
}

// noLineStart are characters a Japanese line must not begin with.
const noLineStart = "。、，．）」』】〕：；？！ー・%)]}.,:;"

// kinsoku moves the last character of a line down when the next line would begin with
// closing punctuation, so no line starts with 。 or ）.
func kinsoku(s string) string {
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		first := []rune(lines[i])
		prev := []rune(lines[i-1])
		if len(first) == 0 || len(prev) < 2 || !strings.ContainsRune(noLineStart, first[0]) {
			continue
		}
		lines[i-1] = string(prev[:len(prev)-1])
		lines[i] = string(prev[len(prev)-1:]) + lines[i]
	}
	return strings.Join(lines, "\n")
}
