package export

import (
	"archive/zip"
	"context"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

func writeReport(t *testing.T, fx *fixture, lang catalog.Lang, password string) (string, []int) {
	t.Helper()
	path := filepath.Join(fx.dir, "report-"+string(lang)+".xlsx")
	var steps []int
	err := WriteReport(context.Background(), fx.s, fx.cycle.ID, ReportOptions{Lang: lang, Password: password,
		Now:      time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC),
		Progress: func(done, total int) { steps = append(steps, done*100/total) }}, path)
	if err != nil {
		t.Fatal(err)
	}
	return path, steps
}

// near compares a workbook number with a figure of the evaluation.
func near(t *testing.T, where, got string, want *float64) {
	t.Helper()
	if want == nil {
		if got != "" && !strings.Contains(got, "n/a") && !strings.Contains(got, "該当なし") {
			t.Errorf("%s = %q, want empty (undefined)", where, got)
		}
		return
	}
	v, err := strconv.ParseFloat(got, 64)
	if err != nil || math.Abs(v-*want) > 1e-9 {
		t.Errorf("%s = %q, want %v", where, got, *want)
	}
}

func intText(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

// findRow returns the 1-based row whose column A is label.
func findRow(t *testing.T, rows [][]string, label string) int {
	t.Helper()
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return i + 1
		}
	}
	t.Fatalf("no row %q", label)
	return 0
}

// rowOfLabel returns the 1-based row whose column A is label.
func rowOfLabel(t *testing.T, rows [][]string, label string) []string {
	t.Helper()
	r := append(rows[findRow(t, rows, label)-1], make([]string, 8)...)
	return r
}

func TestReport(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	hist, _ := fx.s.History(ctx, fx.org.ID)
	d, _ := fx.s.CycleData(ctx, fx.cycle.ID)
	res := scoring.Evaluate(d, hist)
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			pr := vocab.For(lang)
			sheet := func(key string) string { return pr.T("report.sheet." + key) }
			path, steps := writeReport(t, fx, lang, "")
			if len(steps) != 11 || steps[len(steps)-1] != 100 {
				t.Errorf("progress %v", steps)
			}
			f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var want []string
			for _, k := range []string{"cover", "summary", "catalogue", "profile", "priorities", "portfolio", "actions", "reviews", "changes", "method"} {
				want = append(want, sheet(k))
			}
			if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Fatalf("sheets %v, want %v", got, want)
			}

			cover, _ := f.GetRows(sheet("cover"), excelize.Options{RawCellValue: true})
			if rowOfLabel(t, cover, pr.T("report.cover.organisation"))[1] != "Acme Corp (Finance"+pr.T("method.list_sep")+"JP)" ||
				rowOfLabel(t, cover, pr.T("report.cover.cycle"))[1] != "FY2026 H2" {
				t.Errorf("cover %v", cover[:8])
			}

			sum, _ := f.GetRows(sheet("summary"), excelize.Options{RawCellValue: true})
			near(t, "maturity", rowOfLabel(t, sum, pr.T("index.maturity"))[1], res.Portfolio.MaturityIndex)
			near(t, "target", rowOfLabel(t, sum, pr.T("index.target"))[1], res.Portfolio.TargetIndex)
			near(t, "attainment", rowOfLabel(t, sum, pr.T("index.attainment"))[1], res.Portfolio.AttainmentIndex)
			near(t, "coverage", rowOfLabel(t, sum, d.Pack.LevelName(catalog.Mandatory, lang))[1], res.Catalogue.Coverage.Mandatory)
			near(t, "coverage", rowOfLabel(t, sum, pr.T("report.coverage.all"))[1], res.Catalogue.Coverage.Overall)
			if c := rowOfLabel(t, sum, pr.T("index.maturity"))[4]; !strings.Contains(c, pr.Completeness(res.Catalogue.Assessed, res.Catalogue.InScope)) ||
				!strings.Contains(c, pr.Provisional()) {
				t.Errorf("maturity completeness %q, want %q and the provisional mark", c, pr.Completeness(res.Catalogue.Assessed, res.Catalogue.InScope))
			}
			if !strings.Contains(sum[1][0], pr.T("report.headline.no_overdue")) && !strings.Contains(sum[1][0], "1") {
				t.Errorf("headline %q", sum[1][0])
			}
			gaps := findRow(t, sum, pr.T("report.gaps.heading"))
			top := res.Profile.Priorities[0]
			if g := sum[gaps+1]; !strings.HasPrefix(g[0], top.ID+" ") {
				t.Errorf("top gap row %v, want %s first", g, top.ID)
			}

			cat, _ := f.GetRows(sheet("catalogue"), excelize.Options{RawCellValue: true})
			// The services, a blank row and the legend of the working-name mark.
			if len(cat) != 2+len(res.Services)+2 || cat[len(cat)-1][0] != pr.T("catalog.mark.working")+" "+pr.T("catalog.mark.legend") {
				t.Fatalf("catalogue has %d rows, want %d and the legend last", len(cat), 2+len(res.Services)+2)
			}
			for i, s := range res.Services {
				r := append(cat[i+2], make([]string, 13)...)
				if r[0] != s.ID || r[7] != intText(s.Target) || r[8] != intText(s.Current) || r[9] != intText(s.Gap) {
					t.Errorf("catalogue row %d = %v, want %s target %s current %s gap %s", i+3, r[:10], s.ID, intText(s.Target), intText(s.Current), intText(s.Gap))
				}
				near(t, s.ID+" attainment", r[10], s.Attainment)
				if s.ID == "C-1" && r[6] != "=Acme MSSP" {
					t.Errorf("provider %q is not written exactly", r[6])
				}
				if s.ID == "A-1" && r[11] != "@audit report 2026" {
					t.Errorf("evidence %q is not written exactly", r[11])
				}
			}
			if p, _ := f.GetPanes(sheet("catalogue")); !p.Freeze {
				t.Error("catalogue header is not frozen")
			}
			if cf, _ := f.GetConditionalFormats(sheet("catalogue")); len(cf) != 2 {
				t.Errorf("catalogue has %d conditional formats, want 2 (gap, current)", len(cf))
			}

			prof, _ := f.GetRows(sheet("profile"), excelize.Options{RawCellValue: true})
			for i, c := range res.Profile.Categories {
				r := append(prof[i+2], make([]string, 7)...)
				if !strings.HasPrefix(r[0], c.ID+" ") {
					t.Errorf("profile row %d is %q, want category %s", i+3, r[0], c.ID)
				}
				if c.MeanCurrent != nil {
					near(t, c.ID+" mean current", r[3], c.MeanCurrent)
				} else if r[3] != pr.Unknown() {
					t.Errorf("%s mean current %q, want unknown", c.ID, r[3])
				}
			}
			pri, _ := f.GetRows(sheet("priorities"), excelize.Options{RawCellValue: true})
			if len(pri) != 2+len(res.Profile.Priorities) || pri[2][0] != top.ID {
				t.Errorf("priorities sheet %v", pri)
			}

			port, _ := f.GetRows(sheet("portfolio"), excelize.Options{RawCellValue: true})
			tr := findRow(t, port, pr.T("report.portfolio.trend"))
			if len(res.Portfolio.Trend) != 2 {
				t.Fatalf("trend %v", res.Portfolio.Trend)
			}
			for i, p := range res.Portfolio.Trend {
				r := port[tr+1+i]
				if r[0] != p.Cycle {
					t.Errorf("trend row %v, want cycle %s", r, p.Cycle)
				}
				near(t, p.Cycle+" maturity", r[1], p.MaturityIndex)
				near(t, p.Cycle+" attainment", r[3], p.AttainmentIndex)
			}
			total := findRow(t, port, pr.T("report.col.total"))
			if port[total-1][len(catalog.Assignments)+1] != strconv.Itoa(res.Portfolio.ProviderMix.Total) {
				t.Errorf("matrix total row %v", port[total-1])
			}

			acts, _ := f.GetRows(sheet("actions"), excelize.Options{RawCellValue: true})
			if len(acts) < 3 || acts[2][2] != "Write playbooks" {
				t.Fatalf("actions %v", acts)
			}
			// An open action past its due date is marked, and its due date is a date.
			if acts[2][7] != pr.T("action.overdue") {
				t.Errorf("overdue action not marked: %v", acts[2])
			}
			if due, err := strconv.ParseFloat(acts[2][5], 64); err != nil || due < 46000 {
				t.Errorf("due %q is not a date serial", acts[2][5])
			}
			revs, _ := f.GetRows(sheet("reviews"))
			if len(revs) != 2 {
				t.Errorf("reviews sheet %v, want the header only (the review is the previous cycle's)", revs)
			}
			chg, _ := f.GetRows(sheet("changes"))
			if len(chg) < 3 || !strings.HasPrefix(chg[2][0], "A-1 ") {
				t.Errorf("changes sheet %v, want the A-1 re-assessment", chg)
			}
			meth, _ := f.GetRows(sheet("method"))
			doc := scoring.Method(d.Pack, lang)
			if findRow(t, meth, doc.Formulas[len(doc.Formulas)-1].Name) == 0 || meth[0][0] != doc.Title {
				t.Error("method sheet lacks the formulas")
			}

			props, _ := f.GetDocProps()
			if !strings.Contains(props.Title, "Acme Corp") || props.Creator != "CDC Toolkit" || props.Created != "2026-11-01T09:00:00Z" || props.Subject == "" {
				t.Errorf("document properties %+v", props)
			}
			checkParts(t, path)
		})
	}
}

// checkParts looks inside the package: three charts referenced from sheets, and no formula anywhere.
func checkParts(t *testing.T, path string) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	charts, drawings := 0, 0
	for _, file := range z.File {
		if strings.HasPrefix(file.Name, "xl/charts/chart") {
			charts++
		}
		if !strings.HasPrefix(file.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := file.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(string(body), "<drawing ") {
			drawings++
		}
	}
	if charts != 3 || drawings != 2 {
		t.Errorf("%d charts on %d sheets, want 3 charts (radar, provider mix, trend) on 2 sheets", charts, drawings)
	}
	checkNoFormula(t, path)
}

// checkNoFormula fails when any sheet of the workbook holds a formula.
func checkNoFormula(t *testing.T, path string) {
	t.Helper()
	for name, body := range zipParts(t, path, "xl/worksheets/sheet") {
		if strings.Contains(body, "<f>") || strings.Contains(body, "<f ") {
			t.Errorf("%s holds a formula; figures and text must be values", name)
		}
	}
}

// zipParts returns the parts of a workbook package whose names start with prefix.
func zipParts(t *testing.T, path, prefix string) map[string]string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	out := map[string]string{}
	for _, file := range z.File {
		if !strings.HasPrefix(file.Name, prefix) {
			continue
		}
		rc, err := file.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		out[file.Name] = string(body)
	}
	return out
}

func TestReportEncrypted(t *testing.T) {
	fx := newFixture(t)
	path, _ := writeReport(t, fx, catalog.EN, "pw")
	if _, err := excelize.OpenFile(path); err == nil {
		t.Fatal("encrypted report opened without the password")
	}
	f, err := excelize.OpenFile(path, excelize.Options{Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.GetSheetName(0) != vocab.For(catalog.EN).T("report.sheet.cover") {
		t.Errorf("first sheet %q", f.GetSheetName(0))
	}
}

func TestReportUnwritable(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(fx.dir, "missing", "r.xlsx")
	err := WriteReport(context.Background(), fx.s, fx.cycle.ID, ReportOptions{}, path)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("got %v, want a message about the missing folder", err)
	}
}

func BenchmarkWriteReport(b *testing.B) {
	fx := newFixture(b)
	path := filepath.Join(fx.dir, "bench.xlsx")
	for b.Loop() {
		if err := WriteReport(context.Background(), fx.s, fx.cycle.ID, ReportOptions{}, path); err != nil {
			b.Fatal(err)
		}
	}
}

func TestReportNothingAssessed(t *testing.T) {
	ctx := context.Background()
	s, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "new.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, c, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Fresh"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fresh.xlsx")
	if err := WriteReport(ctx, s, c.ID, ReportOptions{}, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pr := vocab.For(catalog.EN)
	rows, _ := f.GetRows(pr.T("report.sheet.summary"))
	if got := rowOfLabel(t, rows, pr.T("index.maturity"))[1]; got != pr.Unknown() {
		t.Errorf("maturity index %q, want %q while nothing is assessed", got, pr.Unknown())
	}
	if !strings.Contains(rows[1][0], pr.T("report.headline.unknown")) {
		t.Errorf("headline %q", rows[1][0])
	}
	if acts, _ := f.GetRows(pr.T("report.sheet.actions")); len(acts) != 2 {
		t.Errorf("actions sheet %v, want the title and header only", acts)
	}
}

// Names from an imported pack are data too: none may reach a workbook as a formula.
func TestReportEscapesPackText(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	p := catalog.BuiltinPack()
	p.ID, p.Version = "evil", "1"
	p.Levels[0].Name[catalog.EN] = "=LVL()"
	p.Assignments[0].Name[catalog.EN] = "=ASSIGN()"
	p.Scale[0].InHouse[catalog.EN] = "=SCALE()"
	p.Services[0].Name[catalog.EN] = "+SVC()"
	ref, err := fx.s.ImportPack(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	_, c, err := fx.s.AddOrg(ctx, catalog.NewOrg{Name: "@Evil Org", PackRef: ref})
	if err != nil {
		t.Fatal(err)
	}
	cdc := catalog.AssignCDC
	if _, err := fx.s.SetBuild(ctx, c.ID, []string{"A-1"}, catalog.BuildPatch{Assignment: &cdc}); err != nil {
		t.Fatal(err)
	}
	// The report writes the text exactly, kept as text by the quotePrefix style; the
	// questionnaire escapes it with an apostrophe, which its importer removes.
	for i, write := range []func(string) error{
		func(path string) error { return WriteReport(ctx, fx.s, c.ID, ReportOptions{Lang: catalog.EN}, path) },
		func(path string) error {
			return WriteQuestionnaire(ctx, fx.s, c.ID, QuestionnaireOptions{Lang: catalog.EN}, path)
		},
	} {
		path := filepath.Join(t.TempDir(), "out.xlsx")
		if err := write(path); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		risky := 0
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for col, v := range row {
					if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
						continue
					}
					risky++
					cell := cellName(col+1, r+1)
					if i == 1 {
						t.Errorf("%s!%s: %q would be read as a formula", sh, cell, v)
						continue
					}
					sid, _ := f.GetCellStyle(sh, cell)
					if q := f.Styles.CellXfs.Xf[sid].QuotePrefix; q == nil || !*q {
						t.Errorf("%s!%s: %q has no quotePrefix style", sh, cell, v)
					}
				}
			}
		}
		if i == 0 && risky == 0 {
			t.Error("the report holds none of the pack's formula-like texts")
		}
		f.Close()
		checkNoFormula(t, path)
	}
}
