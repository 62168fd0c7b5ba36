package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// cdc import FILE.json --merge checks a copy back in: a change made in the copy is taken,
// and a second check-in of the same file changes nothing.
func TestImportMerge(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	j := filepath.Join(dir, "demo.json")
	e.ok("export", "json", "--org", "Demo Agency", "-o", j)
	lap := &cliEnv{t: t, db: filepath.Join(dir, "laptop.db")}
	lap.ok("import", j, "--yes")
	want := 0
	if v := service(t, e.cycleData("Demo Agency", ""), "D-5").Current; v != nil && *v == 0 {
		want = 1
	}
	lap.ok("assess", "set", "--org", "Demo Agency", "D-5", "--score", strconv.Itoa(want))
	back := filepath.Join(dir, "back.json")
	lap.ok("export", "json", "--org", "Demo Agency", "-o", back)

	e.fails([]string{"import", back, "--yes"}, "--merge")
	out := e.ok("import", back, "--merge", "--dry-run")
	if !strings.Contains(out, "checked in") || !strings.Contains(out, "D-5") {
		t.Errorf("dry run:\n%s", out)
	}
	e.ok("import", back, "--merge", "--yes")
	if v := service(t, e.cycleData("Demo Agency", ""), "D-5").Current; v == nil || *v != want {
		t.Fatalf("D-5 after the check-in: %v", v)
	}
	before := e.changeCount()
	e.ok("import", back, "--merge", "--yes")
	if e.changeCount() != before {
		t.Error("the second check-in changed the database")
	}
}
