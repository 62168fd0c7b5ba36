package tui

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Findings of trying the TUI in tmux at 80x24 and 200x50, English and Japanese: each test
// drives the screen with keys and checks what was wrong is not.

// screenLines is the screen, line by line.
func screenLines(h *harness) []string { return strings.Split(h.view(), "\n") }

// At 80 columns the organisation list hides its optional columns; their values, and how many
// services are assessed, are on the detail lines under the list, whole.
func TestStartDetailLinesWholeAt80(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			s := newStore(t)
			addFixture(t, s)
			h := newHarnessStore(t, s, 80, 24, lang)
			h.wantView(fixtureName)
			v := h.view()
			T := h.m.c.T
			for _, want := range []string{
				T("programme.col.current_cycle") + ": FY2026",
				T("programme.col.sector") + ": Finance",
				T("programme.col.country") + ": Japan",
				T("programme.col.size_band") + ": 1000-9999",
			} {
				if !strings.Contains(v, want) {
					t.Errorf("the detail lines do not show %q:\n%s", want, v)
				}
			}
			for _, l := range screenLines(h)[19:22] {
				if strings.Contains(l, "…") {
					t.Errorf("a detail line is cut: %q\n%s", l, v)
				}
			}
		})
	}
}
