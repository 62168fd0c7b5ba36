package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The keys that delete the word after the cursor. bubbles' textinput panics on them when the
// cursor is on the last character (charmbracelet/bubbles#1056); esc then d arrives as alt+d.
var wordDeletionKeys = []tea.KeyPressMsg{
	{Code: 'd', Mod: tea.ModAlt},
	{Code: tea.KeyDelete, Mod: tea.ModAlt},
	{Code: tea.KeyDelete, Mod: tea.ModCtrl},
}

// deleteWordsEverywhere types "ab" in every text field of the dialog on top, puts the cursor
// on the last character and sends every word-deletion key: nothing panics, and the word after
// the cursor goes.
func deleteWordsEverywhere(t *testing.T, h *harness, what string) {
	t.Helper()
	switch d := h.m.c.dialogs.top().(type) {
	case *form:
		for i, fd := range d.fields {
			if fd.Options != nil {
				continue
			}
			for d.focus != i {
				h.press("tab")
			}
			for _, k := range wordDeletionKeys {
				h.typeText("ab")
				h.press("left")
				h.send(k)
				if v := d.inputs[i].Value(); !strings.HasSuffix(v, "a") || strings.HasSuffix(v, "ab") {
					t.Errorf("%s, field %s, %s: the word after the cursor was not deleted: %q", what, fd.Key, k, v)
				}
				h.press("backspace")
			}
		}
	case *textForm:
		for _, k := range wordDeletionKeys {
			h.typeText("ab")
			h.press("left")
			h.send(k)
			if v := d.area.Value(); !strings.HasSuffix(v, "a") || strings.HasSuffix(v, "ab") {
				t.Errorf("%s, %s: the word after the cursor was not deleted: %q", what, k, v)
			}
			h.press("backspace")
		}
	default:
		t.Fatalf("%s: no text dialog is open:\n%s", what, h.view())
	}
	for !h.m.c.dialogs.empty() {
		h.press("esc")
	}
}

// filterWords does the same on a list's filter line.
func filterWords(t *testing.T, h *harness, what string) {
	t.Helper()
	h.press("/")
	for _, k := range wordDeletionKeys {
		h.typeText("ab")
		h.press("left")
		h.send(k)
		h.wantView("/ a ")
		h.press("backspace")
	}
	h.press("esc")
}

func TestWordDeletionKeysInEveryField(t *testing.T) {
	h := newHarness(t, 100, 30, catalog.EN)
	h.press("n")
	deleteWordsEverywhere(t, h, "new organisation")

	h = newFixtureHarness(t, 120, 40, catalog.EN)
	filterWords(t, h, "Build filter")
	h.press("p")
	deleteWordsEverywhere(t, h, "provider")
	h.press("l", "o")
	deleteWordsEverywhere(t, h, "level reason")
	h.press("tab", "tab")
	filterWords(t, h, "Evaluate filter")
	h.press("e")
	deleteWordsEverywhere(t, h, "evidence")
	h.press("shift+tab", "1", "n")
	deleteWordsEverywhere(t, h, "new action")
	h.press("2", "n")
	deleteWordsEverywhere(t, h, "new review")
	h.press("3", "n")
	deleteWordsEverywhere(t, h, "next cycle")
	h.press("tab", "tab", "enter")
	deleteWordsEverywhere(t, h, "report file")
	h.press("up", "up", "up", "up", "down", "down", "down", "enter")
	deleteWordsEverywhere(t, h, "import file")
	h.press("esc", "esc")
	h.wantView("Organisations")
	filterWords(t, h, "organisation filter")
	h.press("r")
	deleteWordsEverywhere(t, h, "rename")
}
