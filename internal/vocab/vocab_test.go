package vocab

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// base is a key without its plural form.
func base(k string) string {
	if i := strings.IndexByte(k, '#'); i >= 0 {
		return k[:i]
	}
	return k
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs lists the format verbs of s by letter, sorted, so that reordering with %[n] is allowed.
func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v[len(v)-1:])
		}
	}
	sort.Strings(out)
	return out
}

func TestEveryKeyInEveryLanguage(t *testing.T) {
	en := messages()[catalog.EN]
	if len(en) == 0 {
		t.Fatal("no English messages")
	}
	enBases := map[string]string{}
	for k, v := range en {
		enBases[base(k)] = v
	}
	for _, lang := range Languages() {
		m := messages()[lang]
		bases := map[string]bool{}
		for k, v := range m {
			b := base(k)
			bases[b] = true
			ref, ok := enBases[b]
			if !ok {
				t.Errorf("%s: %q is not an English key", lang, k)
				continue
			}
			if got, want := verbs(v), verbs(ref); !slices.Equal(got, want) {
				t.Errorf("%s: %q has verbs %v, English has %v", lang, k, got, want)
			}
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %q is empty", lang, k)
			}
		}
		for b := range enBases {
			if !bases[b] {
				t.Errorf("%s: %q is missing", lang, b)
			}
		}
		for k := range en {
			if strings.Contains(k, "#") {
				if _, ok := m[base(k)+"#other"]; !ok {
					t.Errorf("%s: plural %q has no #other form", lang, base(k))
				}
			}
		}
	}
}

// The files stay one sorted key per line so that additions in different areas merge cleanly.
func TestLocaleFilesSortedOneKeyPerLine(t *testing.T) {
	for _, lang := range Languages() {
		data, err := files.ReadFile("locales/" + string(lang) + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if lines[0] != "{" || lines[len(lines)-1] != "}" {
			t.Fatalf("%s.json: must start with a line '{' and end with a line '}'", lang)
		}
		for i, l := range lines[1 : len(lines)-1] {
			l = strings.TrimSuffix(l, ",")
			var kv map[string]string
			if err := json.Unmarshal([]byte("{"+l+"}"), &kv); err != nil || len(kv) != 1 {
				t.Fatalf("%s.json line %d: not one \"key\": \"text\" pair: %s", lang, i+2, l)
			}
			for k := range kv {
				keys = append(keys, k)
			}
		}
		for i := 1; i < len(keys); i++ {
			if keys[i] == keys[i-1] {
				t.Fatalf("%s.json: %q is defined twice", lang, keys[i])
			}
			if keys[i] < keys[i-1] {
				t.Fatalf("%s.json: %q comes after %q; keep keys sorted", lang, keys[i], keys[i-1])
			}
		}
		if !json.Valid(data) {
			t.Fatalf("%s.json is not valid JSON", lang)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		lang catalog.Lang
		n    int
		want string
	}{
		{catalog.EN, 1, "one"}, {catalog.EN, 0, "other"}, {catalog.EN, 2, "other"},
		{catalog.FR, 0, "one"}, {catalog.FR, 1, "one"}, {catalog.FR, 2, "other"},
		{catalog.ES, 1, "one"}, {catalog.ES, 0, "other"},
		{catalog.JA, 1, "other"},
	}
	for _, tt := range tests {
		if got := pluralForm(tt.lang, tt.n); got != tt.want {
			t.Errorf("pluralForm(%s, %d) = %s, want %s", tt.lang, tt.n, got, tt.want)
		}
	}
	if got := For(catalog.JA).Completeness(57, 62); got != "62件中57件評価済み" {
		t.Errorf("ja completeness = %q", got)
	}
	if got := For(catalog.EN).Completeness(1, 1); got != "1 of 1 assessed" {
		t.Errorf("en completeness = %q", got)
	}
}

func f(v float64) *float64 { return &v }

func TestFigures(t *testing.T) {
	en, fr := For(catalog.EN), For(catalog.FR)
	tests := []struct {
		got, want string
	}{
		{en.Mean(f(2.25)), "2.3"}, // half away from zero, not to even
		{en.Mean(f(2.35)), "2.4"},
		{en.Index(f(43)), "43.0"},
		{en.Index(f(-0.04)), "0.0"},
		{en.Index(nil), "—"},
		{en.Percent(f(0.625)), "63%"},
		{en.Percent(f(0.005)), "1%"},
		{fr.Percent(f(0.625)), "63\u00a0%"},
		{For(catalog.ES).Percent(f(0.96)), "96\u00a0%"},
		{For(catalog.JA).Percent(f(0.96)), "96%"},
		{fr.Shares([]int{1, 1, 1})[0], "34\u00a0%"},
		{en.PercentNumFmt(), "0%"},
		{fr.PercentNumFmt(), "0\"\u00a0\"%"},
		{For(catalog.ES).PercentNumFmt(), "0\"\u00a0\"%"},
		{fr.Mean(f(2.25)), "2,3"},
		{en.Signed(9.8, 1), "+9.8"},
		{en.Signed(-1, 1), "-1.0"},
		{en.Signed(0.01, 1), "0.0"},
		{en.Count(1203), "1,203"},
		{en.Count(999), "999"},
		{en.Count(1234567), "1,234,567"},
		{For(catalog.ES).Count(1203), "1203"},
		{For(catalog.ES).Count(12030), "12.030"},
		{fr.Count(1203), "1\u00a0203"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestSharePercents(t *testing.T) {
	tests := []struct {
		in   []int
		want []int
	}{
		{[]int{1, 1, 1}, []int{34, 33, 33}},
		{[]int{2, 1}, []int{67, 33}},
		{[]int{0, 0}, []int{0, 0}},
		{[]int{25, 10, 15, 7, 7}, []int{39, 16, 23, 11, 11}},
	}
	for _, tt := range tests {
		got := SharePercents(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("SharePercents(%v) = %v, want %v", tt.in, got, tt.want)
		}
		sum := 0
		for _, v := range got {
			sum += v
		}
		if sum != 100 && sum != 0 {
			t.Errorf("SharePercents(%v) adds up to %d", tt.in, sum)
		}
	}
}

// No message lists the languages by hand: {langs} stands for them, so a language added by
// its message file appears in every such list.
func TestLanguagesListedFromTheOneList(t *testing.T) {
	codes := `(en|ja|fr|es)`
	byHand := regexp.MustCompile(`\b` + codes + `\b\s*(,|、|/|\bor\b|\bou\b|\bo\b|\by\b|\bet\b|\band\b|か)\s*\b` + codes + `\b`)
	for _, lang := range Languages() {
		for k, v := range messages()[lang] {
			if byHand.MatchString(v) {
				t.Errorf("%s: %q lists languages by hand (use {langs}): %s", lang, k, v)
			}
		}
	}
	for lang, want := range map[catalog.Lang]string{catalog.EN: "en, ja, fr, es", catalog.JA: "en、ja、fr、es"} {
		if got := For(lang).LangCodes(); got != want {
			t.Errorf("%s: LangCodes() = %q, want %q", lang, got, want)
		}
	}
	if got := For(catalog.FR).T("cli.flag.lang"); !strings.Contains(got, "en, ja, fr, es") || strings.Contains(got, "{langs}") {
		t.Errorf("fr cli.flag.lang = %q", got)
	}
}

func TestReasonWordsTheToolkitsOwnReasons(t *testing.T) {
	for _, tc := range []struct {
		lang         catalog.Lang
		reason, want string
	}{
		{catalog.EN, catalog.ReasonReassessed, "re-assessed (was carried over)"},
		{catalog.JA, catalog.ReasonReassessed, For(catalog.JA).T("change.reassessed")},
		{catalog.FR, catalog.ReasonUndo, For(catalog.FR).T("change.reason.undo")},
		{catalog.ES, "SIEM replaced", "SIEM replaced"},
	} {
		if got := For(tc.lang).Reason(tc.reason); got != tc.want || (tc.lang != catalog.EN && tc.reason != "SIEM replaced" && got == tc.reason) {
			t.Errorf("%s Reason(%q) = %q, want %q in the language", tc.lang, tc.reason, got, tc.want)
		}
	}
}
