package catalog

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestSetAssessmentEvidenceWas(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "cdc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	first, second, mine := "first", "second", "mine"
	if _, err := s.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Evidence: &first}); err != nil {
		t.Fatal(err)
	}
	// Started from "first" and nobody changed it: saved.
	if n, err := s.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Evidence: &second, EvidenceWas: &first}); err != nil || n != 1 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	// Started from "first" but it is now "second": refused, nothing written.
	_, err = s.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Evidence: &mine, EvidenceWas: &first})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	d, err := s.CycleData(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sv, _ := d.Service("A-1"); sv.Evidence != second {
		t.Fatalf("evidence %q, want %q", sv.Evidence, second)
	}
}
