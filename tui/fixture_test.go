package tui

import (
	"context"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// fixtureName is the organisation of the golden views. Its data is made here, not taken
// from the demo, so the goldens change only when the screens do.
const fixtureName = "Kaiun Bank"

// addFixture creates the fixture organisation: a closed FY2025 and an open FY2026 that carries
// scores over and re-assesses a third of them.
func addFixture(t testing.TB, s *catalog.Store) {
	t.Helper()
	ctx := context.Background()
	o, c1, err := s.AddOrg(ctx, catalog.NewOrg{Name: fixtureName, Sector: "Finance", Country: "Japan", Size: 1200, FirstCycle: "FY2025"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CycleData(ctx, c1.ID)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(ctx, "test", func(tx *catalog.Tx) error {
		for i, sv := range d.Services {
			a := catalog.Assignments[i%len(catalog.Assignments)]
			prov := map[catalog.Assignment]string{catalog.AssignCDC: "CDC team", catalog.AssignInternal: "IT Operations",
				catalog.AssignExternal: "Acme MSSP", catalog.AssignShared: "Acme MSSP"}[a]
			target := 1 + i%5
			in := i%17 != 16
			p := catalog.BuildPatch{Assignment: &a, Provider: &prov, Target: &target, InScope: &in}
			if _, err := tx.SetBuild(c1.ID, []string{sv.ID}, p); err != nil {
				return err
			}
			if i%7 == 3 {
				continue // not assessed
			}
			score := i % 6
			ev := ""
			if i%4 == 0 {
				ev = "Reviewed in the quarterly check of " + sv.ID
			}
			if _, err := tx.SetAssessment(c1.ID, sv.ID, catalog.AssessmentPatch{Score: &score, Evidence: &ev}); err != nil {
				return err
			}
		}
		lv := catalog.Optional
		_, err := tx.SetBuild(c1.ID, []string{"C-2"}, catalog.BuildPatch{Level: &lv, Reason: "done by the group CSIRT"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCycle(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	c2, err := s.StartCycle(ctx, o.ID, catalog.NewCycle{Name: "FY2026", CarryOver: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, sv := range d.Services {
		if i%3 != 0 || i%7 == 3 {
			continue
		}
		v := min(i%6+1, 5)
		if _, err := s.SetAssessment(ctx, c2.ID, sv.ID, catalog.AssessmentPatch{Score: &v}); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureStore is a store holding the fixture, with the data of its open cycle, FY2026.
func fixtureStore(t testing.TB) (*catalog.Store, *catalog.CycleData) {
	t.Helper()
	s := newStore(t)
	addFixture(t, s)
	ctx := context.Background()
	o, err := s.FindOrg(ctx, fixtureName)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.FindCycle(ctx, o.ID, "FY2026")
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CycleData(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return s, d
}

// newFixtureHarness opens the fixture organisation's workspace.
func newFixtureHarness(t testing.TB, w, h int, lang catalog.Lang) *harness {
	t.Helper()
	s := newStore(t)
	addFixture(t, s)
	hs := newHarnessStore(t, s, w, h, lang)
	hs.press("enter", "tab") // the workspace opens on the Overview; most tests start on Build
	hs.workspace()
	return hs
}
