package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// complete runs shell completion for a command line and returns the offered values.
func (e *cliEnv) complete(args ...string) []string {
	e.t.Helper()
	out := e.ok(append([]string{"__complete"}, args...)...)
	var vals []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, ":") || strings.HasPrefix(l, "Completion ended") {
			continue
		}
		v, _, _ := strings.Cut(l, "\t")
		vals = append(vals, v)
	}
	return vals
}

func TestCompletion(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	pack := filepath.Join(t.TempDir(), "acme.json")
	e.ok("catalog", "export", "-o", pack)
	data, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	custom := strings.Replace(strings.Replace(string(data), `"id": "x1060"`, `"id": "acme"`, 1), `"id": "A-1"`, `"id": "ZZ-1"`, 1)
	if err := os.WriteFile(pack, []byte(custom), 0o600); err != nil {
		t.Fatal(err)
	}
	e.ok("catalog", "import", pack)
	e.ok("org", "add", "Custom", "--pack", "acme@2021.06")

	tests := []struct {
		name   string
		args   []string
		want   []string
		reject []string
	}{
		{"organisations", []string{"eval", "--org", ""}, []string{"Demo Agency", "Custom"}, nil},
		{"organisations by prefix", []string{"eval", "--org", "dem"}, []string{"Demo Agency"}, []string{"Custom"}},
		{"cycles", []string{"eval", "--org", "Demo Agency", "--cycle", ""}, []string{"FY2025", "FY2026"}, nil},
		{"assignment", []string{"build", "set", "--org", "Demo Agency", "B-1", "--assign", ""}, []string{"cdc", "internal", "external", "shared", "none"}, nil},
		{"level", []string{"build", "set", "--org", "Demo Agency", "B-1", "--level", ""}, []string{"mandatory", "recommended", "optional"}, nil},
		{"scope", []string{"build", "set", "--org", "Demo Agency", "B-1", "--scope", ""}, []string{"in", "out"}, nil},
		{"target", []string{"build", "set", "--org", "Demo Agency", "B-1", "--target", ""}, []string{"0", "5", "none"}, nil},
		{"status", []string{"action", "list", "--org", "Demo Agency", "--status", ""}, []string{"planned", "in-progress", "done", "dropped"}, nil},
		{"horizon", []string{"action", "add", "--org", "Demo Agency", "--horizon", ""}, []string{"short", "long"}, nil},
		{"language", []string{"eval", "--lang", ""}, []string{"en", "ja"}, nil},
		{"packs", []string{"catalog", "list", "--pack", ""}, []string{"x1060@2021.06", "acme@2021.06"}, nil},
		{"services of the built-in pack", []string{"assess", "set", "--org", "Demo Agency", ""}, []string{"all", "A", "A-1", "I-9"}, []string{"ZZ-1"}},
		{"services of a custom pack", []string{"assess", "set", "--org", "Custom", ""}, []string{"ZZ-1"}, []string{"A-1"}},
		{"service flag", []string{"action", "list", "--org", "Custom", "--service", "Z"}, []string{"ZZ-1"}, nil},
		{"action IDs", []string{"action", "set", ""}, []string{"1", "8"}, nil},
		{"organisation argument", []string{"org", "set", ""}, []string{"Demo Agency"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.in(t).complete(tt.args...)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("completing %q offers %v, lacking %q", tt.args, got, w)
				}
			}
			for _, w := range tt.reject {
				if slices.Contains(got, w) {
					t.Errorf("completing %q offers %q", tt.args, w)
				}
			}
		})
	}
}

// Completion never creates a database.
func TestCompletionWithoutDatabase(t *testing.T) {
	e := newCLI(t)
	if got := e.complete("eval", "--org", ""); len(got) != 0 {
		t.Errorf("offered %v without a database", got)
	}
	if _, err := os.Stat(e.db); err == nil {
		t.Error("completion created the database")
	}
}
