package catalog

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// undoFixture is an organisation with one open cycle, an action and a review.
type undoFixture struct {
	s      *Store
	cycle  Cycle
	action Action
	review Review
}

func newUndoFixture(t *testing.T) *undoFixture {
	t.Helper()
	ctx := context.Background()
	s, _ := openTest(t)
	_, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.AddAction(ctx, Action{CycleID: c.ID, Title: "Patch", Owner: "Ann", ServiceID: "B-1"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.AddReview(ctx, Review{CycleID: c.ID, HeldOn: "2026-03-01", Kind: "Quarterly", Notes: "fine"})
	if err != nil {
		t.Fatal(err)
	}
	return &undoFixture{s: s, cycle: c, action: a, review: r}
}

func (f *undoFixture) state(t *testing.T, id string) ServiceState {
	t.Helper()
	d, err := f.s.CycleData(context.Background(), f.cycle.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := d.Service(id)
	if !ok {
		t.Fatalf("no service %s", id)
	}
	return *st
}

func (f *undoFixture) build(p BuildPatch) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := f.s.SetBuild(ctx, f.cycle.ID, []string{"B-1"}, p)
		return err
	}
}

func (f *undoFixture) act(p ActionPatch) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := f.s.UpdateAction(ctx, f.action.ID, p)
		return err
	}
}

func (f *undoFixture) actionNow(t *testing.T) Action {
	t.Helper()
	a, err := f.s.Action(context.Background(), f.action.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestUndoReversesEachKindOfChange(t *testing.T) {
	score := func(v int) *int { return &v }
	tests := []struct {
		name string
		do   func(f *undoFixture) func(context.Context) error
		read func(t *testing.T, f *undoFixture) string
	}{
		{"scope", func(f *undoFixture) func(context.Context) error {
			return f.build(BuildPatch{InScope: ptr(false), Reason: "not ours"})
		},
			func(t *testing.T, f *undoFixture) string { return scopeWord(f.state(t, "B-1").InScope) }},
		{"assignment", func(f *undoFixture) func(context.Context) error {
			return f.build(BuildPatch{Assignment: ptr(AssignCDC)})
		},
			func(t *testing.T, f *undoFixture) string { return string(f.state(t, "B-1").Assignment) }},
		{"provider", func(f *undoFixture) func(context.Context) error {
			return f.build(BuildPatch{Provider: ptr("Acme SOC")})
		},
			func(t *testing.T, f *undoFixture) string { return f.state(t, "B-1").Provider }},
		{"level", func(f *undoFixture) func(context.Context) error {
			return f.build(BuildPatch{Level: ptr(Optional), Reason: "small"})
		},
			func(t *testing.T, f *undoFixture) string {
				st := f.state(t, "B-1")
				return fmt.Sprint(st.Level, st.LevelOverridden)
			}},
		{"target", func(f *undoFixture) func(context.Context) error { return f.build(BuildPatch{Target: score(4)}) },
			func(t *testing.T, f *undoFixture) string { return scoreWord(f.state(t, "B-1").Target) }},
		{"score", func(f *undoFixture) func(context.Context) error {
			return func(ctx context.Context) error {
				_, err := f.s.SetAssessment(ctx, f.cycle.ID, "B-1", AssessmentPatch{Score: score(3)})
				return err
			}
		}, func(t *testing.T, f *undoFixture) string { return scoreWord(f.state(t, "B-1").Current) }},
		{"evidence", func(f *undoFixture) func(context.Context) error {
			return func(ctx context.Context) error {
				_, err := f.s.SetAssessment(ctx, f.cycle.ID, "B-1", AssessmentPatch{Evidence: ptr("runbook v2")})
				return err
			}
		}, func(t *testing.T, f *undoFixture) string { return f.state(t, "B-1").Evidence }},
		{"action fields", func(f *undoFixture) func(context.Context) error {
			return f.act(ActionPatch{Title: ptr("Patch all"), Owner: ptr("Bob"), Due: ptr("2026-09-30"), Horizon: ptr(LongTerm)})
		}, func(t *testing.T, f *undoFixture) string {
			a := f.actionNow(t)
			return fmt.Sprint(a.Title, a.Owner, a.Due, a.Horizon)
		}},
		{"action status", func(f *undoFixture) func(context.Context) error { return f.act(ActionPatch{Status: ptr(ActionDone)}) },
			func(t *testing.T, f *undoFixture) string { return string(f.actionNow(t).Status) }},
		{"review edit", func(f *undoFixture) func(context.Context) error {
			return func(ctx context.Context) error {
				_, err := f.s.UpdateReview(ctx, f.review.ID, ReviewPatch{HeldOn: ptr("2026-03-02"), Notes: ptr("better")})
				return err
			}
		}, func(t *testing.T, f *undoFixture) string {
			r, err := f.s.Review(context.Background(), f.review.ID)
			if err != nil {
				t.Fatal(err)
			}
			return r.HeldOn + " " + r.Notes
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newUndoFixture(t)
			before := tt.read(t, f)
			var ids []int64
			if err := tt.do(f)(RecordChanges(context.Background(), &ids)); err != nil {
				t.Fatal(err)
			}
			if len(ids) == 0 {
				t.Fatal("the change recorded no change-log IDs")
			}
			if after := tt.read(t, f); after == before {
				t.Fatalf("the change changed nothing (%q)", after)
			}
			var undoIDs []int64
			done, err := f.s.Undo(RecordChanges(context.Background(), &undoIDs), ids, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(done) != len(ids) {
				t.Errorf("undid %d entries, want %d", len(done), len(ids))
			}
			if got := tt.read(t, f); got != before {
				t.Errorf("after undo %q, want %q", got, before)
			}
			if len(undoIDs) == 0 {
				t.Fatal("the undo logged nothing")
			}
			chs, err := f.s.Changes(context.Background(), ChangeQuery{OrgID: f.cycle.OrgID, Limit: len(undoIDs)})
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range chs {
				if ch.Reason != ReasonUndo {
					t.Errorf("undo entry %+v has reason %q", ch, ch.Reason)
				}
			}
		})
	}
}

func TestUndoRestoresOverrideReasonAndWalksBack(t *testing.T) {
	ctx := context.Background()
	f := newUndoFixture(t)
	var first, second []int64
	if _, err := f.s.SetBuild(RecordChanges(ctx, &first), f.cycle.ID, []string{"B-1"}, BuildPatch{Level: ptr(Optional), Reason: "small team"}); err != nil {
		t.Fatal(err)
	}
	st := f.state(t, "B-1")
	def := st.DefaultLevel
	other := Mandatory
	if other == def || other == Optional {
		other = Recommended
	}
	if other == def {
		t.Skip("pack default leaves no third level")
	}
	if _, err := f.s.SetBuild(RecordChanges(ctx, &second), f.cycle.ID, []string{"B-1"}, BuildPatch{Level: &other, Reason: "regulator"}); err != nil {
		t.Fatal(err)
	}
	var own []int64
	if _, err := f.s.Undo(RecordChanges(ctx, &own), second, first); err != nil {
		t.Fatal(err)
	}
	if st := f.state(t, "B-1"); st.Level != Optional || st.LevelReason != "small team" {
		t.Fatalf("after one undo: %s %q, want optional with its reason back", st.Level, st.LevelReason)
	}
	if _, err := f.s.Undo(ctx, first, append(second, own...)); err != nil {
		t.Fatal(err)
	}
	if st := f.state(t, "B-1"); st.Level != def || st.LevelOverridden {
		t.Fatalf("after walking back: %s overridden=%v, want the default %s", st.Level, st.LevelOverridden, def)
	}
}

func TestUndoRefusesOthersWork(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		mine  func(f *undoFixture) func(context.Context) error
		other func(f *undoFixture) func(context.Context) error
		read  func(t *testing.T, f *undoFixture) string
	}{
		{"changed on", func(f *undoFixture) func(context.Context) error { return f.build(BuildPatch{Provider: ptr("Mine")}) },
			func(f *undoFixture) func(context.Context) error { return f.build(BuildPatch{Provider: ptr("Theirs")}) },
			func(t *testing.T, f *undoFixture) string { return f.state(t, "B-1").Provider }},
		{"changed and back", func(f *undoFixture) func(context.Context) error { return f.act(ActionPatch{Owner: ptr("Mine")}) },
			func(f *undoFixture) func(context.Context) error {
				return func(ctx context.Context) error {
					if err := f.act(ActionPatch{Owner: ptr("Theirs")})(ctx); err != nil {
						return err
					}
					return f.act(ActionPatch{Owner: ptr("Mine")})(ctx)
				}
			},
			func(t *testing.T, f *undoFixture) string { return f.actionNow(t).Owner }},
		{"created then edited by another", func(f *undoFixture) func(context.Context) error {
			return func(ctx context.Context) error {
				a, err := f.s.AddAction(ctx, Action{CycleID: f.cycle.ID, Title: "New"})
				f.action = a
				return err
			}
		}, func(f *undoFixture) func(context.Context) error {
			return func(ctx context.Context) error { return f.act(ActionPatch{Notes: ptr("their note")})(ctx) }
		}, func(t *testing.T, f *undoFixture) string { return f.actionNow(t).Notes }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newUndoFixture(t)
			var ids []int64
			if err := tt.mine(f)(RecordChanges(ctx, &ids)); err != nil {
				t.Fatal(err)
			}
			if err := tt.other(f)(ctx); err != nil {
				t.Fatal(err)
			}
			before := tt.read(t, f)
			_, err := f.s.Undo(ctx, ids, nil)
			var ce *UndoConflictError
			if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) {
				t.Fatalf("undo over another's work: %v, want an UndoConflictError", err)
			}
			if got := tt.read(t, f); got != before {
				t.Errorf("refused undo changed %q to %q", before, got)
			}
		})
	}
}

func TestUndoCreateAndNotUndoable(t *testing.T) {
	ctx := context.Background()
	f := newUndoFixture(t)
	var ids []int64
	a, err := f.s.AddAction(RecordChanges(ctx, &ids), Action{CycleID: f.cycle.ID, Title: "Oops"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Undo(ctx, ids, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Action(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("undone creation left the action: %v", err)
	}
	var startIDs []int64
	if _, err := f.s.StartCycle(RecordChanges(ctx, &startIDs), f.cycle.OrgID, NewCycle{Name: "Next"}); err != nil {
		t.Fatal(err)
	}
	var nu *NotUndoableError
	if _, err := f.s.Undo(ctx, startIDs, nil); !errors.As(err, &nu) {
		t.Fatalf("undo of a started cycle: %v, want NotUndoableError", err)
	}
}
