package catalog

import (
	"context"
	"errors"
	"testing"
)

func TestCloseCycleSettlesOpenShortTermActions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		choice     OpenActions
		nextExists bool
		wantStatus ActionStatus
		wantMoved  bool
	}{
		{FinishActions, false, ActionDone, false},
		{DropActions, false, ActionDropped, false},
		{CarryActions, false, ActionPlanned, true}, // moved when the next cycle starts
		{CarryActions, true, ActionPlanned, true},  // moved at once
	}
	for _, tt := range tests {
		name := string(tt.choice)
		if tt.nextExists {
			name += " with next cycle"
		}
		t.Run(name, func(t *testing.T) {
			s, _ := openTest(t)
			o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
			if err != nil {
				t.Fatal(err)
			}
			short, err := s.AddAction(ctx, Action{CycleID: c1.ID, Title: "short", ServiceID: "B-1"})
			if err != nil {
				t.Fatal(err)
			}
			long, err := s.AddAction(ctx, Action{CycleID: c1.ID, Title: "long", Horizon: LongTerm})
			if err != nil {
				t.Fatal(err)
			}
			var next Cycle
			if tt.nextExists {
				if next, err = s.StartCycle(ctx, o.ID, NewCycle{Name: "2"}); err != nil {
					t.Fatal(err)
				}
			}
			// no choice: refused, nothing changed
			var oe *OpenActionsError
			if err := s.CloseCycleWith(ctx, c1.ID, ""); !errors.As(err, &oe) || len(oe.Actions) != 1 {
				t.Fatalf("close without a choice: %v", err)
			}
			if c, _ := s.Cycle(ctx, c1.ID); c.Status != CycleOpen {
				t.Fatal("a refused close closed the cycle")
			}
			if err := s.CloseCycleWith(ctx, c1.ID, tt.choice); err != nil {
				t.Fatal(err)
			}
			if !tt.nextExists {
				if next, err = s.StartCycle(ctx, o.ID, NewCycle{Name: "2"}); err != nil {
					t.Fatal(err)
				}
			}
			a, err := s.Action(ctx, short.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != tt.wantStatus || (a.CycleID == next.ID) != tt.wantMoved {
				t.Errorf("short-term action after close: status %s cycle %d, want %s moved=%v", a.Status, a.CycleID, tt.wantStatus, tt.wantMoved)
			}
			if l, _ := s.Action(ctx, long.ID); l.CycleID != c1.ID || l.Status != ActionPlanned {
				t.Errorf("long-term action touched: %+v", l)
			}
			// No orphan: no open short-term action is left in a closed cycle.
			if open, err := s.OpenShortTerm(ctx, c1.ID); err != nil || len(open) != 0 {
				t.Errorf("orphaned actions in the closed cycle: %v %v", open, err)
			}
			// and the carried one is on the next cycle's list
			list, err := s.CycleActions(ctx, next.ID)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, x := range list {
				found = found || x.ID == short.ID
			}
			if found != tt.wantMoved {
				t.Errorf("carried action on the next cycle's list: %v, want %v", found, tt.wantMoved)
			}
			if tt.wantMoved {
				chs, err := s.Changes(ctx, ChangeQuery{OrgID: o.ID, Entities: []Entity{EntityAction}, Limit: 1})
				if err != nil || len(chs) != 1 || chs[0].Field != FieldCarryOver || chs[0].Key != "#"+itoa(short.ID) {
					t.Errorf("carry-over not logged: %+v %v", chs, err)
				}
			}
		})
	}
}

func TestReviewEditAndDelete(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	_, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.AddReview(ctx, Review{CycleID: c.ID, HeldOn: "2026-03-01", Kind: "Quarterly"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		patch   ReviewPatch
		wantErr bool
	}{
		{"bad date", ReviewPatch{HeldOn: ptr("2026-02-30")}, true},
		{"empty", ReviewPatch{Kind: ptr(""), Notes: ptr("  ")}, true},
		{"control character", ReviewPatch{Kind: ptr("a\x1b[31m")}, true},
		{"edit", ReviewPatch{Kind: ptr("Annual"), Notes: ptr("ok")}, false},
	}
	for _, tt := range tests {
		_, err := s.UpdateReview(ctx, r.ID, tt.patch)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err %v, want error %v", tt.name, err, tt.wantErr)
		}
	}
	got, err := s.Review(ctx, r.ID)
	if err != nil || got.Kind != "Annual" || got.Notes != "ok" {
		t.Fatalf("review after edit %+v %v", got, err)
	}
	chs, _ := s.Changes(ctx, ChangeQuery{OrgID: c.OrgID, Entities: []Entity{EntityReview}})
	if len(chs) != 3 || chs[0].Field != FieldNotes || chs[1].Field != FieldTitle {
		t.Fatalf("edit log %+v", chs)
	}
	if err := s.DeleteReview(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Review(ctx, r.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted review still there: %v", err)
	}
	chs, _ = s.Changes(ctx, ChangeQuery{OrgID: c.OrgID, Entities: []Entity{EntityReview}, Limit: 1})
	if len(chs) != 1 || chs[0].Field != FieldRemove || chs[0].Old != "2026-03-01 Annual" {
		t.Fatalf("delete log %+v", chs)
	}
	if err := s.CloseCycle(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	r2, _ := s.AddReview(ctx, Review{CycleID: c.ID, HeldOn: "2026-03-01", Kind: "x"})
	if r2.ID != 0 {
		t.Fatal("added a review to a closed cycle")
	}
}

func TestActionAndReviewWasDetectsOthersChange(t *testing.T) {
	ctx := context.Background()
	f := newUndoFixture(t)
	tests := []struct {
		name      string
		was       *ActionPatch
		wantTheir string // the field reported changed; "" for none
	}{
		{"same start", &ActionPatch{Title: ptr("Patch"), Owner: ptr("Ann"), ServiceID: ptr("b-1"), Horizon: ptr(ShortTerm)}, ""},
		{"owner changed", &ActionPatch{Owner: ptr("Someone")}, "owner"},
		{"horizon changed", &ActionPatch{Horizon: ptr(LongTerm)}, "horizon"},
	}
	for _, tt := range tests {
		_, err := f.s.UpdateAction(ctx, f.action.ID, ActionPatch{Notes: ptr(tt.name), Was: tt.was})
		var ce *ConflictError
		switch {
		case tt.wantTheir == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.wantTheir != "" && (!errors.As(err, &ce) || len(ce.Theirs) != 1 || ce.Theirs[tt.wantTheir] == "" && tt.wantTheir != "notes"):
			t.Errorf("%s: %v, want a conflict on %s", tt.name, err, tt.wantTheir)
		}
	}
	if a := f.actionNow(t); a.Notes != "same start" {
		t.Errorf("a refused edit was written: notes %q", a.Notes)
	}
	_, err := f.s.UpdateReview(ctx, f.review.ID, ReviewPatch{Notes: ptr("mine"), Was: &ReviewPatch{Notes: ptr("not what is stored")}})
	var ce *ConflictError
	if !errors.As(err, &ce) || ce.Theirs["notes"] != "fine" {
		t.Errorf("review conflict: %v", err)
	}
}
