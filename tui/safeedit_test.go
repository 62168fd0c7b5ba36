package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// ctrl+c in a form holding typed text asks first, like the text editor; a second ctrl+c quits.
func TestFormCtrlCAsks(t *testing.T) {
	for _, open := range [][]string{{"p"}, {"l", "o"}} {
		h := newFixtureHarness(t, 100, 30, catalog.EN)
		h.press(open...)
		h.typeText("x")
		h.press("ctrl+c")
		if h.quit {
			t.Fatalf("%v: ctrl+c threw the typed text away", open)
		}
		h.wantView("ctrl+c again quits")
		h.typeText("y") // any other key takes the warning back
		h.press("ctrl+c")
		if h.quit {
			t.Fatalf("%v: the warning outlived the next key", open)
		}
		h.press("ctrl+c")
		if !h.quit {
			t.Fatalf("%v: a second ctrl+c did not quit", open)
		}
	}
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	h.press("p", "ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c over an unchanged form did not quit")
	}
}

// A field's limit is shown with a counter; typing or pasting past it is refused whole, with a
// word, never cut to fit.
func TestFormLimitRefusedNotCut(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	h.press("p")
	h.wantView("8/200 characters") // "CDC team"
	f := h.m.c.dialogs.top().(*form)
	h.typeText(strings.Repeat("a", catalog.MaxNameLen-8))
	h.wantView("200/200 characters")
	h.typeText("b")
	if v := f.inputs[0].Value(); len(v) != catalog.MaxNameLen || strings.HasSuffix(v, "b") {
		t.Fatalf("typing past the limit: %d characters", len(v))
	}
	h.wantView("takes at most 200 characters")

	h.press("tab") // the contract, empty
	paste := strings.Repeat("c", catalog.MaxNameLen+1)
	h.send(tea.PasteMsg{Content: paste})
	if v := f.inputs[1].Value(); v != "" {
		t.Fatalf("a paste past the limit was cut to %d characters", len(v))
	}
	h.wantView("takes at most 200 characters")
	h.send(tea.PasteMsg{Content: paste[:catalog.MaxNameLen]})
	if v := f.inputs[1].Value(); len(v) != catalog.MaxNameLen {
		t.Fatalf("a paste within the limit gave %d characters", len(v))
	}
}

func TestEvidenceLimitRefusedNotCut(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	h.press("tab", "tab", "e")
	f := h.m.c.dialogs.top().(*textForm)
	before := f.area.Value()
	// Japanese counts one character each, as the store counts them
	h.send(tea.PasteMsg{Content: strings.Repeat("証", catalog.MaxEvidenceLen-len([]rune(before)))})
	if n := len([]rune(f.area.Value())); n != catalog.MaxEvidenceLen {
		t.Fatalf("a paste up to the limit gave %d characters", n)
	}
	h.wantView("8,000/8,000 characters")
	h.typeText("z")
	h.send(tea.PasteMsg{Content: "more"})
	h.press("enter")
	if n := len([]rune(f.area.Value())); n != catalog.MaxEvidenceLen {
		t.Fatalf("text past the limit was taken: %d characters", n)
	}
	h.wantView("takes at most 8,000 characters")

	h = newFixtureHarness(t, 100, 30, catalog.EN)
	h.press("tab", "tab", "e")
	f = h.m.c.dialogs.top().(*textForm)
	before = f.area.Value()
	h.send(tea.PasteMsg{Content: strings.Repeat("x", catalog.MaxEvidenceLen)})
	if f.area.Value() != before {
		t.Fatal("a paste past the limit was cut to fit")
	}
	h.wantView("takes at most 8,000 characters")
}
