package main

import (
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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

// fang title-cases the first word of a flag's usage (first letter upper, the rest lower): in
// the vocabulary's usages that word must read the same after it ("ID" would print as "Id",
// "in" as "In"). English usages are written for it.
func TestFlagUsageSurvivesTitleCase(t *testing.T) {
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
			if titled := titleCase(first); titled != first {
				t.Errorf("%s %s: the first word %q would print as %q", lang, k, first, titled)
			}
		}
	}
}

// titleCase is what fang does to the first word of a usage.
func titleCase(w string) string {
	r := []rune(w)
	if len(r) == 0 {
		return w
	}
	return string(unicode.ToUpper(r[0])) + strings.ToLower(string(r[1:]))
}
