package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// fixture is a database with one organisation in its second cycle: Build settings,
// scores (one carried over), an action, a review and some risky text.
type fixture struct {
	s      *catalog.Store
	org    catalog.Organisation
	first  catalog.Cycle
	cycle  catalog.Cycle
	dir    string
	dbPath string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cdc.db")
	s, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Actor = "tester"
	o, c1, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Acme Corp", Sector: "Finance", Country: "JP"})
	if err != nil {
		t.Fatal(err)
	}
	must := func(_ int, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	four, three, cdc, ext := 4, 3, catalog.AssignCDC, catalog.AssignExternal
	mssp := "=Acme MSSP"
	ab, _ := catalog.BuiltinPack().Resolve([]string{"A", "B"})
	must(s.SetBuild(ctx, c1.ID, ab, catalog.BuildPatch{Target: &four, Assignment: &cdc}))
	must(s.SetBuild(ctx, c1.ID, []string{"C-1", "C-2"}, catalog.BuildPatch{Target: &three, Assignment: &ext, Provider: &mssp}))
	for id, v := range map[string]int{"A-1": 2, "A-2": 4, "B-1": 1, "C-1": 3} {
		v := v
		must(s.SetAssessment(ctx, c1.ID, id, catalog.AssessmentPatch{Score: &v}))
	}
	if _, err := s.AddAction(ctx, catalog.Action{CycleID: c1.ID, ServiceID: "B-1", Title: "Write playbooks", Horizon: catalog.LongTerm, Owner: "SOC lead", Due: "2026-09-30"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReview(ctx, catalog.Review{CycleID: c1.ID, HeldOn: "2026-05-01", Kind: "monthly", Notes: "+first review"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCycle(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	c2, err := s.StartCycle(ctx, o.ID, catalog.NewCycle{Name: "FY2026 H2", CarryOver: true})
	if err != nil {
		t.Fatal(err)
	}
	five := 5
	ev := "@audit report 2026"
	must(s.SetAssessment(ctx, c2.ID, "A-1", catalog.AssessmentPatch{Score: &five, Evidence: &ev}))
	return &fixture{s: s, org: o, first: c1, cycle: c2, dir: dir, dbPath: path}
}

// checksum hashes every table's content, to show a refused import wrote nothing.
func checksum(t testing.TB, s *catalog.Store) string {
	t.Helper()
	h := sha256.New()
	for _, table := range []string{"packs", "organisations", "cycles", "build_settings", "assessments", "actions", "reviews", "change_log"} {
		rows, err := s.DB().Query("SELECT * FROM " + table + " ORDER BY 1, 2")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s:%v\n", table, vals)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}
