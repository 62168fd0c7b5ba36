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

func TestReport(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	hist, _ := fx.s.History(ctx, fx.org.ID)
	d, _ := fx.s.CycleData(ctx, fx.cycle.ID)
	res := scoring.Evaluate(d, hist)
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			lb := labelsFor(lang)
			path, steps := writeReport(t, fx, lang, "")
			if len(steps) != reportSteps || steps[len(steps)-1] != 100 {
				t.Errorf("progress %v", steps)
			}
			f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := []string{lb.summary, lb.catalogue, lb.profile, lb.portfolio, lb.actions, lb.changes, lb.method}
			if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Fatalf("sheets %v, want %v", got, want)
			}

			sum, _ := f.GetRows(lb.summary, excelize.Options{RawCellValue: true})
			if sum[3-1][1] != "Acme Corp" || sum[4-1][1] != "FY2026 H2" {
				t.Errorf("summary header %v", sum[:5])
			}
			near(t, "maturity", sum[findRow(t, sum, lb.maturityIdx)-1][1], res.Portfolio.MaturityIndex)
			near(t, "target", sum[findRow(t, sum, lb.targetIdx)-1][1], res.Portfolio.TargetIndex)
			near(t, "attainment", sum[findRow(t, sum, lb.attainmentIdx)-1][1], res.Portfolio.AttainmentIndex)
			near(t, "coverage", sum[findRow(t, sum, lb.coverageMand)-1][1], res.Catalogue.Coverage.Mandatory)
			near(t, "completeness", sum[findRow(t, sum, lb.completeness)-1][1], res.Catalogue.AssessedRatio)
			gaps := findRow(t, sum, lb.topGaps)
			if len(res.Profile.Priorities) == 0 || sum[gaps+1][0] != res.Profile.Priorities[0].ID {
				t.Errorf("top gap row %v, want %s first", sum[gaps+1], res.Profile.Priorities[0].ID)
			}

			cat, _ := f.GetRows(lb.catalogue, excelize.Options{RawCellValue: true})
			if len(cat) != 1+len(res.Services) {
				t.Fatalf("catalogue has %d rows, want %d", len(cat), 1+len(res.Services))
			}
			for i, s := range res.Services {
				r := append(cat[i+1], make([]string, 13)...)
				if r[0] != s.ID || r[7] != intText(s.Target) || r[8] != intText(s.Current) || r[9] != intText(s.Gap) {
					t.Errorf("catalogue row %d = %v, want %s target %s current %s gap %s", i+2, r[:10], s.ID, intText(s.Target), intText(s.Current), intText(s.Gap))
				}
				near(t, s.ID+" attainment", r[10], s.Attainment)
				if s.ID == "C-1" && r[6] != "'=Acme MSSP" {
					t.Errorf("provider %q is not escaped", r[6])
				}
				if s.ID == "A-1" && r[11] != "'@audit report 2026" {
					t.Errorf("evidence %q is not escaped", r[11])
				}
			}
			if p, _ := f.GetPanes(lb.catalogue); !p.Freeze {
				t.Error("catalogue header is not frozen")
			}
			if cf, _ := f.GetConditionalFormats(lb.catalogue); len(cf) != 2 {
				t.Errorf("catalogue has %d conditional formats, want 2 (gap, current)", len(cf))
			}
			titles := 0
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" {
					titles++
				}
			}
			if titles < 4 {
				t.Errorf("%d sheets repeat their header rows when printed", titles)
			}

			prof, _ := f.GetRows(lb.profile, excelize.Options{RawCellValue: true})
			for i, c := range res.Profile.Categories {
				r := append(prof[i+1], make([]string, 7)...)
				if !strings.HasPrefix(r[0], c.ID+" ") {
					t.Errorf("profile row %d is %q, want category %s", i+2, r[0], c.ID)
				}
				near(t, c.ID+" mean current", r[3], c.MeanCurrent)
				near(t, c.ID+" mean target", r[4], c.MeanTarget)
				near(t, c.ID+" attainment", r[5], c.Attainment)
			}

			port, _ := f.GetRows(lb.portfolio, excelize.Options{RawCellValue: true})
			tr := findRow(t, port, lb.trend)
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
			total := findRow(t, port, lb.total)
			if port[total-1][len(catalog.Assignments)+1] != strconv.Itoa(res.Portfolio.ProviderMix.Total) {
				t.Errorf("matrix total row %v", port[total-1])
			}

			acts, _ := f.GetRows(lb.actions)
			if len(acts) < 2 || acts[1][2] != "Write playbooks" {
				t.Errorf("actions %v", acts)
			}
			chg, _ := f.GetRows(lb.changes)
			changes, _ := fx.s.Changes(ctx, catalog.ChangeQuery{OrgID: fx.org.ID, CycleID: fx.cycle.ID})
			if len(chg) != 1+len(changes) {
				t.Errorf("changes sheet has %d rows, want %d", len(chg), 1+len(changes))
			}
			meth, _ := f.GetRows(lb.method)
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
		if strings.Contains(string(body), "<f>") || strings.Contains(string(body), "<f ") {
			t.Errorf("%s holds a formula; figures must be values", file.Name)
		}
		if strings.Contains(string(body), "<drawing ") {
			drawings++
		}
	}
	if charts != 3 || drawings != 2 {
		t.Errorf("%d charts on %d sheets, want 3 charts (radar, provider mix, trend) on 2 sheets", charts, drawings)
	}
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
	if f.GetSheetName(0) != labelsEN.summary {
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
	rows, _ := f.GetRows(labelsEN.summary)
	if got := rows[findRow(t, rows, labelsEN.maturityIdx)-1][1]; got != labelsEN.undefined {
		t.Errorf("maturity index %q, want %q while nothing is assessed", got, labelsEN.undefined)
	}
	if acts, _ := f.GetRows(labelsEN.actions); len(acts) != 1 {
		t.Errorf("actions sheet %v, want the header only", acts)
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
	for _, write := range []func(string) error{
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
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for c, v := range row {
					if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
						t.Errorf("%s!%s: %q would be read as a formula", sh, cellName(c+1, r+1), v)
					}
				}
			}
		}
		f.Close()
	}
}
