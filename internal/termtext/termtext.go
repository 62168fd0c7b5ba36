// Package termtext keeps text from outside (names, file names, evidence, imported cells) from
// acting on a terminal or hiding what it says: Clean is the one sanitiser for everything printed
// to a terminal, Check refuses control characters at input.
package termtext

import (
	"fmt"
	"strings"
	"unicode"
)

// Control reports whether r is a character that must never reach a terminal or be stored in a
// one-line field: C0 and C1 controls (ESC starts every terminal sequence), DEL, and the
// bidirectional overrides and isolates that reorder what is displayed.
func Control(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// Invisible reports whether r is a format character that draws nothing (the zero-width
// space and joiners, the word joiner, the byte-order mark, the soft hyphen, ...) and is not a
// control: two texts that differ only by one look the same, so names refuse them and the
// sanitiser shows them.
func Invisible(r rune) bool { return !Control(r) && unicode.Is(unicode.Cf, r) }

// Clean makes s safe to print: every control character (newline and tab included) becomes a
// visible replacement, so escape sequences print as text and never run, and every invisible
// character is shown by its code point (⟨U+200B⟩), so what is printed is what is there.
func Clean(s string) string { return clean(s, false) }

// CleanMultiline is Clean for text shown over several lines: newlines and tabs stay.
func CleanMultiline(s string) string { return clean(s, true) }

func clean(s string, multiline bool) string {
	if !needsCleaning(s, multiline) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if replaced(r, multiline) {
			b.WriteString(visible(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func needsCleaning(s string, multiline bool) bool {
	for _, r := range s {
		if replaced(r, multiline) {
			return true
		}
	}
	return false
}

// replaced reports whether r is printed as its visible form; text over several lines keeps
// its newlines and tabs.
func replaced(r rune, multiline bool) bool {
	return r == unicode.ReplacementChar || Invisible(r) || (Control(r) && !(multiline && (r == '\n' || r == '\t')))
}

// visible is how a control character is shown: the Unicode control picture for C0 controls
// (␛ for ESC), otherwise U+FFFD; an invisible character by its code point.
func visible(r rune) string {
	switch {
	case Invisible(r):
		return fmt.Sprintf("⟨U+%04X⟩", r)
	case r < 0x20:
		return string(rune(0x2400 + r))
	case r == 0x7f:
		return "␡"
	}
	return "\uFFFD"
}

// Error says which field holds a control character and where.
type Error struct {
	Field string // the field's name as the caller knows it (a flag, a form field, a cell)
	Rune  rune
	Pos   int // 1-based character position
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: character %d is a control character (U+%04X); only printable text is accepted", e.Field, e.Pos, e.Rune)
}

// Check refuses control characters in a one-line field (newline and tab included).
func Check(field, s string) error { return check(field, s, false) }

// CheckMultiline refuses control characters in a multi-line field; newline and tab are allowed.
func CheckMultiline(field, s string) error { return check(field, s, true) }

func check(field, s string, multiline bool) error {
	pos := 0
	for _, r := range s {
		pos++
		if multiline && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if Control(r) {
			return &Error{Field: field, Rune: r, Pos: pos}
		}
	}
	return nil
}
