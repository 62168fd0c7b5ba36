package catalog

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Cycle names are looked up without regard to case, so they must be unique that way too.
func TestCycleNamesUniqueIgnoringCase(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "cdc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, _, err := s.AddOrg(ctx, NewOrg{Name: "Acme", FirstCycle: "FY2026"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.StartCycle(ctx, o.ID, NewCycle{Name: "fy2026"})
	if err == nil || !strings.Contains(err.Error(), `cycle "fy2026" already exists`) {
		t.Fatalf("got %v, want a refusal", err)
	}
}
