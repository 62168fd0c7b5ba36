package export

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Seeds live in testdata/fuzz/<FuzzName>; a valid questionnaire and organisation file are
// added here because they are too large to commit as seeds. Minimising a workbook input is
// slow, so fuzz with a short minimisation time, e.g.:
//
//	go test ./export -run XXX -fuzz FuzzImportQuestionnaire -fuzztime 2m -fuzzminimizetime 5s

func FuzzImportQuestionnaire(f *testing.F) {
	fx := newFixture(f)
	path := exportQuestionnaire(f, fx, catalog.EN, "")
	valid, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)/3])
	for _, seed := range hostileSeeds(f, valid) {
		f.Add(seed)
	}
	before := checksum(f, fx.s)
	in := filepath.Join(fx.dir, "fuzz.xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
		}
		// Must never panic; a plan is read-only.
		PlanImport(context.Background(), fx.s, in)
		if checksum(t, fx.s) != before {
			t.Fatal("planning an import wrote to the database")
		}
	})
}

func FuzzImportJSON(f *testing.F) {
	fx := newFixture(f)
	path := filepath.Join(fx.dir, "org.json")
	if err := WriteJSON(context.Background(), fx.s, fx.org.ID, path); err != nil {
		f.Fatal(err)
	}
	valid, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	dst, err := catalog.Open(context.Background(), filepath.Join(f.TempDir(), "empty.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer dst.Close()
	in := filepath.Join(fx.dir, "fuzz.json")
	before := checksum(f, fx.s)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
		}
		// Planning a check-in into the database that holds the organisation never writes.
		if mp, err := PlanImport(context.Background(), fx.s, in, ImportOptions{Merge: true}); err == nil && mp.Kind != KindMerge {
			t.Fatalf("a --merge plan of kind %s", mp.Kind)
		}
		if checksum(t, fx.s) != before {
			t.Fatal("planning a merge wrote to the database")
		}
		plan, err := PlanImport(context.Background(), dst, in)
		if err != nil {
			return
		}
		if plan.Kind != KindJSON {
			return
		}
		// A valid plan must apply; then the organisation is removed again to keep the database small.
		if err := plan.Apply(context.Background(), dst); err != nil {
			t.Fatalf("a validated plan failed to apply: %v", err)
		}
		if err := dst.RemoveOrg(context.Background(), plan.Organisation.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// hostileSeeds are workbooks that each exercise one refusal of scanZip.
func hostileSeeds(t testing.TB, valid []byte) [][]byte {
	sheet := "xl/worksheets/sheet2.xml"
	return [][]byte{
		editPart(t, valid, sheet, func(s string) string { return strings.Replace(s, "?>", "?><!DOCTYPE x>", 1) }),
		editPart(t, valid, sheet, func(s string) string { return strings.Replace(s, "<v>", "<f\n>1</f><v>", 1) }),
		editPart(t, valid, sheet, func(s string) string { return strings.Replace(s, `r="A2"`, `r="XFD2"`, 1) }),
		editPart(t, valid, "xl/_rels/workbook.xml.rels", func(s string) string { return strings.ReplaceAll(s, "sheet2.xml", "sheet1.xml") }),
		rezip(t, valid, nil, func(zw *zip.Writer) { w, _ := zw.Create(sheet); w.Write([]byte("<worksheet/>")) }),
	}
}

// FuzzScanZip feeds scanZip alone, which is cheap, so more inputs are tried per second.
func FuzzScanZip(f *testing.F) {
	fx := newFixture(f)
	valid, err := os.ReadFile(exportQuestionnaire(f, fx, catalog.EN, ""))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	for _, seed := range hostileSeeds(f, valid) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), importTimeBudget)
		defer cancel()
		w, err := scanZip(ctx, data)
		if err == nil && w == nil {
			t.Fatal("no result and no error")
		}
	})
}

// FuzzCheckJSON feeds the organisation-file walker.
func FuzzCheckJSON(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":"\ud800"}`, `{"n":1e400}`, "{\"x\":\"\xff\"}", `[[[[[[]]]]]]`, `{"notes":"a\nb"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkJSON(data)
	})
}
