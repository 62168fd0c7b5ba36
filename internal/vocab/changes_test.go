package vocab

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// One rule words a logged value for the TUI, `cdc log` and the report alike.
func TestChangeValue(t *testing.T) {
	pack := catalog.BuiltinPack()
	en, ja := For(catalog.EN), For(catalog.JA)
	tests := []struct {
		p     Printer
		field catalog.Field
		in    string
		want  string
	}{
		{en, catalog.FieldProvider, "", "—"},
		{en, catalog.FieldProvider, "CDC team", "CDC team"},
		{en, catalog.FieldCurrent, "none", en.T("figure.not_assessed")},
		{en, catalog.FieldTarget, "none", en.T("figure.no_target")},
		{en, catalog.FieldCurrent, "3", "3"},
		{en, catalog.FieldStatus, "in-progress", "in progress"},
		{en, catalog.FieldStatus, "closed", "closed"},
		{ja, catalog.FieldStatus, "open", "実施中"},
		{en, catalog.FieldHorizon, "short", "short-term"},
		{en, catalog.FieldScope, "out", en.T("scope.out")},
		{en, catalog.FieldLevel, "mandatory", pack.LevelName(catalog.Mandatory, catalog.EN)},
		{ja, catalog.FieldAssignment, "external", pack.AssignmentName(catalog.AssignExternal, catalog.JA)},
	}
	for _, tt := range tests {
		if got := tt.p.ChangeValue(pack, tt.field, tt.in); got != tt.want {
			t.Errorf("%s %s %q = %q, want %q", tt.p.Lang(), tt.field, tt.in, got, tt.want)
		}
	}
	if got := en.ChangeValue(nil, catalog.FieldLevel, "mandatory"); got != "mandatory" {
		t.Errorf("without a pack a level stays as stored, got %q", got)
	}
}

// An entry brought in by a check-in names its file wherever its source is shown.
func TestSourceName(t *testing.T) {
	en, ja := For(catalog.EN), For(catalog.JA)
	tests := []struct {
		p    Printer
		ch   catalog.Change
		want string
	}{
		{en, catalog.Change{Source: "cli"}, "command line"},
		{en, catalog.Change{Source: "import answers.xlsx"}, "import answers.xlsx"},
		{en, catalog.Change{Source: "merge laptop.json"}, "check-in laptop.json"},
		{en, catalog.Change{Source: "cli", ImportedFrom: "laptop.json"}, "command line, brought in from laptop.json"},
		{ja, catalog.Change{Source: "tui", ImportedFrom: "laptop.json"}, "端末画面（laptop.json から取り込み）"},
		{en, catalog.Change{Source: "something new"}, "something new"},
	}
	for _, tt := range tests {
		if got := tt.p.SourceName(tt.ch); got != tt.want {
			t.Errorf("%s %+v = %q, want %q", tt.p.Lang(), tt.ch, got, tt.want)
		}
	}
}
