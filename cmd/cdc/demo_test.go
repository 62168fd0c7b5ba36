package main

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestDemoTwiceLeavesOne(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Client Ministry")
	out := e.ok("demo")
	if !strings.Contains(out, catalog.DemoOrgName) || !strings.Contains(out, "cdc build list") || strings.Contains(out, "Replaced") {
		t.Errorf("demo output: %s", out)
	}
	var before []catalog.OrgSummary
	e.jsonOut(&before, "org", "list", "--json")
	if out := e.ok("demo"); !strings.Contains(out, "Refreshed the existing") {
		t.Errorf("a refresh does not say it refreshed the demo: %s", out)
	}

	// Each command opens the database afresh, so this reads what survived the reopen.
	var orgs []catalog.OrgSummary
	e.jsonOut(&orgs, "org", "list", "--json")
	names := map[string]int{}
	for _, o := range orgs {
		names[o.Name]++
	}
	if len(orgs) != 2 || names[catalog.DemoOrgName] != 1 || names["Client Ministry"] != 1 {
		t.Fatalf("after two demos: %+v", orgs)
	}
	for i := range orgs {
		if orgs[i].ID != before[i].ID || orgs[i].UUID != before[i].UUID {
			t.Fatalf("the refresh changed the identity: %+v, was %+v", orgs[i], before[i])
		}
	}

	var cs []catalog.Cycle
	e.jsonOut(&cs, "cycle", "list", "--org", catalog.DemoOrgName, "--json")
	if len(cs) != 2 || cs[0].Name != "FY2025" || cs[0].Status != catalog.CycleClosed || cs[1].Name != "FY2026" || cs[1].Status != catalog.CycleOpen {
		t.Fatalf("demo cycles: %+v", cs)
	}
	var acts []catalog.Action
	e.jsonOut(&acts, "action", "list", "--org", catalog.DemoOrgName, "--json")
	if len(acts) < 6 || len(acts) > 8 {
		t.Errorf("demo has %d actions", len(acts))
	}
	var reviews []reviewRow
	e.jsonOut(&reviews, "review", "list", "--org", catalog.DemoOrgName, "--json")
	if len(reviews) < 2 || len(reviews) > 3 {
		t.Errorf("demo has %d reviews", len(reviews))
	}
	assess := e.ok("assess", "list", "--org", catalog.DemoOrgName)
	if !strings.Contains(assess, "carried over") {
		t.Errorf("FY2026 shows no carried-over scores:\n%s", assess)
	}

	var rows []logRow
	e.jsonOut(&rows, "log", "--org", catalog.DemoOrgName, "--limit", "0", "--json")
	if len(rows) < 200 {
		t.Errorf("demo logged only %d changes", len(rows))
	}
	for _, r := range rows {
		if r.Source != "demo" {
			t.Fatalf("demo change %+v not tagged demo", r)
		}
	}

	// The demo is an ordinary organisation afterwards.
	e.ok("assess", "set", "--org", catalog.DemoOrgName, "E-7", "--score", "1", "--evidence", "First red-team exercise")
	if st := service(t, e.cycleData(catalog.DemoOrgName, ""), "E-7"); st.Current == nil || *st.Current != 1 {
		t.Errorf("E-7 after a CLI change: %+v", st)
	}
}

// A demo that holds changes of its own is refreshed only when asked: without a terminal the
// command refuses and changes nothing; --yes refreshes it.
func TestDemoWithChangesAsksFirst(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	e.ok("assess", "set", "B-1", "--org", catalog.DemoOrgName, "--score", "5")
	n := e.changeCount()
	e.fails([]string{"demo"}, "1 change not made by the demo", "--yes")
	if e.changeCount() != n {
		t.Fatal("a refused refresh changed the database")
	}
	if out := e.ok("demo", "--yes"); !strings.Contains(out, "Refreshed") {
		t.Fatalf("demo --yes: %s", out)
	}
	e.ok("demo") // nothing changed since: no question
}

// The demo's suggested commands read the database it was loaded into.
func TestDemoHintsKeepTheDatabase(t *testing.T) {
	e := newCLI(t)
	out := e.ok("demo")
	if want := "--db " + shellQuote(e.db); !strings.Contains(out, want) {
		t.Errorf("hints lack %q:\n%s", want, out)
	}
	for _, tt := range []struct{ in, want string }{{"/tmp/a.db", "/tmp/a.db"}, {"/tmp/my db", "'/tmp/my db'"}, {"it's", `'it'\''s'`}} {
		if got := shellQuote(tt.in); got != tt.want {
			t.Errorf("shellQuote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
