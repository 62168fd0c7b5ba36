package main

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Every command and flag has its help text in every language.
func TestHelpInEveryLanguage(t *testing.T) {
	for _, lang := range vocab.Languages() {
		_, root := newRoot(nil, nil, []string{"--lang", string(lang)})
		var walk func(c *cobra.Command)
		walk = func(c *cobra.Command) {
			if c.Short == "" {
				t.Errorf("%s: %q has no short help", lang, c.CommandPath())
			}
			c.LocalFlags().VisitAll(func(f *pflag.Flag) {
				if f.Usage == "" {
					t.Errorf("%s: %q --%s has no usage", lang, c.CommandPath(), f.Name)
				}
			})
			for _, s := range c.Commands() {
				walk(s)
			}
		}
		walk(root)
	}
	_, root := newRoot(nil, nil, []string{"build", "set", "--lang", "ja", "--help"})
	if c, _, _ := root.Find([]string{"build", "set"}); !strings.Contains(c.Short, "Build設定") {
		t.Errorf("Japanese short help of build set: %q", c.Short)
	}
}

// fang title-cases the first word of a flag's usage and of a command's short help (cases.Title, which also lowers the rest
// of the word): in every usage that word must come out as written ("ID" would print as "Id",
// a Japanese "in" as "In"); English usages may have only their first letter raised, as fang means.
func TestFlagUsageSurvivesTitleCase(t *testing.T) {
	title := cases.Title(language.AmericanEnglish)
	for _, lang := range vocab.Languages() {
		p := vocab.For(lang)
		for _, k := range vocab.Keys(lang) {
			// Flag usages and the short help of commands, listed beside their names, get
			// the transform.
			if !strings.HasPrefix(k, "cli.flag.") && !(strings.HasPrefix(k, "cli.help.") && strings.HasSuffix(k, ".short")) {
				continue
			}
			first, _, _ := strings.Cut(strings.TrimSpace(p.T(k)), " ")
			got := title.String(first)
			r, n := utf8.DecodeRuneInString(first)
			if got != first && (lang != "en" || got != string(unicode.ToUpper(r))+first[n:]) {
				t.Errorf("%s %s: fang would print the first word %q as %q", lang, k, first, got)
			}
		}
	}
}

// Every help text comes from the vocabulary, cobra's own help and completion commands and
// the --help and --version flags included: none reads the same in Japanese as in English
// (a text written in the code would).
func TestHelpFromVocabulary(t *testing.T) {
	_, en := newRoot(nil, nil, []string{"--lang", "en"})
	_, ja := newRoot(nil, nil, []string{"--lang", "ja"})
	same := func(what, a, b string) {
		if a != "" && a == b && strings.IndexFunc(a, unicode.IsLetter) >= 0 {
			t.Errorf("%s reads the same in Japanese as in English: %q", what, a)
		}
	}
	var walk func(e, j *cobra.Command)
	walk = func(e, j *cobra.Command) {
		same(e.CommandPath()+" short help", e.Short, j.Short)
		same(e.CommandPath()+" long help", e.Long, j.Long)
		e.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if g := j.LocalFlags().Lookup(f.Name); g != nil {
				same(e.CommandPath()+" --"+f.Name, f.Usage, g.Usage)
			}
		})
		for _, s := range e.Commands() {
			if js, _, err := j.Find([]string{s.Name()}); err == nil && js != j {
				walk(s, js)
			}
		}
	}
	walk(en, ja)
}

// The workbook commands' help names the password variable and length the code enforces.
func TestWorkbookHelpNamesThePasswordRule(t *testing.T) {
	for _, lang := range vocab.Languages() {
		_, root := newRoot(nil, nil, []string{"--lang", string(lang)})
		for _, path := range [][]string{{"export", "report"}, {"export", "questionnaire"}, {"export", "programme"}} {
			c, _, err := root.Find(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(c.Long, export.PasswordEnv) || !strings.Contains(c.Long, " "+strconv.Itoa(MinPasswordLen)+" ") {
				t.Errorf("%s %s: the help does not name %s and %d characters:\n%s", lang, c.CommandPath(), export.PasswordEnv, MinPasswordLen, c.Long)
			}
		}
	}
}

// On a narrow terminal the help of the command asked for is wrapped at words to the columns
// fang draws it in: the long help to the width, each short help and flag usage to its column.
func TestHelpWrapsToTheTerminal(t *testing.T) {
	const width = 80
	for _, tc := range []struct {
		args []string
		path []string
	}{
		{[]string{"--help"}, nil},
		{[]string{"import", "--help"}, []string{"import"}},
		{[]string{"help", "export", "--lang", "fr"}, []string{"export"}},
		{[]string{"user", "-h", "--lang", "ja"}, []string{"user"}},
	} {
		_, root := newRoot(nil, nil, tc.args)
		wrapHelpFor(root, tc.args, width)
		c, _, err := root.Find(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(c.Long, "\n") {
			if textwidth.Width(l) > width-helpLongPad {
				t.Errorf("%q: long help line %q is wider than %d", tc.args, l, width-helpLongPad)
			}
		}
		key := helpMinKey - helpGap
		for _, sub := range c.Commands() {
			if !sub.Hidden {
				key = max(key, usageWidth(sub))
			}
		}
		text := width - helpIndent - key - helpGap
		if text < 24 {
			continue // too narrow a column: left to the terminal
		}
		for _, sub := range c.Commands() {
			for _, l := range strings.Split(sub.Short, "\n") {
				if !sub.Hidden && textwidth.Width(l) > text {
					t.Errorf("%q: short help of %s has a line %q wider than its column of %d", tc.args, sub.Name(), l, text)
				}
			}
		}
	}
	// Japanese lines join with no space between characters; indented commands stay as written.
	got := reflow("共有サーバーの利用者は\n鍵で識別されます。 "+strings.Repeat("あ", 40)+"\n\n    cdc user list", 40)
	if strings.Contains(got, "は 鍵") || !strings.HasSuffix(got, "\n\n    cdc user list") {
		t.Errorf("reflow: %q", got)
	}
	if short := "Run it"; reflow(short, 80) != short {
		t.Error("reflow changed a help that fits")
	}
}
