package tui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// openReport loads the demo organisation and shows the Report tab.
func openReport(t *testing.T, w, h int, lang catalog.Lang) *harness {
	t.Helper()
	hs := newHarness(t, w, h, lang)
	hs.press("d")
	hs.workspace()
	hs.press("tab", "tab", "tab", "tab")
	return hs
}

// choose opens menu entry i (0 report ... 3 import) and types path over the default.
func choose(h *harness, i int, path string) {
	h.t.Helper()
	h.press("g")
	for range i {
		h.press("down")
	}
	h.press("enter")
	clearField(h)
	h.typeText(path)
}

func TestReportQuestionnaireRoundTrip(t *testing.T) {
	h := openReport(t, 100, 30, catalog.EN)
	h.wantView("Export and import · Demo Agency, FY2026", "Questionnaire (.xlsx)")
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "answers.xlsx")

	// the default name comes from the organisation and cycle
	h.press("down", "enter")
	h.wantView("Questionnaire for FY2026", "Demo-Agency_FY2026_questionnaire.xlsx")
	clearField(h)
	h.typeText(filepath.Join(dir, "answers.txt"))
	h.press("ctrl+s")
	h.wantView("should end in .xlsx")
	clearField(h)
	h.typeText(path)
	h.press("tab") // the language is a choice: j picks Japanese
	h.wantView("● English", "○ Japanese")
	h.press("j")
	h.wantView("○ English", "● Japanese")
	h.press("enter")
	h.wantView("Saved the questionnaire to", "answers.xlsx")
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Fatalf("questionnaire not written: %v", err)
	}
	if tab := h.workspace().tabs[tabReport].(*reportTab); tab.job != 0 || tab.done != 1 {
		t.Fatalf("after the export: job %d, progress %.2f", tab.job, tab.done)
	}
	// the import form offers the questionnaire just written
	h.press("down", "down", "enter")
	if got := h.m.c.dialogs.top().(*form).Value("path"); got != path {
		t.Fatalf("import path %q, want %q", got, path)
	}
	h.press("esc")

	// the same file again: asked before it is replaced
	choose(h, 1, path)
	h.press("enter", "enter")
	h.wantView("exists already. Replace it?")
	h.press("n")
	h.wantView("Questionnaire (.xlsx)")

	// the respondent changes B-1 in the file; the preview shows it and writes nothing
	d := cycleData(t, h.store, catalog.DemoOrgName)
	before := scoreText(service(t, d, "B-1").Current)
	five := 5
	if before == "5" {
		five = 1
	}
	answer(t, path, catalog.JA, "B-1", five)
	choose(h, 3, path)
	h.press("enter")
	h.wantView("Import preview", "Questionnaire for Demo Agency, cycle FY2026: 1 change in 1 service", "B-1",
		"current", before+" → "+strings.TrimSpace(scoreText(&five)), "y/enter apply")
	if got := scoreText(service(t, cycleData(t, h.store, catalog.DemoOrgName), "B-1").Current); got != before {
		t.Fatalf("the preview wrote: B-1 is %s", got)
	}
	h.press("esc")
	h.wantView("Import cancelled: nothing was written")
	if got := scoreText(service(t, cycleData(t, h.store, catalog.DemoOrgName), "B-1").Current); got != before {
		t.Fatalf("esc applied the import: B-1 is %s", got)
	}

	choose(h, 3, path)
	h.press("enter", "y")
	h.wantView("Imported 1 change in 1 service into Demo Agency, FY2026", `"import answers.xlsx"`)
	if got := scoreText(service(t, cycleData(t, h.store, catalog.DemoOrgName), "B-1").Current); got != scoreText(&five) {
		t.Fatalf("after the import B-1 is %s, want %d", got, five)
	}
	chs, err := h.store.Changes(ctx, catalog.ChangeQuery{OrgID: d.Org.ID, CycleID: d.Cycle.ID, Limit: 1})
	if err != nil || len(chs) != 1 || chs[0].Source != "import answers.xlsx" || chs[0].Key != "B-1" {
		t.Fatalf("last change %+v, %v", chs, err)
	}

	// a second import changes nothing
	choose(h, 3, path)
	h.press("enter")
	h.wantView("0 changes", "Nothing to change")
	h.press("enter")
	h.wantView("Import a file")
}

// answer writes score as the current score of service id in a questionnaire, as a respondent
// would in a spreadsheet program.
func answer(t *testing.T, path string, lang catalog.Lang, id string, score int) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "Questionnaire"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], vocab.For(lang).T("questionnaire.col.current"))
	row := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == id })
	if col < 0 || row < 0 {
		t.Fatalf("no current score column or no row %s in %s", id, path)
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, row+1)
	if err := f.SetCellValue(sheet, cell, score); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func TestReportRefusedImport(t *testing.T) {
	h := openReport(t, 80, 24, catalog.EN)
	dir := t.TempDir()
	bad := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(bad, []byte("not a workbook"), 0o600); err != nil {
		t.Fatal(err)
	}
	choose(h, 3, bad)
	h.press("enter")
	h.wantView("was not imported: 1", "not a questionnaire", "esc back")
	h.press("esc")
	h.wantView("Evaluation report (.xlsx)")

	choose(h, 3, filepath.Join(dir, "missing.xlsx"))
	h.press("enter")
	h.wantView("missing.xlsx")
	if tab := h.workspace().tabs[tabReport].(*reportTab); tab.problems == nil {
		t.Fatalf("a missing file shows no problem:\n%s", h.view())
	}
}

func TestReportWorkbookAndJSON(t *testing.T) {
	h := openReport(t, 120, 40, catalog.EN)
	dir := t.TempDir()
	rep := filepath.Join(dir, "report.xlsx")
	choose(h, 0, rep)
	h.press("ctrl+s")
	h.wantView("Saved the evaluation report to", "report.xlsx")
	js := filepath.Join(dir, "agency.json")
	choose(h, 2, js)
	h.press("enter")
	h.wantView("Saved the organisation file to", "agency.json")
	for _, p := range []string{rep, js} {
		st, err := os.Stat(p)
		if err != nil || st.Size() == 0 || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, st, err)
		}
	}

	// a folder is not a file name
	choose(h, 2, dir+string(filepath.Separator)+"x.json")
	if err := os.Mkdir(filepath.Join(dir, "x.json"), 0o700); err != nil {
		t.Fatal(err)
	}
	h.press("enter")
	h.wantView("is a folder")

	// importing the organisation file into another database creates the organisation
	other := newHarness(t, 120, 40, catalog.EN)
	other.press("n")
	other.typeText("Someone Else")
	other.press("ctrl+s")
	other.press("tab", "tab", "tab", "tab")
	choose(other, 3, js)
	other.press("enter")
	other.wantView("Organisation file", "y/enter apply")
	other.press("y")
	other.wantView("Imported organisation Demo Agency")
	if _, err := other.store.FindOrg(context.Background(), catalog.DemoOrgName); err != nil {
		t.Fatal(err)
	}
}

// TestReportViewsFit renders the menu, a form and a preview in both languages and sizes.
func TestReportViewsFit(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
			h := openReport(t, sz[0], sz[1], lang)
			for _, keys := range [][]string{nil, {"enter"}, {"esc", "down", "down", "enter"}} {
				h.press(keys...)
				lines := strings.Split(h.view(), "\n")
				if len(lines) != sz[1] {
					t.Fatalf("%v %s %v: %d lines", sz, lang, keys, len(lines))
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > sz[0] {
						t.Fatalf("%v %s %v line %d is %d cells wide:\n%s", sz, lang, keys, i, w, l)
					}
				}
			}
		}
	}
}

// TestManageReportGolden compares the Manage and Report views, colours stripped, with testdata.
// Regenerate with: go test ./tui -run TestManageReportGolden -update
func TestManageReportGolden(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		lang catalog.Lang
		keys []string
	}{
		{"manage_actions_en_80x24", 80, 24, catalog.EN, []string{"tab", "tab", "1"}},
		{"manage_actions_ja_120x40", 120, 40, catalog.JA, []string{"tab", "tab", "1", "down"}},
		{"manage_filtered_en_120x40", 120, 40, catalog.EN, []string{"tab", "tab", "1", "f", "h", "l"}},
		{"manage_reviews_en_80x24", 80, 24, catalog.EN, []string{"tab", "tab", "right"}},
		{"manage_reviews_ja_120x40", 120, 40, catalog.JA, []string{"tab", "tab", "right"}},
		{"manage_action_form_en_80x24", 80, 24, catalog.EN, []string{"tab", "tab", "1", "e"}},
		{"report_en_80x24", 80, 24, catalog.EN, []string{"tab", "tab", "tab", "tab"}},
		{"report_ja_120x40", 120, 40, catalog.JA, []string{"tab", "tab", "tab", "tab", "down"}},
		{"report_form_en_80x24", 80, 24, catalog.EN, []string{"tab", "tab", "tab", "tab", "enter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.w, tt.h, tt.lang)
			h.press("d")
			h.workspace()
			h.press(tt.keys...)
			h.golden(tt.name)
		})
	}
}

// TestReportProgressSteps runs an export the way the program does, the write and the progress
// reader at the same time, and checks that the bar moves with the export's steps.
func TestReportProgressSteps(t *testing.T) {
	h := openReport(t, 80, 24, catalog.EN)
	tab := h.workspace().tabs[tabReport].(*reportTab)
	d := cycleData(t, h.store, catalog.DemoOrgName)
	path := filepath.Join(t.TempDir(), "r.xlsx")
	batch, ok := tab.startExport(exportReq{item: itemReport, path: path, lang: catalog.EN, orgID: d.Org.ID, cycleID: d.Cycle.ID})().(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("export command is not a write and a progress reader: %T", batch)
	}
	saved := make(chan tea.Msg, 1)
	go func() { saved <- batch[0]() }()
	steps, last := 0, 0.0
	for cmd := batch[1]; cmd != nil; {
		msg := cmd()
		if msg == nil {
			break
		}
		p := msg.(reportProgressMsg)
		steps++
		cmd = tab.Update(p)
		if tab.done < last || tab.done > 1 {
			t.Fatalf("progress went from %.2f to %.2f", last, tab.done)
		}
		last = tab.done
	}
	if steps == 0 {
		t.Fatal("the export reported no progress")
	}
	h.send(<-saved)
	h.wantView("Saved the evaluation report to", "r.xlsx")
	if tab.job != 0 || tab.done != 1 {
		t.Fatalf("after the export: job %d, progress %.2f", tab.job, tab.done)
	}
}

func TestReportProgressShown(t *testing.T) {
	h := openReport(t, 80, 24, catalog.EN)
	tab := h.workspace().tabs[tabReport].(*reportTab)
	tab.job, tab.jobItem, tab.done = 7, itemReport, 0.5
	h.wantView("Writing the evaluation report…", "50%")
	// keys wait while an export runs; a stale job's messages are ignored
	h.press("enter")
	if !h.m.c.dialogs.empty() {
		t.Fatal("a form opened while an export was running")
	}
	h.send(reportDoneMsg{job: 3, path: "/elsewhere.xlsx"})
	h.wantView("Writing the evaluation report…")
	h.send(reportDoneMsg{job: 7, err: os.ErrPermission})
	h.wantView("Could not write the evaluation report: permission denied")
}

// Without LibreOffice the PDF entry writes nothing and says in one line how to install it.
func TestReportPDFWithoutLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(export.PasswordEnv, "")
	h := openReport(t, 100, 30, catalog.EN)
	path := filepath.Join(t.TempDir(), "report.pdf")
	choose(h, int(itemPDF), path)
	h.press("ctrl+s")
	h.wantView("No PDF written: it needs LibreOffice", "apt-get install libreoffice-calc")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a file was written: %v", err)
	}
	// the file must end in .pdf
	choose(h, int(itemPDF), filepath.Join(t.TempDir(), "report.xlsx"))
	h.press("ctrl+s")
	h.wantView("should end in .pdf")
}

// With LibreOffice installed the PDF entry writes a PDF of the report.
func TestReportPDF(t *testing.T) {
	if !export.LibreOfficeInstalled() || testing.Short() {
		t.Skip("LibreOffice (soffice) is not installed, or -short")
	}
	t.Setenv(export.PasswordEnv, "")
	old := commandTimeout
	commandTimeout = 3 * time.Minute
	t.Cleanup(func() { commandTimeout = old })
	h := openReport(t, 100, 30, catalog.EN)
	path := filepath.Join(t.TempDir(), "report.pdf")
	choose(h, int(itemPDF), path)
	h.press("ctrl+s")
	h.wantView("Saved the PDF report to", "report.pdf")
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("no PDF at %s: %v", path, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("beside the PDF: %v", entries)
	}
}

// The document-control form shows the stored fields, saves them and names the assessors.
func TestReportDocumentForm(t *testing.T) {
	h := openReport(t, 100, 30, catalog.EN)
	ctx := context.Background()
	org, err := h.store.FindOrg(ctx, catalog.DemoOrgName)
	if err != nil {
		t.Fatal(err)
	}
	v := "CISO office"
	if err := h.store.UpdateDocument(ctx, org.ID, catalog.DocumentPatch{Reviewer: &v}); err != nil {
		t.Fatal(err)
	}
	h.press("g")
	for range int(itemDocument) {
		h.press("down")
	}
	h.wantView("Document control", "Assessors, from the scores recorded:")
	h.press("enter")
	h.wantView("Document control of Demo Agency", "Classification", "Distribution", "Reviewer", "CISO office", "Version", "Respondents")
	h.typeText("TLP:AMBER+STRICT")
	h.press("tab", "tab", "tab")
	h.typeText("2.1")
	h.press("ctrl+s")
	h.wantView("Saved the document control of Demo Agency")
	d, err := h.store.Document(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Classification != "TLP:AMBER+STRICT" || d.Reviewer != "CISO office" || d.Version != "2.1" {
		t.Errorf("stored %+v", d)
	}
	// a control character is refused in the form, and nothing is saved
	h.press("enter")
	h.typeText("\x07")
	h.press("ctrl+s")
	if d2, _ := h.store.Document(ctx, org.ID); d2 != d {
		t.Errorf("changed to %+v", d2)
	}
}
