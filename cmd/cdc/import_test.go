package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The preview names the organisation and cycle by name and identity and counts the fields;
// without a terminal nothing is applied unless --yes is given; --skip-conflicts applies the
// answers that meet no local change.
func TestImportPreviewAndConflictFlags(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	q := filepath.Join(t.TempDir(), "answers.xlsx")
	e.ok("export", "questionnaire", "--org", "Demo Agency", "-o", q)
	e.ok("assess", "set", "--org", "Demo Agency", "A-1", "--score", "1")
	f, err := excelize.OpenFile(q)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Questionnaire", "J"+strconv.Itoa(questionRow(t, f, "A-1")), 5) // meets the local change
	f.SetCellValue("Questionnaire", "J"+strconv.Itoa(questionRow(t, f, "A-2")), 0)
	f.Save()
	f.Close()

	out, _, err := e.run("import", q, "--dry-run")
	if err == nil {
		t.Fatal("a dry run with a conflict succeeded")
	}
	for _, want := range []string{"organisation Demo Agency (", "cycle        FY2026 (", "2 changes in 2 services; 1 would be applied",
		"! 1 answer changes a value that was also changed here", "! current score 1 -> 5  (exported as "} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	e.fails([]string{"import", q, "--overwrite", "--skip-conflicts", "--yes"}, "either --overwrite or --skip-conflicts")
	e.fails([]string{"import", q, "--skip-conflicts"}, "standard input is not a terminal", "--yes")
	out = e.ok("import", q, "--skip-conflicts", "--yes")
	if !strings.Contains(out, "--skip-conflicts leaves the marked answers out") {
		t.Errorf("output:\n%s", out)
	}
	d := e.cycleData("Demo Agency", "")
	if a1, a2 := service(t, d, "A-1").Current, service(t, d, "A-2").Current; *a1 != 1 || *a2 != 0 {
		t.Errorf("A-1 %d (want the local 1), A-2 %d (want the answer 0)", *a1, *a2)
	}
}

func TestConfirm(t *testing.T) {
	a := &app{out: &bytes.Buffer{}, errOut: &bytes.Buffer{}}
	for in, want := range map[string]bool{"y\n": true, "YES\n": true, " yes \n": true, "\n": false, "n\n": false, "": false, "yep\n": false} {
		if got, err := confirm(context.Background(), a, strings.NewReader(in), "Apply? "); got != want || err != nil {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	// ctrl+c while it waits: the answer never comes, the interrupt ends the wait
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	defer w.Close()
	cancel()
	if got, err := confirm(ctx, a, r, "Apply? "); got || !errors.Is(err, context.Canceled) {
		t.Errorf("interrupted: %v, %v; want false, context.Canceled", got, err)
	}
}
