package export

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

func programme40(t testing.TB) scoring.Programme {
	t.Helper()
	ctx := context.Background()
	src, err := synth.ProgrammeFixture(ctx, synth.Programme40)
	if err != nil {
		t.Fatal(err)
	}
	s, err := catalog.OpenReadOnly(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	orgs, err := s.Programme(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return scoring.BuildProgramme(orgs)
}

func TestProgrammeWorkbook(t *testing.T) {
	prog := programme40(t)
	path := filepath.Join(t.TempDir(), "programme.xlsx")
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	if err := WriteProgramme(prog, ProgrammeOptions{Lang: catalog.EN, Pack: catalog.BuiltinPack(), Now: now}, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Heat map", "Ranking", "Trend", "Coverage", "Method"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v", got)
	}
	cell := func(sh, ref string) string {
		t.Helper()
		v, err := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Summary: the maturity index's distribution, as scoring computes it, at full precision.
	d := prog.Distributions()[0]
	row := programmeRowOf(t, f, "Summary", "Maturity index")
	if cell("Summary", cellName(2, row)) != "40" || cell("Summary", cellName(5, row)) != fmtRaw(d.Dist.Median) || cell("Summary", cellName(7, row)) != fmtRaw(d.Dist.Max) {
		t.Errorf("maturity row: n %s median %s max %s; want 40 %v %v", cell("Summary", cellName(2, row)), cell("Summary", cellName(5, row)), cell("Summary", cellName(7, row)), d.Dist.Median, d.Dist.Max)
	}
	// Heat map: one row per organisation, the categories as columns, four provisional.
	rows, _ := f.GetRows("Heat map")
	if len(rows) < 42 || rows[1][4] != "A" || rows[1][12] != "I" || rows[1][13] != "Maturity" {
		t.Fatalf("heat map header %v", rows[:2])
	}
	provisional := 0
	for _, r := range rows[2:42] {
		if len(r) > 14 && r[14] == "provisional" {
			provisional++
		}
	}
	if provisional != 4 {
		t.Errorf("%d provisional rows on the heat map, want 4", provisional)
	}
	first := prog.Rows[0]
	if cell("Heat map", "A3") != first.Org.Name || cell("Heat map", "E3") != fmtRaw(*first.Category("A").MeanCurrent) {
		t.Errorf("heat map first row: %s %s", cell("Heat map", "A3"), cell("Heat map", "E3"))
	}
	// Ranking: highest maturity first.
	top := prog.Ranking()[0]
	if cell("Ranking", "A3") != "1" || cell("Ranking", "B3") != top.Org.Name || cell("Ranking", "G3") != fmtRaw(*top.MaturityIndex) {
		t.Errorf("ranking first row: %s %s %s", cell("Ranking", "A3"), cell("Ranking", "B3"), cell("Ranking", "G3"))
	}
	// Trend: every cycle of every organisation.
	if rows, _ := f.GetRows("Trend"); len(rows) < 122 || rows[121][1] != "3" {
		t.Errorf("trend rows %d", len(rows))
	}
	// Coverage: mandatory coverage per organisation.
	if cell("Coverage", "A3") != first.Org.Name || cell("Coverage", "E3") != fmtRaw(*first.MandatoryCoverage) {
		t.Errorf("coverage first row: %s %s", cell("Coverage", "A3"), cell("Coverage", "E3"))
	}
	// Method: generated from scoring.
	methodText := strings.Join(sheetText(t, f, "Method"), "\n")
	for _, fm := range scoring.ProgrammeMethod(vocabEN()) {
		if !strings.Contains(methodText, fm.Text) {
			t.Errorf("Method lacks %q", fm.Name)
		}
	}
	if !strings.Contains(methodText, "QUARTILE.INC") || !strings.Contains(methodText, "Smallest group (k = 5)") || !strings.Contains(methodText, "Maturity index") {
		t.Error("Method lacks the quartile method, the k rule or the evaluation formulas")
	}
	// Print-ready: A4 landscape fitted to the width, header and footer with page N of M.
	for _, sh := range want {
		lo, err := f.GetPageLayout(sh)
		if err != nil {
			t.Fatal(err)
		}
		if lo.Size == nil || *lo.Size != 9 || lo.Orientation == nil || *lo.Orientation != "landscape" || lo.FitToWidth == nil || *lo.FitToWidth != 1 {
			t.Errorf("%s page layout %+v", sh, lo)
		}
		hf, err := f.GetHeaderFooter(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") || !strings.Contains(hf.OddHeader, "CDC programme report") {
			t.Errorf("%s header/footer %+v", sh, hf)
		}
	}
	titles := 0
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles++
		}
	}
	if titles != 4 {
		t.Errorf("%d sheets repeat their header row when printed, want 4", titles)
	}
	noFormulas(t, f)
}

func fmtRaw(v float64) string {
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", v)
	s, _ := f.GetCellValue("Sheet1", "A1", excelize.Options{RawCellValue: true})
	return s
}

func programmeRowOf(t *testing.T, f *excelize.File, sh, first string) int {
	t.Helper()
	rows, _ := f.GetRows(sh)
	for i, r := range rows {
		if len(r) > 0 && r[0] == first {
			return i + 1
		}
	}
	t.Fatalf("%s: no row starts with %q", sh, first)
	return 0
}

func sheetText(t *testing.T, f *excelize.File, sh string) []string {
	t.Helper()
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, " | "))
	}
	return out
}

func noFormulas(t *testing.T, f *excelize.File) {
	t.Helper()
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for i, r := range rows {
			for j := range r {
				if fm, _ := f.GetCellFormula(sh, cellName(j+1, i+1)); fm != "" {
					t.Errorf("%s!%s holds the formula %q", sh, cellName(j+1, i+1), fm)
				}
			}
		}
	}
}

func TestProgrammeWorkbookEscapesAndJapanese(t *testing.T) {
	p := catalog.BuiltinPack()
	d := &catalog.CycleData{Org: catalog.Organisation{ID: 1, Name: "=HYPERLINK(\"http://x\")", Sector: "+Energy"}, Cycle: catalog.Cycle{ID: 1, OrgID: 1, Seq: 1, Name: "@cycle"}, Pack: p}
	for _, sv := range p.Services {
		three := 3
		d.Services = append(d.Services, catalog.ServiceState{Service: sv, InScope: true, Level: sv.DefaultLevel, Assignment: catalog.AssignCDC, Target: &three, Current: &three})
	}
	prog := scoring.BuildProgramme([]catalog.ProgrammeOrg{{Org: d.Org, Cycles: []*catalog.CycleData{d}, CurrentCycle: 1, LatestAssessed: 1}})
	path := filepath.Join(t.TempDir(), "ja.xlsx")
	if err := WriteProgramme(prog, ProgrammeOptions{Lang: catalog.JA, Pack: p}, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); got[0] != "概要" || got[1] != "ヒートマップ" || got[5] != "評価方法" {
		t.Errorf("Japanese sheets %v", got)
	}
	// Text that starts like a formula is kept as text by the quote-prefix style, shown as written.
	v, _ := f.GetCellValue("ヒートマップ", "A3", excelize.Options{RawCellValue: true})
	if v != "=HYPERLINK(\"http://x\")" {
		t.Errorf("a name that looks like a formula is written as %q", v)
	}
	noFormulas(t, f)
}

func TestProgrammeWorkbookEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.xlsx")
	if err := WriteProgramme(scoring.BuildProgramme(nil), ProgrammeOptions{}, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := programmeRowOf(t, f, "Summary", "Maturity index")
	if v, _ := f.GetCellValue("Summary", cellName(3, row)); v != "—" {
		t.Errorf("an undefined minimum shows %q, want the unknown mark", v)
	}
}

func vocabEN() vocab.Printer { return vocab.For(catalog.EN) }
