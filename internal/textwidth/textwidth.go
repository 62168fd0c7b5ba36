// Package textwidth measures, pads, truncates and wraps text by display width, the one way
// the terminal interface, the CLI and the workbooks lay out text. Japanese (and other wide)
// characters take two cells; widths come from charmbracelet/x/ansi, never len().
package textwidth

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is the display width of s, escape sequences excluded, with a fast path for ASCII and
// for text whose every character is one cell wide alone and in any sequence (see narrow).
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7f || c < 0x20 {
			if n, ok := narrowWidth(s[i:]); ok { // escapes included
				return i + n
			}
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// narrowWidth counts the characters of s when every one is printable ASCII or narrow;
// CSI escape sequences (colours and styles: ESC [ parameters final) take no cell.
func narrowWidth(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c == 0x1b && i+1 < len(s) && s[i+1] == '[' {
				j := i + 2
				for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f { // parameter and intermediate bytes
					j++
				}
				if j == len(s) || s[j] < 0x40 || s[j] > 0x7e {
					return 0, false
				}
				i = j + 1
				continue
			}
			if c < 0x20 || c == 0x7f {
				return 0, false
			}
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !narrow(r) {
			return 0, false
		}
		n++
		i += size
	}
	return n, true
}

// narrow reports whether r is one cell wide and joins no neighbour into one grapheme cluster:
// Latin-1 and Latin Extended letters, Greek, Cyrillic, general punctuation, currency signs,
// arrows and box drawing, the characters a figure, a name or a table rule of this program
// holds beside ASCII. Combining marks, joiners, variation selectors, format characters (the
// soft hyphen, zero-width spaces, bidi controls) and everything else take the slow path.
// TestNarrowAgreesWithAnsi checks every one against ansi.StringWidth.
func narrow(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x2FF:
		return r != 0xAD
	case r >= 0x370 && r <= 0x482, r >= 0x48A && r <= 0x52F:
		return r != 0x378 && r != 0x379 && (r < 0x380 || r > 0x383) && r != 0x38B && r != 0x38D && r != 0x3A2
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205E:
		return true
	case r >= 0x20A0 && r <= 0x20C0:
		return true
	case r >= 0x2190 && r <= 0x21FF, r >= 0x2500 && r <= 0x259F:
		return true
	}
	return false
}

// Truncate cuts s to at most w cells, ending in an ellipsis when something was cut.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// Pad fits s into exactly w cells: truncated with an ellipsis or padded with spaces.
func Pad(s string, w int) string { return pad(s, w, false) }

// PadLeft is Pad aligned right.
func PadLeft(s string, w int) string { return pad(s, w, true) }

func pad(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	s = Truncate(s, w)
	sw := Width(s)
	switch {
	case sw >= w:
		return s
	case right:
		return strings.Repeat(" ", w-sw) + s
	}
	return s + strings.Repeat(" ", w-sw)
}

// NoLineStart lists characters a Japanese line must not begin with (kinsoku).
const NoLineStart = "、。，．・：；？！）」』】〕ー〜ぁぃぅぇぉっゃゅょァィゥェォッャュョ"

// Wrap breaks plain text into lines of at most w cells. Latin words stay whole unless longer
// than a line; wide (CJK) text may break between any two characters, but a line never starts
// with closing punctuation such as 、 or 。. Newlines in s start new lines.
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapPara(para, w)...)
	}
	return out
}

// Lines is the number of lines Wrap gives s at width w (at least 1), counted without building
// them: workbooks size every row by it.
func Lines(s string, w int) int {
	if w <= 0 {
		return 1
	}
	n := 0
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return max(1, n+paraLines(s, w))
		}
		n += paraLines(s[:i], w)
		s = s[i+1:]
	}
}

// NoLineEnd lists opening brackets a line must not end with: each stays with what follows.
const NoLineEnd = "（「『【〔〈《｛［(["

// closesWide lists the ASCII punctuation that, right after a wide character, belongs to it
// (a Japanese sentence followed by ": " or ")"), so that no line starts with it.
const closesWide = ":;,.!?)]}%"

// nextToken splits off what Wrap takes as one unbreakable token: a space, one wide or
// no-line-start character with the ASCII punctuation that closes it, or a run of other
// characters; an opening bracket comes with the token after it.
func nextToken(p string) (tok, rest string) {
	r, size := utf8.DecodeRuneInString(p)
	switch {
	case strings.ContainsRune(NoLineEnd, r) && size < len(p):
		t, _ := nextToken(p[size:])
		size += len(t)
	case isWide(r) || strings.ContainsRune(NoLineStart, r):
		for size < len(p) && strings.IndexByte(closesWide, p[size]) >= 0 {
			size++
		}
	case r != ' ':
		for size < len(p) {
			r2, s2 := utf8.DecodeRuneInString(p[size:])
			// a wide opening bracket starts a token; an ASCII one stays in the word ("f(x)")
			if r2 == ' ' || isWide(r2) || strings.ContainsRune(NoLineStart, r2) {
				break
			}
			size += s2
		}
	}
	return p[:size], p[size:]
}

// paraLines is len(wrapPara(p, w)), by the same steps with counts in place of lines; text with
// wide characters, where a line may break at an earlier separator, is wrapped to be counted.
func paraLines(p string, w int) int {
	if !narrowOnly(p) {
		return len(wrapPara(p, w))
	}
	lines, inLine, width, lastW := 0, 0, 0, 0
	for len(p) > 0 {
		var t string
		t, p = nextToken(p)
		tw := Width(t)
		if t == " " && width == 0 && lines > 0 {
			continue
		}
		if width+tw > w && width > 0 {
			r, _ := utf8.DecodeRuneInString(t)
			lines++
			if strings.ContainsRune(NoLineStart, r) && inLine > 1 {
				inLine, width = 1, lastW // the previous token carried down
			} else {
				inLine, width = 0, 0
			}
			if t == " " {
				continue
			}
		}
		for tw > w {
			cut := ansi.Truncate(t, w-width, "")
			if cut == "" {
				_, n := utf8.DecodeRuneInString(t)
				cut = t[:n]
			}
			lines++
			inLine, width = 0, 0
			t = t[len(cut):]
			tw = Width(t)
		}
		if t == "" {
			continue
		}
		inLine++
		width += tw
		lastW = tw
	}
	if inLine > 0 || lines == 0 {
		lines++
	}
	return lines
}

// narrowOnly reports whether p holds no wide character.
func narrowOnly(p string) bool {
	for _, r := range p {
		if isWide(r) {
			return false
		}
	}
	return true
}

func isWide(r rune) bool { return r >= 0x1100 && ansi.StringWidth(string(r)) > 1 }

// breakAfter lists the characters a Japanese line is best broken after: separators, commas,
// full stops and closing brackets.
const breakAfter = "、。・，．！？）」』】〕 "

// phraseBreak is where to break a line that t does not fit on, when the break would otherwise
// fall inside a run of Japanese: the index of the token after the last separator of the line,
// if what follows it is short (at most a third of the width, t included); 0 otherwise.
func phraseBreak(line []string, t string, w int) int {
	last := line[len(line)-1]
	r, _ := utf8.DecodeRuneInString(t)
	l, _ := utf8.DecodeLastRuneInString(last)
	if !isWide(r) || !isWide(l) || strings.ContainsRune(breakAfter, l) {
		return 0
	}
	tail := Width(t)
	for j := len(line) - 1; j > 0; j-- {
		tail += Width(line[j])
		if tail > w/3 {
			return 0
		}
		if p, _ := utf8.DecodeLastRuneInString(line[j-1]); strings.ContainsRune(breakAfter, p) {
			return j
		}
	}
	return 0
}

func wrapPara(p string, w int) []string {
	var toks []string
	for len(p) > 0 {
		var t string
		t, p = nextToken(p)
		toks = append(toks, t)
	}
	var lines []string
	var line []string
	width := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(strings.Join(line, ""), " "))
		line, width = nil, 0
	}
	for _, t := range toks {
		tw := Width(t)
		if t == " " && width == 0 && len(lines) > 0 {
			continue // no leading space on a wrapped line
		}
		if width+tw > w && width > 0 {
			r, _ := utf8.DecodeRuneInString(t)
			switch j := phraseBreak(line, t, w); {
			case strings.ContainsRune(NoLineStart, r) && len(line) > 1:
				// carry the previous character down with the punctuation, and with it any
				// punctuation it closes ("合）。" moves down whole)
				n := 1
				for n < len(line)-1 {
					if p, _ := utf8.DecodeRuneInString(line[len(line)-n]); !strings.ContainsRune(NoLineStart, p) {
						break
					}
					n++
				}
				carry := slices.Clone(line[len(line)-n:])
				line = line[:len(line)-n]
				flush()
				line, width = carry, Width(strings.Join(carry, ""))
			case j > 0:
				// break after the list separator or comma just before, not inside the word
				tail := slices.Clone(line[j:])
				line = line[:j]
				flush()
				line, width = tail, Width(strings.Join(tail, ""))
			default:
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
			tw = Width(t)
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
