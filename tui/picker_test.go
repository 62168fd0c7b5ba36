package tui

import (
	"context"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// A choice from a picker is one change: one change-log row, none when the value stays.
func TestPickerChoiceIsOneChange(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	ctx := context.Background()
	d := cycleData(t, h.store, fixtureName)
	rows := func() int {
		chs, err := h.store.Changes(ctx, catalog.ChangeQuery{OrgID: d.Org.ID, CycleID: d.Cycle.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(chs)
	}
	before := rows()
	cur := service(t, d, "A-1").Assignment
	h.press("a")
	h.wantView("Who carries out A-1?")
	h.press(string(cur)[:1]) // the value it has already
	if got := rows(); got != before {
		t.Fatalf("picking the same assignment logged %d rows", got-before)
	}
	next := catalog.AssignExternal
	if cur == next {
		next = catalog.AssignShared
	}
	h.press("a", "down", "esc") // moving and leaving changes nothing
	if got := rows(); got != before {
		t.Fatalf("esc in the picker logged %d rows", got-before)
	}
	h.press("a", string(next)[:1])
	if got := rows(); got != before+1 {
		t.Fatalf("one choice logged %d rows, want 1", got-before)
	}
	if a := service(t, cycleData(t, h.store, fixtureName), "A-1").Assignment; a != next {
		t.Fatalf("A-1 assignment %s, want %s", a, next)
	}
}

// A shortcut shown in a menu works even where the letter also moves the cursor: the
// programme's sort menu shows "j last change" and "k open actions".
func TestPickerShortcutsWinOverMovingLetters(t *testing.T) {
	h := programmeHarness(t, 100, 30, catalog.EN)
	for _, tt := range []struct{ key, col string }{{"j", "last_change"}, {"k", "open_actions"}} {
		h.press("o")
		h.wantView("j ", "k ")
		h.press(tt.key)
		if !h.m.c.dialogs.empty() {
			t.Fatalf("%s did not choose:\n%s", tt.key, h.view())
		}
		if got := string(h.m.start.sortCol); got != tt.col {
			t.Errorf("%s sorts by %s, want %s", tt.key, got, tt.col)
		}
	}
}
