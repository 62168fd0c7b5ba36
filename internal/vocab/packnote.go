package vocab

import (
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
)

// packCodes are the pack format's codes a pack's source note may name as they are written in
// the file (catalog.ProvChecked and the others, and the fields that hold them), each with the
// vocabulary key of its words.
var packCodes = []struct{ code, key string }{
	{"name_provenance", "catalog.diff.field.name_provenance"},
	{"provenance", "catalog.diff.field.provenance"},
	{catalog.ProvChecked, "catalog.prov.checked"},
	{catalog.ProvPartial, "catalog.prov.partial"},
	{catalog.ProvWorking, "catalog.prov.working"},
	{catalog.ProvTranslated, "catalog.prov.translated"},
	{catalog.ProvCustom, "catalog.prov.custom"},
}

// PackNote shows a pack's source note in the printer's language: a format code the note
// names as written in the file ("checked", "name_provenance") is shown as the words of the
// vocabulary, quoted ("« vérifié »", "「確認済み」"). A code is code-like where it is foreign to
// the language: a field name with an underscore in every language, an English code word in
// the other languages, unless the language writes the word alike (French "provenance"). A
// note without codes is shown as written.
func (p Printer) PackNote(note string) string {
	for _, c := range packCodes {
		if p.lang == catalog.EN && !strings.Contains(c.code, "_") {
			continue
		}
		word := p.T(c.key)
		if strings.EqualFold(word, c.code) {
			continue
		}
		note = replaceToken(note, c.code, p.T("catalog.prov.quote", word))
	}
	return note
}

// replaceToken replaces every whole-token occurrence of code in s: one that no ASCII letter,
// digit or underscore touches on either side (Japanese text runs codes into its own script).
func replaceToken(s, code, with string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, code)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(code)
		if (i > 0 && isTokenByte(s[i-1])) || (end < len(s) && isTokenByte(s[end])) {
			b.WriteString(s[:end])
		} else {
			b.WriteString(s[:i] + with)
		}
		s = s[end:]
	}
}

func isTokenByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
