package tui

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Opening an organisation lands on the Overview; every item leads somewhere.
func TestOverviewItemsLeadSomewhere(t *testing.T) {
	h := newFixtureHarness(t, 100, 40, catalog.EN)
	h.press("shift+tab")
	h.wantView("Where Kaiun Bank stands", "Mandatory services not provided")
	if h.workspace().active != tabOverview {
		t.Fatalf("shown tab %d", h.workspace().active)
	}
	// a mandatory service not provided: enter shows it on Build
	for range 3 {
		h.press("down")
	}
	h.press("enter")
	if w := h.workspace(); w.active != tabBuild || w.tabs[tabBuild].(*buildTab).table.selectedID() != "B-2" {
		t.Fatalf("enter on B-2 shows tab %d, service %s", w.active, w.tabs[tabBuild].(*buildTab).table.selectedID())
	}
	// the top priority: n opens a new action for its service
	h.press("shift+tab", "G")
	ov := h.workspace().tabs[tabOverview].(*overviewTab)
	sel, _ := ov.selected()
	for i := 0; i < 30 && sel.service == ""; i++ { // the peer comparison comes after the priorities
		h.press("up")
		sel, _ = ov.selected()
	}
	h.press("n")
	f, ok := h.m.c.dialogs.top().(*form)
	if !ok || h.workspace().active != tabManage {
		t.Fatalf("n on a priority did not open the action form:\n%s", h.view())
	}
	if got := f.Value("service"); got != sel.service || got == "" {
		t.Fatalf("new action for service %q, want %q", got, sel.service)
	}
	h.typeText("Raise " + sel.service)
	h.press("ctrl+s")
	h.wantView("Raise " + sel.service)
}

// Back at the first item after scrolling down, the heading above it shows again.
func TestOverviewHeadingReturns(t *testing.T) {
	for _, back := range []string{"g", "home", "up"} {
		h := newFixtureHarness(t, 80, 24, catalog.EN)
		h.press("shift+tab", "G")
		if back == "up" {
			for range 60 {
				h.press("up")
			}
		} else {
			h.press(back)
		}
		h.wantView("Where Kaiun Bank stands")
	}
}
