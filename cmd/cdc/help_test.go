package main

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"

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

// fang title-cases the first word of a flag's usage (cases.Title, which also lowers the rest
// of the word): in every usage that word must come out as written ("ID" would print as "Id",
// a Japanese "in" as "In"); English usages may have only their first letter raised, as fang means.
func TestFlagUsageSurvivesTitleCase(t *testing.T) {
	title := cases.Title(language.AmericanEnglish)
	for _, lang := range vocab.Languages() {
		p := vocab.For(lang)
		for _, k := range vocab.Keys(lang) {
			if !strings.HasPrefix(k, "cli.flag.") {
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
