package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/term"
	"github.com/xuri/excelize/v2"
)

// questionRow finds a service's row in an exported questionnaire.
func questionRow(t *testing.T, f *excelize.File, id string) int {
	t.Helper()
	rows, err := f.GetRows("Questionnaire")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == id {
			return i + 1
		}
	}
	t.Fatalf("service %s not in the questionnaire", id)
	return 0
}

func TestExportImportQuestionnaire(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	q := filepath.Join(dir, "answers.xlsx")
	out := e.ok("export", "questionnaire", "--org", "Demo Agency", "-o", q)
	if !strings.Contains(out, "Wrote the questionnaire of Demo Agency, cycle FY2026") {
		t.Errorf("output %q", out)
	}
	f, err := excelize.OpenFile(q)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Questionnaire", "J"+strconv.Itoa(questionRow(t, f, "A-1")), 5)
	f.SetCellValue("Questionnaire", "K"+strconv.Itoa(questionRow(t, f, "A-1")), "=not a formula")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	before := e.changeCount()
	out = e.ok("import", q, "--dry-run")
	if !strings.Contains(out, "A-1") || !strings.Contains(out, "current") || !strings.Contains(out, "Dry run: nothing was written.") {
		t.Errorf("dry run output:\n%s", out)
	}
	if e.changeCount() != before {
		t.Fatal("--dry-run wrote to the database")
	}
	e.fails([]string{"import", q}, "standard input is not a terminal", "--yes")
	out = e.ok("import", q, "--yes")
	if !strings.Contains(out, `"import answers.xlsx"`) || !strings.Contains(out, "organisation Demo Agency (") || !strings.Contains(out, "2 changes in 1 service") {
		t.Errorf("import output:\n%s", out)
	}
	st := service(t, e.cycleData("Demo Agency", ""), "A-1")
	if st.Current == nil || *st.Current != 5 || st.Evidence != "=not a formula" {
		t.Errorf("A-1 after import: current %v evidence %q", st.Current, st.Evidence)
	}
	after := e.changeCount()
	out = e.ok("import", q)
	if !strings.Contains(out, "Nothing to change") || e.changeCount() != after {
		t.Errorf("second import changed something:\n%s", out)
	}
}

func TestImportRefusesBadQuestionnaire(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	q := filepath.Join(t.TempDir(), "bad.xlsx")
	e.ok("export", "questionnaire", "--org", "Demo Agency", "-o", q)
	f, _ := excelize.OpenFile(q)
	f.SetCellValue("Questionnaire", "J12", 7)
	f.SetCellValue("Questionnaire", "I13", "high")
	f.Save()
	f.Close()
	e.fails([]string{"import", q}, "2 problems", "Questionnaire!J12: current score 7 is outside 0-5", `Questionnaire!I13: target is text ("high"), not a number`)
	e.fails([]string{"import", q, "--dry-run"}, "Questionnaire!J12")
	e.fails([]string{"import", filepath.Join(t.TempDir(), "missing.xlsx")}, "cannot open")
}

func TestExportJSONIntoEmptyDatabase(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	j := filepath.Join(t.TempDir(), "demo.json")
	e.ok("export", "json", "--org", "Demo Agency", "-o", j)
	want := e.ok("eval", "--org", "Demo Agency", "--json")
	wantOld := e.ok("eval", "--org", "Demo Agency", "--cycle", "FY2025", "--json")

	other := newCLI(t)
	out := other.ok("import", j, "--yes")
	if !strings.Contains(out, "new organisation Demo Agency (") {
		t.Errorf("import output:\n%s", out)
	}
	if got := other.ok("eval", "--org", "Demo Agency", "--json"); got != want {
		t.Errorf("evaluation differs after import:\n%s\nwant\n%s", got, want)
	}
	if got := other.ok("eval", "--org", "Demo Agency", "--cycle", "FY2025", "--json"); got != wantOld {
		t.Error("evaluation of the closed cycle differs after import")
	}
	other.fails([]string{"import", j}, `organisation "Demo Agency" (`, "is already in this database", "--merge")
}

func TestExportCommands(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	r := filepath.Join(dir, "report.xlsx")
	e.ok("export", "report", "--org", "Demo Agency", "--cycle", "FY2025", "--lang", "ja", "-o", r)
	f, err := excelize.OpenFile(r)
	if err != nil {
		t.Fatal(err)
	}
	if f.GetSheetName(0) != "表紙" || f.GetSheetName(1) != "概要" {
		t.Errorf("sheets %q, %q, want the Japanese cover and summary", f.GetSheetName(0), f.GetSheetName(1))
	}
	f.Close()
	if st, _ := os.Stat(r); st.Mode().Perm() != 0o600 {
		t.Errorf("report mode %v", st.Mode().Perm())
	}

	t.Setenv("CDC_EXPORT_PASSWORD", "s3cret-long-enough")
	enc := filepath.Join(dir, "enc.xlsx")
	if out := e.ok("export", "questionnaire", "--org", "Demo Agency", "-o", enc); !strings.Contains(out, "(encrypted)") {
		t.Errorf("output %q", out)
	}
	if _, err := excelize.OpenFile(enc); err == nil {
		t.Error("the questionnaire is not encrypted")
	}
	if out := e.ok("import", enc, "--dry-run"); !strings.Contains(out, "0 changes") {
		t.Errorf("encrypted import:\n%s", out)
	}
	os.Unsetenv("CDC_EXPORT_PASSWORD")
	e.fails([]string{"import", enc}, "encrypted", "--password", "--password-file", "CDC_EXPORT_PASSWORD")

	e.checkBadInput([]badInput{
		{"no output", []string{"export", "report", "--org", "Demo Agency"}, []string{"use -o FILE.xlsx"}},
		{"exists", []string{"export", "report", "--org", "Demo Agency", "-o", r}, []string{"already exists", "--force"}},
		{"wrong extension", []string{"export", "json", "--org", "Demo Agency", "-o", filepath.Join(dir, "x.xlsx")}, []string{"should end in .json"}},
		{"unknown org", []string{"export", "questionnaire", "--org", "Nobody", "-o", filepath.Join(dir, "n.xlsx")}, []string{`"Nobody" does not exist`}},
		{"unknown cycle", []string{"export", "report", "--org", "Demo Agency", "--cycle", "FY1999", "-o", filepath.Join(dir, "n.xlsx")}, []string{`cycle "FY1999" does not exist`}},
		{"no file", []string{"import"}, []string{"cdc import takes 1 argument, received 0"}},
	})
	if _, err := os.Stat(filepath.Join(dir, "n.xlsx")); err == nil {
		t.Error("a failed export left a file")
	}
	e.ok("export", "report", "--org", "Demo Agency", "-o", r, "--force")
}

func TestImportRefusesOutdatedAnswersWithoutOverwrite(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	q := filepath.Join(t.TempDir(), "answers.xlsx")
	e.ok("export", "questionnaire", "--org", "Demo Agency", "-o", q)
	e.ok("assess", "set", "--org", "Demo Agency", "A-1", "--score", "1") // after the export
	f, err := excelize.OpenFile(q)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Questionnaire", "J"+strconv.Itoa(questionRow(t, f, "A-1")), 5)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	before := e.changeCount()
	e.fails([]string{"import", q, "--yes"}, "1 answer marked ! changes a value that was also changed", "--overwrite", "--skip-conflicts")
	if e.changeCount() != before {
		t.Fatal("a refused import wrote to the database")
	}
	// A dry run says, with exit status 3, that the real import would stop.
	out, _, err := e.run("import", q, "--dry-run")
	var coded interface{ ExitCode() int }
	if !errors.As(err, &coded) || coded.ExitCode() != 3 {
		t.Errorf("dry run with a conflict: %v, want exit status 3", err)
	}
	if !strings.Contains(out, "! current") {
		t.Errorf("dry run does not mark the conflict:\n%s", out)
	}
	e.ok("import", q, "--overwrite", "--yes")
	if st := service(t, e.cycleData("Demo Agency", ""), "A-1"); st.Current == nil || *st.Current != 5 {
		t.Fatalf("A-1 after --overwrite: %v", st.Current)
	}
}

func TestBarePasswordNeedsTerminal(t *testing.T) {
	if term.IsTerminal(os.Stdin.Fd()) {
		t.Skip("standard input is a terminal: the command would ask for a password")
	}
	e := newCLI(t)
	e.ok("demo")
	out := filepath.Join(t.TempDir(), "r.xlsx")
	e.fails([]string{"export", "report", "--org", "Demo Agency", "-o", out, "--password"}, "asks for the password on a terminal", "CDC_EXPORT_PASSWORD")
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused export wrote a file")
	}
	e.fails([]string{"export", "report", "--org", "Demo Agency", "-o", out, "--password=pw"}, "--password=VALUE is refused", "--password-file")
	t.Setenv("CDC_EXPORT_PASSWORD", "a long enough secret")
	e.ok("export", "report", "--org", "Demo Agency", "-o", out)
	t.Setenv("CDC_EXPORT_PASSWORD", "not the right one")
	e.fails([]string{"import", out, "--dry-run"}, "cannot be decrypted")
}
