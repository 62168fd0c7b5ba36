// Package difftext holds the words and the layout of a cycle diff (scoring.CompareCycles) that
// the TUI's diff view and `cdc diff` share: the names and values of the compared fields and the
// heading of a service that differs.
package difftext

import (
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
)

// FieldName names a compared field with the shared field words.
func FieldName(p vocab.Printer, field string) string {
	if field == scoring.FieldCarried {
		return p.T("field.carry-over")
	}
	return p.T("field." + field)
}

// Value shows one side's value of a field. Names and texts are given as stored: the caller
// cleans them for its screen.
func Value(p vocab.Printer, pack *catalog.Pack, field string, s scoring.DiffState) string {
	switch field {
	case scoring.FieldScope:
		return yesNo(p, s.InScope, "scope.in", "scope.out")
	case scoring.FieldLevel:
		return pack.LevelName(s.Level, p.Lang())
	case scoring.FieldAssignment:
		return pack.AssignmentName(s.Assignment, p.Lang())
	case scoring.FieldProvider:
		return orUnknown(p, s.Provider)
	case scoring.FieldContract:
		return orUnknown(p, s.Contract)
	case scoring.FieldTarget:
		if s.Target == nil {
			return p.T("figure.no_target")
		}
		return p.Score(s.Target)
	case scoring.FieldCurrent:
		if s.Current == nil {
			return p.T("figure.not_assessed")
		}
		return p.Score(s.Current)
	case scoring.FieldCarried:
		return yesNo(p, s.CarriedOver, "word.yes", "word.no")
	}
	return ""
}

func yesNo(p vocab.Printer, v bool, yes, no string) string {
	if v {
		return p.T(yes)
	}
	return p.T(no)
}

func orUnknown(p vocab.Printer, v string) string {
	if v == "" {
		return p.Unknown()
	}
	return v
}

// Heading is the heading line of a service that differs, within width cells: its ID and name
// (name as the caller cleaned it), then the change of its current score, if any, styled by good
// (up) or bad (down).
func Heading(p vocab.Printer, s scoring.ServiceDiff, name string, width int, good, bad func(...string) string) string {
	head := s.ID + "  " + name
	c := s.CurrentChange
	if c == nil || *c == 0 {
		return head
	}
	text := p.Signed(float64(*c), 0)
	if *c > 0 {
		text = good(text)
	} else {
		text = bad(text)
	}
	return textwidth.Truncate(head, width-6) + "  " + text
}

// OneSide is the note of a service that only one of the two cycles' packs holds; ok is false
// when both hold it.
func OneSide(p vocab.Printer, s scoring.ServiceDiff) (note string, ok bool) {
	switch {
	case s.B == nil:
		return p.T("programme.diff.only_base"), true
	case s.A == nil:
		return p.T("programme.diff.only_this"), true
	}
	return "", false
}
