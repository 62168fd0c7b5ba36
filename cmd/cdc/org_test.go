package main

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestOrgCommands(t *testing.T) {
	e := newCLI(t)
	out := e.ok("org", "add", "Ministry of Health", "--sector", "Health", "--country", "Kenya", "--size", "800", "--cycle", "FY2026")
	if !strings.Contains(out, `"Ministry of Health"`) || !strings.Contains(out, `"FY2026"`) {
		t.Errorf("add output: %s", out)
	}
	e.ok("org", "add", "Acme", "--pack", catalog.BuiltinPack().Ref())

	var orgs []catalog.OrgSummary
	e.jsonOut(&orgs, "org", "list", "--json")
	if len(orgs) != 2 || orgs[0].Name != "Acme" || orgs[1].Name != "Ministry of Health" {
		t.Fatalf("org list: %+v", orgs)
	}
	if m := orgs[1]; m.Sector != "Health" || m.Country != "Kenya" || m.Size != 800 || m.Cycles != 1 {
		t.Errorf("org details: %+v", m)
	}
	table := e.ok("org", "list")
	for _, w := range []string{"NAME", "SECTOR", "CURRENT", "Ministry of Health", "Health", "Kenya", "800", "FY2026"} {
		if !strings.Contains(table, w) {
			t.Errorf("org list table lacks %q:\n%s", w, table)
		}
	}

	e.ok("org", "rename", "ministry of health", "Ministry of Health and Sanitation")
	e.ok("org", "set", "Ministry of Health and Sanitation", "--size", "900", "--notes", "Merged 2026")
	d := e.cycleData("Ministry of Health and Sanitation", "")
	if d.Org.Size != 900 || d.Org.Notes != "Merged 2026" || d.Cycle.Name != "FY2026" {
		t.Errorf("after rename and set: %+v %+v", d.Org, d.Cycle)
	}

	e.fails([]string{"org", "remove", "Acme"}, "--yes")
	e.ok("org", "remove", "Acme", "--yes")
	orgs = nil
	e.jsonOut(&orgs, "org", "list", "--json")
	if len(orgs) != 1 {
		t.Errorf("after remove: %+v", orgs)
	}
}

func TestOrgListEmpty(t *testing.T) {
	e := newCLI(t)
	if out := strings.TrimSpace(e.ok("org", "list", "--json")); out != "[]" {
		t.Errorf("empty JSON list is %q, want []", out)
	}
	if out := e.ok("org", "list"); !strings.Contains(out, "cdc demo") {
		t.Errorf("empty list gives no hint: %q", out)
	}
}

func TestOrgBadInput(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.checkBadInput([]badInput{
		{"duplicate", []string{"org", "add", "ACME"}, []string{`"ACME" already exists`}},
		{"empty name", []string{"org", "add", " "}, []string{"name is empty"}},
		{"negative size", []string{"org", "add", "Beta", "--size", "-3"}, []string{`size "-3"`}},
		{"size not a number", []string{"org", "add", "Beta", "--size", "many"}, []string{`size "many"`, "whole number"}},
		{"unknown pack", []string{"org", "add", "Beta", "--pack", "nist@1"}, []string{`"nist@1"`}},
		{"rename unknown", []string{"org", "rename", "Nobody", "X"}, []string{`"Nobody" does not exist`}},
		{"rename to empty", []string{"org", "rename", "Acme", ""}, []string{"name is empty"}},
		{"remove unknown", []string{"org", "remove", "Nobody", "--yes"}, []string{`"Nobody" does not exist`}},
		{"set nothing", []string{"org", "set", "Acme"}, []string{"nothing to change"}},
	})
}

// A new organisation's first cycle is named in the user's language unless --cycle names it.
func TestOrgAddFirstCycleInLanguage(t *testing.T) {
	e := newCLI(t)
	if out := e.ok("org", "add", "Acme", "--lang", "ja"); !strings.Contains(out, "サイクル 1") {
		t.Errorf("Japanese first cycle:\n%s", out)
	}
	if out := e.ok("org", "add", "Beta", "--cycle", "FY2026"); !strings.Contains(out, "FY2026") {
		t.Errorf("named first cycle:\n%s", out)
	}
}
