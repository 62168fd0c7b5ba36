package tui

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
)

// An answer changed in the file and, since the export, in the database is marked !;
// y/enter alone applies nothing; skipping and overwriting each ask a second time.
func TestReportImportConflicts(t *testing.T) {
	for _, overwrite := range []bool{false, true} {
		h := openReport(t, 120, 40, catalog.EN)
		ctx := context.Background()
		d := cycleData(t, h.store, catalog.DemoOrgName)
		path := filepath.Join(t.TempDir(), "answers.xlsx")
		if err := export.WriteQuestionnaire(ctx, h.store, d.Cycle.ID, export.QuestionnaireOptions{Lang: catalog.EN}, path); err != nil {
			t.Fatal(err)
		}
		pick := func(cur *int, avoid ...int) int {
			for v := 1; v <= 5; v++ {
				ok := cur == nil || v != *cur
				for _, a := range avoid {
					ok = ok && v != a
				}
				if ok {
					return v
				}
			}
			return 0
		}
		here := pick(service(t, d, "B-1").Current)
		if _, err := h.store.SetAssessment(ctx, d.Cycle.ID, "B-1", catalog.AssessmentPatch{Score: &here}); err != nil {
			t.Fatal(err)
		}
		file := pick(service(t, d, "B-1").Current, here)
		answer(t, path, catalog.EN, "B-1", file)
		a1 := pick(service(t, d, "A-1").Current)
		answer(t, path, catalog.EN, "A-1", a1)

		choose(h, 3, path)
		h.press("enter")
		h.wantView("! 1 answer would overwrite", d.Org.UUID, d.Cycle.UUID, "s apply the unmarked ones", "o overwrite the marked ones", "current score", "(exported as ")
		h.press("y", "enter")
		h.wantView("Import preview")
		if got := service(t, cycleData(t, h.store, catalog.DemoOrgName), "A-1").Current; scoreText(got) != scoreText(service(t, d, "A-1").Current) {
			t.Fatal("y/enter applied a plan with conflicts")
		}
		// the second question: n keeps the preview and writes nothing
		h.press("s")
		h.wantView("Apply the unmarked answers (1 change)", "1 answer marked !")
		h.press("n")
		h.wantView("Import preview")
		if overwrite {
			h.press("o")
			h.wantView("Overwrite this", "2 changes applied in all")
		} else {
			h.press("s")
		}
		h.press("y")
		h.wantView("Imported")
		after := cycleData(t, h.store, catalog.DemoOrgName)
		if got := scoreText(service(t, after, "A-1").Current); got != scoreText(&a1) {
			t.Fatalf("A-1 is %s, want %d", got, a1)
		}
		want := here
		if overwrite {
			want = file
		}
		if got := scoreText(service(t, after, "B-1").Current); got != scoreText(&want) {
			t.Fatalf("overwrite %v: B-1 is %s, want %d", overwrite, got, want)
		}
	}
}
