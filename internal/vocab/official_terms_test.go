package vocab

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// officialTerms reads the recommendation's own French and Spanish terms, kind and id -> language
// -> term (the copy kept with the catalogue's tests; the pack's own terms are checked there).
func officialTerms(t *testing.T) map[string]map[catalog.Lang]string {
	t.Helper()
	f, err := os.Open("../../catalog/testdata/official-terms.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[catalog.Lang]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "kind\t") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 4 {
			t.Fatalf("official-terms.tsv: %q has %d columns", line, len(c))
		}
		out[c[0]+" "+c[1]] = map[catalog.Lang]string{catalog.FR: c[2], catalog.ES: c[3]}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The interface speaks the recommendation's own words where they are known: the clause titles
// name the phases, the evaluations and the Build words, and the CDC is "centre de cyberdéfense"
// in French and "CCD" in Spanish, never "CDC" (the product's name aside).
func TestOfficialTermsInVocabulary(t *testing.T) {
	terms := officialTerms(t)
	// Where each clause's term is used: the message key and the words of the term it shows
	// ("" for the whole term).
	uses := []struct {
		term, key string
		words     map[catalog.Lang]string
	}{
		{"clause 9", "tui.tab.build", map[catalog.Lang]string{catalog.FR: "mise en place", catalog.ES: "construcción"}},
		{"clause 9.2", "cli.flag.build.set.level", map[catalog.Lang]string{catalog.FR: "niveau de recommandation", catalog.ES: "nivel de recomendación"}},
		{"clause 9.2", "method.weights", map[catalog.Lang]string{catalog.FR: "niveau", catalog.ES: "recomendación"}},
		{"clause 9.3", "field.assignment", map[catalog.Lang]string{catalog.FR: "affectation", catalog.ES: "asignación"}},
		{"clause 9.4", "tui.tab.evaluate", map[catalog.Lang]string{catalog.FR: "évaluation", catalog.ES: "evaluación"}},
		{"clause 10", "tui.tab.manage", map[catalog.Lang]string{catalog.FR: "gestion", catalog.ES: "gestión"}},
		{"clause 11.2", "cli.eval.catalogue", map[catalog.Lang]string{catalog.FR: "", catalog.ES: ""}},
		{"clause 11.3", "cli.eval.profile", map[catalog.Lang]string{catalog.FR: "", catalog.ES: ""}},
		{"clause 11.4", "cli.eval.portfolio", map[catalog.Lang]string{catalog.FR: "", catalog.ES: ""}},
		{"term CDC", "report.title", map[catalog.Lang]string{catalog.FR: "", catalog.ES: ""}},
		{"term CDC", "questionnaire.title", map[catalog.Lang]string{catalog.FR: "", catalog.ES: ""}},
		{"term CDC", "cli.eval.title", map[catalog.Lang]string{catalog.FR: "", catalog.ES: ""}},
	}
	used := map[string]bool{}
	for _, u := range uses {
		term, ok := terms[u.term]
		if !ok {
			t.Errorf("%s is not in official-terms.tsv", u.term)
			continue
		}
		used[u.term] = true
		for _, l := range []catalog.Lang{catalog.FR, catalog.ES} {
			want := u.words[l]
			if want == "" {
				want = term[l]
			}
			if !strings.Contains(strings.ToLower(term[l]), strings.ToLower(want)) {
				t.Errorf("%s: %q is not a word of the %s term %q", u.term, want, l, term[l])
			}
			if got := messages()[l][u.key]; !strings.Contains(strings.ToLower(got), strings.ToLower(want)) {
				t.Errorf("%s: %s %q does not say the recommendation's %q", u.term, l, u.key, want)
			}
		}
	}
	for k := range terms {
		if (strings.HasPrefix(k, "clause ") || strings.HasPrefix(k, "term ")) && !used[k] {
			t.Errorf("%s of official-terms.tsv has no place in the vocabulary", k)
		}
	}
	cdc := regexp.MustCompile(`\bCDC\b`)
	for _, l := range []catalog.Lang{catalog.FR, catalog.ES} {
		for k, v := range messages()[l] {
			if v = strings.ReplaceAll(v, "CDC Toolkit", ""); cdc.MatchString(v) {
				t.Errorf("%s: %q says CDC: %s", l, k, v)
			}
		}
	}
}
