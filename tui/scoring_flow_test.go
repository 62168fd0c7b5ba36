package tui

import (
	"context"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// After a score the cursor moves to the next service; n jumps to the next service not
// assessed or carried over, wrapping round.
func TestScoringAdvancesAndFindsTheNextToAssess(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	_, c, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Acme Bank"})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessStore(t, s, 100, 30, catalog.EN)
	h.press("enter", "tab", "tab", "tab")
	tab := h.workspace().tabs[tabEvaluate].(*evaluateTab)
	h.press("3")
	if got := tab.table.selectedID(); got != "A-2" {
		t.Fatalf("after scoring A-1 the cursor is on %s, want A-2", got)
	}
	h.press("2", "1")
	cd, err := s.CycleData(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int{"A-1": 3, "A-2": 2, "A-3": 1} {
		if sv, _ := cd.Service(id); sv.Current == nil || *sv.Current != want {
			t.Fatalf("%s current %v, want %d", id, sv.Current, want)
		}
	}
	h.press("g", "n") // from A-1: the next not assessed is A-4
	if got := tab.table.selectedID(); got != "A-4" {
		t.Fatalf("n went to %s, want A-4", got)
	}
}
