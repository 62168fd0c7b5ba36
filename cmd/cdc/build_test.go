package main

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestBuildSetAndList(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.ok("build", "set", "--org", "Acme", "B", "--assign", "external", "--provider", "Acme MSSP", "--contract", "MSSP-1", "--target", "4")
	e.ok("build", "set", "--org", "Acme", "C-2", "--level", "recommended", "--reason", "Targeted malware in 2025")
	e.ok("build", "set", "--org", "Acme", "i-9", "--scope", "out", "--reason", "Not our remit")
	e.ok("build", "set", "--org", "Acme", "all", "--target", "2")
	e.ok("build", "set", "--org", "Acme", "A-13", "--target", "none")

	d := e.cycleData("Acme", "")
	for _, id := range []string{"B-1", "B-2", "B-3", "B-4"} {
		st := service(t, d, id)
		if st.Assignment != catalog.AssignExternal || st.Provider != "Acme MSSP" || st.Contract != "MSSP-1" || st.Target == nil || *st.Target != 2 {
			t.Errorf("%s: %+v", id, st)
		}
	}
	if st := service(t, d, "C-2"); st.Level != catalog.Recommended || !st.LevelOverridden || st.LevelReason != "Targeted malware in 2025" {
		t.Errorf("C-2 level: %+v", st)
	}
	if st := service(t, d, "I-9"); st.InScope {
		t.Errorf("I-9 still in scope")
	}
	if st := service(t, d, "A-13"); st.Target != nil {
		t.Errorf("A-13 target not cleared: %v", *st.Target)
	}
	// Back to the pack default needs no reason and clears the override.
	e.ok("build", "set", "--org", "Acme", "C-2", "--level", "optional")
	if st := service(t, e.cycleData("Acme", ""), "C-2"); st.LevelOverridden || st.LevelReason != "" {
		t.Errorf("C-2 override not cleared: %+v", st)
	}

	var data catalog.CycleData
	e.jsonOut(&data, "build", "list", "--org", "Acme", "B", "--json")
	if len(data.Services) != 4 || data.Services[0].ID != "B-1" || data.Org.Name != "Acme" {
		t.Errorf("build list --json B: %d services", len(data.Services))
	}
	table := e.ok("build", "list", "--org", "Acme")
	for _, w := range []string{"B-1", "Real time asset monitoring", "External", "Acme MSSP", "MSSP-1", "I-9", "out"} {
		if !strings.Contains(table, w) {
			t.Errorf("build list lacks %q", w)
		}
	}
	ja := e.ok("build", "list", "--org", "Acme", "--lang", "ja", "B-1")
	if !strings.Contains(ja, "リアルタイムアセット監視") {
		t.Errorf("Japanese build list:\n%s", ja)
	}
}

func TestBuildBadInput(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.checkBadInput([]badInput{
		{"unknown org", []string{"build", "set", "--org", "Nobody", "B-1", "--target", "3"}, []string{`"Nobody" does not exist`}},
		{"unknown service", []string{"build", "set", "--org", "Acme", "B-1", "Z-9", "--target", "3"}, []string{`"Z-9"`}},
		{"target too high", []string{"build", "set", "--org", "Acme", "B-1", "--target", "6"}, []string{`--target "6"`, "0 to 5"}},
		{"target negative", []string{"build", "set", "--org", "Acme", "B-1", "--target", "-1"}, []string{`--target "-1"`}},
		{"target not a number", []string{"build", "set", "--org", "Acme", "B-1", "--target", "high"}, []string{`target "high"`}},
		{"unknown assignment", []string{"build", "set", "--org", "Acme", "B-1", "--assign", "vendor"}, []string{`assignment "vendor"`}},
		{"bad level", []string{"build", "set", "--org", "Acme", "B-1", "--level", "critical"}, []string{`level "critical"`}},
		{"level without reason", []string{"build", "set", "--org", "Acme", "B-1", "--level", "optional"}, []string{"B-1", "needs a reason"}},
		{"bad scope", []string{"build", "set", "--org", "Acme", "B-1", "--scope", "maybe"}, []string{`scope "maybe"`}},
		{"nothing to change", []string{"build", "set", "--org", "Acme", "B-1"}, []string{"nothing to change"}},
		{"unknown cycle", []string{"build", "set", "--org", "Acme", "--cycle", "FY1999", "B-1", "--target", "3"}, []string{`"FY1999"`}},
		{"list unknown service", []string{"build", "list", "--org", "Acme", "Q"}, []string{`"Q"`}},
		{"bad language", []string{"build", "list", "--org", "Acme", "--lang", "de"}, []string{`"de"`}},
	})
	// A batch with one bad service changes none of them.
	e.fails([]string{"build", "set", "--org", "Acme", "B-1", "B-2", "B-99", "--target", "3"}, `"B-99"`)
	if st := service(t, e.cycleData("Acme", ""), "B-1"); st.Target != nil {
		t.Errorf("B-1 changed by a failed batch")
	}
}
