package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The history in a service's detail words the reasons the toolkit records, as the change log does.
func TestBuildDetailWordsRecordedReasons(t *testing.T) {
	s, d := fixtureStore(t)
	var carried catalog.ServiceState
	for _, sv := range d.Services {
		if sv.CarriedOver && sv.InScope {
			carried = sv
			break
		}
	}
	if carried.ID == "" {
		t.Fatal("the fixture carries no score over")
	}
	if _, err := s.SetAssessment(context.Background(), d.Cycle.ID, carried.ID, catalog.AssessmentPatch{Score: carried.Current}); err != nil {
		t.Fatal(err)
	}
	h := newHarnessStore(t, s, 160, 50, catalog.JA)
	h.press("enter", "tab", "/")
	h.typeText(carried.ID)
	h.press("enter", "enter")
	h.wantView("変更履歴", "再評価（引継ぎ済みから）")
	if v := h.view(); strings.Contains(v, catalog.ReasonReassessed) {
		t.Errorf("the detail shows the reason as stored:\n%s", v)
	}
}

// enter opens the same service detail in Evaluate as in Build, with its history; esc closes it.
func TestEvaluateOpensTheServiceDetail(t *testing.T) {
	h := newFixtureHarness(t, 120, 40, catalog.EN)
	h.press("tab", "tab") // Build → Manage → Evaluate
	tab := h.workspace().tabs[tabEvaluate].(*evaluateTab)
	id := tab.table.selectedID()
	h.press("enter")
	if tab.detail == nil || tab.detail.id != id {
		t.Fatalf("enter on %s opened no detail", id)
	}
	h.wantView(id+"  Risk management", "History", "Evidence")
	h.press("esc")
	if tab.detail != nil {
		t.Fatal("esc left the detail open")
	}
	h.wantView("Risk assessment")
}

// A closed cycle says it is read only beside the tabs, in full where it fits, else shortly,
// never cut.
func TestClosedCycleNoticeFits(t *testing.T) {
	for _, tc := range []struct {
		w, h int
		want string
	}{{200, 50, "closed: settings and scores are read only"}, {80, 24, "read only"}} {
		h := newFixtureHarness(t, tc.w, tc.h, catalog.EN)
		h.press("[")
		lines := strings.Split(h.view(), "\n")
		if !strings.Contains(lines[1], tc.want) || strings.Contains(lines[1], "…") {
			t.Errorf("%dx%d: tab line %q, want %q whole", tc.w, tc.h, lines[1], tc.want)
		}
	}
}
