package export

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// setRespondent writes the respondent's two cells, found by their defined names.
func setRespondent(t *testing.T, f *excelize.File, who, on any) {
	t.Helper()
	for name, v := range map[string]any{NameRespondent: who, NameAnsweredOn: on} {
		found := false
		for _, dn := range f.GetDefinedName() {
			if dn.Name == name {
				ref := strings.ReplaceAll(strings.SplitN(dn.RefersTo, "!", 2)[1], "$", "")
				if err := f.SetCellValue(sheetInstructions, ref, v); err != nil {
					t.Fatal(err)
				}
				found = true
			}
		}
		if !found {
			t.Fatalf("no defined name %s", name)
		}
	}
}

// The respondent's name and date go with their answers: into the preview, and on apply
// into the organisation's respondents (the report's cover), logged; once only.
func TestQuestionnaireRespondent(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	path := exportQuestionnaire(t, fx, catalog.EN, "")
	edit(t, path, func(f *excelize.File) {
		setRespondent(t, f, "  Jane Doe ", "2026-11-20")
		if err := f.SetCellValue(sheetQuestions, cellName(colCurrent, rowOf(t, f, "A-1")), 4); err != nil {
			t.Fatal(err)
		}
	})
	plan, err := PlanImport(ctx, fx.s, path)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Respondent != "Jane Doe" || plan.AnsweredOn != "2026-11-20" || plan.RespondentEntry() != "Jane Doe (2026-11-20)" {
		t.Fatalf("respondent %q on %q", plan.Respondent, plan.AnsweredOn)
	}
	for range 2 {
		if err := plan.Apply(ctx, fx.s); err != nil {
			t.Fatal(err)
		}
		doc, err := fx.s.Document(ctx, fx.cycle.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Respondents != "Jane Doe (2026-11-20)" {
			t.Fatalf("respondents %q", doc.Respondents)
		}
		if plan, err = PlanImport(ctx, fx.s, path); err != nil {
			t.Fatal(err)
		}
		if !plan.RespondentListed {
			t.Error("after the import the respondent is not seen as listed")
		}
	}
	chs, err := fx.s.Changes(ctx, catalog.ChangeQuery{OrgID: fx.cycle.OrgID, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ch := range chs {
		if ch.Field == catalog.FieldRespondents {
			n++
			if !strings.HasPrefix(ch.Source, "import ") || ch.New != "Jane Doe (2026-11-20)" {
				t.Errorf("respondent logged as %+v", ch)
			}
		}
	}
	if n != 1 {
		t.Errorf("respondent logged %d times", n)
	}
}

// A bad respondent cell is refused with its cell named; an Excel date is read as its day.
func TestQuestionnaireRespondentRefused(t *testing.T) {
	ctx := context.Background()
	future := time.Now().AddDate(0, 0, 5).Format("2006-01-02")
	tests := []struct {
		name    string
		who, on any
		want    string // a problem's text, or the date read when empty
		day     string
	}{
		{"not a date", "Jane", "20 Nov", "is not a date written YYYY-MM-DD", ""},
		{"in the future", "Jane", future, "is in the future", ""},
		{"bidi override", "Jane\u202eeoD", "2026-11-20", "Instructions!B", ""},
		{"excel date", "Jane", 46346.0, "", "2026-11-20"},
		{"empty", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t)
			path := exportQuestionnaire(t, fx, catalog.EN, "")
			edit(t, path, func(f *excelize.File) { setRespondent(t, f, tt.who, tt.on) })
			plan, err := PlanImport(ctx, fx.s, path)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("got %v, want a problem with %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if plan.AnsweredOn != tt.day {
				t.Errorf("answered on %q, want %q", plan.AnsweredOn, tt.day)
			}
		})
	}
}
