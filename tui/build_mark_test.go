package tui

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// A working name carries the vocabulary's mark in the Build list and detail, with its legend.
func TestBuildWorkingNameMark(t *testing.T) {
	h := newFixtureHarness(t, 80, 24, catalog.EN)
	h.press("/", "D", "-", "3", "enter")
	h.wantView("D-3~", "~ Working name, not read in the recommendation")
	h.press("/", "B", "-", "1", "enter")
	if v := h.view(); strings.Contains(v, "B-1~") {
		t.Errorf("B-1 is read in the recommendation and must carry no mark:\n%s", v)
	}
	h.press("esc", "/", "D", "-", "3", "enter", "enter")
	h.wantView("D-3  Incident classification ~", "~ Working name, not read in the recommendation")
}
