package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// laptop is the consultant's copy: the CISO's database exported and restored on a laptop.
type laptop struct {
	ciso, lap   *Store
	cisoOrg     Organisation
	cisoC, lapC Cycle
	lapOrgID    int64
}

func newLaptop(t *testing.T) *laptop {
	t.Helper()
	ctx := context.Background()
	ciso, _ := openTest(t)
	ciso.Actor = "ciso"
	o, c, err := ciso.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	for id, v := range map[string]int{"A-1": 2, "B-1": 2, "D-5": 1} {
		if _, err := ciso.SetAssessment(ctx, c.ID, id, AssessmentPatch{Score: &v}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := ciso.DumpOrg(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	lap, err := Open(ctx, filepath.Join(t.TempDir(), "laptop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lap.Close() })
	lap.Actor = "consultant"
	lo, err := lap.RestoreOrg(ctx, roundTrip(t, d), ImportSource("ciso.json"))
	if err != nil {
		t.Fatal(err)
	}
	lc, err := lap.FindCycle(ctx, lo.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return &laptop{ciso: ciso, lap: lap, cisoOrg: o, cisoC: c, lapC: lc, lapOrgID: lo.ID}
}

// roundTrip passes a dump through JSON, as a file does.
func roundTrip(t *testing.T, d *OrgDump) *OrgDump {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var out OrgDump
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func score(t *testing.T, s *Store, cycleID int64, id string, v int) {
	t.Helper()
	if _, err := s.SetAssessment(context.Background(), cycleID, id, AssessmentPatch{Score: &v}); err != nil {
		t.Fatal(err)
	}
}

func current(t *testing.T, s *Store, cycleID int64, id string) string {
	t.Helper()
	d, err := s.CycleData(context.Background(), cycleID)
	if err != nil {
		t.Fatal(err)
	}
	sv, _ := d.Service(id)
	return scoreWord(sv.Current)
}

func (l *laptop) file(t *testing.T) *OrgDump {
	t.Helper()
	d, err := l.lap.DumpOrg(context.Background(), l.lapOrgID)
	if err != nil {
		t.Fatal(err)
	}
	return roundTrip(t, d)
}

// The laptop workflow: the CISO changes B-1, the laptop changes D-5; after the check-in B-1
// keeps the CISO's value and D-5 has the laptop's, and a second check-in changes nothing.
func TestMergeLaptopWorkflow(t *testing.T) {
	ctx := context.Background()
	l := newLaptop(t)
	score(t, l.ciso, l.cisoC.ID, "B-1", 4)
	score(t, l.lap, l.lapC.ID, "D-5", 3)
	if _, err := l.lap.AddAction(ctx, Action{CycleID: l.lapC.ID, ServiceID: "D-5", Title: "Write the playbook"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.lap.AddReview(ctx, Review{CycleID: l.lapC.ID, HeldOn: "2026-03-31", Kind: "on site"}); err != nil {
		t.Fatal(err)
	}
	file := l.file(t)
	plan, err := l.ciso.PlanMerge(ctx, file, "laptop.json")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]MergeField{
		"B-1": {Base: "2", File: "2", DB: "4"},
		"D-5": {Base: "1", File: "3", DB: "1", Take: true},
	}
	if len(plan.Fields) != len(want) {
		t.Fatalf("fields %+v, want B-1 and D-5", plan.Fields)
	}
	for _, f := range plan.Fields {
		w := want[f.Service]
		if f.Field != FieldCurrent || f.Base != w.Base || f.File != w.File || f.DB != w.DB || f.Take != w.Take || f.Conflict {
			t.Errorf("%s: %+v, want %+v", f.Service, f, w)
		}
	}
	if len(plan.NewActions) != 1 || plan.NewReviews != 1 || len(plan.NewCycles) != 0 || plan.NewChanges == 0 {
		t.Errorf("plan adds %v actions, %d reviews, %v cycles, %d changes", plan.NewActions, plan.NewReviews, plan.NewCycles, plan.NewChanges)
	}
	res, err := l.ciso.ApplyMerge(ctx, plan, MergeStop)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fields != 1 || res.Actions != 1 || res.Reviews != 1 {
		t.Errorf("result %+v", res)
	}
	if got := current(t, l.ciso, l.cisoC.ID, "B-1"); got != "4" {
		t.Errorf("B-1 is %s after the check-in, want the CISO's 4", got)
	}
	if got := current(t, l.ciso, l.cisoC.ID, "D-5"); got != "3" {
		t.Errorf("D-5 is %s after the check-in, want the laptop's 3", got)
	}
	// The laptop's entries came in with their author and time, marked imported.
	imported, err := l.ciso.Changes(ctx, ChangeQuery{OrgID: l.cisoOrg.ID, Service: "D-5"})
	if err != nil {
		t.Fatal(err)
	}
	var fromLaptop int
	for _, c := range imported {
		if c.Who == "consultant" {
			fromLaptop++
			if c.ImportedFrom != "laptop.json" {
				t.Errorf("the laptop's entry %+v is not marked imported from laptop.json", c)
			}
		}
	}
	if fromLaptop != 1 {
		t.Errorf("%d of the laptop's D-5 entries came in, want 1: %+v", fromLaptop, imported)
	}
	local, _ := l.ciso.Changes(ctx, ChangeQuery{OrgID: l.cisoOrg.ID, Service: "D-5", LocalOnly: true})
	for _, c := range local {
		if c.Who == "consultant" {
			t.Errorf("an imported entry counts as local: %+v", c)
		}
	}
	// Twice changes nothing.
	again, err := l.ciso.PlanMerge(ctx, file, "laptop.json")
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Fatalf("a second check-in would change: %+v", again)
	}
	before, _ := l.ciso.Changes(ctx, ChangeQuery{OrgID: l.cisoOrg.ID})
	if _, err := l.ciso.ApplyMerge(ctx, again, MergeStop); err != nil {
		t.Fatal(err)
	}
	after, _ := l.ciso.Changes(ctx, ChangeQuery{OrgID: l.cisoOrg.ID})
	if len(after) != len(before) {
		t.Errorf("a second check-in logged %d entries", len(after)-len(before))
	}
	// And back: the CISO's file merged on the laptop takes B-1 and nothing else.
	d, _ := l.ciso.DumpOrg(ctx, l.cisoOrg.ID)
	back, err := l.lap.PlanMerge(ctx, roundTrip(t, d), "ciso.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Fields) != 1 || back.Fields[0].Service != "B-1" || !back.Fields[0].Take {
		t.Errorf("merging back: %+v", back.Fields)
	}
}

func TestMergeConflicts(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		policy MergePolicy
		want   string
		err    bool
	}{
		{"stop", MergeStop, "1", true},
		{"skip", MergeSkip, "1", false},
		{"overwrite", MergeOverwrite, "5", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLaptop(t)
			score(t, l.ciso, l.cisoC.ID, "A-1", 1)
			score(t, l.lap, l.lapC.ID, "A-1", 5)
			plan, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
			if err != nil {
				t.Fatal(err)
			}
			if plan.Conflicts() != 1 || plan.Fields[0].Base != "2" {
				t.Fatalf("plan %+v, want one conflict on A-1 from base 2", plan.Fields)
			}
			_, err = l.ciso.ApplyMerge(ctx, plan, tt.policy)
			var ce *MergeConflictError
			if tt.err != errors.As(err, &ce) || (!tt.err && err != nil) {
				t.Fatalf("apply: %v", err)
			}
			if got := current(t, l.ciso, l.cisoC.ID, "A-1"); got != tt.want {
				t.Errorf("A-1 is %s, want %s", got, tt.want)
			}
			if tt.policy != MergeSkip {
				return
			}
			// A skipped conflict brings no entry in: the log never says A-1 became 5 while it
			// is 1, and the next check-in meets the same conflict again.
			chs, _ := l.ciso.Changes(ctx, ChangeQuery{OrgID: l.cisoOrg.ID})
			for _, ch := range chs {
				if ch.Key == "A-1" && ch.New == "5" {
					t.Errorf("the skipped conflict was logged: %+v", ch)
				}
			}
			again, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
			if err != nil || again.Conflicts() != 1 {
				t.Errorf("the next check-in shows %d conflicts (%v), want the same 1", again.Conflicts(), err)
			}
		})
	}
}

func TestMergeNewCycle(t *testing.T) {
	ctx := context.Background()
	l := newLaptop(t)
	if err := l.lap.CloseCycle(ctx, l.lapC.ID); err != nil {
		t.Fatal(err)
	}
	c2, err := l.lap.StartCycle(ctx, l.lapOrgID, NewCycle{Name: "Cycle 2", CarryOver: true})
	if err != nil {
		t.Fatal(err)
	}
	score(t, l.lap, c2.ID, "A-1", 4)
	plan, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.NewCycles) != 1 || plan.NewCycles[0] != (MergeCycle{Name: "Cycle 2", UUID: c2.UUID, Status: CycleOpen}) {
		t.Fatalf("new cycles %v", plan.NewCycles)
	}
	// The laptop closed the first cycle and nobody changed its status here: the three-way
	// rule closes it here too, so one cycle is open after the check-in.
	if len(plan.Closes) != 1 || plan.Closes[0] != l.cisoC.Name || len(plan.OpenAfter) != 1 || plan.OpenAfter[0] != "Cycle 2" || len(plan.ClosedInFile) != 0 {
		t.Errorf("closes %v, open after %v, closed in the file %v", plan.Closes, plan.OpenAfter, plan.ClosedInFile)
	}
	if _, err := l.ciso.ApplyMerge(ctx, plan, MergeStop); err != nil {
		t.Fatal(err)
	}
	nc, err := l.ciso.CycleByUUID(ctx, c2.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if got := current(t, l.ciso, nc.ID, "A-1"); got != "4" {
		t.Errorf("the new cycle's A-1 is %s, want 4", got)
	}
	if c, err := l.ciso.CycleByUUID(ctx, l.cisoC.UUID); err != nil || c.Status != CycleClosed {
		t.Errorf("the cycle the laptop closed is %v here (%v)", c.Status, err)
	}
	again, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
	if err != nil || !again.Empty() {
		t.Errorf("a second check-in: %+v, %v", again, err)
	}
}

// A cycle the laptop closed stays open here when closing it here needs a person: its status
// was changed here since, or it has open short-term actions here to settle.
func TestMergeDoesNotCloseWhenAPersonMust(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		here    func(t *testing.T, l *laptop)
		actions int
	}{
		{"open short-term action here", func(t *testing.T, l *laptop) {
			if _, err := l.ciso.AddAction(ctx, Action{CycleID: l.cisoC.ID, Title: "Patch", Horizon: ShortTerm}); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"status changed here", func(t *testing.T, l *laptop) {
			if err := l.ciso.CloseCycle(ctx, l.cisoC.ID); err != nil {
				t.Fatal(err)
			}
			chs, err := l.ciso.Changes(ctx, ChangeQuery{OrgID: l.cisoOrg.ID, CycleID: l.cisoC.ID, Entities: []Entity{EntityCycle}})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range chs {
				if c.Field == FieldStatus && c.New == string(CycleClosed) {
					if _, err := l.ciso.Undo(ctx, []int64{c.ID}, nil); err != nil {
						t.Fatal(err)
					}
				}
			}
			if c, _ := l.ciso.CycleByUUID(ctx, l.cisoC.UUID); c.Status != CycleOpen {
				t.Fatal("the close was not undone")
			}
		}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLaptop(t)
			tt.here(t, l)
			if err := l.lap.CloseCycle(ctx, l.lapC.ID); err != nil {
				t.Fatal(err)
			}
			plan, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Closes) != 0 || len(plan.ClosedInFile) != 1 || plan.ClosedWithActions[0] != tt.actions {
				t.Fatalf("closes %v, closed in the file %v with %v actions", plan.Closes, plan.ClosedInFile, plan.ClosedWithActions)
			}
			if _, err := l.ciso.ApplyMerge(ctx, plan, MergeStop); err != nil {
				t.Fatal(err)
			}
			if c, _ := l.ciso.CycleByUUID(ctx, l.cisoC.UUID); c.Status != CycleOpen {
				t.Error("the check-in closed a cycle a person must close")
			}
			// The file's closing was not brought in: once the action is settled here, the
			// next check-in still sees it as the file's and closes the cycle.
			if tt.actions > 0 {
				open, err := l.ciso.OpenShortTerm(ctx, l.cisoC.ID)
				if err != nil {
					t.Fatal(err)
				}
				done := ActionDone
				for _, a := range open {
					if _, err := l.ciso.UpdateAction(ctx, a.ID, ActionPatch{Status: &done}); err != nil {
						t.Fatal(err)
					}
				}
				again, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
				if err != nil {
					t.Fatal(err)
				}
				if len(again.Closes) != 1 {
					t.Errorf("after the action is settled: closes %v, closed in the file %v", again.Closes, again.ClosedInFile)
				}
			}
		})
	}
}

// A cycle closed here takes none of the file's changes, and says so: they are blocked, not
// conflicts (no policy applies them) and not dropped; their log entries are not brought in,
// so the next check-in still shows them blocked instead of taking them as agreed.
func TestMergeClosedCycle(t *testing.T) {
	ctx := context.Background()
	l := newLaptop(t)
	score(t, l.lap, l.lapC.ID, "D-5", 4)
	score(t, l.lap, l.lapC.ID, "A-1", 5)
	score(t, l.ciso, l.cisoC.ID, "A-1", 1) // a conflict, were the cycle open
	if err := l.ciso.CloseCycle(ctx, l.cisoC.ID); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		plan, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
		if err != nil {
			t.Fatal(err)
		}
		if plan.Conflicts() != 0 || plan.Blocked() != 2 || len(plan.BlockedCycles()) != 1 || plan.BlockedCycles()[0] != l.cisoC.Name {
			t.Fatalf("round %d: %d conflicts, %d blocked in %v; want 0, 2 in the closed cycle: %+v", round, plan.Conflicts(), plan.Blocked(), plan.BlockedCycles(), plan.Fields)
		}
		res, err := l.ciso.ApplyMerge(ctx, plan, MergeOverwrite)
		if err != nil {
			t.Fatal(err)
		}
		if res.Blocked != 2 || res.Fields != 0 {
			t.Errorf("round %d: result %+v, want 2 blocked, none written", round, res)
		}
		if got := current(t, l.ciso, l.cisoC.ID, "D-5"); got != "1" {
			t.Errorf("round %d: the closed cycle changed: D-5 is %s", round, got)
		}
	}
}

func TestMergeStalePlan(t *testing.T) {
	ctx := context.Background()
	l := newLaptop(t)
	score(t, l.lap, l.lapC.ID, "D-5", 3)
	plan, err := l.ciso.PlanMerge(ctx, l.file(t), "laptop.json")
	if err != nil {
		t.Fatal(err)
	}
	score(t, l.ciso, l.cisoC.ID, "D-5", 4)
	if _, err := l.ciso.ApplyMerge(ctx, plan, MergeOverwrite); !errors.Is(err, ErrStalePlan) {
		t.Fatalf("apply after a change here: %v, want ErrStalePlan", err)
	}
	if got := current(t, l.ciso, l.cisoC.ID, "D-5"); got != "4" {
		t.Errorf("a stale plan wrote: D-5 is %s", got)
	}
}

func TestMergeRefused(t *testing.T) {
	ctx := context.Background()
	l := newLaptop(t)
	tests := []struct {
		name string
		edit func(d *OrgDump)
		want func(error) bool
	}{
		{"another organisation", func(d *OrgDump) { d.Organisation.UUID = newUUID() }, func(err error) bool { return errors.Is(err, ErrNotFound) }},
		{"no identity", func(d *OrgDump) { d.Organisation.UUID = "" }, func(err error) bool { return err != nil }},
		{"a time in the future", func(d *OrgDump) { d.Changes[0].At = time.Now().Add(48 * time.Hour) }, func(err error) bool {
			var de *DumpError
			return errors.As(err, &de)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := l.file(t)
			tt.edit(d)
			if _, err := l.ciso.PlanMerge(ctx, d, "laptop.json"); !tt.want(err) {
				t.Errorf("got %v", err)
			}
		})
	}
}

// FuzzMerge merges any organisation file into a copy of the CISO's database: it never panics,
// and whatever it applies, merging the same file again changes nothing.
func FuzzMerge(f *testing.F) {
	dir := f.TempDir()
	ctx := context.Background()
	ciso, err := Open(ctx, filepath.Join(dir, "ciso.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer ciso.Close()
	o, c, err := ciso.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		f.Fatal(err)
	}
	two := 2
	if _, err := ciso.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Score: &two}); err != nil {
		f.Fatal(err)
	}
	d, err := ciso.DumpOrg(ctx, o.ID)
	if err != nil {
		f.Fatal(err)
	}
	seed, _ := json.Marshal(d)
	f.Add(seed)
	five := 5
	d.Cycles[0].Assessments[0].Score = &five
	seed, _ = json.Marshal(d)
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		var file OrgDump
		if json.Unmarshal(data, &file) != nil {
			return
		}
		copyPath := filepath.Join(t.TempDir(), "copy.db")
		if err := ciso.Backup(ctx, copyPath); err != nil {
			t.Fatal(err)
		}
		s, err := Open(ctx, copyPath)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		plan, err := s.PlanMerge(ctx, &file, "fuzz.json")
		if err != nil {
			return
		}
		if _, err := s.ApplyMerge(ctx, plan, MergeOverwrite); err != nil {
			return
		}
		again, err := s.PlanMerge(ctx, &file, "fuzz.json")
		if err != nil {
			t.Fatalf("planning again after a merge: %v", err)
		}
		if !again.Empty() {
			t.Fatalf("merging the same file twice changes more: %+v", again)
		}
	})
}

func TestMergePlanCounts(t *testing.T) {
	cases := []struct {
		name             string
		fields           []MergeField
		take, keep, conf int
	}{
		{"none", nil, 0, 0, 0},
		{"take", []MergeField{{Take: true}, {Take: true}}, 2, 0, 0},
		{"keep", []MergeField{{}}, 0, 1, 0},
		{"conflict", []MergeField{{Conflict: true}, {Take: true}}, 1, 0, 1},
		{"closed cycles count for nothing", []MergeField{{Closed: true, Take: true}, {Closed: true}}, 0, 0, 0},
	}
	for _, c := range cases {
		p := &MergePlan{Fields: c.fields}
		take, keep := p.Counts()
		if take != c.take || keep != c.keep || p.Conflicts() != c.conf {
			t.Errorf("%s: take %d keep %d conflicts %d, want %d %d %d", c.name, take, keep, p.Conflicts(), c.take, c.keep, c.conf)
		}
	}
}
