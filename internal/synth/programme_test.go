package synth

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

func TestGenerateProgramme(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "programme.db")
	sum, err := WriteProgrammeFile(ctx, path, Programme40)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Orgs) != 40 || sum.Cycles != 120 {
		t.Fatalf("summary %+v", sum)
	}
	s, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	orgs, err := s.Programme(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prog := scoring.BuildProgramme(orgs)
	sectors, countries, bands := map[string]int{}, map[string]int{}, map[scoring.SizeBand]int{}
	provisional := 0
	for _, r := range prog.Rows {
		sectors[r.Sector]++
		countries[r.Country]++
		bands[r.SizeBand]++
		if r.Cycles != 3 || !r.HasFigures() || r.Cycle.ID != r.CurrentCycle.ID {
			t.Errorf("%s: %d cycles, latest assessed %+v, current %+v", r.Org.Name, r.Cycles, r.Cycle, r.CurrentCycle)
		}
		if r.Provisional {
			provisional++
		}
	}
	for _, sec := range ProgrammeSectors {
		if sectors[sec] != 10 {
			t.Errorf("sector %s: %d organisations, want 10", sec, sectors[sec])
		}
	}
	if countries["Kenya"] != 14 || countries["Ghana"] != 13 || countries["Rwanda"] != 13 {
		t.Errorf("countries %v", countries)
	}
	want := map[scoring.SizeBand]int{scoring.SizeBand1: 6, scoring.SizeBand100: 18, scoring.SizeBand1000: 12, scoring.SizeBand10000: 4}
	for b, n := range want {
		if bands[b] != n {
			t.Errorf("size band %s: %d organisations, want %d", b, bands[b], n)
		}
	}
	if provisional != 4 {
		t.Errorf("%d provisional organisations, want the 4 thinned ones", provisional)
	}
	// Deterministic: the same names in the same order as the generator says.
	names := map[string]bool{}
	for i := range 40 {
		names[ProgrammeOrgName(i)] = true
	}
	for _, r := range prog.Rows {
		if !names[r.Org.Name] {
			t.Errorf("unexpected organisation %q", r.Org.Name)
		}
	}
}

func TestGenerateProgrammeDeterministic(t *testing.T) {
	ctx := context.Background()
	o := ProgrammeOptions{Orgs: 6, Cycles: 2, Seed: 3}
	shape := func() []any {
		path := filepath.Join(t.TempDir(), "p.db")
		if _, err := WriteProgrammeFile(ctx, path, o); err != nil {
			t.Fatal(err)
		}
		s, err := catalog.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		orgs, err := s.Programme(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []any
		for _, r := range scoring.BuildProgramme(orgs).Rows {
			out = append(out, r.Org.Name, r.Size, r.Assessed, *r.MaturityIndex, *r.TargetIndex)
		}
		return out
	}
	a, b := shape(), shape()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("two runs differ:\n%v\n%v", a, b)
	}
}
