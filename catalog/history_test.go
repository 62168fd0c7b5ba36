package catalog

import (
	"context"
	"path/filepath"
	"testing"
)

// History keeps closed cycles between calls; what it returns must still be current.
func TestHistoryReusesClosedCycles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cdc.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	three := 3
	if _, err := s.SetAssessment(ctx, c1.ID, "A-1", AssessmentPatch{Score: &three}); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCycle(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartCycle(ctx, o.ID, NewCycle{}); err != nil {
		t.Fatal(err)
	}
	first, err := s.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	name := "Acme Renamed"
	if err := s.UpdateOrg(ctx, o.ID, OrgPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	second, err := s.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(second) != 2 || second[0].Org.Name != name || second[1].Org.Name != name {
		t.Fatalf("history after rename: %q, %q", second[0].Org.Name, second[1].Org.Name)
	}
	if sv, _ := second[0].Service("A-1"); sv.Current == nil || *sv.Current != 3 {
		t.Fatalf("closed cycle lost its score: %+v", sv)
	}
	if &first[0].Services[0] != &second[0].Services[0] {
		t.Error("closed cycle was read again instead of reused")
	}

	// Another program removes the organisation and creates one whose cycle may take the same ID.
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.RemoveOrg(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	o2, c, err := other.AddOrg(ctx, NewOrg{Name: "Beta"})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.CloseCycle(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, o2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sv, _ := h[0].Service("A-1"); sv.Current != nil {
		t.Fatalf("a new organisation's closed cycle shows another's score: %+v", sv)
	}
}

// The closed-cycle cache holds at most maxClosedCycles cycles and drops the least recently used.
func TestClosedCycleCacheBounded(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	defer func(n int) { maxClosedCycles = n }(maxClosedCycles)
	maxClosedCycles = 2
	o, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{c.ID}
	for range 3 {
		if err := s.CloseCycle(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if c, err = s.StartCycle(ctx, o.ID, NewCycle{}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if _, err := s.History(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(s.closed); n != 2 {
		t.Fatalf("cache holds %d closed cycles, want 2", n)
	}
	// History reads oldest first, so the two newest closed cycles stay.
	if _, ok := s.closed[ids[0]]; ok {
		t.Error("the least recently used cycle was kept")
	}
	for _, id := range ids[1:3] {
		if _, ok := s.closed[id]; !ok {
			t.Errorf("cycle %d dropped", id)
		}
	}
}
