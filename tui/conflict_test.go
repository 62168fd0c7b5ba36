package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Evidence saved by another program while the editor is open is not overwritten:
// the editor stays open with the user's text and says why nothing was saved.
func TestEvidenceEditorRefusesOvertakenEdit(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	_, c, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Acme Bank"})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessStore(t, s, 80, 24, catalog.EN)
	h.press("enter", "tab", "tab", "tab")
	h.wantView("Scores for A-1")
	h.press("e")
	h.typeText("my note")

	other := "written by another window"
	if _, err := s.SetAssessment(ctx, c.ID, "A-1", catalog.AssessmentPatch{Evidence: &other}); err != nil {
		t.Fatal(err)
	}
	h.press("ctrl+s")
	h.wantView("changed elsewhere", "my note")
	d, err := s.CycleData(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sv, _ := d.Service("A-1"); sv.Evidence != other {
		t.Fatalf("evidence %q, want the other window's %q", sv.Evidence, other)
	}
}

// esc over typed text asks first; a second esc throws the text away.
func TestEvidenceEditorEscWarnsBeforeDiscarding(t *testing.T) {
	s := newStore(t)
	if _, _, err := s.AddOrg(context.Background(), catalog.NewOrg{Name: "Acme Bank"}); err != nil {
		t.Fatal(err)
	}
	h := newHarnessStore(t, s, 80, 24, catalog.EN)
	h.press("enter", "tab", "tab", "tab", "e")
	h.typeText("half a note")
	h.press("esc")
	h.wantView("esc again throws your changes away", "half a note")
	h.press("esc")
	if strings.Contains(h.view(), "half a note") {
		t.Fatal("the editor stayed open after the second esc")
	}
}

// ctrl+c over typed text in the evidence editor asks first, like esc; a second ctrl+c quits.
// The limit is shown with a counter.
func TestEvidenceEditorCtrlCAsks(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	h.press("tab", "tab", "e")
	h.wantView("/8,000 characters")
	h.typeText(" more")
	h.press("ctrl+c")
	if h.quit {
		t.Fatal("ctrl+c threw the typed text away")
	}
	h.wantView("ctrl+c again quits", "more")
	h.press("ctrl+c")
	if !h.quit {
		t.Fatal("a second ctrl+c did not quit")
	}

	// nothing typed: ctrl+c quits at once
	h = newFixtureHarness(t, 100, 30, catalog.EN)
	h.press("tab", "tab", "e", "ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c over an unchanged editor did not quit")
	}
}
