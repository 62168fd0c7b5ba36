package export

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/xuri/excelize/v2"
)

// laptop copies the fixture's organisation to a new database through an organisation file.
func laptop(t *testing.T, fx *fixture) *catalog.Store {
	t.Helper()
	ctx := context.Background()
	j := filepath.Join(fx.dir, "to-laptop.json")
	if err := WriteJSON(ctx, fx.s, fx.org.ID, j); err != nil {
		t.Fatal(err)
	}
	s, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "laptop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	plan, err := PlanImport(ctx, s, j)
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Apply(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

func questionnaireFrom(t *testing.T, s *catalog.Store, orgName, path string, fill func(f *excelize.File)) {
	t.Helper()
	ctx := context.Background()
	o, err := s.FindOrg(ctx, orgName)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.FindCycle(ctx, o.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteQuestionnaire(ctx, s, c.ID, QuestionnaireOptions{Lang: catalog.EN}, path); err != nil {
		t.Fatal(err)
	}
	if fill != nil {
		edit(t, path, fill)
	}
}

func current(t *testing.T, s *catalog.Store, cycleID int64, id string) *int {
	t.Helper()
	d, err := s.CycleData(context.Background(), cycleID)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := d.Service(id)
	return st.Current
}

// The consultant's laptop workflow: the organisation goes to the laptop as JSON, the CISO
// then changes B-1 at home, and the questionnaire filled from the laptop changes only D-5.
// The import applies D-5 and leaves the CISO's B-1 alone, without a conflict.
func TestLaptopWorkflowKeepsLocalChanges(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	lap := laptop(t, fx)

	if _, err := fx.s.SetAssessment(ctx, fx.cycle.ID, "B-1", catalog.AssessmentPatch{Score: ip(4)}); err != nil {
		t.Fatal(err)
	}
	q := filepath.Join(t.TempDir(), "from-laptop.xlsx")
	questionnaireFrom(t, lap, "Acme Corp", q, func(f *excelize.File) {
		f.SetCellValue(sheetQuestions, cellName(colCurrent, rowOf(t, f, "D-5")), 3)
	})

	plan, err := PlanImport(ctx, fx.s, q)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Organisation.ID != fx.org.ID || plan.Cycle.ID != fx.cycle.ID {
		t.Fatalf("plan for organisation %d cycle %d", plan.Organisation.ID, plan.Cycle.ID)
	}
	if plan.Changes() != 1 || plan.Services[0].ID != "D-5" || plan.Conflicts() != 0 {
		t.Fatalf("plan %+v, want D-5 only and no conflict", plan.Services)
	}
	if err := plan.Apply(ctx, fx.s); err != nil {
		t.Fatal(err)
	}
	if v := current(t, fx.s, fx.cycle.ID, "B-1"); v == nil || *v != 4 {
		t.Errorf("B-1 is %s, want the CISO's 4", scoreText(v))
	}
	if v := current(t, fx.s, fx.cycle.ID, "D-5"); v == nil || *v != 3 {
		t.Errorf("D-5 is %s, want the assessor's 3", scoreText(v))
	}
}

// When the assessor also changed B-1, that answer is a conflict: refused by default,
// left out with SkipConflicts, applied with OverwriteConflicts.
func TestConflictPolicies(t *testing.T) {
	ctx := context.Background()
	for _, policy := range []ConflictPolicy{RefuseConflicts, SkipConflicts, OverwriteConflicts} {
		fx := newFixture(t)
		lap := laptop(t, fx)
		if _, err := fx.s.SetAssessment(ctx, fx.cycle.ID, "B-1", catalog.AssessmentPatch{Score: ip(4)}); err != nil {
			t.Fatal(err)
		}
		q := filepath.Join(t.TempDir(), "from-laptop.xlsx")
		questionnaireFrom(t, lap, "Acme Corp", q, func(f *excelize.File) {
			f.SetCellValue(sheetQuestions, cellName(colCurrent, rowOf(t, f, "D-5")), 3)
			f.SetCellValue(sheetQuestions, cellName(colCurrent, rowOf(t, f, "B-1")), 2)
		})
		plan, err := PlanImport(ctx, fx.s, q)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Conflicts() != 1 || plan.Applying(policy) != map[ConflictPolicy]int{RefuseConflicts: 1, SkipConflicts: 1, OverwriteConflicts: 2}[policy] {
			t.Fatalf("policy %d: %d conflicts, %d applied", policy, plan.Conflicts(), plan.Applying(policy))
		}
		c := plan.Services[0].Changes[0]
		if plan.Services[0].ID != "B-1" || c.Old != "4" || c.New != "2" || c.Base != "1" || !c.Conflict {
			t.Errorf("conflict %+v", c)
		}
		sum := dbHash(t, fx.dbPath)
		err = plan.ApplyWith(ctx, fx.s, policy)
		b1, d5 := current(t, fx.s, fx.cycle.ID, "B-1"), current(t, fx.s, fx.cycle.ID, "D-5")
		switch policy {
		case RefuseConflicts:
			var ce *ConflictError
			if !errors.As(err, &ce) || ce.ExitCode() != 3 || ce.Conflicts != 1 {
				t.Fatalf("refuse: %v", err)
			}
			if dbHash(t, fx.dbPath) != sum {
				t.Error("a refused plan changed the database")
			}
		case SkipConflicts:
			if err != nil || *b1 != 4 || d5 == nil || *d5 != 3 {
				t.Errorf("skip: %v, B-1 %s D-5 %s", err, scoreText(b1), scoreText(d5))
			}
		case OverwriteConflicts:
			if err != nil || *b1 != 2 || d5 == nil || *d5 != 3 {
				t.Errorf("overwrite: %v, B-1 %s D-5 %s", err, scoreText(b1), scoreText(d5))
			}
		}
	}
}

// A change in the database between the preview and the application stops the import.
func TestApplyRefusesStalePlan(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	q := exportQuestionnaire(t, fx, catalog.EN, "")
	edit(t, q, func(f *excelize.File) { f.SetCellValue(sheetQuestions, cellName(colCurrent, rowOf(t, f, "D-5")), 3) })
	plan, err := PlanImport(ctx, fx.s, q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.s.SetAssessment(ctx, fx.cycle.ID, "D-5", catalog.AssessmentPatch{Score: ip(1)}); err != nil {
		t.Fatal(err)
	}
	var se *StaleError
	if err := plan.ApplyWith(ctx, fx.s, OverwriteConflicts); !errors.As(err, &se) {
		t.Fatalf("got %v, want a stale plan refused", err)
	}
	if v := current(t, fx.s, fx.cycle.ID, "D-5"); *v != 1 {
		t.Errorf("D-5 is %d", *v)
	}
}

// A blank questionnaire exported from another database, for an organisation that only has
// the same name, applies to nothing here.
func TestQuestionnaireFromAnotherDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	other, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, _, err := other.AddOrg(ctx, catalog.NewOrg{Name: "Acme Corp"}); err != nil {
		t.Fatal(err)
	}
	q := filepath.Join(t.TempDir(), "blank.xlsx")
	questionnaireFrom(t, other, "Acme Corp", q, nil)
	sum := dbHash(t, fx.dbPath)
	_, err = PlanImport(ctx, fx.s, q)
	if err == nil {
		t.Fatal("a questionnaire of another database was accepted")
	}
	for _, want := range []string{`this questionnaire is for organisation "Acme Corp" (`, `which is not in this database`,
		`"Acme Corp" here is another organisation that only has the same name`, `organisations here: "Acme Corp" (` + orgIdentity(fx.org) + `)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\nlacks %q", err, want)
		}
	}
	if dbHash(t, fx.dbPath) != sum {
		t.Error("the refused file changed the database")
	}
}

// Renaming the organisation or the cycle after the export still matches, and the plan says so.
func TestQuestionnaireAfterRename(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	q := exportQuestionnaire(t, fx, catalog.EN, "")
	name := "Acme Holdings"
	if err := fx.s.UpdateOrg(ctx, fx.org.ID, catalog.OrgPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	plan, err := PlanImport(ctx, fx.s, q)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Organisation.ID != fx.org.ID || len(plan.Notes) != 1 || !strings.Contains(plan.Notes[0], `"Acme Corp" is now "Acme Holdings"`) {
		t.Fatalf("plan for %d, notes %q", plan.Organisation.ID, plan.Notes)
	}
	if plan.OrganisationUUID != orgIdentity(fx.org) || plan.CycleUUID == "" {
		t.Errorf("identities %q %q", plan.OrganisationUUID, plan.CycleUUID)
	}
}

// Text that differs only in its Unicode normal form or line ends is the same answer.
func TestQuestionnaireTextComparedAsStored(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	ev := "Café audit\nsecond line"
	if _, err := fx.s.SetAssessment(ctx, fx.cycle.ID, "D-2", catalog.AssessmentPatch{Evidence: &ev}); err != nil {
		t.Fatal(err)
	}
	q := exportQuestionnaire(t, fx, catalog.EN, "")
	edit(t, q, func(f *excelize.File) {
		f.SetCellValue(sheetQuestions, cellName(colEvidence, rowOf(t, f, "D-2")), "Cafe\u0301 audit\r\nsecond line")
	})
	plan, err := PlanImport(ctx, fx.s, q)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Empty() {
		t.Fatalf("the same text planned a change: %+v", plan.Services)
	}
}
