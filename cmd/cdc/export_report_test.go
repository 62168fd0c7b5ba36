package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/internal/synth"
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
