package tui

import (
	"context"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// > turns moving on after a score off; the choice is stored for the user and read back
// when the workspace opens again.
func TestAdvanceSettingToggles(t *testing.T) {
	s := newStore(t)
	addFixture(t, s)
	h := newHarnessStore(t, s, 100, 30, catalog.EN)
	h.press("enter", "tab", "tab", "tab")
	tab := h.workspace().tabs[tabEvaluate].(*evaluateTab)
	h.press(">")
	h.wantView("stays after a score")
	at := tab.table.selectedID()
	h.press("3")
	if got := tab.table.selectedID(); got != at {
		t.Fatalf("with moving on off the cursor went from %s to %s", at, got)
	}
	if v, err := s.BoolSetting(context.Background(), catalog.SettingAdvance, true); err != nil || v {
		t.Fatalf("setting stored %v %v, want false", v, err)
	}
	h2 := newHarnessStore(t, s, 100, 30, catalog.EN)
	h2.press("enter", "tab", "tab", "tab")
	if h2.workspace().tabs[tabEvaluate].(*evaluateTab).advance {
		t.Fatal("the setting was not read back")
	}
	h2.press(">", "4")
	if got := h2.workspace().tabs[tabEvaluate].(*evaluateTab).table.selectedID(); got == at {
		t.Fatal("with moving on back on the cursor stayed")
	}
}

// The filter picker keeps services by state; the states come from scoring's gap.
func TestFilterByState(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	h.press("tab", "tab")
	tab := h.workspace().tabs[tabEvaluate].(*evaluateTab)
	svcs := h.workspace().data.Cycle.Services
	for _, tc := range []struct {
		key  string
		want func(sv catalog.ServiceState) bool
		word string
	}{
		{"n", func(sv catalog.ServiceState) bool { return sv.Current == nil }, "not assessed"},
		{"c", func(sv catalog.ServiceState) bool { return sv.CarriedOver }, "carried over"},
		{"b", func(sv catalog.ServiceState) bool {
			return sv.Current != nil && sv.Target != nil && *sv.Current < *sv.Target
		}, "below target"},
	} {
		h.press("f", "s", tc.key)
		h.wantView("filtered: " + tc.word)
		n := 0
		for _, r := range tab.table.rows {
			if r.header {
				continue
			}
			n++
			if !tc.want(svcs[r.svc]) {
				t.Errorf("%s: %s shown", tc.word, r.id)
			}
		}
		want := 0
		for _, sv := range svcs {
			if sv.InScope && tc.want(sv) {
				want++
			}
		}
		if n != want || n == 0 {
			t.Errorf("%s: %d rows, want %d", tc.word, n, want)
		}
		h.press("esc")
		if tab.table.filtered() {
			t.Fatal("esc kept the filter")
		}
	}
}

// o sorts by gap and by priority, in scoring's order; the position shows where the cursor is.
func TestSortServices(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	h.press("tab", "tab")
	tab := h.workspace().tabs[tabEvaluate].(*evaluateTab)
	res := h.workspace().data.Result
	h.press("o", "p")
	h.wantView("sorted by priority", "26/61") // the cursor keeps its service
	for i, pr := range res.Profile.Priorities {
		if tab.table.rows[i].id != pr.ID {
			t.Fatalf("row %d is %s, scoring's priority %d is %s", i, tab.table.rows[i].id, i+1, pr.ID)
		}
	}
	h.press("o", "g")
	last := 1 << 30
	for _, r := range tab.table.rows {
		g := tab.table.gap[r.id]
		if g == nil {
			last = -1
			continue
		}
		if *g > last {
			t.Fatalf("%s gap %d after a smaller or unknown gap", r.id, *g)
		}
		last = *g
	}
	h.press("g", "down", "down")
	h.wantView("3/61")
	h.press("esc")
	if tab.table.sortBy != "" {
		t.Fatal("esc kept the sort")
	}
	// Build sorts and counts too
	h.press("shift+tab", "shift+tab", "o", "g")
	h.wantView("sorted by gap", "/64")
}
