package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The schema 1 fixture is regenerated with:
//
//	CDC_UPDATE_FIXTURES=1 go test ./catalog -run TestWriteSchema1Fixture
const (
	updateFixturesEnv = "CDC_UPDATE_FIXTURES"
	schema1Fixture    = "testdata/schema1.db"
)

var fixtureTime = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)

func setNow(t *testing.T, at time.Time) {
	t.Helper()
	saved := now
	now = func() time.Time { return at }
	t.Cleanup(func() { now = saved })
}

func setMigrations(t *testing.T, ms []migration) {
	t.Helper()
	saved := migrations
	migrations = ms
	t.Cleanup(func() { migrations = saved })
}

func TestWriteSchema1Fixture(t *testing.T) {
	if os.Getenv(updateFixturesEnv) == "" {
		t.Skip("set " + updateFixturesEnv + "=1 to rewrite " + schema1Fixture)
	}
	setMigrations(t, migrations[:1])
	setNow(t, fixtureTime)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "schema1.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Actor = "fixture"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Fixture Org", Sector: "Finance", Country: "JP", Size: 1200, Notes: "schema 1 fixture", FirstCycle: "FY2025"})
	must(err)
	cdc, ext, three, two := AssignCDC, AssignExternal, 3, 2
	out := false
	opt := Optional
	provider := "Acme MSSP"
	_, err = s.SetBuild(ctx, c1.ID, []string{"A-1", "A-2"}, BuildPatch{Assignment: &cdc, Target: &three})
	must(err)
	_, err = s.SetBuild(ctx, c1.ID, []string{"B-1"}, BuildPatch{Assignment: &ext, Provider: &provider, Target: &two})
	must(err)
	_, err = s.SetBuild(ctx, c1.ID, []string{"C-1"}, BuildPatch{InScope: &out})
	must(err)
	_, err = s.SetBuild(ctx, c1.ID, []string{"D-1"}, BuildPatch{Level: &opt, Reason: "not relevant"})
	must(err)
	ev := "runbook v1"
	_, err = s.SetAssessment(ctx, c1.ID, "A-1", AssessmentPatch{Score: &two, Evidence: &ev})
	must(err)
	one := 1
	_, err = s.SetAssessment(ctx, c1.ID, "B-1", AssessmentPatch{Score: &one})
	must(err)
	_, err = s.AddAction(ctx, Action{CycleID: c1.ID, ServiceID: "A-1", Title: "Write the runbook", Horizon: LongTerm, Owner: "SOC lead", Due: "2025-12-31"})
	must(err)
	_, err = s.AddReview(ctx, Review{CycleID: c1.ID, HeldOn: "2025-06-30", Kind: "monthly", Notes: "on track"})
	must(err)
	must(s.CloseCycle(ctx, c1.ID))
	c2, err := s.StartCycle(ctx, o.ID, NewCycle{Name: "FY2026", CarryOver: true})
	must(err)
	_, err = s.SetAssessment(ctx, c2.ID, "A-1", AssessmentPatch{Score: &three})
	must(err)
	_, _, err = s.AddOrg(ctx, NewOrg{Name: "Second Org"})
	must(err)
	must(s.Close())
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("WAL not checkpointed on close")
	}
	data, err := os.ReadFile(path)
	must(err)
	must(os.WriteFile(schema1Fixture, data, 0o644))
}

// checkFixture asserts everything TestWriteSchema1Fixture wrote.
func checkFixture(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	orgs, err := s.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 2 || orgs[0].Name != "Fixture Org" || orgs[1].Name != "Second Org" {
		t.Fatalf("organisations: %+v", orgs)
	}
	o := orgs[0]
	if o.Sector != "Finance" || o.Country != "JP" || o.Size != 1200 || o.Notes != "schema 1 fixture" || !o.CreatedAt.Equal(fixtureTime) {
		t.Errorf("organisation details: %+v", o.Organisation)
	}
	cs, err := s.Cycles(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Name != "FY2025" || cs[0].Status != CycleClosed || cs[1].Name != "FY2026" || cs[1].Status != CycleOpen {
		t.Fatalf("cycles: %+v", cs)
	}
	hist, err := s.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range hist {
		a1, _ := d.Service("A-1")
		b1, _ := d.Service("B-1")
		c1, _ := d.Service("C-1")
		d1, _ := d.Service("D-1")
		if a1.Assignment != AssignCDC || *a1.Target != 3 || b1.Provider != "Acme MSSP" || b1.Assignment != AssignExternal || c1.InScope ||
			d1.Level != Optional || !d1.LevelOverridden || d1.LevelReason != "not relevant" {
			t.Errorf("%s Build settings: A-1 %+v B-1 %+v C-1 in scope %v D-1 %s", d.Cycle.Name, a1, b1, c1.InScope, d1.Level)
		}
		if b1.Current == nil || *b1.Current != 1 || a1.Evidence != "runbook v1" {
			t.Errorf("%s assessments: A-1 %+v B-1 %+v", d.Cycle.Name, a1, b1)
		}
	}
	a1, _ := hist[1].Service("A-1")
	b1, _ := hist[1].Service("B-1")
	if *a1.Current != 3 || a1.CarriedOver || !b1.CarriedOver {
		t.Errorf("FY2026: A-1 %v carried %v, B-1 carried %v", *a1.Current, a1.CarriedOver, b1.CarriedOver)
	}
	acts, err := s.Actions(ctx, o.ID, ActionFilter{})
	if err != nil || len(acts) != 1 || acts[0].Title != "Write the runbook" || acts[0].Due != "2025-12-31" || acts[0].Horizon != LongTerm {
		t.Errorf("actions: %+v %v", acts, err)
	}
	revs, err := s.Reviews(ctx, cs[0].ID)
	if err != nil || len(revs) != 1 || revs[0].Notes != "on track" {
		t.Errorf("reviews: %+v %v", revs, err)
	}
	ch, err := s.Changes(ctx, ChangeQuery{OrgID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 20 {
		t.Errorf("%d change-log entries, want 20", len(ch))
	}
	for _, c := range ch {
		if c.Who != "fixture" || !c.At.Equal(fixtureTime) {
			t.Errorf("change %+v", c)
			break
		}
	}
}

func TestOpenSchema1KeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cdc.db")
	copyFile(t, schema1Fixture, path)
	if v := userVersion(t, path); v != 1 {
		t.Fatalf("fixture has schema %d", v)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := userVersion(t, path); v != SchemaVersion() {
		t.Errorf("schema %d after open, want %d", v, SchemaVersion())
	}
	checkFixture(t, s)
}

func TestMigrationBacksUpFirst(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	setNow(t, at)
	base := slices.Clip(migrations)
	extra := migration{name: "9999_extra.sql", sql: "CREATE TABLE extra (x INTEGER NOT NULL) STRICT;\nINSERT INTO extra VALUES (42);"}
	setMigrations(t, append(base, extra))

	path := filepath.Join(t.TempDir(), "cdc.db")
	copyFile(t, schema1Fixture, path)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var x int
	if err := s.DB().QueryRow("SELECT x FROM extra").Scan(&x); err != nil || x != 42 {
		t.Errorf("the extra step was not applied: %v %v", x, err)
	}
	checkFixture(t, s)
	s.Close()
	if v := userVersion(t, path); v != len(base)+1 {
		t.Errorf("schema %d, want %d", v, len(base)+1)
	}

	backup := path + ".v1-20260102T030405Z.bak"
	st, err := os.Stat(backup)
	if err != nil {
		t.Fatalf("no backup before migrating: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", st.Mode().Perm())
	}
	if v := userVersion(t, backup); v != 1 {
		t.Errorf("backup has schema %d, want 1", v)
	}
	setMigrations(t, base)
	b, err := Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	checkFixture(t, b)
	if err := b.DB().QueryRow("SELECT count(*) FROM extra").Scan(&x); err == nil {
		t.Error("backup already has the migrated table")
	}
	b.Close()

	// This build must now refuse the migrated file.
	want := fmt.Sprintf("has schema %d, newer than this cdc understands (%d)", len(base)+1, len(base))
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("newer file: %v", err)
	}
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	ctx := context.Background()
	setNow(t, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	bad := migration{name: "9999_bad.sql", sql: "CREATE TABLE half (x INTEGER);\nINSERT INTO missing VALUES (1);"}
	setMigrations(t, append(slices.Clip(migrations), bad))
	path := filepath.Join(t.TempDir(), "cdc.db")
	copyFile(t, schema1Fixture, path)
	_, err := Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("to schema %d (9999_bad.sql)", len(migrations))) || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("got %v", err)
	}
	if v := userVersion(t, path); v != 1 {
		t.Errorf("schema %d after a failed migration", v)
	}
	db, _ := sql.Open("sqlite", "file:"+path+"?mode=ro")
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").Scan(&n); err != nil || n != 0 {
		t.Errorf("half-applied migration left table: %d %v", n, err)
	}
	if _, err := os.Stat(path + ".v1-20260102T030405Z.bak"); err != nil {
		t.Errorf("no backup: %v", err)
	}
}

func TestNewDatabaseHasNoBackup(t *testing.T) {
	s, path := openTest(t)
	s.Close()
	matches, _ := filepath.Glob(path + "*.bak")
	if len(matches) != 0 {
		t.Errorf("a new database was backed up: %v", matches)
	}
	if v := userVersion(t, path); v != SchemaVersion() {
		t.Errorf("schema %d", v)
	}
}

// TestOpenEveryOlderSchema builds a database at each earlier schema (the schema 1 fixture
// with the later steps applied by hand, as an older cdc left it) and opens it: nothing may
// query a column of a later schema (an organisation's uuid, say) before the migration ran,
// and a read-only open names the upgrade instead of failing on a missing column.
func TestOpenEveryOlderSchema(t *testing.T) {
	ctx := context.Background()
	for k := 1; k < SchemaVersion(); k++ {
		t.Run(fmt.Sprintf("schema%d", k), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cdc.db")
			copyFile(t, schema1Fixture, path)
			db, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i < k; i++ {
				if _, err := db.Exec(migrations[i].sql); err != nil {
					t.Fatalf("step %d: %v", i+1, err)
				}
			}
			if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", k)); err != nil {
				t.Fatal(err)
			}
			db.Close()

			_, err = OpenReadOnly(ctx, path)
			var se *SchemaError
			if !errors.As(err, &se) || se.Found != k {
				t.Fatalf("read-only open of schema %d: %v, want a SchemaError", k, err)
			}
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("open schema %d: %v", k, err)
			}
			defer s.Close()
			checkFixture(t, s)
			orgs, err := s.Orgs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range orgs {
				if _, ok := ParseUUID(o.UUID); !ok {
					t.Errorf("organisation %q has uuid %q after migrating from schema %d", o.Name, o.UUID, k)
				}
			}
		})
	}
}
