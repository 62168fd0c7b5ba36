package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// i18nView is one main view, reached from the fixture (or the demo, for the views that show
// actions, reviews and exports) by a sequence of keys.
type i18nView struct {
	name string
	demo bool // the demo organisation (actions, reviews, changes) instead of the fixture
	keys []string
}

// i18nViews are the main views every language is checked on. The fixture opens on Build;
// the demo on the Overview.
var i18nViews = []i18nView{
	{"orgs", false, []string{"esc"}},
	{"overview", false, []string{"shift+tab"}},
	{"build", false, nil},
	{"build_detail", false, []string{"/", "D", "-", "3", "enter", "enter"}},
	{"evaluate", false, []string{"tab", "tab"}},
	{"results", false, []string{"tab", "tab", "r"}},
	{"results_end", false, []string{"tab", "tab", "r", "G"}},
	{"manage_actions", true, []string{"tab", "tab"}},
	{"manage_reviews", true, []string{"tab", "tab", "right"}},
	{"manage_cycles", true, []string{"tab", "tab", "right", "right"}},
	{"manage_changes", true, []string{"tab", "tab", "right", "right", "right"}},
	{"report", true, []string{"tab", "tab", "tab", "tab"}},
}

func openI18nView(t *testing.T, v i18nView, lang catalog.Lang, w, h int) *harness {
	t.Helper()
	var hs *harness
	if v.demo {
		hs = newHarness(t, w, h, lang)
		hs.press("d")
		hs.workspace()
	} else {
		hs = newFixtureHarness(t, w, h, lang)
	}
	hs.press(v.keys...)
	return hs
}

// TestGoldenFrenchSpanish compares the main views in French and Spanish at 80x24, colours
// stripped, with testdata/<view>_<lang>_80x24.golden, and checks each screen for English left
// over. Regenerate with: go test ./tui -run TestGoldenFrenchSpanish -update
func TestGoldenFrenchSpanish(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.FR, catalog.ES} {
		english := englishLeftovers(lang)
		for _, v := range i18nViews {
			name := v.name + "_" + string(lang) + "_80x24"
			t.Run(name, func(t *testing.T) {
				h := openI18nView(t, v, lang, 80, 24)
				screen := stableTimes(h.view())
				if v.name == "orgs" { // the last change is the store's real date
					screen = h.stableView()
				}
				checkFits(t, screen, 80, 24)
				for _, e := range english {
					if e.re.MatchString(screen) {
						t.Errorf("English %q (%s) is on the %s screen:\n%s", e.text, e.key, lang, screen)
					}
				}
				compareGolden(t, name, screen)
			})
		}
	}
}

// The same views in every language and at both sizes keep to the window.
func TestMainViewsFitEveryLanguage(t *testing.T) {
	for _, lang := range vocab.Languages() {
		for _, sz := range [][2]int{{80, 24}, {120, 40}} {
			for _, v := range i18nViews {
				h := openI18nView(t, v, lang, sz[0], sz[1])
				t.Run(v.name+"_"+string(lang), func(t *testing.T) { checkFits(t, h.view(), sz[0], sz[1]) })
			}
		}
	}
}

func checkFits(t *testing.T, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d:\n%s", len(lines), h, screen)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide:\n%s", i+1, n, screen)
		}
	}
}

// changeTime is a time of the change log, written by the store's own clock when the fixture
// is made; the goldens show it as the test clock's time, in the same width.
var changeTime = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`)

func stableTimes(screen string) string {
	return changeTime.ReplaceAllString(screen, fixedNow.Format("2006-01-02 15:04"))
}

// compareGolden is harness.golden for a screen already made stable.
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run TestGoldenFrenchSpanish -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("screen differs from %s (run with -update if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

type leftover struct {
	key, text string
	re        *regexp.Regexp
}

// sameInEveryLanguage are English texts that French and Spanish rightly keep: the product's
// name, and words spelt alike.
var sameInEveryLanguage = map[string]bool{"CDC Toolkit": true, "Questionnaire (.xlsx)": true}

var words = regexp.MustCompile(`\pL{3,}`)

var formatVerb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// englishLeftovers lists the English texts a screen in lang must not show: the pieces (between
// format verbs) of every English message whose translation differs, at least two words or ten
// letters long, and the English names of the built-in pack where lang has its own.
func englishLeftovers(lang catalog.Lang) []leftover {
	en, tr := vocab.For(catalog.EN), vocab.For(lang)
	var out []leftover
	add := func(key, text string) {
		text = strings.TrimSpace(text)
		if len(text) < 10 && !strings.Contains(text, " ") {
			return
		}
		if strings.Count(text, " ") < 1 && len(text) < 10 {
			return
		}
		re := regexp.MustCompile(`(^|[^\pL])` + regexp.QuoteMeta(text) + `($|[^\pL])`)
		out = append(out, leftover{key, text, re})
	}
	for _, k := range vocab.Keys(catalog.EN) {
		k = strings.SplitN(k, "#", 2)[0]
		e, f := en.T(k), tr.T(k)
		if e == f {
			// Left in English as a whole: the text itself, its verbs matching anything.
			pieces := formatVerb.Split(e, -1)
			literal := strings.TrimSpace(strings.Join(pieces, ""))
			if !strings.Contains(literal, " ") || !words.MatchString(literal) || sameInEveryLanguage[literal] {
				continue
			}
			for i, piece := range pieces {
				pieces[i] = regexp.QuoteMeta(piece)
			}
			out = append(out, leftover{k, e, regexp.MustCompile(strings.Join(pieces, `.+?`))})
			continue
		}
		for _, piece := range formatVerb.Split(e, -1) {
			// A piece the translation keeps on purpose is no leftover.
			piece = strings.Trim(piece, " .,:;·()[]—-–/|")
			if piece == "" || strings.Contains(f, piece) {
				continue
			}
			add(k, piece)
		}
	}
	pack := catalog.BuiltinPack()
	for _, c := range pack.Categories {
		if c.Name[lang] != "" && c.Name[lang] != c.Name[catalog.EN] {
			add("category "+c.ID, c.Name[catalog.EN])
		}
	}
	for _, s := range pack.Services {
		if s.Name[lang] != "" && s.Name[lang] != s.Name[catalog.EN] {
			add("service "+s.ID, s.Name[catalog.EN])
		}
	}
	return out
}

// A working name carries the mark, with its legend, in the Build list and detail in every language.
func TestWorkingNameMarkEveryLanguage(t *testing.T) {
	for _, lang := range vocab.Languages() {
		t.Run(string(lang), func(t *testing.T) {
			p := vocab.For(lang)
			legend := p.T("catalog.mark.working") + " " + p.T("catalog.mark.legend")
			h := newFixtureHarness(t, 80, 24, lang)
			h.press("/", "D", "-", "3", "enter")
			h.wantView("D-3"+p.T("catalog.mark.working"), legend)
			h.press("enter")
			d3, _ := catalog.BuiltinPack().Service("D-3")
			h.wantView(d3.Name.In(lang)+" "+p.T("catalog.mark.working"), legend)
		})
	}
}
