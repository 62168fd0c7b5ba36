package export

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Every refusal of the guards carries its vocabulary key and reads in each language without
// English left over; ErrorCode gives scripts the key.
func TestRefusalsInEveryLanguage(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	valid, err := os.ReadFile(exportQuestionnaire(t, fx, catalog.EN, ""))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plan := func(name string, data []byte) error {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := PlanImport(ctx, fx.s, path)
		return err
	}
	dupPart := rezip(t, valid, nil, func(zw *zip.Writer) {
		w, _ := zw.Create("xl/worksheets/sheet2.xml")
		io.WriteString(w, `<?xml version="1.0"?><worksheet/>`)
	})
	dtd := editPart(t, valid, "xl/worksheets/sheet2.xml", func(s string) string {
		return strings.Replace(s, "?>", `?><!DOCTYPE worksheet [<!ENTITY a "a">]>`, 1)
	})
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"duplicate part", plan("dup.xlsx", dupPart), "import.zip.duplicate_part"},
		{"DTD", plan("dtd.xlsx", dtd), "import.zip.dtd"},
		{"not a workbook", plan("nz.xlsx", append([]byte("PK\x03\x04"), "garbage"...)), "import.zip.unreadable"},
		{"encrypted without a password", plan("enc.xlsx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "x"...)), CodeEncrypted},
		{"empty", plan("empty.json", nil), "import.file.empty"},
		{"unknown", plan("what.txt", []byte("hello")), "import.file.unknown"},
		{"invalid UTF-8", plan("utf.json", []byte("{\"a\": \"\xff\"}")), "import.json.not_utf8"},
		{"duplicate key", plan("dupkey.json", []byte(`{"format": "a", "format": "b"}`)), "import.json.duplicate_key"},
		{"wrong format", plan("fmt.json", []byte(`{"format": "other", "format_version": 1}`)), "import.json.format.organisation"},
		{"truncated", plan("trunc.json", []byte(`{"format": "cdc-organisation", "format_version": 1, "organisation": {`)), "import.json.truncated"},
		{"syntax", plan("syntax.json", []byte(`{"format": "cdc-organisation", oops}`)), "import.json.syntax"},
		{"conflicts", &ConflictError{File: "q.xlsx", Conflicts: 2}, "import.conflicts"},
		{"check-in conflicts", &ConflictError{File: "o.json", Conflicts: 1, Merge: true}, "import.conflicts_merge"},
		{"stale", &StaleError{File: "q.xlsx"}, "import.stale"},
		{"stale field", &StaleError{File: "q.xlsx", Service: "B-1", Field: "target"}, "import.stale_field"},
		{"boolean score", plan("bool.xlsx", setCell(t, valid, "J5", `<c r="J5" t="b"><v>1</v></c>`)), "import.q.score_bool"},
		{"text score", plan("text.xlsx", setCell(t, valid, "I5", `<c r="I5" t="inlineStr"><is><t>3</t></is></c>`)), "import.q.score_text"},
		{"score out of range", plan("range.xlsx", setCell(t, valid, "J5", `<c r="J5"><v>7</v></c>`)), "import.q.score_range"},
		{"formula", plan("formula.xlsx", setCell(t, valid, "J5", `<c r="J5"><f>1+1</f><v>2</v></c>`)), "import.q.formula"},
		{"control character", plan("ctl.xlsx", setCell(t, valid, "K5", `<c r="K5" t="inlineStr"><is><t>see _x001B_[2J</t></is></c>`)), "import.q.text_control"},
		{"edited hidden sheet", plan("meta.xlsx", editPart(t, valid, "xl/worksheets/sheet4.xml", func(s string) string {
			return strings.Replace(s, "</sheetData>", `<row r="999"><c r="A999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>`, 1)
		})), "import.meta.after_digest"},
		{"another database", func() error {
			other := newEmptyStore(t)
			_, err := PlanImport(ctx, other.s, exportQuestionnaire(t, fx, catalog.EN, ""))
			return err
		}(), "import.q.org_not_here"},
		{"output folder missing", WriteFileAtomic(filepath.Join(dir, "none", "r.xlsx"), writeNothing), "export.write.no_folder"},
		{"output is a database", WriteFileAtomic(fx.dbPath, writeNothing), "export.write.database"},
		{"output is a database's file", func() error {
			if err := os.WriteFile(fx.dbPath+"-wal", nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return WriteFileAtomic(fx.dbPath+"-wal", writeNothing)
		}(), "export.write.database_file"},
		{"output is the open database", CheckNotDatabase(fx.dbPath, fx.dbPath), "export.write.open_database"},
		{"output is the open database's file", CheckNotDatabase(fx.dbPath, fx.dbPath+"-journal"), "export.write.open_database_file"},
		{"disk full", WriteFileAtomic(filepath.Join(dir, "full.xlsx"), func(io.Writer) error {
			return &os.PathError{Op: "write", Path: filepath.Join(dir, ".full.xlsx.123.tmp"), Err: syscall.ENOSPC}
		}), "export.write.failed"},
		{"a folder", func() error { _, err := PlanImport(ctx, fx.s, dir); return err }(), "import.file.folder"},
		{"missing", func() error { _, err := PlanImport(ctx, fx.s, filepath.Join(dir, "none.xlsx")); return err }(), "import.file.cannot_open"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("accepted")
			}
			if got := ErrorCode(tc.err); got != tc.code {
				t.Fatalf("code %q, want %q (%v)", got, tc.code, tc.err)
			}
			en, ok := ErrorText(vocab.For(catalog.EN), tc.err, nil)
			if !ok || en != tc.err.Error() {
				t.Errorf("English %q, want the error itself %q", en, tc.err.Error())
			}
			// The English of the problem itself, without the file and place around it.
			own := english.T(tc.code)
			if i := strings.IndexByte(own, '%'); i >= 0 {
				own = own[:i]
			}
			own = strings.TrimSpace(own)
			for _, lang := range catalog.Langs {
				pr := vocab.For(lang)
				if !pr.Has(tc.code) && !pr.Has(tc.code+"#other") {
					t.Errorf("%s has no key %s", lang, tc.code)
				}
				text, ok := ErrorText(pr, tc.err, nil)
				if !ok || strings.Contains(text, "%!") {
					t.Errorf("%s: %q", lang, text)
				}
				if lang != catalog.EN && len(own) > 6 && strings.Contains(text, own) {
					t.Errorf("%s: %q keeps the English %q", lang, text, own)
				}
			}
		})
	}
	if errors.Is(tests[len(tests)-1].err, os.ErrNotExist) == false {
		t.Error("a missing file no longer matches os.ErrNotExist")
	}
}

func writeNothing(io.Writer) error { return nil }

// A failed write names the file asked for, never the temporary one, and its cause in the language.
func TestWriteFailedWords(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "full.xlsx")
	err := WriteFileAtomic(path, func(io.Writer) error {
		return &os.PathError{Op: "write", Path: filepath.Join(dir, ".full.xlsx.123.tmp"), Err: syscall.ENOSPC}
	})
	tests := []struct {
		lang catalog.Lang
		want string
	}{
		{catalog.EN, "cannot write " + path + ": no space left on device"},
		{catalog.JA, path + " を書き込めません: ディスクの空き容量がありません"},
		{catalog.FR, "impossible d'écrire " + path + "\u00a0: plus d'espace libre sur le disque"},
	}
	for _, tt := range tests {
		if got, _ := ErrorText(vocab.For(tt.lang), err, nil); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.lang, got, tt.want)
		}
	}
	if _, statErr := os.Stat(path); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("a failed write left %s behind", path)
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Error("the cause is lost")
	}
}

// The CLI's hint and the TUI's come from the caller: the same problem, two ways past it.
func TestErrorTextHint(t *testing.T) {
	err := &ValidationError{File: "q.xlsx", Problems: []Problem{problem("", CodeEncrypted), problem("Questionnaire!J5", "import.json.range", "1e99")}}
	hint := func(code string) string {
		if code == CodeEncrypted {
			return "THE WAY"
		}
		return ""
	}
	text, _ := ErrorText(vocab.For(catalog.JA), err, hint)
	if !strings.Contains(text, "THE WAY") || strings.Count(text, "THE WAY") != 1 || !strings.Contains(text, "Questionnaire!J5: 数値 1e99 は範囲外です") {
		t.Errorf("%q", text)
	}
	if plain, _ := ErrorText(vocab.For(catalog.JA), err, nil); strings.Contains(plain, "THE WAY") || strings.Contains(plain, "--") {
		t.Errorf("without a hint: %q", plain)
	}
}
