package main

import (
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
