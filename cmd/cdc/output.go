package main

import (
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// cliStyles is the one style set of the CLI. Output goes through lipgloss's writer, which
// drops colour when standard output has none (a pipe, a file, NO_COLOR).
type cliStyles struct {
	title, heading, header, dim, bold, good, warn, bad, bar lipgloss.Style
}

var styles = cliStyles{
	title:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#7D56F4")),
	heading: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#3C8DDE")),
	header:  lipgloss.NewStyle().Faint(true),
	dim:     lipgloss.NewStyle().Faint(true),
	bold:    lipgloss.NewStyle().Bold(true),
	good:    lipgloss.NewStyle().Foreground(lipgloss.Color("#2DA44E")),
	warn:    lipgloss.NewStyle().Foreground(lipgloss.Color("#D29922")),
	bad:     lipgloss.NewStyle().Foreground(lipgloss.Color("#E5534B")),
	bar:     lipgloss.NewStyle().Foreground(lipgloss.Color("#3C8DDE")),
}

// cellText makes text from the database or a file fit for one table cell or one line: runs of
// white space (newlines included) become one space, and the sanitiser shows the rest of the
// control characters as text.
func cellText(s string) string { return termtext.Clean(strings.Join(strings.Fields(s), " ")) }

// clip is cellText shortened to at most w display cells.
func clip(s string, w int) string { return textwidth.Truncate(cellText(s), w) }

// cell is a table cell with a style; plain strings are cells without one.
type cell struct {
	text  string
	style lipgloss.Style
}

// styled is a cell drawn in st.
func styled(text string, st lipgloss.Style) cell { return cell{text: text, style: st} }

// outTable is the one table of the CLI: borderless columns drawn by lipgloss/table, two spaces
// apart, cut with an ellipsis to fit a width. Every cell goes through the sanitiser, so text
// from the database or a file cannot drive the terminal.
type outTable struct {
	headers []string
	right   map[int]bool
	rows    [][]string
	indent  int
	width   int
}

// newTable starts a table; empty headers print no header row.
func newTable(headers ...string) *outTable {
	return &outTable{headers: headers, right: map[int]bool{}}
}

// alignRight right-aligns the given columns (figures).
func (t *outTable) alignRight(cols ...int) *outTable {
	for _, c := range cols {
		t.right[c] = true
	}
	return t
}

// row appends a row of strings or cells.
func (t *outTable) row(cells ...any) {
	r := make([]string, len(t.headers))
	for i, c := range cells {
		if i >= len(r) {
			break
		}
		switch v := c.(type) {
		case string:
			r[i] = cellText(v)
		case cell:
			// Styled here, not by the table, so that padding stays outside the escape
			// sequences and trailing spaces can be trimmed.
			if text := cellText(v.text); text != "" {
				r[i] = v.style.Render(text)
			}
		}
	}
	t.rows = append(t.rows, r)
}

// String draws the table, its lines indented and free of trailing spaces.
func (t *outTable) String() string {
	hasHeader := false
	for _, h := range t.headers {
		hasHeader = hasHeader || h != ""
	}
	// One style a column, made once: the table asks for a cell's style several times.
	columns := make([]lipgloss.Style, len(t.headers))
	for c := range columns {
		s := lipgloss.NewStyle()
		if c < len(columns)-1 {
			s = s.PaddingRight(2)
		}
		if t.right[c] {
			s = s.Align(lipgloss.Right)
		}
		columns[c] = s
	}
	tb := table.New().Border(lipgloss.Border{}).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		BorderHeader(false).BorderColumn(false).Wrap(false).
		StyleFunc(func(r, c int) lipgloss.Style {
			if c < 0 || c >= len(columns) {
				return lipgloss.NewStyle()
			}
			return columns[c]
		})
	if hasHeader {
		h := make([]string, len(t.headers))
		for i, x := range t.headers {
			if x != "" {
				h[i] = styles.header.Render(strings.ToUpper(cellText(x)))
			}
		}
		tb.Headers(h...)
	}
	tb.Rows(t.rows...)
	if t.width > 0 {
		tb.Width(max(1, t.width-t.indent)).FitContent()
	}
	pad := strings.Repeat(" ", t.indent)
	lines := strings.Split(tb.String(), "\n")
	for i, l := range lines {
		lines[i] = pad + strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// wrapText wraps plain text to width display cells and indents every line; style, when
// given, is applied line by line.
func wrapText(s string, width, indent int, style ...lipgloss.Style) string {
	pad := strings.Repeat(" ", indent)
	lines := textwidth.Wrap(s, max(1, width-indent))
	for i, l := range lines {
		for _, st := range style {
			l = st.Render(l)
		}
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}

// wrapHang wraps plain text, indenting the first line by indent and the rest by hang.
func wrapHang(s string, width, indent, hang int) string {
	lines := textwidth.Wrap(s, max(1, width-max(indent, hang)))
	for i, l := range lines {
		pad := hang
		if i == 0 {
			pad = indent
		}
		lines[i] = strings.Repeat(" ", pad) + l
	}
	return strings.Join(lines, "\n")
}

// wrapItems lays out a list after a (possibly styled) prefix, breaking only between items:
// the first line is indented by indent, the following ones by hang.
func wrapItems(prefix string, items []string, sep string, width, indent, hang int) string {
	var lines []string
	line := strings.Repeat(" ", indent) + prefix
	lineW := textwidth.Width(line)
	fresh := true
	for i, it := range items {
		if i < len(items)-1 {
			it += sep
		}
		w := textwidth.Width(strings.TrimRight(it, " "))
		if !fresh && lineW+w > width {
			lines = append(lines, strings.TrimRight(line, " "))
			line, lineW = strings.Repeat(" ", hang), hang
		}
		line += it
		lineW += textwidth.Width(it)
		fresh = false
	}
	lines = append(lines, strings.TrimRight(line, " "))
	return strings.Join(lines, "\n")
}

// printList prints a listing: with --json the items as an array (empty, never null); else the
// none line when there are none, else the table that draw returns.
func printList[T any](a *app, items []T, none func(vocab.Printer) string, draw func(vocab.Printer) (*outTable, error)) error {
	if a.wantsJSON() {
		if items == nil {
			items = []T{}
		}
		return a.printJSON(items)
	}
	p := a.printer()
	if len(items) == 0 {
		return a.println(none(p))
	}
	t, err := draw(p)
	if err != nil {
		return err
	}
	return a.println(t.String())
}
