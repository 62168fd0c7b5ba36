package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
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

// A zero-width character is refused in a name, naming the field, and shown by its code point
// where free text may hold one (evidence), so cdc log prints what is there.
func TestInvisibleCharacters(t *testing.T) {
	e := newCLI(t)
	e.fails([]string{"org", "add", "Demo\u200bAgency"}, "organisation name: character 5 is invisible (U+200B)")
	e.ok("demo")
	e.ok("assess", "set", "B-1", "--org", "Demo Agency", "--evidence", "seen\u200bhere")
	out := e.ok("log", "--org", "Demo Agency", "--limit", "1")
	if !strings.Contains(out, "seen⟨U+200B⟩here") || strings.Contains(out, "\u200b") {
		t.Errorf("cdc log prints the zero-width space raw:\n%s", out)
	}
}

// The preview speaks the user's language: in Japanese, French and Spanish no English word
// nor raw code (an assignment reads as its name in the language), real plurals, and the
// dry-run line in the language too. A second import after --skip-conflicts says what it left.
func TestImportPreviewInTheUsersLanguage(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	q := filepath.Join(t.TempDir(), "q.xlsx") // no English word in the path
	e.ok("export", "questionnaire", "--org", "Demo Agency", "-o", q)
	d := e.cycleData("Demo Agency", "")
	a1 := service(t, d, "A-1")
	to := catalog.AssignExternal
	if a1.Assignment == to {
		to = catalog.AssignInternal
	}
	pack := catalog.BuiltinPack()
	e.ok("assess", "set", "--org", "Demo Agency", "A-2", "--score", "1")
	f, err := excelize.OpenFile(q)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Questionnaire", "G"+strconv.Itoa(questionRow(t, f, "A-1")), pack.AssignmentName(to, catalog.EN))
	f.SetCellValue("Questionnaire", "J"+strconv.Itoa(questionRow(t, f, "A-2")), 5) // meets the local change
	f.Save()
	f.Close()

	for _, tc := range []struct {
		lang    catalog.Lang
		wants   []string
		english []string // besides those of every language
	}{
		{catalog.JA, []string{"質問票", "組織", "サイクル", "変更 2 件", "サービス 2 件", "適用するのは 1 件", "試行のみ"}, []string{"change", "service", "organisation", "cycle", "current", "assignment"}},
		{catalog.FR, []string{"Questionnaire", "2 modifications dans 2 services", "1 serait appliquée", "Essai à blanc", "exporté avec"}, []string{" changes ", "current", "assignment"}},
		{catalog.ES, []string{"Cuestionario", "2 cambios en 2 servicios", "se aplicaría 1", "Prueba sin cambios", "exportado con"}, []string{"change", "service", "current", "assignment"}},
	} {
		out, _, _ := e.run("--lang", string(tc.lang), "import", q, "--dry-run", "--skip-conflicts")
		wants := append(tc.wants, pack.AssignmentName(a1.Assignment, tc.lang)+" -> "+pack.AssignmentName(to, tc.lang))
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("%s preview lacks %q:\n%s", tc.lang, w, out)
			}
		}
		for _, english := range append(tc.english, "(s)", "Dry run", " "+string(to)+"\n", "would", "answer", "exported as", "none") {
			if strings.Contains(out, english) {
				t.Errorf("%s preview shows %q:\n%s", tc.lang, english, out)
			}
		}
	}

	// --skip-conflicts applies A-1; the same file again leaves only the conflict, and says so
	e.ok("import", q, "--skip-conflicts", "--yes")
	out := e.ok("import", q, "--skip-conflicts")
	if strings.Contains(out, "Nothing to change") || !strings.Contains(out, "Nothing applied: the other answers are already here, and the 1 answer marked ! keeps this database's value") {
		t.Errorf("second import after --skip-conflicts:\n%s", out)
	}
}

// A password file that others may read is used with a warning naming it.
func TestPasswordFileOpenToOthers(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw.txt")
	if err := os.WriteFile(pw, []byte("s3cret-long-enough\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(pw, 0o644); err != nil {
		t.Fatal(err)
	}
	q := filepath.Join(dir, "enc.xlsx")
	_, errOut, err := e.run("export", "questionnaire", "--org", "Demo Agency", "-o", q, "--password-file", pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, "password file "+pw+" can be read by other users (mode 0644)") {
		t.Errorf("no warning for a 0644 password file: %q", errOut)
	}
	if err := os.Chmod(pw, 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, err = e.run("import", q, "--dry-run", "--password-file", pw)
	if err != nil || strings.Contains(errOut, "warning") {
		t.Errorf("a private password file: %v, %q", err, errOut)
	}
}

// A questionnaire of an organisation not here names it, and lists at most a few of the
// organisations here with their count.
func TestForeignQuestionnaireListsAFew(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	q := filepath.Join(t.TempDir(), "answers.xlsx")
	e.ok("export", "questionnaire", "--org", "Demo Agency", "-o", q)
	other := newCLI(t)
	for i := range 6 {
		other.ok("org", "add", "Ministry "+strconv.Itoa(i+1))
	}
	before := other.changeCount()
	_, _, err := other.run("import", q, "--dry-run")
	if err == nil {
		t.Fatal("a foreign questionnaire was accepted")
	}
	msg := err.Error()
	if !strings.Contains(msg, `this questionnaire is for organisation "Demo Agency"`) || !strings.Contains(msg, "(6 in all)") || strings.Count(msg, "Ministry") != 3 {
		t.Errorf("refusal: %s", msg)
	}
	if other.changeCount() != before {
		t.Fatal("a refused file wrote")
	}
}

// A refused import reads in the interface language, the CLI adds its flag to the problems
// that have one, and --json names every problem by its vocabulary key.
func TestImportRefusalWordsAndCodes(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	j := filepath.Join(dir, "demo.json")
	e.ok("export", "json", "--org", "Demo Agency", "-o", j)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format": "a", "format": "b", "n": 1e99}`), 0o600)
	tests := []struct {
		args  []string
		code  string
		want  []string // in the message
		where []string // problems' places, with --json
	}{
		{[]string{"import", j, "--json"}, "import.json.org_here", []string{"check it in: import it again with --merge"}, []string{"organisation.uuid"}},
		{[]string{"import", j, "--json", "--lang", "fr"}, "import.json.org_here", []string{"est déjà dans cette base", "importez-le de nouveau avec --merge"}, nil},
		{[]string{"import", bad, "--json", "--lang", "ja"}, "import.refused", []string{"問題が 2 件あります", "2 回指定されています", "数値 1e99 は範囲外です"}, []string{"format", "n"}},
		{[]string{"import", filepath.Join(dir, "none.xlsx"), "--json", "--lang", "es"}, "import.file.cannot_open", []string{"no se puede abrir"}, nil},
	}
	for _, tt := range tests {
		code, out, _ := e.exec(context.Background(), tt.args...)
		if code != exitFailure {
			t.Errorf("cdc %q exited %d", tt.args, code)
		}
		var v struct {
			Error struct {
				Message  string `json:"message"`
				Code     string `json:"code"`
				Problems []struct {
					Where, Code, Message string
				} `json:"problems"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("cdc %q: %v\n%s", tt.args, err, out)
		}
		if v.Error.Code != tt.code {
			t.Errorf("cdc %q: code %q, want %q", tt.args, v.Error.Code, tt.code)
		}
		for _, w := range tt.want {
			if !strings.Contains(v.Error.Message, w) {
				t.Errorf("cdc %q: message %q lacks %q", tt.args, v.Error.Message, w)
			}
		}
		for i, w := range tt.where {
			if i >= len(v.Error.Problems) || v.Error.Problems[i].Where != w || v.Error.Problems[i].Code == "" {
				t.Errorf("cdc %q: problems %+v, want %q at %d with a code", tt.args, v.Error.Problems, w, i)
			}
		}
	}
}

// A database this user may not write (simulated: the kernel's answer cannot be changed for
// root) opens read-only: listing works, a write is refused as read-only and changes nothing.
// A file that cannot be read either keeps the first error.
func TestOpenStoreFallsBackToReadOnly(t *testing.T) {
	ctx := context.Background()
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	denied := func(ctx context.Context, path string) (*catalog.Store, error) {
		return nil, &catalog.ReadOnlyFileError{Path: path, Err: os.ErrPermission}
	}
	s, err := openStore(ctx, e.db, denied, catalog.OpenReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if orgs, err := s.Orgs(ctx); err != nil || len(orgs) != 1 {
		t.Fatalf("listing: %v %v", orgs, err)
	}
	var dbErr *catalog.DatabaseError
	if _, _, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Globex"}); !errors.As(err, &dbErr) || dbErr.Problem != catalog.DBOpenReadOnly {
		t.Errorf("a write on a read-only open: %v", err)
	}
	noRead := func(context.Context, string) (*catalog.Store, error) { return nil, errors.New("cannot read") }
	if _, err := openStore(ctx, e.db, denied, noRead); !errors.As(err, new(*catalog.ReadOnlyFileError)) {
		t.Errorf("got %v, want the read-only error", err)
	}
	other := errors.New("damaged")
	fails := func(context.Context, string) (*catalog.Store, error) { return nil, other }
	if _, err := openStore(ctx, e.db, fails, catalog.OpenReadOnly); err != other {
		t.Errorf("another error became %v", err)
	}
}
