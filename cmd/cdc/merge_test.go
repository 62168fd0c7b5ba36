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

// laptopCopy is the demo database's organisation restored in a second database, the
// consultant's laptop.
func laptopCopy(t *testing.T) (e, lap *cliEnv, dir string) {
	e = newCLI(t)
	e.ok("demo")
	dir = t.TempDir()
	j := filepath.Join(dir, "demo.json")
	e.ok("export", "json", "--org", "Demo Agency", "-o", j)
	lap = &cliEnv{t: t, db: filepath.Join(dir, "laptop.db")}
	lap.ok("import", j, "--yes")
	return e, lap, dir
}

// The laptop's changes to a cycle closed here are listed, marked, counted and reported as not
// applied, with or without --overwrite: never silently dropped.
func TestImportMergeClosedCycle(t *testing.T) {
	e, lap, dir := laptopCopy(t)
	want := 0
	if v := service(t, e.cycleData("Demo Agency", ""), "D-5").Current; v != nil && *v == 0 {
		want = 1
	}
	lap.ok("assess", "set", "--org", "Demo Agency", "D-5", "--score", strconv.Itoa(want))
	back := filepath.Join(dir, "back.json")
	lap.ok("export", "json", "--org", "Demo Agency", "-o", back)
	e.ok("cycle", "close", "--org", "Demo Agency", "--open-actions", "carry")
	before := service(t, e.cycleData("Demo Agency", ""), "D-5").Current

	out := e.ok("import", back, "--merge", "--dry-run")
	for _, w := range []string{"0 conflicts · 1 cannot be applied (cycle closed here)", "× 1 change of the file cannot be applied", "×", "D-5", "(cycle closed here: not applied)", "1 change of the file was not applied"} {
		if !strings.Contains(out, w) {
			t.Errorf("dry run lacks %q:\n%s", w, out)
		}
	}
	out = e.ok("import", back, "--merge", "--overwrite", "--yes")
	if !strings.Contains(out, "1 change of the file was not applied: its cycle is closed here.") {
		t.Errorf("the outcome does not say what was not applied:\n%s", out)
	}
	if v := service(t, e.cycleData("Demo Agency", ""), "D-5").Current; (v == nil) != (before == nil) || (v != nil && *v != *before) {
		t.Errorf("the closed cycle changed: D-5 %v, was %v", v, before)
	}
}

// A check-in that adds a cycle names it with its status, and says plainly that two cycles
// will be open and that the one the laptop closed stays open here.
func TestImportMergeNewCycleNamed(t *testing.T) {
	e, lap, dir := laptopCopy(t)
	first := e.cycleData("Demo Agency", "").Cycle.Name
	lap.ok("cycle", "close", "--org", "Demo Agency", "--open-actions", "carry")
	lap.ok("cycle", "new", "--org", "Demo Agency", "FY2027")
	back := filepath.Join(dir, "back.json")
	lap.ok("export", "json", "--org", "Demo Agency", "-o", back)
	out := e.ok("import", back, "--merge", "--dry-run")
	for _, w := range []string{"+ new cycle FY2027 (open)", "2 cycles of this organisation are open: " + first + ", FY2027", "Cycle " + first + " is closed in the file but open here"} {
		if !strings.Contains(out, w) {
			t.Errorf("dry run lacks %q:\n%s", w, out)
		}
	}
	out = e.ok("import", back, "--merge", "--dry-run", "--lang", "ja")
	if !strings.Contains(out, "FY2027（実施中）") {
		t.Errorf("Japanese preview:\n%s", out)
	}
}

// The laptop closed a cycle nobody touched here: the check-in says it closes it here too,
// and does.
func TestImportMergeClosesACycle(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	dir := t.TempDir()
	j := filepath.Join(dir, "acme.json")
	e.ok("export", "json", "--org", "Acme", "-o", j)
	lap := &cliEnv{t: t, db: filepath.Join(dir, "laptop.db")}
	lap.ok("import", j, "--yes")
	name := e.cycleData("Acme", "").Cycle.Name
	lap.ok("cycle", "close", "--org", "Acme")
	back := filepath.Join(dir, "back.json")
	lap.ok("export", "json", "--org", "Acme", "-o", back)
	out := e.ok("import", back, "--merge", "--yes")
	if !strings.Contains(out, "Cycle "+name+" was closed in the file and nobody changed its status here: the check-in closes it here too.") {
		t.Errorf("check-in:\n%s", out)
	}
	if d := e.cycleData("Acme", name); d.Cycle.Status != "closed" {
		t.Errorf("cycle %s is %s here after the check-in", name, d.Cycle.Status)
	}
	if out := e.ok("import", back, "--merge", "--dry-run"); strings.Contains(out, "closes it") {
		t.Errorf("a second check-in closes again:\n%s", out)
	}
}

// Both databases started a cycle of the same name: the check-in is refused with the way past
// it, renaming the cycle here, and after that rename the check-in adds the file's cycle.
func TestImportMergeCycleNameAdviceWorks(t *testing.T) {
	e, lap, dir := laptopCopy(t)
	for _, db := range []*cliEnv{e, lap} {
		db.ok("cycle", "close", "--org", "Demo Agency", "--open-actions", "carry")
		db.ok("cycle", "new", "--org", "Demo Agency", "FY2027")
	}
	back := filepath.Join(dir, "back.json")
	lap.ok("export", "json", "--org", "Demo Agency", "-o", back)
	e.fails([]string{"import", back, "--merge", "--dry-run"}, `"FY2027"`, "cdc cycle rename --org ORG CYCLE NEW-NAME")
	e.ok("cycle", "rename", "--org", "Demo Agency", "FY2027", "FY2027 CISO")
	out := e.ok("import", back, "--merge", "--yes")
	if !strings.Contains(out, "+ new cycle FY2027 (open)") {
		t.Errorf("check-in after the rename:\n%s", out)
	}
	if d := e.cycleData("Demo Agency", "FY2027 CISO"); d.Cycle.Name != "FY2027 CISO" {
		t.Errorf("renamed cycle: %+v", d.Cycle)
	}
}

// The laptop closed a cycle and started the next with carry-over while the CISO changed D-5:
// the new cycle starts from the CISO's D-5, and the preview says so. The laptop's edit of an
// action both hold is not applied, so it is listed as not merged and the log here never
// claims it.
func TestImportMergeCarryAndUnappliedEdits(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.ok("assess", "set", "--org", "Acme", "D-5", "--score", "1")
	e.ok("assess", "set", "--org", "Acme", "B-1", "--score", "2")
	e.ok("action", "add", "--org", "Acme", "--title", "Recruit two analysts", "--horizon", "long")
	dir := t.TempDir()
	j := filepath.Join(dir, "acme.json")
	e.ok("export", "json", "--org", "Acme", "-o", j)
	lap := &cliEnv{t: t, db: filepath.Join(dir, "laptop.db")}
	lap.ok("import", j, "--yes")
	first := e.cycleData("Acme", "").Cycle.Name
	lap.ok("action", "set", "1", "--owner", "Bob")
	lap.ok("cycle", "close", "--org", "Acme")
	lap.ok("cycle", "new", "--org", "Acme", "FY2027", "--carry-over")
	back := filepath.Join(dir, "back.json")
	lap.ok("export", "json", "--org", "Acme", "-o", back)
	e.ok("assess", "set", "--org", "Acme", "D-5", "--score", "3")

	out := e.ok("import", back, "--merge", "--yes")
	for _, w := range []string{
		"2 carried-over scores of new cycle FY2027 are taken from cycle " + first + " as it stands here after the check-in, not from the file's copy.",
		"Not merged: 1 edit of existing actions or reviews. Apply it by hand.",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("check-in lacks %q:\n%s", w, out)
		}
	}
	if v := service(t, e.cycleData("Acme", "FY2027"), "D-5").Current; v == nil || *v != 3 {
		got := "none"
		if v != nil {
			got = strconv.Itoa(*v)
		}
		t.Errorf("FY2027's D-5 is %s here, want the CISO's 3 carried over", got)
	}
	if log := e.ok("log", "--org", "Acme"); strings.Contains(log, "Bob") {
		t.Errorf("the log names an owner the action does not have here:\n%s", log)
	}
	if out := e.ok("import", back, "--merge", "--dry-run"); !strings.Contains(out, "Not merged: 1 edit of existing actions") {
		t.Errorf("the next check-in no longer shows the edit:\n%s", out)
	}
}
