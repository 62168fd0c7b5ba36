package export

import (
	"context"
	"os"
	"path/filepath"
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
	changes := func() int {
		var n int
		fx.s.DB().QueryRow("SELECT count(*) FROM change_log").Scan(&n)
		return n
	}
	before := changes()
	in := filepath.Join(fx.dir, "fuzz.xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
		}
		// Must never panic; a plan is read-only.
		PlanImport(context.Background(), fx.s, in)
		if changes() != before {
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
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
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
