package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// A name holding an escape sequence is shown as text: the sequence never reaches the terminal.
func TestNamesDrawnThroughTheSanitiser(t *testing.T) {
	s := newStore(t)
	// The store refuses such a name, so it is written as another program might have written it.
	o, _, err := s.AddOrg(context.Background(), catalog.NewOrg{Name: "Evil"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec("UPDATE organisations SET name = ?, sector = ? WHERE id = ?", "Evil\x1b[31mRed\x1b]8;;http://x\x07", "a\rb", o.ID); err != nil {
		t.Fatal(err)
	}
	h := newHarnessStore(t, s, 80, 24, catalog.EN)
	raw := h.m.View().Content
	if strings.Contains(raw, "\x1b[31mRed") || strings.Contains(raw, "\x1b]8;;") || strings.Contains(raw, "\r") {
		t.Fatalf("a control sequence from the database reached the screen: %q", raw)
	}
	h.wantView("Evil␛[31mRed")
	h.press("enter")
	if strings.Contains(h.m.View().Content, "\x1b[31mRed") {
		t.Fatal("the workspace header prints the raw name")
	}
}

// Every form refuses a control character and names the field.
func TestFormRefusesControlCharacters(t *testing.T) {
	h := newHarness(t, 80, 24, catalog.EN)
	f := newForm(h.m.c, "New", nil, field{Key: "name", Label: "Name", Value: "a\u202eb"})
	if f.validate() {
		t.Fatal("a control character was accepted")
	}
	if !strings.Contains(f.err, "Name: character 2 is a control character") {
		t.Fatalf("message %q does not name the field and position", f.err)
	}
	saved := false
	tf := newTextForm(h.m.c, "Evidence", "line one\nline\u202etwo", func(string) tea.Cmd { saved = true; return nil })
	if tf.Update(keyMsg("ctrl+s")); saved {
		t.Fatal("a control character in a text area was accepted")
	}
}
