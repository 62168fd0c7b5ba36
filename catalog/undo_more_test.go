package catalog

import (
	"context"
	"errors"
	"testing"
)

// Undoing the closing of a cycle reopens it and puts its open short-term actions back as
// they were, whichever way closing settled them.
func TestUndoCloseCycle(t *testing.T) {
	ctx := context.Background()
	for _, choice := range []OpenActions{FinishActions, DropActions} {
		t.Run(string(choice), func(t *testing.T) {
			f := newUndoFixture(t)
			var ids []int64
			if err := f.s.CloseCycleWith(RecordChanges(ctx, &ids), f.cycle.ID, choice); err != nil {
				t.Fatal(err)
			}
			done, err := f.s.Undo(ctx, ids, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(done) != len(ids) || done[0].Entity != EntityCycle {
				t.Fatalf("undone %d of %d entries, the cycle first: %+v", len(done), len(ids), done)
			}
			c, err := f.s.Cycle(ctx, f.cycle.ID)
			if err != nil || c.Status != CycleOpen || c.ClosedAt != nil {
				t.Fatalf("cycle after undo: %+v %v", c, err)
			}
			a, err := f.s.Action(ctx, f.action.ID)
			if err != nil || a.Status != ActionPlanned {
				t.Fatalf("action after undo: %+v %v", a, err)
			}
		})
	}
}

// A carry-over made when closing a cycle whose next cycle is already open goes back with
// the undo: the cycle reopens and the action is its own again.
func TestUndoCloseCycleCarry(t *testing.T) {
	ctx := context.Background()
	f := newUndoFixture(t)
	next, err := f.s.StartCycle(ctx, f.cycle.OrgID, NewCycle{Name: "Next"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	if err := f.s.CloseCycleWith(RecordChanges(ctx, &ids), f.cycle.ID, CarryActions); err != nil {
		t.Fatal(err)
	}
	if a, _ := f.s.Action(ctx, f.action.ID); a.CycleID != next.ID {
		t.Fatalf("closing did not carry the action to the next cycle: %+v", a)
	}
	if _, err := f.s.Undo(ctx, ids, nil); err != nil {
		t.Fatal(err)
	}
	if c, _ := f.s.Cycle(ctx, f.cycle.ID); c.Status != CycleOpen {
		t.Fatalf("cycle %s after undo", c.Status)
	}
	a, err := f.s.Action(ctx, f.action.ID)
	if err != nil || a.CycleID != f.cycle.ID || a.Status != ActionPlanned {
		t.Fatalf("action after undo: %+v %v", a, err)
	}
	// every step is logged, with reason undo
	chs, err := f.s.Changes(ctx, ChangeQuery{OrgID: f.cycle.OrgID, Limit: 2})
	if err != nil || len(chs) != 2 {
		t.Fatal(chs, err)
	}
	for _, ch := range chs {
		if ch.Reason != ReasonUndo {
			t.Fatalf("undo logged %+v", ch)
		}
	}
	if chs[0].Field != FieldCarryOver || chs[0].Old != "Next" || chs[0].New != f.cycle.Name {
		t.Fatalf("carry back logged as %+v", chs[0])
	}
}

// A cycle started after the closing rests on it: the closing can no longer be undone, and
// an action carried back by hand is refused rather than left in a closed cycle.
func TestUndoCloseCycleAfterStart(t *testing.T) {
	ctx := context.Background()
	f := newUndoFixture(t)
	var ids []int64
	if err := f.s.CloseCycleWith(RecordChanges(ctx, &ids), f.cycle.ID, CarryActions); err != nil {
		t.Fatal(err)
	}
	var started []int64
	if _, err := f.s.StartCycle(RecordChanges(ctx, &started), f.cycle.OrgID, NewCycle{Name: "Next"}); err != nil {
		t.Fatal(err)
	}
	var nu *NotUndoableError
	if _, err := f.s.Undo(ctx, ids, started); !errors.As(err, &nu) {
		t.Fatalf("undo of a closing a later cycle rests on: %v", err)
	}
	if c, _ := f.s.Cycle(ctx, f.cycle.ID); c.Status != CycleClosed {
		t.Fatalf("refused undo left the cycle %s", c.Status)
	}
	// the start's own carry of the action, on its own, would leave it in the closed cycle
	chs, err := f.s.Changes(ctx, ChangeQuery{OrgID: f.cycle.OrgID, Entities: []Entity{EntityAction}, Limit: 1})
	if err != nil || len(chs) != 1 || chs[0].Field != FieldCarryOver {
		t.Fatal(chs, err)
	}
	if _, err := f.s.Undo(ctx, []int64{chs[0].ID}, started); !errors.As(err, &nu) {
		t.Fatalf("carry back into a closed cycle: %v", err)
	}
}

// Undoing a review's deletion brings it back under its number with its date, kind and notes.
func TestUndoDeleteReview(t *testing.T) {
	ctx := context.Background()
	f := newUndoFixture(t)
	var ids []int64
	if err := f.s.DeleteReview(RecordChanges(ctx, &ids), f.review.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Review(ctx, f.review.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted review still there: %v", err)
	}
	if _, err := f.s.Undo(ctx, ids, nil); err != nil {
		t.Fatal(err)
	}
	r, err := f.s.Review(ctx, f.review.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.HeldOn != f.review.HeldOn || r.Kind != f.review.Kind || r.Notes != f.review.Notes || r.CycleID != f.cycle.ID {
		t.Fatalf("restored %+v, want %+v", r, f.review)
	}
	if !r.CreatedAt.Equal(f.review.CreatedAt) {
		t.Errorf("restored review created %v, want %v", r.CreatedAt, f.review.CreatedAt)
	}
	// and undoing the undo deletes it again
	var again []int64
	if err := f.s.DeleteReview(RecordChanges(ctx, &again), r.ID); err != nil {
		t.Fatal(err)
	}
	// a review added meanwhile under the same number is someone else's: the undo is refused
	other, err := f.s.AddReview(ctx, Review{CycleID: f.cycle.ID, HeldOn: "2026-04-01", Kind: "Monthly"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.s.Undo(ctx, again, nil)
	var conflict *UndoConflictError
	switch {
	case other.ID == r.ID && !errors.As(err, &conflict):
		t.Fatalf("undo over a review that took the number: %v", err)
	case other.ID != r.ID && err != nil:
		t.Fatalf("undo beside another review: %v", err)
	}
}

// Undoing the re-assessment of a carried-over score puts it back as carried over, whether
// the re-assessment changed the score or confirmed it.
func TestUndoReassessmentRestoresCarriedOver(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		score int
	}{{"changed", 3}, {"confirmed", 2}} {
		t.Run(tt.name, func(t *testing.T) {
			f := newUndoFixture(t)
			two := 2
			if _, err := f.s.SetAssessment(ctx, f.cycle.ID, "B-1", AssessmentPatch{Score: &two}); err != nil {
				t.Fatal(err)
			}
			if err := f.s.CloseCycle(ctx, f.cycle.ID); err != nil {
				t.Fatal(err)
			}
			next, err := f.s.StartCycle(ctx, f.cycle.OrgID, NewCycle{Name: "Next", CarryOver: true})
			if err != nil {
				t.Fatal(err)
			}
			f.cycle = next
			if st := f.state(t, "B-1"); !st.CarriedOver || st.Current == nil || *st.Current != 2 {
				t.Fatalf("B-1 not carried over: %+v", st)
			}
			var ids []int64
			if _, err := f.s.SetAssessment(RecordChanges(ctx, &ids), next.ID, "B-1", AssessmentPatch{Score: &tt.score}); err != nil {
				t.Fatal(err)
			}
			if st := f.state(t, "B-1"); st.CarriedOver || *st.Current != tt.score {
				t.Fatalf("after re-assessment: %+v", st)
			}
			if _, err := f.s.Undo(ctx, ids, nil); err != nil {
				t.Fatal(err)
			}
			if st := f.state(t, "B-1"); !st.CarriedOver || st.Current == nil || *st.Current != 2 {
				t.Fatalf("after undo B-1 is %+v, want 2 carried over", st)
			}
		})
	}
}
