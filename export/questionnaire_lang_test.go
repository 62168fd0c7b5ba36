package export

import (
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// A questionnaire in French or Spanish speaks its language, comes back unchanged, and its
// assignment column accepts the words of every language (and the IDs) in any case.
func TestQuestionnaireFrenchSpanishRoundTrip(t *testing.T) {
	ctx := context.Background()
	pack := catalog.BuiltinPack()
	for _, lang := range []catalog.Lang{catalog.FR, catalog.ES} {
		t.Run(string(lang), func(t *testing.T) {
			fx := newFixture(t)
			path := exportQuestionnaire(t, fx, lang, "")
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, sh := range f.GetSheetList() {
				rows, _ := f.GetRows(sh)
				for _, r := range rows {
					all.WriteString(strings.Join(r, "\t") + "\n")
				}
			}
			f.Close()
			p := vocab.For(lang)
			a1, _ := pack.Service("A-1")
			for _, want := range []string{p.T("questionnaire.title"), p.T("questionnaire.col.assignment"), a1.Name[lang],
				pack.AssignmentName(catalog.AssignShared, lang)} {
				if !strings.Contains(all.String(), want) {
					t.Errorf("the %s questionnaire does not show %q", lang, want)
				}
			}
			plan, err := PlanImport(ctx, fx.s, path)
			if err != nil {
				t.Fatal(err)
			}
			if !plan.Empty() {
				t.Fatalf("untouched %s questionnaire plans %d changes", lang, plan.Changes())
			}
			// Every language's word for every assignment kind, each on its own service.
			type answer struct {
				id, word string
				want     catalog.Assignment
			}
			var answers []answer
			ids, _ := pack.Resolve([]string{"D", "E", "F", "G"})
			i := 0
			for _, a := range pack.Assignments {
				words := []string{string(a.ID), strings.ToUpper(a.Name[lang])}
				for _, l := range catalog.Langs {
					words = append(words, a.Name[l])
				}
				for _, w := range words {
					answers = append(answers, answer{ids[i], " " + w + " ", a.ID})
					i++
				}
			}
			edit(t, path, func(f *excelize.File) {
				for _, a := range answers {
					if err := f.SetCellValue(sheetQuestions, cellName(colAssignment, rowOf(t, f, a.id)), a.word); err != nil {
						t.Fatal(err)
					}
				}
				if err := f.SetCellValue(sheetQuestions, cellName(colCurrent, rowOf(t, f, "A-1")), 5); err != nil {
					t.Fatal(err)
				}
			})
			plan, err = PlanImport(ctx, fx.s, path)
			if err != nil {
				t.Fatal(err)
			}
			if err := plan.Apply(ctx, fx.s); err != nil {
				t.Fatal(err)
			}
			d, err := fx.s.CycleData(ctx, fx.cycle.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range answers {
				if st, _ := d.Service(a.id); st.Assignment != a.want {
					t.Errorf("%s: %q read as %q, want %q", a.id, a.word, st.Assignment, a.want)
				}
			}
			if st, _ := d.Service("A-1"); st.Current == nil || *st.Current != 5 {
				t.Errorf("A-1 current score not imported")
			}
			// Written again in the same language, the questionnaire comes back unchanged.
			again := exportQuestionnaire(t, fx, lang, "")
			if plan, err := PlanImport(ctx, fx.s, again); err != nil || !plan.Empty() {
				t.Fatalf("re-exported %s questionnaire: %v, %+v", lang, err, plan)
			}
		})
	}
}
