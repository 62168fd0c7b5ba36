package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Every word-deletion key, forward and backward.
var allWordKeys = append([]tea.KeyPressMsg{
	{Code: 'w', Mod: tea.ModCtrl},
	{Code: tea.KeyBackspace, Mod: tea.ModAlt},
}, wordDeletionKeys...)

// wordKeysAtEveryPlace sends every word-deletion key with the cursor at the end, the start
// and the middle of a two-word text, in whatever the dialog on top is: nothing panics and
// the dialog stays open.
func wordKeysAtEveryPlace(t *testing.T, h *harness, what string) {
	t.Helper()
	top := h.m.c.dialogs.top()
	if top == nil {
		t.Fatalf("%s: no dialog is open:\n%s", what, h.view())
	}
	_, isPicker := top.(*picker)
	for _, k := range allWordKeys {
		if isPicker { // a picker has no text: letters are its shortcuts
			h.send(k)
			if h.m.c.dialogs.top() != top {
				t.Fatalf("%s, %s: the picker closed", what, k)
			}
			continue
		}
		for _, place := range []string{"end", "start", "middle"} {
			h.typeText("ab cd")
			switch place {
			case "start":
				h.send(tea.KeyPressMsg{Code: tea.KeyHome})
				h.send(tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl})
			case "middle":
				h.press("left", "left", "left")
			}
			h.send(k)
			if h.m.c.dialogs.top() != top {
				t.Fatalf("%s, %s at the %s: the dialog closed", what, k, place)
			}
			h.send(tea.KeyPressMsg{Code: tea.KeyEnd})
			h.send(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
		}
	}
}

func TestWordDeletionKeysEveryFieldKind(t *testing.T) {
	h := newFixtureHarness(t, 120, 40, catalog.EN)
	// one-line fields
	h.press("p")
	wordKeysAtEveryPlace(t, h, "provider")
	h.press("tab")
	wordKeysAtEveryPlace(t, h, "contract")
	h.press("esc")
	// a picker, and the reason form it opens
	h.press("l")
	wordKeysAtEveryPlace(t, h, "level picker")
	h.press("o")
	wordKeysAtEveryPlace(t, h, "level reason")
	h.press("esc")
	// the filter and sort pickers
	h.press("f")
	wordKeysAtEveryPlace(t, h, "filter picker")
	h.press("esc", "o")
	wordKeysAtEveryPlace(t, h, "sort picker")
	h.press("esc")
	// the list filter line
	h.press("/")
	for _, k := range allWordKeys {
		h.typeText("ab cd")
		h.press("left", "left", "left")
		h.send(k)
	}
	h.press("esc")
	// the multi-line editor, with a second line
	h.press("tab", "tab", "e", "enter")
	wordKeysAtEveryPlace(t, h, "evidence")
	// a choice field: the report form's language
	for !h.m.c.dialogs.empty() {
		h.press("esc")
	}
	h.press("tab", "enter", "tab")
	wordKeysAtEveryPlace(t, h, "choice field")
}
