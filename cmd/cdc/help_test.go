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

// fang title-cases the first word of a flag's usage: in the vocabulary's usages that word has
// no Latin letters to rewrite (an "ID" would print as "Id") unless it is English.
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
			for _, r := range first {
				if r < unicode.MaxASCII && unicode.IsLetter(r) {
					t.Errorf("%s %s: the first word %q has Latin letters that fang would re-case", lang, k, first)
					break
				}
			}
		}
	}
}
