package difftext

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
)

func TestWords(t *testing.T) {
	p := vocab.For(catalog.EN)
	pack := catalog.BuiltinPack()
	three := 3
	s := scoring.DiffState{InScope: true, Level: catalog.Mandatory, Target: nil, Current: &three, CarriedOver: true}
	for field, want := range map[string]string{
		scoring.FieldScope: "in scope", scoring.FieldLevel: pack.LevelName(catalog.Mandatory, catalog.EN),
		scoring.FieldProvider: p.Unknown(), scoring.FieldTarget: "no target", scoring.FieldCurrent: "3",
		scoring.FieldCarried: p.T("word.yes"),
	} {
		if got := Value(p, pack, field, s); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if got := FieldName(p, scoring.FieldCarried); got != "carried over" {
		t.Errorf("carried-over field is %q", got)
	}

	up := 2
	plain := func(s ...string) string { return strings.Join(s, "") }
	mark := func(s ...string) string { return "[" + strings.Join(s, "") + "]" }
	sv := scoring.ServiceDiff{ID: "A-1", A: &s, B: &s, CurrentChange: &up}
	if got := Heading(p, sv, strings.Repeat("x", 40), 20, mark, plain); got != "A-1  xxxxxxxx…  [+2]" {
		t.Errorf("heading %q", got)
	}
	if _, ok := OneSide(p, sv); ok {
		t.Errorf("a service on both sides has a one-side note")
	}
	sv.B = nil
	if note, ok := OneSide(p, sv); !ok || note != "only in the compared cycle's pack" {
		t.Errorf("one-side note %q %v", note, ok)
	}
}
