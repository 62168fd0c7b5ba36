package export

import (
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// sheetCells is every cell of a sheet, a row a line, cells separated by tabs.
func sheetCells(t *testing.T, f *excelize.File, sh string) (string, [][]string) {
	t.Helper()
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return b.String(), rows
}

// The Catalogue sheet marks each working name (a name not read in the recommendation) as the
// TUI and cdc catalog list do, and says under the table what the mark means; the Method sheet
// says it too, with how many names carry it, and shows the pack's note without format codes.
func TestReportMarksWorkingNames(t *testing.T) {
	pack := catalog.BuiltinPack()
	working := 0
	for _, s := range pack.Services {
		if s.WorkingName() {
			working++
		}
	}
	if working == 0 || working == len(pack.Services) {
		t.Fatalf("%d working names of %d: the test needs both kinds", working, len(pack.Services))
	}
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA, catalog.FR, catalog.ES} {
		t.Run(string(lang), func(t *testing.T) {
			path, _, _ := demoReport(t, lang, ReportOptions{})
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pr := vocab.For(lang)
			mark, legend := pr.T("catalog.mark.working"), pr.T("catalog.mark.legend")
			text, rows := sheetCells(t, f, pr.T("report.sheet.catalogue"))
			seen := 0
			for _, r := range rows {
				if len(r) < 3 {
					continue
				}
				sv, ok := pack.Service(r[0])
				if !ok {
					continue
				}
				seen++
				want := sv.Name.In(lang)
				if sv.WorkingName() {
					want += "\u00a0" + mark
				}
				if r[2] != want {
					t.Errorf("%s: service name %q, want %q", sv.ID, r[2], want)
				}
			}
			if seen != len(pack.Services) {
				t.Errorf("%d services on the Catalogue sheet, want %d", seen, len(pack.Services))
			}
			if !strings.Contains(text, mark+" "+legend) {
				t.Errorf("the Catalogue sheet does not explain the mark (%q)", mark+" "+legend)
			}
			method, _ := sheetCells(t, f, pr.T("report.sheet.method"))
			line := pr.N("report.method.working", working, pr.Count(working), mark, legend, pr.Count(len(pack.Services)), pr.T("report.sheet.catalogue"))
			if !strings.Contains(method, line) {
				t.Errorf("the Method sheet does not say %q", line)
			}
			if note := pr.PackNote(pack.Source.In(lang)); !strings.Contains(method, note) {
				t.Errorf("the Method sheet does not show the pack's note in words: %q", note)
			}
			if lang != catalog.EN {
				for _, code := range []string{"name_provenance", "checked", "partial", "working"} {
					if strings.Contains(method, code) {
						t.Errorf("the Method sheet shows the format code %q", code)
					}
				}
			}
		})
	}
}

// The questionnaire marks working names too and explains the mark on its Instructions sheet,
// and an untouched questionnaire still imports as no change.
func TestQuestionnaireMarksWorkingNames(t *testing.T) {
	pack := catalog.BuiltinPack()
	for _, lang := range []catalog.Lang{catalog.EN, catalog.FR} {
		t.Run(string(lang), func(t *testing.T) {
			fx := newFixture(t)
			path := exportQuestionnaire(t, fx, lang, "")
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			pr := vocab.For(lang)
			mark := pr.T("catalog.mark.working")
			_, rows := sheetCells(t, f, sheetQuestions)
			marked := 0
			for _, r := range rows[1:] {
				sv, ok := pack.Service(r[0])
				if !ok {
					t.Fatalf("row %q names no service", r[0])
				}
				want := sv.Name.In(lang)
				if sv.WorkingName() {
					want += "\u00a0" + mark
					marked++
				}
				if r[colService-1] != want {
					t.Errorf("%s: %q, want %q", sv.ID, r[colService-1], want)
				}
			}
			if marked == 0 {
				t.Error("no name is marked")
			}
			ins, _ := sheetCells(t, f, sheetInstructions)
			if !strings.Contains(ins, mark+" "+pr.T("catalog.mark.legend")) {
				t.Error("the Instructions sheet does not explain the mark")
			}
			f.Close()
			plan, err := PlanImport(t.Context(), fx.s, path)
			if err != nil {
				t.Fatal(err)
			}
			if !plan.Empty() {
				t.Errorf("an untouched questionnaire plans %d changes", plan.Changes())
			}
		})
	}
}

// Percentages read alike in a workbook and in the CLI: "96 %" in French and Spanish, "96%"
// in English and Japanese, from the number format of the workbook's language.
func TestReportPercentFormat(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA, catalog.FR, catalog.ES} {
		t.Run(string(lang), func(t *testing.T) {
			path, _, _ := demoReport(t, lang, ReportOptions{})
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pr := vocab.For(lang)
			sh := pr.T("report.sheet.catalogue")
			_, rows := sheetCells(t, f, sh)
			checked := 0
			for i, r := range rows {
				if i < tableFirstRow-1 || len(r) < 11 {
					continue
				}
				cell := cellName(11, i+1)
				raw, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
				if err != nil || raw == "" {
					continue
				}
				id, _ := f.GetCellStyle(sh, cell)
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				if st.CustomNumFmt == nil || *st.CustomNumFmt != pr.PercentNumFmt() {
					t.Fatalf("%s: number format %v, want %q", cell, st.CustomNumFmt, pr.PercentNumFmt())
				}
				v, err := strconv.ParseFloat(raw, 64)
				if err != nil {
					t.Fatalf("%s: %q is not a number", cell, raw)
				}
				// The format read as a spreadsheet reads it (excelize's own rendering puts a
				// literal after the sign): the digit placeholder, the quoted space, the sign.
				shown := strings.Replace(strings.ReplaceAll(*st.CustomNumFmt, `"`, ""), "0", strconv.Itoa(int(vocab.Round(v*100, 0))), 1)
				if want := pr.Percent(&v); shown != want {
					t.Errorf("%s shows %q, the CLI %q", cell, shown, want)
				}
				checked++
			}
			if checked == 0 {
				t.Fatal("no attainment figure on the Catalogue sheet")
			}
		})
	}
}
