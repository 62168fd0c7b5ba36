package catalog

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// demoShape strips IDs and times so two demo loads can be compared.
func demoShape(t *testing.T, s *Store, orgID int64) []any {
	t.Helper()
	ctx := context.Background()
	hist, err := s.History(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	var out []any
	for _, d := range hist {
		out = append(out, d.Cycle.Name, d.Cycle.Status)
		for _, st := range d.Services {
			st.AssessedAt, st.Assessor = nil, ""
			out = append(out, st)
		}
		acts, err := s.Actions(ctx, orgID, ActionFilter{CycleID: d.Cycle.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			out = append(out, a.ServiceID, a.Title, a.Horizon, a.Owner, a.Due, a.Status, a.Notes)
		}
		revs, err := s.Reviews(ctx, d.Cycle.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range revs {
			out = append(out, r.HeldOn, r.Kind, r.Notes)
		}
	}
	return out
}

func TestLoadDemoTwiceLeavesOneDeterministicOrg(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, _, err := s.AddOrg(ctx, NewOrg{Name: "Other Ministry"}); err != nil {
		t.Fatal(err)
	}
	first, err := s.LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shape1 := demoShape(t, s, first.ID)
	second, err := s.LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := s.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	demos := 0
	for _, o := range orgs {
		if o.Name == DemoOrgName {
			demos++
		}
	}
	if demos != 1 || len(orgs) != 2 {
		t.Fatalf("want one %s beside the other organisation, got %+v", DemoOrgName, orgs)
	}
	if shape2 := demoShape(t, s, second.ID); !reflect.DeepEqual(shape1, shape2) {
		t.Fatal("two demo loads differ")
	}
	// The demo is refreshed in place: same ID and UUID, same cycle UUIDs.
	if second.ID != first.ID || second.UUID != first.UUID {
		t.Fatalf("the refreshed demo is %d %s, was %d %s", second.ID, second.UUID, first.ID, first.UUID)
	}
}

// Refreshing the demo keeps its identity, its cycles' identities and its grants, and throws
// away what was changed in it; DemoChanges counts those changes first.
func TestLoadDemoRefreshesInPlace(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	first, err := s.LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shape := demoShape(t, s, first.ID)
	cycles1, err := s.Cycles(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if exists, n, err := s.DemoChanges(ctx); err != nil || !exists || n != 0 {
		t.Fatalf("fresh demo: exists %v, %d changes, %v", exists, n, err)
	}
	if _, err := s.AddUser(ctx, NewUser{Name: "amina", Role: RoleAssessor, Keys: []string{testKey(t, "")}, OrgIDs: []int64{first.ID}}); err != nil {
		t.Fatal(err)
	}
	open := cycles1[len(cycles1)-1]
	five := 5
	if _, err := s.SetAssessment(ctx, open.ID, "B-1", AssessmentPatch{Score: &five}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartCycle(ctx, first.ID, NewCycle{Name: "FY2027"}); err != nil { // the refresh removes it
		t.Fatal(err)
	}
	if exists, n, err := s.DemoChanges(ctx); err != nil || !exists || n == 0 {
		t.Fatalf("changed demo: exists %v, %d changes, %v", exists, n, err)
	}
	second, err := s.LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID != first.ID || second.UUID != first.UUID {
		t.Fatalf("refreshed demo is %d %s, was %d %s", second.ID, second.UUID, first.ID, first.UUID)
	}
	cycles2, err := s.Cycles(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cycles2) != len(cycles1) {
		t.Fatalf("refreshed demo has %d cycles, want %d", len(cycles2), len(cycles1))
	}
	for i := range cycles1 {
		if cycles2[i].Name != cycles1[i].Name || cycles2[i].UUID != cycles1[i].UUID {
			t.Fatalf("cycle %d: %s %s, was %s %s", i, cycles2[i].Name, cycles2[i].UUID, cycles1[i].Name, cycles1[i].UUID)
		}
	}
	if got := demoShape(t, s, second.ID); !reflect.DeepEqual(got, shape) {
		t.Fatal("the refreshed demo differs from a fresh one")
	}
	u, err := s.FindUser(ctx, "amina")
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Orgs) != 1 || u.Orgs[0].ID != first.ID {
		t.Fatalf("grant lost: %+v", u.Orgs)
	}
	if _, n, _ := s.DemoChanges(ctx); n != 0 {
		t.Fatalf("after the refresh %d changes are counted", n)
	}
}

func TestLoadDemoContent(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, err := s.LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if o.Sector != "Government" || o.Country != "Kenya" || o.Size != 1200 {
		t.Errorf("organisation details: %+v", o)
	}
	hist, err := s.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 {
		t.Fatalf("want 2 cycles, got %d", len(hist))
	}
	fy25, fy26 := hist[0], hist[1]
	if fy25.Cycle.Name != "FY2025" || fy25.Cycle.Status != CycleClosed || fy26.Cycle.Name != "FY2026" || fy26.Cycle.Status != CycleOpen {
		t.Fatalf("cycles: %+v / %+v", fy25.Cycle, fy26.Cycle)
	}
	day := func(tm *time.Time) string {
		if tm == nil {
			return ""
		}
		return tm.Format("2006-01-02")
	}
	if day(&fy25.Cycle.StartedAt) != "2024-07-01" || day(fy25.Cycle.ClosedAt) != "2025-06-30" || day(&fy26.Cycle.StartedAt) != "2025-07-01" {
		t.Errorf("cycle dates: FY2025 %s to %s, FY2026 from %s", day(&fy25.Cycle.StartedAt), day(fy25.Cycle.ClosedAt), day(&fy26.Cycle.StartedAt))
	}
	for _, st := range fy26.Services {
		want := "2026-01-15"
		if st.CarriedOver {
			want = "2025-05-20"
		}
		if st.Assessed() && day(st.AssessedAt) != want {
			t.Errorf("%s assessed on %s, want %s", st.ID, day(st.AssessedAt), want)
		}
	}
	if len(demoServices) != len(fy26.Services) {
		t.Fatalf("demo covers %d services, the pack has %d", len(demoServices), len(fy26.Services))
	}
	for i, d := range demoServices {
		if fy26.Services[i].ID != d.id {
			t.Fatalf("demo row %d is %s, the pack has %s there", i, d.id, fy26.Services[i].ID)
		}
	}

	kinds := map[Assignment]int{}
	var carried, reassessed, outOfScope, overrides int
	targetSum := map[Level]int{}
	targetN := map[Level]int{}
	for _, st := range fy26.Services {
		kinds[st.Assignment]++
		if st.Target == nil {
			t.Errorf("%s has no target", st.ID)
		} else if st.InScope {
			targetSum[st.Level] += *st.Target
			targetN[st.Level]++
		}
		if st.CarriedOver {
			carried++
		} else if st.Assessed() {
			reassessed++
		}
		if !st.InScope {
			outOfScope++
		}
		if st.LevelOverridden {
			overrides++
			if st.LevelReason == "" {
				t.Errorf("%s: level override without a reason", st.ID)
			}
		}
		if st.Assignment.Provided() && st.Provider == "" {
			t.Errorf("%s is assigned %s without a provider", st.ID, st.Assignment)
		}
		if st.Assessed() && st.Evidence == "" {
			t.Errorf("%s is scored without evidence", st.ID)
		}
	}
	for _, a := range Assignments {
		if kinds[a] == 0 {
			t.Errorf("no service assigned %s", a)
		}
	}
	mandatoryGap := false
	for _, st := range fy26.Services {
		mandatoryGap = mandatoryGap || (st.InScope && st.Level == Mandatory && !st.Assignment.Provided())
	}
	if !mandatoryGap {
		t.Error("the demo should show a mandatory service that is not provided")
	}
	if carried == 0 || reassessed == 0 {
		t.Errorf("FY2026 should mix carried-over (%d) and re-assessed (%d) scores", carried, reassessed)
	}
	if outOfScope != len(demoOutOfScope) || overrides != len(demoLevels) {
		t.Errorf("out of scope %d, overrides %d", outOfScope, overrides)
	}
	mean := func(l Level) float64 { return float64(targetSum[l]) / float64(targetN[l]) }
	if !(mean(Mandatory) > mean(Recommended) && mean(Recommended) > mean(Optional)) {
		t.Errorf("mean targets should fall with the level: M %.2f R %.2f O %.2f", mean(Mandatory), mean(Recommended), mean(Optional))
	}

	// FY2026 changes against FY2025 in both directions.
	var improved, declined int
	for i, st := range fy26.Services {
		old := fy25.Services[i]
		if st.Current == nil || old.Current == nil {
			continue
		}
		switch {
		case *st.Current > *old.Current:
			improved++
		case *st.Current < *old.Current:
			declined++
		}
	}
	if improved == 0 || declined == 0 {
		t.Errorf("want improved and declined services, got %d / %d", improved, declined)
	}

	acts, err := s.Actions(ctx, o.ID, ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) < 6 || len(acts) > 8 {
		t.Errorf("want 6-8 actions, got %d", len(acts))
	}
	statuses := map[ActionStatus]bool{}
	horizons := map[Horizon]bool{}
	for _, a := range acts {
		statuses[a.Status] = true
		horizons[a.Horizon] = true
	}
	if len(statuses) < 3 || len(horizons) != 2 {
		t.Errorf("actions should vary: statuses %v horizons %v", statuses, horizons)
	}
	reviews := 0
	for _, d := range hist {
		rs, err := s.Reviews(ctx, d.Cycle.ID)
		if err != nil {
			t.Fatal(err)
		}
		reviews += len(rs)
	}
	if reviews < 2 || reviews > 3 {
		t.Errorf("want 2-3 reviews, got %d", reviews)
	}

	changes, err := s.Changes(ctx, ChangeQuery{OrgID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Source != demoSource {
			t.Fatalf("change %+v not tagged %q", c, demoSource)
		}
	}
}

func TestLoadDemoFailureChangesNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, err := s.LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := demoShape(t, s, o.ID)
	saved := demoActions
	demoActions = append([]demoAction{{cycle: 2, title: "Broken", due: "31/12/2026"}}, saved...)
	defer func() { demoActions = saved }()
	if _, err := s.LoadDemo(ctx); err == nil {
		t.Fatal("a broken demo loaded")
	}
	orgs, err := s.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1 || orgs[0].ID != o.ID {
		t.Fatalf("a failed refresh changed the organisations: %+v", orgs)
	}
	if after := demoShape(t, s, o.ID); !reflect.DeepEqual(before, after) {
		t.Fatal("a failed refresh changed the demo")
	}
}
