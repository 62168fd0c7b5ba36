package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Every message key written in the interface's source exists in the vocabulary.
func TestEveryKeyInVocabulary(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`"((?:tui|field|entity|figure|index|scope|word|action|lang|change)\.[a-z0-9_.#-]+)"`)
	p := vocab.For(catalog.EN)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			k := m[1]
			if strings.HasSuffix(k, ".") || strings.Contains(k, "%") {
				continue // a prefix completed at run time
			}
			n++
			if !p.Has(k) && !p.Has(k+"#other") {
				t.Errorf("%s: key %q is not in the vocabulary", f, k)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d keys found: the pattern no longer matches the source", n)
	}
}
