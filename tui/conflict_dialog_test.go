package tui

import (
	"context"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// twoWindows opens the fixture organisation's Build tab in two models, each on its own
// connection to one temporary database, as two terminals would.
func twoWindows(t *testing.T, w, h int) (a, b *harness) {
	t.Helper()
	s := newStore(t)
	addFixture(t, s)
	s2, err := catalog.Open(context.Background(), s.Path())
	if err != nil {
		t.Fatal(err)
	}
	s2.Actor, s2.Source = "other", "tui"
	t.Cleanup(func() { s2.Close() })
	a = newHarnessStore(t, s, w, h, catalog.EN)
	b = newHarnessStore(t, s2, w, h, catalog.EN)
	a.press("enter", "tab")
	b.press("enter", "tab")
	return a, b
}

func serviceState(t *testing.T, h *harness, id string) catalog.ServiceState {
	t.Helper()
	ws := h.workspace()
	d, err := h.store.CycleData(context.Background(), ws.data.Cycle.Cycle.ID)
	if err != nil {
		t.Fatal(err)
	}
	sv, ok := d.Service(id)
	if !ok {
		t.Fatalf("no service %s", id)
	}
	return *sv
}

// typeOver replaces the focused field's text.
func typeOver(h *harness, text string) {
	for range 40 {
		h.press("backspace")
	}
	h.typeText(text)
}

// A provider edited in one window while another had the form open: the second save is not
// applied; the dialog shows theirs and mine, and the user keeps either.
func TestProviderConflictKeepMine(t *testing.T) {
	a, b := twoWindows(t, 100, 30)
	b.press("p")
	typeOver(b, "Mine Ltd")

	a.press("p")
	typeOver(a, "Theirs Inc")
	a.press("ctrl+s")
	if got := serviceState(t, a, "A-1").Provider; got != "Theirs Inc" {
		t.Fatalf("first window's provider %q", got)
	}

	b.press("ctrl+s")
	b.wantView("Changed elsewhere", "Theirs Inc", "Mine Ltd", "keep mine")
	if got := serviceState(t, b, "A-1").Provider; got != "Theirs Inc" {
		t.Fatalf("the conflicting save was applied: %q", got)
	}
	b.press("m")
	if got := serviceState(t, b, "A-1").Provider; got != "Mine Ltd" {
		t.Fatalf("keeping mine did not write it: %q", got)
	}
	if !b.m.c.dialogs.empty() {
		t.Fatalf("the form stayed open after keeping mine:\n%s", b.view())
	}
}

func TestProviderConflictKeepTheirs(t *testing.T) {
	a, b := twoWindows(t, 80, 24)
	b.press("p")
	typeOver(b, "Mine Ltd")
	a.press("p")
	typeOver(a, "Theirs Inc")
	a.press("ctrl+s")

	b.press("ctrl+s")
	b.wantView("Theirs (saved now)", "Mine (not saved)", "Theirs Inc", "Mine Ltd")
	// esc goes back to the draft, which is still there and still unsaved
	b.press("esc")
	b.wantView("Mine Ltd", "not saved")
	b.press("ctrl+s")
	b.wantView("Changed elsewhere")
	b.press("t")
	if !b.m.c.dialogs.empty() {
		t.Fatalf("the form stayed open after keeping theirs:\n%s", b.view())
	}
	if got := serviceState(t, b, "A-1").Provider; got != "Theirs Inc" {
		t.Fatalf("keeping theirs changed the provider: %q", got)
	}
	b.wantView("Kept the version saved elsewhere")
}

// A level changed with its reason elsewhere while the reason form was open.
func TestLevelConflict(t *testing.T) {
	a, b := twoWindows(t, 100, 30)
	b.press("l", "o")
	b.typeText("my reason")
	a.press("l", "r")
	a.typeText("their reason")
	a.press("enter")
	if got := serviceState(t, a, "A-1"); got.Level != catalog.Recommended || got.LevelReason != "their reason" {
		t.Fatalf("first window's level %s %q", got.Level, got.LevelReason)
	}
	b.press("enter")
	b.wantView("Changed elsewhere", "their reason", "my reason", "Recommended", "Optional")
	if got := serviceState(t, b, "A-1"); got.Level != catalog.Recommended {
		t.Fatalf("the conflicting level was applied: %s", got.Level)
	}
	b.press("m")
	if got := serviceState(t, b, "A-1"); got.Level != catalog.Optional || got.LevelReason != "my reason" {
		t.Fatalf("keeping mine wrote %s %q", got.Level, got.LevelReason)
	}
}

// Evidence: keep mine writes it; keep theirs keeps the other window's text.
func TestEvidenceConflictBothWays(t *testing.T) {
	for _, keep := range []string{"m", "t"} {
		a, b := twoWindows(t, 80, 24)
		a.press("tab", "tab")
		b.press("tab", "tab")
		b.press("e")
		b.typeText(" mine")
		a.press("e")
		a.typeText(" theirs")
		a.press("ctrl+s")
		theirs := serviceState(t, a, "A-1").Evidence

		b.press("ctrl+s")
		b.wantView("Changed elsewhere", "theirs", "mine")
		b.press(keep)
		got := serviceState(t, b, "A-1").Evidence
		switch keep {
		case "m":
			if got == theirs || got == "" {
				t.Fatalf("keeping mine left %q", got)
			}
		case "t":
			if got != theirs {
				t.Fatalf("keeping theirs left %q, want %q", got, theirs)
			}
		}
		if !b.m.c.dialogs.empty() {
			t.Fatalf("%s: the editor stayed open:\n%s", keep, b.view())
		}
	}
}

// Keeping mine after a third change saved meanwhile asks again instead of overwriting it.
func TestConflictKeepMineCatchesAThirdChange(t *testing.T) {
	a, b := twoWindows(t, 100, 30)
	b.press("p")
	typeOver(b, "Mine Ltd")
	a.press("p")
	typeOver(a, "Theirs Inc")
	a.press("ctrl+s")
	b.press("ctrl+s")
	b.wantView("Changed elsewhere")
	a.press("p")
	typeOver(a, "Third plc")
	a.press("ctrl+s")
	b.press("m")
	b.wantView("Changed elsewhere", "Third plc")
	if got := serviceState(t, b, "A-1").Provider; got != "Third plc" {
		t.Fatalf("keeping mine overwrote a change it never showed: %q", got)
	}
}
