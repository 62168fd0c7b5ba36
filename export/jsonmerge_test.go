package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// checkIn writes the laptop's organisation to a file and plans merging it into the fixture.
func checkIn(t *testing.T, fx *fixture, lap *catalog.Store) (*ImportPlan, string) {
	t.Helper()
	ctx := context.Background()
	o, err := lap.FindOrg(ctx, "Acme Corp")
	if err != nil {
		t.Fatal(err)
	}
	j := filepath.Join(t.TempDir(), "check-in.json")
	if err := WriteJSON(ctx, lap, o.ID, j); err != nil {
		t.Fatal(err)
	}
	plan, err := PlanImport(ctx, fx.s, j, ImportOptions{Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	return plan, j
}

func laptopCycle(t *testing.T, lap *catalog.Store) catalog.Cycle {
	t.Helper()
	ctx := context.Background()
	o, err := lap.FindOrg(ctx, "Acme Corp")
	if err != nil {
		t.Fatal(err)
	}
	c, err := lap.FindCycle(ctx, o.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Check-in between consultants: the laptop's copy changed D-5 and added an action, the CISO
// changed B-1 meanwhile; the merge takes D-5 and the action, keeps B-1, and a second merge of
// the same file changes nothing.
func TestCheckInMergesByTheThreeWayRule(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	lap := laptop(t, fx)
	lc := laptopCycle(t, lap)
	if _, err := lap.SetAssessment(ctx, lc.ID, "D-5", catalog.AssessmentPatch{Score: ip(3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := lap.AddAction(ctx, catalog.Action{CycleID: lc.ID, ServiceID: "D-5", Title: "Recovery drill", Owner: "SOC"}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.s.SetAssessment(ctx, fx.cycle.ID, "B-1", catalog.AssessmentPatch{Score: ip(4)}); err != nil {
		t.Fatal(err)
	}
	plan, j := checkIn(t, fx, lap)
	if plan.Kind != KindMerge || plan.Organisation.ID != fx.org.ID || plan.Conflicts() != 0 {
		t.Fatalf("plan %+v", plan)
	}
	if err := plan.Apply(ctx, fx.s); err != nil {
		t.Fatal(err)
	}
	if v := current(t, fx.s, fx.cycle.ID, "B-1"); v == nil || *v != 4 {
		t.Errorf("B-1 is %s, want the CISO's 4", scoreText(v))
	}
	if v := current(t, fx.s, fx.cycle.ID, "D-5"); v == nil || *v != 3 {
		t.Errorf("D-5 is %s, want the laptop's 3", scoreText(v))
	}
	acts, err := fx.s.Actions(ctx, fx.org.ID, catalog.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range acts {
		found = found || a.Title == "Recovery drill"
	}
	if !found {
		t.Error("the laptop's action was not added")
	}
	sum := dbHash(t, fx.dbPath)
	again, err := PlanImport(ctx, fx.s, j, ImportOptions{Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Fatalf("the second check-in plans changes: %+v", again.Merge)
	}
	if err := again.Apply(ctx, fx.s); err != nil {
		t.Fatal(err)
	}
	if dbHash(t, fx.dbPath) != sum {
		t.Error("the second check-in changed the database")
	}
}

// A field changed on both sides is a conflict: refused by default (exit status 3), kept
// with SkipConflicts, taken with OverwriteConflicts.
func TestCheckInConflicts(t *testing.T) {
	ctx := context.Background()
	for _, policy := range []ConflictPolicy{RefuseConflicts, SkipConflicts, OverwriteConflicts} {
		fx := newFixture(t)
		lap := laptop(t, fx)
		if _, err := lap.SetAssessment(ctx, laptopCycle(t, lap).ID, "B-1", catalog.AssessmentPatch{Score: ip(2)}); err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.SetAssessment(ctx, fx.cycle.ID, "B-1", catalog.AssessmentPatch{Score: ip(4)}); err != nil {
			t.Fatal(err)
		}
		plan, _ := checkIn(t, fx, lap)
		if plan.Conflicts() != 1 {
			t.Fatalf("%d conflicts, want 1: %+v", plan.Conflicts(), plan.Merge.Fields)
		}
		sum := dbHash(t, fx.dbPath)
		err := plan.ApplyWith(ctx, fx.s, policy)
		b1 := current(t, fx.s, fx.cycle.ID, "B-1")
		switch policy {
		case RefuseConflicts:
			var ce *ConflictError
			if !errors.As(err, &ce) || ce.ExitCode() != 3 {
				t.Fatalf("refuse: %v", err)
			}
			if dbHash(t, fx.dbPath) != sum {
				t.Error("a refused merge changed the database")
			}
		case SkipConflicts:
			if err != nil || *b1 != 4 {
				t.Errorf("skip: %v, B-1 %s", err, scoreText(b1))
			}
		case OverwriteConflicts:
			if err != nil || *b1 != 2 {
				t.Errorf("overwrite: %v, B-1 %s", err, scoreText(b1))
			}
		}
	}
}

// A check-in needs the same organisation here; an import of an organisation already here
// (by identity) is refused with a pointer to the check-in. The codes let the CLI and the
// TUI name their own way (a flag, a key); the message itself names none.
func TestCheckInNeedsTheSameOrganisation(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	j := filepath.Join(t.TempDir(), "org.json")
	if err := WriteJSON(ctx, fx.s, fx.org.ID, j); err != nil {
		t.Fatal(err)
	}
	_, err := PlanImport(ctx, fx.s, j)
	if ErrorCode(err) != CodeOrgHere || !strings.Contains(err.Error(), "check it in") || strings.Contains(err.Error(), "--") {
		t.Errorf("import of an organisation here: %v (code %q), want %s and no flag", err, ErrorCode(err), CodeOrgHere)
	}
	hint := func(code string) string {
		if code == CodeOrgHere {
			return "HINT"
		}
		return ""
	}
	if text, ok := ErrorText(vocab.For(catalog.FR), err, hint); !ok || !strings.HasSuffix(text, "\u00a0: HINT") || !strings.Contains(text, "est déjà dans cette base") {
		t.Errorf("in French with the caller's hint: %q", text)
	}
	empty := newEmptyStore(t)
	_, err = PlanImport(ctx, empty.s, j, ImportOptions{Merge: true})
	if ErrorCode(err) != CodeOrgNotHere || !strings.Contains(err.Error(), "is not in this database") || strings.Contains(err.Error(), "--") {
		t.Errorf("merge into a database without it: %v (code %q)", err, ErrorCode(err))
	}
}

// A cycle both hold on different packs is refused in words, in each language, with its code.
func TestCheckInOfACycleOnAnotherPack(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	j := filepath.Join(t.TempDir(), "org.json")
	if err := WriteJSON(ctx, fx.s, fx.org.ID, j); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(j)
	if err != nil {
		t.Fatal(err)
	}
	ref := catalog.BuiltinPack().Ref()
	version := catalog.BuiltinPack().Version
	s := strings.ReplaceAll(string(data), ref, strings.Replace(ref, version, "2099.01", 1))
	s = strings.Replace(s, `"version": "`+version+`"`, `"version": "2099.01"`, 1)
	if err := os.WriteFile(j, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = PlanImport(ctx, fx.s, j, ImportOptions{Merge: true})
	if ErrorCode(err) != "import.merge.cycle_pack" {
		t.Fatalf("code %q: %v", ErrorCode(err), err)
	}
	if text, _ := ErrorText(vocab.For(catalog.JA), err, nil); !strings.Contains(text, "パック") || strings.Contains(text, "nothing was merged") {
		t.Errorf("Japanese: %q", text)
	}
}
