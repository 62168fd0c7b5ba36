package main

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

func TestLogShowsEveryChange(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.ok("build", "set", "--org", "Acme", "B-1", "--assign", "external", "--provider", "Acme MSSP", "--target", "4")
	e.ok("build", "set", "--org", "Acme", "B-1", "--target", "5", "--reason", "Ministry requirement")
	e.ok("build", "set", "--org", "Acme", "C-2", "--level", "recommended", "--reason", "Malware seen")
	e.ok("assess", "set", "--org", "Acme", "B-1", "--score", "2", "--evidence", "Report")
	e.ok("assess", "set", "--org", "Acme", "B-1", "--score", "3")
	e.ok("action", "add", "--org", "Acme", "--title", "Extend monitoring")
	e.ok("action", "set", "1", "--status", "done")
	e.ok("review", "add", "--org", "Acme", "--date", "2026-01-20", "--notes", "Quarterly")

	var rows []logRow
	e.jsonOut(&rows, "log", "--org", "Acme", "--limit", "0", "--json")
	type change struct{ entity, key, field, old, new, reason string }
	want := []change{
		{"organisation", "Acme", "create", "", "Acme", ""},
		{"cycle", "Cycle 1", "start", "", "Cycle 1", ""},
		{"build", "B-1", "assignment", "none", "external", ""},
		{"build", "B-1", "provider", "", "Acme MSSP", ""},
		{"build", "B-1", "target", "none", "4", ""},
		{"build", "B-1", "target", "4", "5", "Ministry requirement"},
		{"build", "C-2", "level", "optional", "recommended", "Malware seen"},
		{"assessment", "B-1", "current", "none", "2", ""},
		{"assessment", "B-1", "evidence", "", "Report", ""},
		{"assessment", "B-1", "current", "2", "3", ""},
		{"action", "#1", "create", "", "Extend monitoring", ""},
		{"action", "#1", "status", "planned", "done", ""},
		{"review", "#1", "create", "", "2026-01-20 ", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("log has %d changes, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[len(rows)-1-i] // newest first
		got := change{string(r.Entity), r.Key, string(r.Field), r.Old, r.New, r.Reason}
		if got != w {
			t.Errorf("change %d: got %+v, want %+v", i, got, w)
		}
		if r.Who != "tester" || r.Source != "cli" {
			t.Errorf("change %d by %q from %q", i, r.Who, r.Source)
		}
		if r.CycleID != 0 && r.Cycle != "Cycle 1" {
			t.Errorf("change %d names cycle %q", i, r.Cycle)
		}
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].ID >= rows[i-1].ID {
			t.Fatalf("log not newest first at %d", i)
		}
	}

	table := e.ok("log", "--org", "Acme", "--limit", "3")
	if n := strings.Count(table, "\n"); n < 4 || !strings.Contains(table, "review #1 create") || !strings.Contains(table, "planned -> done") {
		t.Errorf("log table:\n%s", table)
	}
	if !strings.Contains(table, "--limit 0 shows all") {
		t.Errorf("truncated log gives no hint:\n%s", table)
	}
	full := e.ok("log", "--org", "Acme", "--limit", "0")
	for _, w := range []string{"no target -> 4", "4 -> 5", "Ministry requirement", "Optional -> Recommended", "2 -> 3", "tester", "command line"} {
		if !strings.Contains(full, w) {
			t.Errorf("log lacks %q", w)
		}
	}
	e.fails([]string{"log", "--org", "Acme", "--limit", "-1"}, "--limit -1")
	e.fails([]string{"log", "--org", "Nobody"}, `"Nobody" does not exist`)
}

func TestLogServiceFilter(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.ok("build", "set", "--org", "Acme", "B-1", "B-2", "--target", "3")
	e.ok("assess", "set", "--org", "Acme", "B-1", "--score", "2")
	e.ok("assess", "set", "--org", "Acme", "B-1", "--score", "3")
	var rows []logRow
	e.jsonOut(&rows, "log", "--org", "Acme", "--service", "b-1", "--json")
	if len(rows) != 3 {
		t.Fatalf("B-1 history has %d changes: %+v", len(rows), rows)
	}
	for _, r := range rows {
		if r.Key != "B-1" {
			t.Errorf("B-1 history holds %+v", r)
		}
	}
	rows = nil
	e.jsonOut(&rows, "log", "--org", "Acme", "--service", "B-1", "--limit", "1", "--json")
	if len(rows) != 1 || rows[0].Old != "2" || rows[0].New != "3" {
		t.Errorf("newest B-1 change: %+v", rows)
	}
}

func TestChangeText(t *testing.T) {
	long := "Recovery depends on IT Operations backups."
	for _, tc := range []struct{ old, new, want string }{
		{"", "4", "(empty) -> 4"},
		{"none", "3", "none -> 3"},
		{"Acme MSSP", "", "Acme MSSP -> (empty)"},
		{long, long + " Two restores failed.", "…backups. -> …backups. Two restores failed."},
		{"line\none", "x", "line one -> x"},
	} {
		if got := changeText(vocab.For(catalog.EN), tc.old, tc.new); got != tc.want {
			t.Errorf("changeText(%q, %q) = %q, want %q", tc.old, tc.new, got, tc.want)
		}
	}
}
