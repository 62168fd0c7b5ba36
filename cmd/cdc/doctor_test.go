package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDoctor(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	before, err := os.ReadFile(e.db)
	if err != nil {
		t.Fatal(err)
	}
	out := e.ok("doctor")
	for _, w := range []string{e.db + " (from --db)", "schema", "SQLite integrity check passed", "x1060@2021.06", "1 in the database"} {
		if !strings.Contains(out, w) {
			t.Errorf("doctor lacks %q:\n%s", w, out)
		}
	}
	var rep doctorReport
	e.jsonOut(&rep, "doctor", "--json")
	if !rep.OK || rep.Database != e.db || len(rep.Checks) != 7 {
		t.Errorf("doctor JSON: %+v", rep)
	}
	after, err := os.ReadFile(e.db)
	if err != nil || string(before) != string(after) {
		t.Error("doctor changed the database file")
	}
}

func TestDoctorFindsProblems(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.db")
	if err := os.WriteFile(bad, []byte("not a database at all, not even close to one"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "new", "cdc.db")
	tests := []struct {
		db     string
		code   int
		status map[string]checkStatus
	}{
		{bad, 1, map[string]checkStatus{"path": checkOK, "file": checkOK, "schema": checkFail}},
		{missing, 0, map[string]checkStatus{"path": checkOK, "folder": checkWarn}},
	}
	for _, tt := range tests {
		e := &cliEnv{t: t, db: tt.db}
		code, out, errOut := e.exec(context.Background(), "doctor", "--json")
		if code != tt.code || errOut != "" {
			t.Errorf("doctor on %s: exit %d, stderr %q; want %d and nothing", tt.db, code, errOut, tt.code)
		}
		var rep doctorReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("doctor on %s: not one JSON object: %v\n%s", tt.db, err, out)
		}
		for _, c := range rep.Checks {
			if want, ok := tt.status[c.Name]; ok && c.Status != want {
				t.Errorf("doctor on %s: %s is %s (%s), want %s", tt.db, c.Name, c.Status, c.Detail, want)
			}
		}
		if _, err := os.Stat(filepath.Dir(missing)); err == nil {
			t.Error("doctor created the database folder")
		}
	}
}

// An older schema is a warning: the next write upgrades it after a backup; doctor itself
// leaves the file as it is.
func TestDoctorOlderSchema(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	s := e.store()
	if _, err := s.DB().Exec("PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, out, _ := e.exec(context.Background(), "doctor", "--json")
	var rep doctorReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if code != 0 || !rep.OK {
		t.Errorf("doctor on an older schema: exit %d, %+v", code, rep)
	}
	for _, c := range rep.Checks {
		if c.Name == "schema" && (c.Status != checkWarn || !strings.Contains(c.Detail, "schema 1")) {
			t.Errorf("schema check: %+v", c)
		}
	}
}
