package main

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestAssessSetAndList(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.ok("build", "set", "--org", "Acme", "B-1", "--assign", "cdc", "--target", "4")
	e.ok("assess", "set", "--org", "Acme", "b-1", "--score", "3", "--evidence", "Monthly coverage report")
	e.ok("assess", "set", "--org", "Acme", "B-2", "--score", "0")
	e.ok("assess", "set", "--org", "Acme", "B-3", "--score", "2")
	e.ok("assess", "set", "--org", "Acme", "B-3", "--score", "none")

	d := e.cycleData("Acme", "")
	if st := service(t, d, "B-1"); st.Current == nil || *st.Current != 3 || st.Evidence != "Monthly coverage report" || st.Assessor != "tester" {
		t.Errorf("B-1: %+v", st)
	}
	if st := service(t, d, "B-2"); st.Current == nil || *st.Current != 0 {
		t.Errorf("B-2 scored 0 reads as %v", st.Current)
	}
	if st := service(t, d, "B-3"); st.Assessed() {
		t.Errorf("B-3 still assessed")
	}

	var data catalog.CycleData
	e.jsonOut(&data, "assess", "list", "--org", "Acme", "B", "--json")
	if len(data.Services) != 4 || data.Services[0].Current == nil {
		t.Errorf("assess list --json: %+v", data.Services)
	}
	ja := e.ok("assess", "list", "--org", "Acme", "--lang", "ja", "B")
	for _, w := range []string{"根拠", "リアルタイムアセット監視", "未評価", "4件中2件評価済み"} {
		if !strings.Contains(ja, w) {
			t.Errorf("Japanese assess list lacks %q:\n%s", w, ja)
		}
	}
	table := e.ok("assess", "list", "--org", "Acme", "B")
	for _, w := range []string{"B-1", "Monthly coverage report", "not assessed", "2 of 4 assessed"} {
		if !strings.Contains(table, w) {
			t.Errorf("assess list lacks %q:\n%s", w, table)
		}
	}
}

func TestAssessBadInput(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.checkBadInput([]badInput{
		{"unknown org", []string{"assess", "set", "--org", "Nobody", "B-1", "--score", "3"}, []string{`"Nobody" does not exist`}},
		{"unknown service", []string{"assess", "set", "--org", "Acme", "Z-1", "--score", "3"}, []string{`"Z-1"`}},
		{"category", []string{"assess", "set", "--org", "Acme", "B", "--score", "3"}, []string{"one service", `"B"`}},
		{"score too high", []string{"assess", "set", "--org", "Acme", "B-1", "--score", "9"}, []string{`--score "9"`, "0 to 5"}},
		{"score not a number", []string{"assess", "set", "--org", "Acme", "B-1", "--score", "3.5"}, []string{`score "3.5"`}},
		{"nothing to change", []string{"assess", "set", "--org", "Acme", "B-1"}, []string{"nothing to change"}},
		{"two services", []string{"assess", "set", "--org", "Acme", "B-1", "B-2", "--score", "1"}, []string{"2"}},
	})
}
