package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// An organisation file whose organisation reads the same as another one here (a Cyrillic
// "А") is refused by the dry run as by the import, with the same code, and each refusal's
// advice leads to an import that works: --merge says the organisation here is another one
// and to rename it first, and after the rename the import goes through.
func TestImportConfusableNameRefusedAtPlan(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	j := filepath.Join(t.TempDir(), "demo.json")
	e.ok("export", "json", "--org", "Demo Agency", "-o", j)
	other := newCLI(t)
	other.ok("org", "add", "Demo \u0410gency")
	s := other.store()
	here, err := s.FindOrg(context.Background(), "Demo \u0410gency")
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code string
		want []string
	}{
		{[]string{"import", j, "--dry-run", "--json"}, "import.json.name_here", []string{here.UUID, "cdc org rename", "import the file again"}},
		{[]string{"import", j, "--yes", "--json"}, "import.json.name_here", []string{here.UUID}},
		{[]string{"import", j, "--merge", "--dry-run", "--json"}, "import.merge.org_other", []string{here.UUID, "cdc org rename", "without --merge"}},
	}
	for _, tt := range tests {
		before := other.changeCount()
		code, out, _ := other.exec(context.Background(), tt.args...)
		if code != exitFailure {
			t.Errorf("cdc %q exited %d, want %d\n%s", tt.args, code, exitFailure, out)
		}
		var v struct {
			Error struct{ Message, Code string } `json:"error"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("cdc %q: %v\n%s", tt.args, err, out)
		}
		if v.Error.Code != tt.code {
			t.Errorf("cdc %q: code %q, want %q", tt.args, v.Error.Code, tt.code)
		}
		for _, w := range tt.want {
			if !strings.Contains(v.Error.Message, w) {
				t.Errorf("cdc %q: message %q lacks %q", tt.args, v.Error.Message, w)
			}
		}
		if strings.Contains(v.Error.Message, "import it again without --merge") {
			t.Errorf("cdc %q: advice that goes in circles: %s", tt.args, v.Error.Message)
		}
		if other.changeCount() != before {
			t.Errorf("cdc %q wrote", tt.args)
		}
	}
	// The advice works.
	other.ok("org", "rename", here.UUID, "Ministry")
	other.ok("import", j, "--yes")
	if out := other.ok("org", "list"); !strings.Contains(out, "Demo Agency") || !strings.Contains(out, "Ministry") {
		t.Errorf("after the rename and the import:\n%s", out)
	}
}
