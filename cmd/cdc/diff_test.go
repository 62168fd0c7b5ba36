package main

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/scoring"
)

func TestDiffCommand(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	out := e.ok("diff", "--org", "Demo Agency")
	for _, w := range []string{"This: Demo Agency / FY2026", "Compared with: Demo Agency / FY2025", "Maturity index", "services differ", "current score", "→"} {
		if !strings.Contains(out, w) {
			t.Errorf("diff output lacks %q:\n%s", w, out)
		}
	}
	var d scoring.Diff
	e.jsonOut(&d, "diff", "--org", "Demo Agency", "--json")
	if d.B.Cycle.Name != "FY2026" || d.A.Cycle.Name != "FY2025" || len(d.Indices) != 3 || len(d.Services) == 0 {
		t.Fatalf("diff JSON: %+v", d)
	}
	// The JSON agrees with eval: the change of the maturity index is FY2026's minus FY2025's, as shown.
	var now, before scoring.Result
	e.jsonOut(&now, "eval", "--org", "Demo Agency", "--cycle", "FY2026", "--json")
	e.jsonOut(&before, "eval", "--org", "Demo Agency", "--cycle", "FY2025", "--json")
	if m := d.Indices[0]; m.Change == nil || *m.Change != scoring.Round(scoring.Round(*now.Portfolio.MaturityIndex, 1)-scoring.Round(*before.Portfolio.MaturityIndex, 1), 1) {
		t.Errorf("maturity change %v, eval says %v - %v", m.Change, *now.Portfolio.MaturityIndex, *before.Portfolio.MaturityIndex)
	}
	// The other way round, every change turns sign.
	var back scoring.Diff
	e.jsonOut(&back, "diff", "--org", "Demo Agency", "--cycle", "FY2025", "--vs-cycle", "FY2026", "--json")
	if *back.Indices[0].Change != -*d.Indices[0].Change || len(back.Services) != len(d.Services) {
		t.Errorf("reversed diff: %+v", back.Indices)
	}
	// Another organisation: its current cycle by default.
	e.ok("org", "add", "Other Agency")
	var other scoring.Diff
	e.jsonOut(&other, "diff", "--org", "Demo Agency", "--vs-org", "Other Agency", "--json")
	if other.A.Organisation.Name != "Other Agency" || other.A.Cycle.Name != "Cycle 1" || other.Indices[0].A != nil || other.Indices[0].Change != nil {
		t.Errorf("against an unassessed organisation: %+v", other.A)
	}
	if ja := e.ok("diff", "--org", "Demo Agency", "--lang", "ja"); !strings.Contains(ja, "2つのサイクルの差分") || !strings.Contains(ja, "成熟度指数") {
		t.Errorf("Japanese diff:\n%s", ja)
	}
	e.checkBadInput([]badInput{
		{"no previous cycle", []string{"diff", "--org", "Other Agency"}, []string{`"Other Agency" has no cycle before "Cycle 1"`, "--vs-cycle"}},
		{"same cycle", []string{"diff", "--org", "Demo Agency", "--vs-cycle", "FY2026"}, []string{"same cycle"}},
		{"unknown organisation", []string{"diff", "--org", "Nobody"}, []string{`"Nobody" does not exist`}},
		{"unknown vs organisation", []string{"diff", "--org", "Demo Agency", "--vs-org", "Nobody"}, []string{`"Nobody" does not exist`}},
		{"unknown vs cycle", []string{"diff", "--org", "Demo Agency", "--vs-cycle", "FY1999"}, []string{`"FY1999" does not exist`}},
		{"no organisation", []string{"diff"}, []string{"required flag --org is not given"}},
	})
}

func TestDiffAcrossProgramme(t *testing.T) {
	e := newProgrammeCLI(t)
	var d scoring.Diff
	e.jsonOut(&d, "diff", "--org", synth.ProgrammeOrgName(0), "--vs-org", synth.ProgrammeOrgName(1), "--json")
	if d.B.Organisation.Name != synth.ProgrammeOrgName(0) || d.A.Organisation.Name != synth.ProgrammeOrgName(1) || len(d.Services) == 0 {
		t.Errorf("diff across organisations: %+v", d.A)
	}
	providers := false
	for _, s := range d.Services {
		for _, f := range s.Changed {
			providers = providers || f == scoring.FieldProvider
		}
	}
	if !providers {
		t.Error("two generated organisations should differ in some provider")
	}
}
