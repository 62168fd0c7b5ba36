package catalog

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// Text limits, enforced on every write and every import.
const (
	MaxNameLen     = 200
	MaxTextLen     = 4000
	MaxEvidenceLen = 8000
)

// TextProblem says what is wrong with a text field.
type TextProblem string

const (
	TextEmpty     TextProblem = "empty"
	TextTooLong   TextProblem = "too-long"
	TextNotUTF8   TextProblem = "not-utf8"
	TextControl   TextProblem = "control"
	TextInvisible TextProblem = "invisible" // an invisible character in a name
	TextNameTaken TextProblem = "name-taken"
)

// FieldError is a text refused for a stored field. Field names the field as the caller
// knows it ("organisation name", "evidence", "cycles[0].name").
type FieldError struct {
	Field   string
	Problem TextProblem
	Length  int // TextTooLong: the characters given
	Max     int // TextTooLong: the limit
	// Control is the control character's detail (TextControl).
	Control *termtext.Error
}

func (e *FieldError) Error() string {
	switch e.Problem {
	case TextEmpty:
		return e.Field + " is empty"
	case TextTooLong:
		return fmt.Sprintf("%s is %d characters long; the limit is %d", e.Field, e.Length, e.Max)
	case TextNotUTF8:
		return e.Field + " is not valid UTF-8 text"
	case TextControl:
		return e.Control.Error()
	case TextInvisible:
		return fmt.Sprintf("%s: character %d is invisible (U+%04X); a name must be visible text", e.Field, e.Control.Pos, e.Control.Rune)
	}
	return e.Field + ": " + string(e.Problem)
}

func (e *FieldError) Unwrap() error {
	if e.Control == nil || e.Problem == TextInvisible { // not a control character
		return nil
	}
	return e.Control
}

// cleanText checks a stored text field and returns it in NFC, the one form text is stored in:
// valid UTF-8, no control characters (newline and tab only where multiline), at most max
// characters.
func cleanText(field, v string, max int, multiline bool) (string, error) {
	if !utf8.ValidString(v) {
		return v, &FieldError{Field: field, Problem: TextNotUTF8}
	}
	check := termtext.Check
	if multiline {
		check = termtext.CheckMultiline
	}
	if err := check(field, v); err != nil {
		te, _ := err.(*termtext.Error)
		return v, &FieldError{Field: field, Problem: TextControl, Control: te}
	}
	v = norm.NFC.String(v)
	if n := utf8.RuneCountInString(v); n > max {
		return v, &FieldError{Field: field, Problem: TextTooLong, Length: n, Max: max}
	}
	return v, nil
}

// checkText checks only the encoding and the length, for validators that word control
// characters themselves.
func checkText(field, v string, max int) error {
	if !utf8.ValidString(v) {
		return &FieldError{Field: field, Problem: TextNotUTF8}
	}
	if n := utf8.RuneCountInString(v); n > max {
		return &FieldError{Field: field, Problem: TextTooLong, Length: n, Max: max}
	}
	return nil
}

// cleanName is cleanText for a one-line name that may not be empty and may hold no invisible
// character (two names would look the same); surrounding spaces go.
func cleanName(field, v string) (string, error) {
	v, err := cleanText(field, strings.TrimSpace(v), MaxNameLen, false)
	if err == nil && v == "" {
		err = &FieldError{Field: field, Problem: TextEmpty}
	}
	if err == nil {
		pos := 0
		for _, r := range v {
			pos++
			if termtext.Invisible(r) {
				return v, &FieldError{Field: field, Problem: TextInvisible, Control: &termtext.Error{Field: field, Rune: r, Pos: pos}}
			}
		}
	}
	return v, err
}

// clean applies cleanText to *v in place, for the many optional fields of a write.
func clean(field string, v *string, max int, multiline bool) error {
	c, err := cleanText(field, *v, max, multiline)
	*v = c
	return err
}

// cleanPatch is clean for an optional patch field: a new string replaces *v, so that the
// caller's own variable is never changed.
func cleanPatch(field string, v **string, max int, multiline bool) error {
	if *v == nil {
		return nil
	}
	c, err := cleanText(field, **v, max, multiline)
	*v = &c
	return err
}

// NameKey is the skeleton of an organisation name: two names with the same key count as the
// same name. It folds what a reader cannot tell apart:
//   - compatibility forms (NFKC): full-width letters, ligatures, the no-break space;
//   - invisible characters (format characters such as the zero-width space and joiners, the
//     byte-order mark, bidirectional controls) and spaces of every kind are dropped, so
//     "Demo Agency", "Demo\u200bAgency" and "DemoAgency" are one name;
//   - letters of other scripts that look like Latin ones (Cyrillic а, е, о, р, с, Greek Α, Ο,
//     ...) become the Latin letter;
//   - case (full case folding, so ß matches ss).
//
// Accents are kept: "Café" and "Cafe" are different names.
func NameKey(name string) string {
	s := norm.NFKC.String(name)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) || termtext.Control(r) {
			continue
		}
		if l, ok := confusables[r]; ok {
			r = l
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(cases.Fold().String(b.String()))
}

// confusables maps letters of other scripts to the Latin letters they are drawn like
// (from the Unicode confusables data, Cyrillic and Greek letters whose skeleton is one
// ASCII letter).
var confusables = map[rune]rune{
	// Cyrillic
	'а': 'a', 'е': 'e', 'һ': 'h', 'і': 'i', 'ј': 'j', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x',
	'ѕ': 's', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T',
	'Х': 'X', 'У': 'Y', 'І': 'I', 'Ј': 'J', 'Ѕ': 'S', 'Ԁ': 'D', 'Ԛ': 'Q', 'Ԝ': 'W', 'Һ': 'H', 'Ӏ': 'I',
	// Greek
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'ο': 'o', 'ν': 'v', 'ι': 'i', 'ρ': 'p', 'α': 'a',
	'ϲ': 'c', 'ϳ': 'j', 'Ϲ': 'C',
	// Latin letters drawn like others
	'ı': 'i', 'ɑ': 'a', 'ɡ': 'g', 'ʏ': 'y',
}
