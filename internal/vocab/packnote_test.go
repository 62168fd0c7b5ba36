package vocab

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The built-in pack's source note names the format's codes (checked, partial, working,
// name_provenance) in its French, Spanish and Japanese text; shown, it names none of them and
// says them in words instead. English words stay English.
func TestPackNoteInWords(t *testing.T) {
	p := catalog.BuiltinPack()
	code := regexp.MustCompile(`(^|[^A-Za-z_])(name_provenance|checked|partial|working|translated|custom)([^A-Za-z_]|$)`)
	for _, lang := range []catalog.Lang{catalog.FR, catalog.ES, catalog.JA} {
		raw := p.Source.In(lang)
		if !code.MatchString(raw) {
			t.Fatalf("%s: the pack's note names no format code any more; this test needs a note that does", lang)
		}
		pr := For(lang)
		got := pr.PackNote(raw)
		if m := code.FindString(got); m != "" {
			t.Errorf("%s: the note still shows the code %q:\n%s", lang, m, got)
		}
		for _, k := range []string{"catalog.prov.checked", "catalog.prov.partial", "catalog.prov.working"} {
			if w := pr.T("catalog.prov.quote", pr.T(k)); !strings.Contains(got, w) {
				t.Errorf("%s: the note does not say %s", lang, w)
			}
		}
	}
	if got := For(catalog.JA).PackNote(p.Source.In(catalog.JA)); strings.Contains(got, "provenance") {
		t.Errorf("ja: the field name provenance is left in the note: %s", got)
	}
	if got := For(catalog.FR).PackNote(p.Source.In(catalog.FR)); !strings.Contains(got, "dont la provenance est «\u00a0vérifié\u00a0»") {
		t.Errorf("fr: the French word provenance should stay and the code be worded: %s", got)
	}
	en := p.Source.In(catalog.EN)
	if got := For(catalog.EN).PackNote(en); got != en {
		t.Errorf("en: a note in English words changed:\n%s\n%s", en, got)
	}
	tests := []struct {
		lang     catalog.Lang
		in, want string
	}{
		{catalog.EN, "see the name_provenance field", "see the “name provenance” field"},
		{catalog.FR, "checkedness, unchecked, rechecked_x", "checkedness, unchecked, rechecked_x"},
		{catalog.JA, "provenanceがchecked", "「出所」が「確認済み」"},
		{catalog.ES, "Sin códigos.", "Sin códigos."},
	}
	for _, tt := range tests {
		if got := For(tt.lang).PackNote(tt.in); got != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}
