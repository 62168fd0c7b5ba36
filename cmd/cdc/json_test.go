package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// Every command that changes something prints, with --json, one object saying what changed.
func TestWritesPrintWhatChangedAsJSON(t *testing.T) {
	e := newCLI(t)
	dir := t.TempDir()
	pack := filepath.Join(dir, "pack.json")
	e.ok("catalog", "export", "-o", pack)
	tests := []struct {
		args []string
		want []string // keys of the object
	}{
		{[]string{"demo"}, []string{"organisation", "replaced", "database"}},
		{[]string{"org", "add", "Acme", "--sector", "Finance"}, []string{"organisation", "cycle"}},
		{[]string{"org", "set", "Acme", "--country", "Peru"}, []string{"organisation", "changed"}},
		{[]string{"org", "rename", "Acme", "Acme Bank"}, []string{"id", "old_name", "name"}},
		{[]string{"build", "set", "--org", "Acme Bank", "B", "--target", "3"}, []string{"organisation", "cycle", "services", "changes"}},
		{[]string{"assess", "set", "--org", "Acme Bank", "B-1", "--score", "2"}, []string{"organisation", "cycle", "services", "changes"}},
		{[]string{"action", "add", "--org", "Acme Bank", "--title", "Hire"}, []string{"organisation", "cycle", "action"}},
		{[]string{"action", "set", "9", "--status", "done"}, []string{"action", "changed"}},
		{[]string{"review", "add", "--org", "Acme Bank", "--date", "2026-01-10", "--notes", "ok"}, []string{"organisation", "cycle", "review"}},
		{[]string{"cycle", "close", "--org", "Acme Bank"}, []string{"organisation", "cycle"}},
		{[]string{"cycle", "new", "--org", "Acme Bank", "Next", "--carry-over"}, []string{"organisation", "cycle", "carry_over"}},
		{[]string{"catalog", "import", pack, "--dry-run"}, []string{"pack", "file", "dry_run", "installed"}},
		{[]string{"catalog", "import", pack}, []string{"pack", "installed"}},
		{[]string{"export", "json", "--org", "Acme Bank", "-o", filepath.Join(dir, "acme.json")}, []string{"organisation", "file"}},
		{[]string{"backup", "-o", filepath.Join(dir, "backup.db")}, []string{"database", "backup"}},
		{[]string{"org", "remove", "Acme Bank", "--yes"}, []string{"removed"}},
	}
	for _, tt := range tests {
		var v map[string]any
		e.jsonOut(&v, append(tt.args, "--json")...)
		for _, k := range tt.want {
			if _, ok := v[k]; !ok {
				t.Errorf("cdc %s --json: no %q in %v", strings.Join(tt.args, " "), k, v)
			}
		}
	}
	// The numbers say what happened: 4 services of B got a target, 1 score changed.
	var bs servicesChanged
	e.jsonOut(&bs, "build", "set", "--org", "Demo Agency", "A-1", "A-2", "--target", "5", "--json")
	if len(bs.Services) != 2 || bs.Changes != 2 {
		t.Errorf("build set --json: %+v", bs)
	}
	out := e.ok("build", "set", "--org", "Demo Agency", "A-1", "A-2", "--target", "5", "--json")
	if err := json.Unmarshal([]byte(out), &bs); err != nil || bs.Changes != 0 {
		t.Errorf("repeating build set should change nothing: %+v %v", bs, err)
	}
}
