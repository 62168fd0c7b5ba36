package vocab

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Every change-log entity and field the store writes has its word in every language.
func TestChangeLogNamesHaveWords(t *testing.T) {
	var keys []string
	for _, e := range catalog.Entities {
		keys = append(keys, "entity."+string(e))
	}
	for _, f := range catalog.Fields {
		keys = append(keys, "field."+string(f))
	}
	for _, lang := range Languages() {
		p := For(lang)
		for _, k := range keys {
			if !p.Has(k) {
				t.Errorf("%s: no word for %s", lang, k)
			}
		}
	}
}
