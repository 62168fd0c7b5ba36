package main

import (
	"strings"
	"testing"

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

// fang title-cases the first word of a flag's usage (an "ID" would print as "Id"): in the
// vocabulary's usages other than English that word is one title-casing leaves as it is.
func TestFlagUsageSurvivesTitleCase(t *testing.T) {
	title := cases.Title(language.AmericanEnglish) // as fang's titleFirstWord
	for _, lang := range vocab.Languages() {
		if lang == "en" {
			continue
		}
		p := vocab.For(lang)
		for _, k := range vocab.Keys(lang) {
			if !strings.HasPrefix(k, "cli.flag.") {
				continue
			}
			first, _, _ := strings.Cut(strings.TrimSpace(p.T(k)), " ")
			if got := title.String(first); got != first {
				t.Errorf("%s %s: fang would re-case the first word %q as %q", lang, k, first, got)
			}
		}
	}
}
