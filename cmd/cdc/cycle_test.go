package main

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestCycleCommands(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme", "--cycle", "2025")
	e.ok("build", "set", "--org", "Acme", "B-1", "--assign", "cdc", "--target", "4")
	e.ok("assess", "set", "--org", "Acme", "B-1", "--score", "2")
	e.ok("cycle", "close", "--org", "Acme")
	e.ok("cycle", "new", "--org", "Acme", "2026", "--carry-over")
	e.ok("cycle", "new", "--org", "Acme")

	var cs []catalog.Cycle
	e.jsonOut(&cs, "cycle", "list", "--org", "Acme", "--json")
	if len(cs) != 3 || cs[0].Name != "2025" || cs[0].Status != catalog.CycleClosed || cs[1].Name != "2026" || cs[2].Name != "Cycle 3" {
		t.Fatalf("cycles: %+v", cs)
	}
	// The current cycle is the newest open one.
	d := e.cycleData("Acme", "")
	if d.Cycle.Name != "Cycle 3" {
		t.Errorf("current cycle is %q", d.Cycle.Name)
	}
	st := service(t, e.cycleData("Acme", "2026"), "B-1")
	if st.Current == nil || *st.Current != 2 || !st.CarriedOver || *st.Target != 4 || st.Assignment != catalog.AssignCDC {
		t.Errorf("carried over B-1: %+v", st)
	}
	st = service(t, d, "B-1")
	if st.Current != nil || *st.Target != 4 {
		t.Errorf("cycle without carry-over copies Build only: %+v", st)
	}
	e.ok("cycle", "close", "--org", "Acme", "2026")
	table := e.ok("cycle", "list", "--org", "Acme")
	if !strings.Contains(table, "2026") || strings.Count(table, "closed") != 2 {
		t.Errorf("cycle table:\n%s", table)
	}
}

func TestCycleBadInput(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme", "--cycle", "2025")
	e.checkBadInput([]badInput{
		{"unknown org", []string{"cycle", "list", "--org", "Nobody"}, []string{`"Nobody" does not exist`}},
		{"no org", []string{"cycle", "list"}, []string{"org"}},
		{"duplicate name", []string{"cycle", "new", "--org", "Acme", "2025"}, []string{`"2025" already exists`}},
		{"unknown pack", []string{"cycle", "new", "--org", "Acme", "2026", "--pack", "x1060@1999"}, []string{`"x1060@1999"`}},
		{"unknown cycle", []string{"cycle", "close", "--org", "Acme", "1999"}, []string{`"1999" does not exist`, "2025"}},
		{"cycle twice", []string{"cycle", "close", "--org", "Acme", "2025", "--cycle", "2024"}, []string{"cycle given twice"}},
		{"unknown --cycle", []string{"cycle", "close", "--org", "Acme", "--cycle", "1999"}, []string{`"1999" does not exist`}},
	})
	e.ok("cycle", "close", "--org", "Acme")
	e.fails([]string{"cycle", "close", "--org", "Acme"}, "closed")
	e.fails([]string{"build", "set", "--org", "Acme", "B-1", "--target", "3"}, "closed")
}

func TestCycleCloseOpenActions(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme", "--cycle", "2025")
	e.ok("action", "add", "--org", "Acme", "--title", "Patch the VPN")
	e.ok("action", "add", "--org", "Acme", "--title", "Hire", "--horizon", "long")
	// an open short-term action and no choice: refused, the cycle stays open
	e.fails([]string{"cycle", "close", "--org", "Acme"}, "1 open short-term action", "--open-actions")
	e.fails([]string{"cycle", "close", "--org", "Acme", "--open-actions", "later"}, `"later" is not one of carry, done, drop`)
	if d := e.cycleData("Acme", "2025"); d.Cycle.Status != catalog.CycleOpen {
		t.Fatal("a refused close closed the cycle")
	}
	e.ok("cycle", "close", "--org", "Acme", "--open-actions", "carry")
	e.ok("cycle", "new", "--org", "Acme", "2026")
	var as []catalog.Action
	e.jsonOut(&as, "action", "list", "--org", "Acme", "--cycle", "2026", "--json")
	titles := []string{}
	for _, a := range as {
		titles = append(titles, a.Title+":"+string(a.Status))
	}
	if strings.Join(titles, ",") != "Patch the VPN:planned" {
		t.Fatalf("2026's own actions after carry: %v", titles)
	}
	e.ok("cycle", "close", "--org", "Acme", "2026", "--open-actions", "drop")
	e.jsonOut(&as, "action", "list", "--org", "Acme", "--cycle", "2026", "--json")
	if len(as) != 1 || as[0].Status != catalog.ActionDropped {
		t.Fatalf("after drop: %+v", as)
	}
}
