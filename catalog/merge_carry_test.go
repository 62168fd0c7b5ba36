package catalog

import (
	"context"
	"testing"
)

// A cycle the laptop started with carry-over while the CISO changed the cycle it was carried
// from: the new cycle here starts from the CISO's merged values, not the laptop's stale copy;
// a score re-assessed on the laptop in the new cycle stays as the file has it.
func TestMergeNewCycleCarriesMergedValues(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name       string
		policy     MergePolicy
		reassessA1 bool // the laptop re-assesses A-1 in the new cycle
		cisoBuild  bool // the CISO changes a Build setting of the first cycle
		want       map[string]string
		wantScores int
		wantBuild  int
	}{
		{"skip", MergeSkip, false, false, map[string]string{"A-1": "2", "B-1": "4", "D-5": "3"}, 3, 0},
		{"overwrite", MergeOverwrite, false, false, map[string]string{"A-1": "2", "B-1": "5", "D-5": "3"}, 3, 0},
		{"re-assessed stays", MergeSkip, true, false, map[string]string{"A-1": "4", "B-1": "4", "D-5": "3"}, 2, 0},
		{"build changed here", MergeSkip, false, true, map[string]string{"A-1": "2", "B-1": "4", "D-5": "3"}, 3, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLaptop(t)
			score(t, l.lap, l.lapC.ID, "B-1", 5) // in conflict with the CISO's 4
			if err := l.lap.CloseCycle(ctx, l.lapC.ID); err != nil {
				t.Fatal(err)
			}
			c2, err := l.lap.StartCycle(ctx, l.lapOrgID, NewCycle{Name: "Cycle 2", CarryOver: true})
			if err != nil {
				t.Fatal(err)
			}
			if tt.reassessA1 {
				score(t, l.lap, c2.ID, "A-1", 4)
			}
			score(t, l.ciso, l.cisoC.ID, "B-1", 4)
			three, ev := 3, "restore test done"
			if _, err := l.ciso.SetAssessment(ctx, l.cisoC.ID, "D-5", AssessmentPatch{Score: &three, Evidence: &ev}); err != nil {
				t.Fatal(err)
			}
			if tt.cisoBuild {
				target := 5
				if _, err := l.ciso.SetBuild(ctx, l.cisoC.ID, []string{"C-2"}, BuildPatch{Target: &target}); err != nil {
					t.Fatal(err)
				}
			}
			plan, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Carried) != 1 || plan.Carried[0] != (MergeCarry{Cycle: "Cycle 2", From: l.cisoC.Name, Scores: tt.wantScores, Build: tt.wantBuild}) {
				t.Errorf("carried %+v, want %d scores and %d Build settings from %s", plan.Carried, tt.wantScores, tt.wantBuild, l.cisoC.Name)
			}
			if _, err := l.ciso.ApplyMerge(ctx, plan, tt.policy); err != nil {
				t.Fatal(err)
			}
			if got := current(t, l.ciso, l.cisoC.ID, "D-5"); got != "3" {
				t.Errorf("the first cycle's D-5 is %s, want the CISO's 3", got)
			}
			nc, err := l.ciso.CycleByUUID(ctx, c2.UUID)
			if err != nil {
				t.Fatal(err)
			}
			data, err := l.ciso.CycleData(ctx, nc.ID)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range tt.want {
				sv, _ := data.Service(id)
				if got := scoreWord(sv.Current); got != want {
					t.Errorf("the new cycle's %s is %s, want %s", id, got, want)
				}
				if carried := !(tt.reassessA1 && id == "A-1"); sv.CarriedOver != carried {
					t.Errorf("the new cycle's %s carried over: %v, want %v", id, sv.CarriedOver, carried)
				}
			}
			if sv, _ := data.Service("D-5"); sv.Evidence != ev {
				t.Errorf("the new cycle's D-5 evidence is %q, want the CISO's %q", sv.Evidence, ev)
			}
			again, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
			if err != nil || !again.Empty() {
				t.Errorf("a second check-in: %+v, %v", again, err)
			}
		})
	}
}

// Edits the check-in does not apply (of an action held here, the organisation, the name of a
// cycle held here) are counted in the plan and their log entries are not brought in, so the
// log never says what the data does not, and the next check-in still shows them.
func TestMergeUnappliedEditsAreNotLogged(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name      string
		edit      func(t *testing.T, l *laptop, actionID int64)
		entity    Entity
		field     Field
		wantNames int
		wantActs  int
	}{
		{"action owner", func(t *testing.T, l *laptop, id int64) {
			owner := "Bob"
			if _, err := l.lap.UpdateAction(ctx, id, ActionPatch{Owner: &owner}); err != nil {
				t.Fatal(err)
			}
		}, EntityAction, FieldOwner, 0, 1},
		{"action status", func(t *testing.T, l *laptop, id int64) {
			st := ActionDone
			if _, err := l.lap.UpdateAction(ctx, id, ActionPatch{Status: &st}); err != nil {
				t.Fatal(err)
			}
		}, EntityAction, FieldStatus, 0, 1},
		{"cycle name", func(t *testing.T, l *laptop, _ int64) {
			if _, err := l.lap.RenameCycle(ctx, l.lapC.ID, "FY-laptop"); err != nil {
				t.Fatal(err)
			}
		}, EntityCycle, FieldName, 1, 0},
		{"organisation name", func(t *testing.T, l *laptop, _ int64) {
			name := "Acme laptop"
			if err := l.lap.UpdateOrg(ctx, l.lapOrgID, OrgPatch{Name: &name}); err != nil {
				t.Fatal(err)
			}
		}, EntityOrganisation, FieldName, 1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLaptop(t)
			a, err := l.lap.AddAction(ctx, Action{OrgID: l.lapOrgID, CycleID: l.lapC.ID, Title: "Patch the VPN"})
			if err != nil {
				t.Fatal(err)
			}
			first, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.ciso.ApplyMerge(ctx, first, MergeStop); err != nil {
				t.Fatal(err)
			}
			tt.edit(t, l, a.ID)
			for round := 1; round <= 2; round++ {
				plan, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
				if err != nil {
					t.Fatal(err)
				}
				if plan.NotMerged != (NotMerged{Actions: tt.wantActs, Names: tt.wantNames}) || plan.NewChanges != 0 {
					t.Errorf("round %d: not merged %+v, %d entries brought in; want %d action edits, %d name edits, none brought in",
						round, plan.NotMerged, plan.NewChanges, tt.wantActs, tt.wantNames)
				}
				if _, err := l.ciso.ApplyMerge(ctx, plan, MergeStop); err != nil {
					t.Fatal(err)
				}
			}
			log, err := l.ciso.Changes(ctx, ChangeQuery{OrgID: l.cisoOrg.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range log {
				if c.Entity == tt.entity && c.Field == tt.field {
					t.Errorf("the log here holds %s %s %s -> %s, which the check-in did not apply", c.Entity, c.Field, c.Old, c.New)
				}
			}
		})
	}
}
