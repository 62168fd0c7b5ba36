package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// A long organisation name is shortened before the cycle and its status are.
func TestHeaderKeepsCycleWithLongOrgName(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		s := newStore(t)
		name := "Ministry of Health and Sanitation of the Republic of Somewhere Far Away"
		if _, _, err := s.AddOrg(context.Background(), catalog.NewOrg{Name: name, FirstCycle: "FY2026 H1"}); err != nil {
			t.Fatal(err)
		}
		h := newHarnessStore(t, s, 80, 24, lang)
		h.press("enter")
		first := strings.SplitN(h.view(), "\n", 2)[0]
		status := map[catalog.Lang]string{catalog.EN: "(open)", catalog.JA: "(実施中)"}[lang]
		if !strings.Contains(first, "FY2026 H1 "+status) || !strings.Contains(first, "Ministry of") {
			t.Errorf("%s header %q should keep the cycle, its status and the start of the name", lang, first)
		}
		if textwidth.Width(first) > 80 {
			t.Errorf("%s header is %d cells wide", lang, textwidth.Width(first))
		}
	}
}

func TestExpandHome(t *testing.T) {
	t.Setenv("HOME", "/home/ana")
	for in, want := range map[string]string{
		"~/r.xlsx":    "/home/ana/r.xlsx",
		"r.xlsx":      "r.xlsx",
		"/tmp/~/x":    "/tmp/~/x",
		"~other/file": "~other/file",
	} {
		if got := expandHome(in); got != want {
			t.Errorf("expandHome(%q) = %q, want %q", in, got, want)
		}
	}
}
