package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/xuri/excelize/v2"
)

// --peers and --benchmark add the Peers sheet and say in one line what it shows.
func TestExportReportPeers(t *testing.T) {
	e := newProgrammeCLI(t)
	dir := t.TempDir()
	six, four := synth.ProgrammeOrgName(2), synth.ProgrammeOrgName(37) // size bands of 6 and of 4
	out := e.ok("export", "report", "--org", six, "--peers", "size-band", "-o", filepath.Join(dir, "six.xlsx"))
	if !strings.Contains(out, "Peer comparison: Group: size band 1-99, 5 other organisations with an assessed cycle") {
		t.Errorf("output %q", out)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "six.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if list := strings.Join(f.GetSheetList(), ","); !strings.Contains(list, "Portfolio,Peers,Actions") {
		t.Errorf("sheets %s", list)
	}
	f.Close()
	out = e.ok("export", "report", "--org", four, "--peers", "size-band", "-o", filepath.Join(dir, "four.xlsx"))
	if !strings.Contains(out, "It holds 3 other organisations with an assessed cycle; at least 5 are needed") {
		t.Errorf("output %q", out)
	}
	// Without either option the report has no Peers sheet.
	e.ok("export", "report", "--org", six, "-o", filepath.Join(dir, "plain.xlsx"))
	if f, err = excelize.OpenFile(filepath.Join(dir, "plain.xlsx")); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(f.GetSheetList(), ","), "Peers") {
		t.Error("a Peers sheet without --peers")
	}
	f.Close()

	e.ok("export", "benchmark", "--group-by", "size-band", "--name", "National", "-o", filepath.Join(dir, "set.json"), "--yes")
	e.ok("import", "benchmark", filepath.Join(dir, "set.json"))
	out = e.ok("export", "report", "--org", six, "--benchmark", "national", "-o", filepath.Join(dir, "set.xlsx"))
	if !strings.Contains(out, "Peer comparison: Group: size band 1-99, 6 organisations") {
		t.Errorf("output %q", out)
	}
	e.fails([]string{"export", "report", "--org", six, "--peers", "city", "-o", filepath.Join(dir, "x.xlsx")}, `--peers "city" is not one of sector, country, size-band`)
	e.fails([]string{"export", "report", "--org", six, "--peers", "sector", "--benchmark", "National", "-o", filepath.Join(dir, "x.xlsx")}, "not both")
	e.fails([]string{"export", "report", "--org", six, "--benchmark", "Nope", "-o", filepath.Join(dir, "x.xlsx")}, `benchmark set "Nope" does not exist`)
}

// With --json, export report and export questionnaire print one JSON object saying what was
// written (path, size, sheets) and nothing else; without LibreOffice, --pdf says so in it.
func TestExportWorkbookJSON(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	t.Setenv("PATH", t.TempDir()) // no soffice
	for _, c := range []struct {
		kind   string
		args   []string
		sheets string
	}{
		{"report", []string{"--pdf"}, "Cover,Summary,Catalogue,Profile,Priorities,Portfolio,Actions,Reviews,Changes,Method"},
		{"questionnaire", nil, "Instructions,Questionnaire"},
	} {
		path := filepath.Join(dir, c.kind+".xlsx")
		out, errOut, err := e.run(append([]string{"export", c.kind, "--org", "Demo Agency", "-o", path, "--json"}, c.args...)...)
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.kind, err, errOut)
		}
		if errOut != "" {
			t.Errorf("%s: stderr %q with --json", c.kind, errOut)
		}
		var w workbookWritten
		dec := json.NewDecoder(strings.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&w); err != nil {
			t.Fatalf("%s: output is not one JSON object: %v\n%s", c.kind, err, out)
		}
		if dec.More() {
			t.Errorf("%s: more than one JSON value:\n%s", c.kind, out)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if w.Kind != c.kind || w.Path != path || w.Bytes != st.Size() || w.Bytes == 0 || w.Organisation.Name != "Demo Agency" || w.Cycle.Name != "FY2026" {
			t.Errorf("%s: %+v", c.kind, w)
		}
		if got := strings.Join(w.Sheets, ","); got != c.sheets {
			t.Errorf("%s: sheets %s, want %s", c.kind, got, c.sheets)
		}
		if c.kind == "report" && (w.PDF != nil || !strings.Contains(w.PDFSkipped, "LibreOffice")) {
			t.Errorf("report without soffice: pdf %+v, skipped %q", w.PDF, w.PDFSkipped)
		}
	}
}

// The report's figures are the figures of cdc eval --json, in every language: the three
// indices, coverage, every service's target, current, gap and attainment, and every
// category's means (the workbook holds the values; only their display is rounded).
func TestReportFiguresEqualEval(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	type svc struct {
		ID                   string
		Target, Current, Gap *float64
		Attainment           *float64
	}
	var ev struct {
		Services  []svc
		Catalogue struct {
			Coverage map[string]*float64
		}
		Profile struct {
			Categories []struct {
				ID          string
				MeanCurrent *float64 `json:"mean_current"`
				MeanTarget  *float64 `json:"mean_target"`
			}
		}
		Portfolio struct {
			Maturity   *float64 `json:"maturity_index"`
			Target     *float64 `json:"target_index"`
			Attainment *float64 `json:"attainment_index"`
		}
	}
	e.jsonOut(&ev, "eval", "--org", "Demo Agency", "--json")
	dir := t.TempDir()
	checked := 0
	same := func(where, cell string, want *float64, round float64) {
		t.Helper()
		checked++
		if want == nil {
			if strings.Trim(cell, "0123456789.") == "" && cell != "" {
				t.Errorf("%s: %q where eval has no figure", where, cell)
			}
			return
		}
		got, err := strconv.ParseFloat(cell, 64)
		if err != nil || math.Abs(got-*want) > round {
			t.Errorf("%s: report %q, eval %v", where, cell, *want)
		}
	}
	for _, lang := range []string{"en", "ja", "fr", "es"} {
		path := filepath.Join(dir, lang+".xlsx")
		e.ok("export", "report", "--org", "Demo Agency", "--lang", lang, "-o", path)
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		sum, _ := f.GetRows(sheets[1])
		// The indices table: the first three rows under the Indices heading.
		ix := -1
		for i, r := range sum {
			if len(r) > 1 && i > 2 && ix < 0 && r[1] != "" && i+2 < len(sum) {
				if _, err := strconv.ParseFloat(r[1], 64); err == nil {
					ix = i
				}
			}
		}
		if ix < 0 {
			t.Fatalf("%s: no indices on the Summary", lang)
		}
		same(lang+" maturity", sum[ix][1], ev.Portfolio.Maturity, 0.05)
		same(lang+" target index", sum[ix+1][1], ev.Portfolio.Target, 0.05)
		same(lang+" attainment index", sum[ix+2][1], ev.Portfolio.Attainment, 0.05)
		catRows, _ := f.GetRows(sheets[2])
		// The services, then the legend of the working-name mark under them.
		if len(catRows) < 2+len(ev.Services) {
			t.Fatalf("%s: catalogue has %d rows for %d services", lang, len(catRows), len(ev.Services))
		}
		for _, r := range catRows[2+len(ev.Services):] {
			if len(r) > 0 && r[0] != "" && !strings.HasPrefix(r[0], vocab.For(catalog.Lang(lang)).T("catalog.mark.working")) {
				t.Errorf("%s: a row %q under the services", lang, r[0])
			}
		}
		for i, s := range ev.Services {
			r := append(catRows[i+2], make([]string, 13)...)
			if r[0] != s.ID {
				t.Fatalf("%s: catalogue row %d is %s, want %s", lang, i+3, r[0], s.ID)
			}
			same(lang+" "+s.ID+" target", r[7], s.Target, 0)
			same(lang+" "+s.ID+" current", r[8], s.Current, 0)
			same(lang+" "+s.ID+" gap", r[9], s.Gap, 0)
			same(lang+" "+s.ID+" attainment", r[10], s.Attainment, 0.005)
		}
		prof, _ := f.GetRows(sheets[3])
		for i, c := range ev.Profile.Categories {
			r := append(prof[i+2], make([]string, 7)...)
			if !strings.HasPrefix(r[0], c.ID+" ") {
				t.Fatalf("%s: profile row %d is %q, want %s", lang, i+3, r[0], c.ID)
			}
			same(lang+" "+c.ID+" mean current", r[3], c.MeanCurrent, 0.05)
			same(lang+" "+c.ID+" mean target", r[4], c.MeanTarget, 0.05)
		}
		f.Close()
	}
	if checked < 4*(3+4*len(ev.Services)) {
		t.Errorf("only %d figures checked", checked)
	}
}

// fakeOffice puts on PATH an soffice that writes an empty PDF where LibreOffice would, so that
// what the export commands say around a conversion can be checked without LibreOffice.
func fakeOffice(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\nout=\nwhile [ $# -gt 1 ]; do [ \"$1\" = --outdir ] && out=$2; shift; done\n" +
		"b=${1##*/}\nb=${b%%.xlsx}\nprintf '%%PDF-1.4\\n' > \"$out/$b.pdf\"\n"
	if err := os.WriteFile(filepath.Join(dir, "soffice"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}

// What export report, questionnaire and programme say when they have written a file, the PDF
// beside it, or why no PDF was written, is in the language asked for, every word of it.
func TestExportLinesInEveryLanguage(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	for _, lang := range []string{"en", "ja", "fr", "es"} {
		p := vocab.For(catalog.Lang(lang))
		{
			fakeOffice(t)
			rep := filepath.Join(dir, lang+"-report.xlsx")
			out := e.ok("export", "report", "--org", "Demo Agency", "--lang", lang, "--pdf", "-o", rep)
			want := p.T("cli.export.wrote_report", "Demo Agency", "FY2026", rep) + "\n" + p.T("cli.export.wrote_pdf", strings.TrimSuffix(rep, ".xlsx")+".pdf") + "\n"
			if abs, _ := filepath.Abs(rep); out != want && out != strings.ReplaceAll(want, rep, abs) {
				t.Errorf("report: %q, want %q", out, want)
			}
			q := filepath.Join(dir, lang+"-q.xlsx")
			if out := e.ok("export", "questionnaire", "--org", "Demo Agency", "--lang", lang, "-o", q); out != p.T("cli.export.wrote_questionnaire", "Demo Agency", "FY2026", q)+"\n" {
				t.Errorf("questionnaire: %q", out)
			}
			pwFile := filepath.Join(dir, "pw")
			if err := os.WriteFile(pwFile, []byte("correct horse battery\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			enc := filepath.Join(dir, lang+"-enc.xlsx")
			_, _, err := e.run("export", "report", "--org", "Demo Agency", "--lang", lang, "--pdf", "--password-file", pwFile, "-o", enc)
			if err == nil || !strings.Contains(err.Error(), p.T("cli.export.pdf_encrypted")) {
				t.Errorf("encrypted with --pdf: %v", err)
			}
			t.Setenv("PATH", t.TempDir()) // no soffice
			none := filepath.Join(dir, lang+"-none.xlsx")
			_, errOut, err := e.run("export", "report", "--org", "Demo Agency", "--lang", lang, "--pdf", "-o", none)
			if err != nil || !strings.Contains(errOut, p.T("report.pdf.no_soffice", "")[:20]) {
				t.Errorf("without soffice: %v, %q", err, errOut)
			}
		}
	}
}
