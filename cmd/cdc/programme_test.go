package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

// newProgrammeCLI is a CLI environment on a copy of the generated 40-organisation programme.
func newProgrammeCLI(t *testing.T) *cliEnv {
	t.Helper()
	e := newCLI(t)
	src, err := synth.ProgrammeFixture(context.Background(), synth.Programme40)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.CopyDB(src, e.db); err != nil {
		t.Fatal(err)
	}
	return e
}

type programmeJSON struct {
	Programme     scoring.Programme            `json:"programme"`
	Distributions []scoring.FigureDistribution `json:"distributions"`
}

func TestProgrammeCommand(t *testing.T) {
	e := newProgrammeCLI(t)
	out := e.ok("programme")
	if os.Getenv("CDC_SHOW") != "" {
		t.Log("\n" + out)
	}
	for _, w := range []string{"Programme", "40 organisations shown of 40; 40 with an assessed cycle, 4 provisional.",
		synth.ProgrammeOrgName(0), "provisional", "Maturity index", "MEDIAN", "Mean current score by category"} {
		if !strings.Contains(out, w) {
			t.Errorf("programme output lacks %q", w)
		}
	}
	var all programmeJSON
	e.jsonOut(&all, "programme", "--json")
	if len(all.Programme.Rows) != 40 {
		t.Fatalf("%d rows", len(all.Programme.Rows))
	}
	if d := all.Distributions[0]; d.Figure != "maturity_index" || d.Dist.N != 40 || !(d.Dist.Min <= d.Dist.Q1 && d.Dist.Q1 <= d.Dist.Median && d.Dist.Median <= d.Dist.Q3 && d.Dist.Q3 <= d.Dist.Max) {
		t.Errorf("maturity distribution %+v", d)
	}
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"--sector", "energy"}, 10},
		{[]string{"--country", "Kenya"}, 14},
		{[]string{"--size-band", "10000+"}, 4},
		{[]string{"--sector", "Energy", "--country", "Kenya"}, 4},
		{[]string{"--sector", "Mining"}, 0},
	}
	for _, tc := range tests {
		var got programmeJSON
		e.jsonOut(&got, append([]string{"programme", "--json"}, tc.args...)...)
		if len(got.Programme.Rows) != tc.want {
			t.Errorf("programme %v: %d rows, want %d", tc.args, len(got.Programme.Rows), tc.want)
		}
	}
	if out := e.ok("programme", "--sector", "Mining"); !strings.Contains(out, "No organisation matches the filter.") {
		t.Errorf("empty filter output: %s", out)
	}
	ja := e.ok("programme", "--lang", "ja", "--size-band", "1-99")
	for _, w := range []string{"プログラム", "成熟度指数", "中央値"} {
		if !strings.Contains(ja, w) {
			t.Errorf("Japanese programme lacks %q:\n%s", w, ja)
		}
	}
	e.checkBadInput([]badInput{
		{"unknown band", []string{"programme", "--size-band", "big"}, []string{`--size-band "big"`, "1-99, 100-999, 1000-9999, 10000+"}},
		{"control character", []string{"programme", "--sector", "a\x1b[2Jb"}, []string{"--sector"}},
	})
}

func TestProgrammeEmpty(t *testing.T) {
	e := newCLI(t)
	if out := e.ok("programme"); !strings.Contains(out, "No organisations yet") {
		t.Errorf("empty programme: %s", out)
	}
	var got programmeJSON
	e.jsonOut(&got, "programme", "--json")
	if got.Programme.Rows == nil || len(got.Programme.Rows) != 0 {
		t.Errorf("empty JSON rows: %+v", got.Programme.Rows)
	}
}

func TestExportProgrammeCommand(t *testing.T) {
	e := newProgrammeCLI(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "programme.xlsx")
	out := e.ok("export", "programme", "-o", path)
	if !strings.Contains(out, "Wrote the programme workbook of 40 organisations to "+path) {
		t.Errorf("output: %s", out)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Heat map,Ranking,Trend,Coverage,Method" {
		t.Errorf("sheets %s", got)
	}
	if rows, _ := f.GetRows("Heat map"); len(rows) < 42 {
		t.Errorf("heat map has %d rows", len(rows))
	}
	f.Close()
	energy := filepath.Join(dir, "energy.xlsx")
	e.ok("export", "programme", "--sector", "Energy", "--lang", "ja", "-o", energy)
	f, err = excelize.OpenFile(energy)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("順位")
	if len(rows) != 12 {
		t.Errorf("the Energy ranking has %d rows, want a title, a header and 10", len(rows))
	}
	if v, _ := f.GetCellValue("概要", "B4"); !strings.Contains(v, "Energy") {
		t.Errorf("the summary does not say which organisations it holds: %q", v)
	}
	e.checkBadInput([]badInput{
		{"exists", []string{"export", "programme", "-o", path}, []string{"already exists", "--force"}},
		{"extension", []string{"export", "programme", "-o", filepath.Join(dir, "p.json")}, []string{"should end in .xlsx"}},
		{"band", []string{"export", "programme", "--size-band", "huge", "-o", filepath.Join(dir, "q.xlsx")}, []string{`--size-band "huge"`}},
	})
}
