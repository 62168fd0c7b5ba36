package main

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestActionCommands(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme", "--cycle", "2025")
	e.ok("action", "add", "--org", "Acme", "--title", "Write the policy", "--service", "a-3", "--owner", "CISO", "--due", "2025-03-31")
	e.ok("cycle", "close", "--org", "Acme", "--open-actions", "drop")
	e.ok("cycle", "new", "--org", "Acme", "2026")
	e.ok("action", "add", "--org", "Acme", "--title", "Recruit analysts", "--horizon", "long", "--status", "in-progress")

	var acts []catalog.Action
	e.jsonOut(&acts, "action", "list", "--org", "Acme", "--json")
	if len(acts) != 2 {
		t.Fatalf("actions: %+v", acts)
	}
	a1, a2 := acts[0], acts[1]
	if a1.ServiceID != "A-3" || a1.Owner != "CISO" || a1.Due != "2025-03-31" || a1.Horizon != catalog.ShortTerm || a1.Status != catalog.ActionDropped {
		t.Errorf("first action: %+v", a1)
	}
	if a2.ServiceID != "" || a2.Horizon != catalog.LongTerm || a2.Status != catalog.ActionInProgress || a2.CycleID == a1.CycleID {
		t.Errorf("second action: %+v", a2)
	}

	e.ok("action", "set", "#2", "--status", "done", "--notes", "Two analysts hired", "--service", "a-7")
	acts = nil
	e.jsonOut(&acts, "action", "list", "--org", "Acme", "--status", "done", "--json")
	if len(acts) != 1 || acts[0].Notes != "Two analysts hired" || acts[0].ServiceID != "A-7" || acts[0].Title != "Recruit analysts" {
		t.Errorf("done actions: %+v", acts)
	}
	acts = nil
	e.jsonOut(&acts, "action", "list", "--org", "Acme", "--cycle", "2025", "--horizon", "short", "--json")
	if len(acts) != 1 || acts[0].Title != "Write the policy" {
		t.Errorf("2025 short actions: %+v", acts)
	}
	table := e.ok("action", "list", "--org", "Acme")
	for _, w := range []string{"2025", "A-3", "Write the policy", "done", "A-7", "Recruit analysts", "dropped"} {
		if !strings.Contains(table, w) {
			t.Errorf("action list lacks %q:\n%s", w, table)
		}
	}
}

func TestActionBadInput(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.ok("action", "add", "--org", "Acme", "--title", "First")
	e.checkBadInput([]badInput{
		{"no title", []string{"action", "add", "--org", "Acme"}, []string{"title"}},
		{"empty title", []string{"action", "add", "--org", "Acme", "--title", " "}, []string{"title is empty"}},
		{"unknown org", []string{"action", "add", "--org", "Nobody", "--title", "X"}, []string{`"Nobody" does not exist`}},
		{"unknown service", []string{"action", "add", "--org", "Acme", "--title", "X", "--service", "Z-1"}, []string{`"Z-1"`}},
		{"bad date", []string{"action", "add", "--org", "Acme", "--title", "X", "--due", "31/03/2026"}, []string{`--due "31/03/2026"`}},
		{"impossible date", []string{"action", "add", "--org", "Acme", "--title", "X", "--due", "2026-02-30"}, []string{`--due "2026-02-30"`}},
		{"bad horizon", []string{"action", "add", "--org", "Acme", "--title", "X", "--horizon", "soon"}, []string{`horizon "soon"`}},
		{"bad status", []string{"action", "add", "--org", "Acme", "--title", "X", "--status", "finished"}, []string{`status "finished"`}},
		{"set unknown", []string{"action", "set", "99", "--status", "done"}, []string{"action 99 does not exist"}},
		{"set bad id", []string{"action", "set", "first", "--status", "done"}, []string{`"first" is not a number`}},
		{"set nothing", []string{"action", "set", "1"}, []string{"nothing to change"}},
		{"set bad status", []string{"action", "set", "1", "--status", "finished"}, []string{`status "finished"`}},
		{"set unknown service", []string{"action", "set", "1", "--service", "Q-1"}, []string{`"Q-1"`}},
		{"list bad status", []string{"action", "list", "--org", "Acme", "--status", "x"}, []string{`status "x"`}},
	})
}

func TestReviewCommands(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme", "--cycle", "2025")
	e.ok("review", "add", "--org", "Acme", "--date", "2025-06-30", "--kind", "annual strategic review", "--notes", "Gaps in recovery")
	e.ok("cycle", "new", "--org", "Acme", "2026")
	e.ok("review", "add", "--org", "Acme", "--date", "2025-10-01", "--notes", "Quarterly check")

	var rows []reviewRow
	e.jsonOut(&rows, "review", "list", "--org", "Acme", "--json")
	if len(rows) != 2 || rows[0].Cycle != "2025" || rows[0].Kind != "annual strategic review" || rows[1].Cycle != "2026" {
		t.Fatalf("reviews: %+v", rows)
	}
	rows = nil
	e.jsonOut(&rows, "review", "list", "--org", "Acme", "--cycle", "2026", "--json")
	if len(rows) != 1 || rows[0].Notes != "Quarterly check" {
		t.Errorf("2026 reviews: %+v", rows)
	}
	if table := e.ok("review", "list", "--org", "Acme"); !strings.Contains(table, "Gaps in recovery") || !strings.Contains(table, "2025-10-01") {
		t.Errorf("review table:\n%s", table)
	}
	e.checkBadInput([]badInput{
		{"bad date", []string{"review", "add", "--org", "Acme", "--date", "next week", "--notes", "x"}, []string{`--date "next week"`}},
		{"no date", []string{"review", "add", "--org", "Acme", "--notes", "x"}, []string{"date"}},
		{"unknown org", []string{"review", "add", "--org", "Nobody", "--date", "2026-01-01", "--notes", "x"}, []string{`"Nobody" does not exist`}},
	})
}
