package tui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/xuri/excelize/v2"
)

// laptopCheckIn copies the demo to a laptop database, where A-1 and B-1 are assessed; here
// B-1 is assessed meanwhile with another score. It returns the laptop's organisation file
// and the scores: A-1 is taken from the file, B-1 is a conflict.
func laptopCheckIn(t *testing.T, here *catalog.Store) (path string, a1, b1Here, b1File int) {
	t.Helper()
	ctx := context.Background()
	d := cycleData(t, here, catalog.DemoOrgName)
	dir := t.TempDir()
	copyPath := filepath.Join(dir, "copy.json")
	if err := export.WriteJSON(ctx, here, d.Org.ID, copyPath); err != nil {
		t.Fatal(err)
	}
	lap, err := catalog.Open(ctx, filepath.Join(dir, "laptop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lap.Close()
	plan, err := export.PlanImport(ctx, lap, copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Apply(ctx, lap); err != nil {
		t.Fatal(err)
	}
	ld := cycleData(t, lap, catalog.DemoOrgName)
	other := func(cur *int, avoid ...int) int {
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
	a1 = other(service(t, d, "A-1").Current)
	b1Here = other(service(t, d, "B-1").Current)
	b1File = other(service(t, d, "B-1").Current, b1Here)
	for id, v := range map[string]int{"A-1": a1, "B-1": b1File} {
		if _, err := lap.SetAssessment(ctx, ld.Cycle.ID, id, catalog.AssessmentPatch{Score: &v}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := here.SetAssessment(ctx, d.Cycle.ID, "B-1", catalog.AssessmentPatch{Score: &b1Here}); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "laptop.json")
	if err := export.WriteJSON(ctx, lap, ld.Org.ID, path); err != nil {
		t.Fatal(err)
	}
	return path, a1, b1Here, b1File
}

// The check-in of a laptop's organisation file from the Report tab: the preview names the
// organisation and its UUID, counts what it takes, marks the conflict; y and enter alone
// apply nothing; s and o each ask a second time; esc writes nothing.
func TestCheckInFromReportTab(t *testing.T) {
	for _, overwrite := range []bool{false, true} {
		h := openReport(t, 120, 40, catalog.EN)
		path, a1, b1Here, b1File := laptopCheckIn(t, h.store)
		d := cycleData(t, h.store, catalog.DemoOrgName)
		before := h.changes(d.Org.ID)

		h.press("c")
		h.wantView("Check in an organisation file to Demo Agency")
		h.typeText(path)
		h.press("enter")
		h.wantView("Check-in preview", "Checks in to organisation Demo Agency ("+d.Org.UUID+")",
			"1 field takes the file's value", "1 conflict", "! 1 field was changed both", "Cycle FY2026", "B-1", "A-1",
			"s apply the unmarked ones", "o overwrite the marked ones")
		h.press("y", "enter")
		h.wantView("Check-in preview")
		if h.changes(d.Org.ID) != before {
			t.Fatal("y/enter applied a check-in with conflicts")
		}
		// esc leaves without writing
		h.press("esc")
		h.wantView("Export and import")
		if h.changes(d.Org.ID) != before {
			t.Fatal("esc wrote")
		}
		h.press("c")
		h.typeText(path)
		h.press("enter")
		// the second question: n keeps the preview and writes nothing
		h.press("s")
		h.wantView("Apply the unmarked changes", "1 field marked !")
		h.press("n")
		h.wantView("Check-in preview")
		if h.changes(d.Org.ID) != before {
			t.Fatal("n wrote")
		}
		if overwrite {
			h.press("o")
			h.wantView("Overwrite this database's value for the 1 field marked !")
		} else {
			h.press("s")
		}
		h.press("y")
		h.wantView("Checked in", `"merge laptop.json"`)
		after := cycleData(t, h.store, catalog.DemoOrgName)
		if got := scoreText(service(t, after, "A-1").Current); got != scoreText(&a1) {
			t.Fatalf("A-1 is %s, want the laptop's %d", got, a1)
		}
		want := b1Here
		if overwrite {
			want = b1File
		}
		if got := scoreText(service(t, after, "B-1").Current); got != scoreText(&want) {
			t.Fatalf("overwrite %v: B-1 is %s, want %d", overwrite, got, want)
		}
		if after.Org.UUID != d.Org.UUID || after.Org.ID != d.Org.ID {
			t.Fatal("the check-in changed the organisation's identity")
		}
		h.press("esc")
		// the same file again: nothing to change, enter goes back
		h.press("c")
		h.typeText(path)
		h.press("enter")
		if overwrite {
			h.wantView("Nothing to change")
		} else {
			// a skipped conflict brought no log entry in: it is met again, and nothing is written
			h.wantView("1 conflict")
		}
		n := h.changes(d.Org.ID)
		h.press("enter")
		if h.changes(d.Org.ID) != n {
			t.Fatal("a second check-in of the same file wrote")
		}
	}
}

// A file that is not an organisation file, or one of an organisation not here, is refused
// with its problems and writes nothing; the Japanese preview speaks Japanese.
func TestCheckInRefusedAndJapanese(t *testing.T) {
	h := openReport(t, 100, 30, catalog.JA)
	d := cycleData(t, h.store, catalog.DemoOrgName)
	before := h.changes(d.Org.ID)
	h.press("c")
	h.typeText(filepath.Join(t.TempDir(), "missing.json"))
	h.press("enter")
	if h.changes(d.Org.ID) != before {
		t.Fatal("a refused file wrote")
	}
	h.press("esc")
	path, _, _, _ := laptopCheckIn(t, h.store)
	h.press("c")
	h.typeText(path)
	h.press("enter")
	h.wantView("チェックインの確認", "競合 1 件", d.Org.UUID)
	v := h.view()
	for _, english := range []string{"field", "conflict", "Cycle", "new"} {
		if strings.Contains(v, english) {
			t.Errorf("the Japanese preview shows %q:\n%s", english, v)
		}
	}
}

// A questionnaire given to the check-in is refused with what to do instead, in words; it
// never reaches the merge preview.
func TestCheckInOfAQuestionnaire(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		h := openReport(t, 80, 24, lang)
		d := cycleData(t, h.store, catalog.DemoOrgName)
		path := filepath.Join(t.TempDir(), "answers.xlsx")
		if err := export.WriteQuestionnaire(context.Background(), h.store, d.Cycle.ID, export.QuestionnaireOptions{Lang: lang}, path); err != nil {
			t.Fatal(err)
		}
		before := h.changes(d.Org.ID)
		h.press("c")
		h.typeText(path)
		h.press("enter")
		h.wantView(string([]rune(h.m.c.T("import.merge.questionnaire"))[:8]))
		if h.changes(d.Org.ID) != before {
			t.Fatal("a refused check-in wrote")
		}
	}
}

// changes counts an organisation's change-log entries.
func (h *harness) changes(orgID int64) int {
	h.t.Helper()
	chs, err := h.store.Changes(context.Background(), catalog.ChangeQuery{OrgID: orgID})
	if err != nil {
		h.t.Fatal(err)
	}
	return len(chs)
}

// The questionnaire preview names an assignment by its word in the interface language, not
// by its code.
func TestImportPreviewAssignmentInWords(t *testing.T) {
	h := openReport(t, 120, 40, catalog.JA)
	d := cycleData(t, h.store, catalog.DemoOrgName)
	path := filepath.Join(t.TempDir(), "q.xlsx")
	if err := export.WriteQuestionnaire(context.Background(), h.store, d.Cycle.ID, export.QuestionnaireOptions{Lang: catalog.EN}, path); err != nil {
		t.Fatal(err)
	}
	was := service(t, d, "A-1").Assignment
	to := catalog.AssignExternal
	if was == to {
		to = catalog.AssignInternal
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Questionnaire")
	col := slices.Index(rows[0], vocab.For(catalog.EN).T("questionnaire.col.assignment"))
	row := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "A-1" })
	if col < 0 || row < 0 {
		t.Fatal("no assignment column or no row A-1")
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, row+1)
	pack := catalog.BuiltinPack()
	f.SetCellValue("Questionnaire", cell, pack.AssignmentName(to, catalog.EN))
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	choose(h, 3, path)
	h.press("enter")
	h.wantView(pack.AssignmentName(was, catalog.JA) + " → " + pack.AssignmentName(to, catalog.JA))
}

// A refusal speaks the TUI's language and names its own way past it, never a CLI flag: a
// check-in of an organisation that is not here points to "Import a file", in English and
// in French.
func TestCheckInRefusalNamesNoFlag(t *testing.T) {
	ctx := context.Background()
	other, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	o, _, err := other.AddOrg(ctx, catalog.NewOrg{Name: "Elsewhere", FirstCycle: "FY1"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "elsewhere.json")
	if err := export.WriteJSON(ctx, other, o.ID, path); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang catalog.Lang
		want []string
	}{
		{catalog.EN, []string{"is not in this database", "use “Import a file” on this tab"}},
		{catalog.FR, []string{"n'est pas dans cette base", "utilisez «\u00a0Importer un fichier\u00a0» dans cet onglet"}},
	} {
		h := openReport(t, 160, 40, tc.lang)
		d := cycleData(t, h.store, catalog.DemoOrgName)
		before := h.changes(d.Org.ID)
		h.press("c")
		h.typeText(path)
		h.press("enter")
		h.wantView(tc.want...)
		if v := h.view(); strings.Contains(v, "--") {
			t.Errorf("%s: the TUI names a flag:\n%s", tc.lang, v)
		}
		if h.changes(d.Org.ID) != before {
			t.Fatal("a refused check-in wrote")
		}
	}
}

// Importing an organisation file of an organisation already here points to the check-in by
// its key, never to a flag.
func TestImportOfAnOrganisationHerePointsToCheckIn(t *testing.T) {
	ctx := context.Background()
	h := openReport(t, 160, 40, catalog.EN)
	d := cycleData(t, h.store, catalog.DemoOrgName)
	path := filepath.Join(t.TempDir(), "demo.json")
	if err := export.WriteJSON(ctx, h.store, d.Org.ID, path); err != nil {
		t.Fatal(err)
	}
	before := h.changes(d.Org.ID)
	h.press("g")
	for range int(itemImport) {
		h.press("down")
	}
	h.press("enter")
	h.typeText(path)
	h.press("enter")
	h.wantView("is already in this database", "check it in: press c on this tab")
	if v := h.view(); strings.Contains(v, "--") {
		t.Errorf("the TUI names a flag:\n%s", v)
	}
	if h.changes(d.Org.ID) != before {
		t.Fatal("a refused import wrote")
	}
}

// A check-in into a cycle closed here lists the file's changes to it, marked ×, counts them
// as not applicable and never as conflicts, and writes none of them.
func TestCheckInClosedCycleListed(t *testing.T) {
	h := openReport(t, 140, 40, catalog.EN)
	path, _, _, _ := laptopCheckIn(t, h.store)
	d := cycleData(t, h.store, catalog.DemoOrgName)
	if err := h.store.CloseCycleWith(context.Background(), d.Cycle.ID, catalog.CarryActions); err != nil {
		t.Fatal(err)
	}
	h.press("c")
	h.typeText(path)
	h.press("enter")
	h.wantView("0 conflicts · 2 cannot be applied (cycle closed here)", "× 2 changes of the file cannot be applied: cycle FY2026 is closed here",
		"A-1", "B-1", "(cycle closed here: not applied)")
	if v := h.view(); strings.Contains(v, "Nothing to change") || strings.Contains(v, "o overwrite") {
		t.Errorf("the preview hides the blocked changes or offers to overwrite them:\n%s", v)
	}
	h.press("enter")
	h.wantView("Checked in", "2 changes of the file were not applied")
	after := cycleData(t, h.store, catalog.DemoOrgName)
	for _, id := range []string{"A-1", "B-1"} {
		if got, was := scoreText(service(t, after, id).Current), scoreText(service(t, d, id).Current); got != was {
			t.Errorf("%s of the closed cycle changed from %s to %s", id, was, got)
		}
	}
}

// A file of another organisation whose name reads the same as one here is refused by the
// import preview (as the import would refuse it) and by the check-in, each with a way past
// it that works in the TUI: rename the one here first.
func TestImportOfALookAlikeOrganisation(t *testing.T) {
	ctx := context.Background()
	for _, checkIn := range []bool{false, true} {
		h := openReport(t, 200, 40, catalog.EN)
		d := cycleData(t, h.store, catalog.DemoOrgName)
		path := filepath.Join(t.TempDir(), "demo.json")
		if err := export.WriteJSON(ctx, h.store, d.Org.ID, path); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(data), d.Org.UUID, "11111111-2222-4333-8444-555555555555")
		s = strings.Replace(s, `"name": "Demo Agency"`, `"name": "Demo \u0410gency"`, 1)
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		before := h.changes(d.Org.ID)
		if checkIn {
			h.press("c")
		} else {
			h.press("g")
			for range int(itemImport) {
				h.press("down")
			}
			h.press("enter")
		}
		h.typeText(path)
		h.press("enter")
		h.wantView(d.Org.UUID, "rename the organisation here first (r on the start screen)")
		if v := h.view(); strings.Contains(v, "--") || strings.Contains(v, "Adds") {
			t.Errorf("check-in %v: a flag or a preview:\n%s", checkIn, v)
		}
		if h.changes(d.Org.ID) != before {
			t.Fatal("a refused import wrote")
		}
	}
}
