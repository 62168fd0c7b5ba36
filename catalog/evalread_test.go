package catalog_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// summaryStore is a small generated programme: organisations on the built-in pack and one on a
// custom pack, several cycles each, with level overrides, targets, carried-over scores and
// services out of scope.
func summaryStore(t *testing.T) *catalog.Store {
	t.Helper()
	ctx := context.Background()
	s, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "summary.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := synth.Generate(ctx, s, synth.Options{Orgs: 4, Cycles: 3, BigPackServices: 40, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	return s
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The lean reads of the dashboard and of `cdc eval` give the figures of the full reads.
func TestCycleWithHistoryEvaluatesAsTheFullRead(t *testing.T) {
	ctx := context.Background()
	s := summaryStore(t)
	orgs, err := s.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 5 {
		t.Fatalf("%d organisations, want 5", len(orgs))
	}
	checked, providers := 0, 0
	for _, o := range orgs {
		full, err := s.History(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range full {
			cur, hist, err := s.CycleWithHistory(ctx, c.Cycle.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cur, c) {
				t.Errorf("%s %s: the cycle itself is not read in full", o.Name, c.Cycle.Name)
			}
			if len(hist) != len(full) {
				t.Fatalf("%s: %d cycles, want %d", o.Name, len(hist), len(full))
			}
			if got, want := asJSON(t, scoring.Evaluate(cur, hist)), asJSON(t, scoring.Evaluate(c, full)); got != want {
				t.Errorf("%s %s: evaluation differs from the full read\n got %s\nwant %s", o.Name, c.Cycle.Name, got, want)
			}
			// CycleFigures leaves the cycle's own text out but evaluates the same, providers
			// included (the service rows show them).
			fcur, fhist, err := s.CycleFigures(ctx, c.Cycle.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fcur.Cycle, c.Cycle) || !reflect.DeepEqual(fcur.Org, c.Org) || len(fhist) != len(full) {
				t.Errorf("%s %s: CycleFigures read cycle %+v of %+v with %d cycles", o.Name, c.Cycle.Name, fcur.Cycle, fcur.Org, len(fhist))
			}
			if got, want := asJSON(t, scoring.Evaluate(fcur, fhist)), asJSON(t, scoring.Evaluate(c, full)); got != want {
				t.Errorf("%s %s: CycleFigures evaluates differently from the full read\n got %s\nwant %s", o.Name, c.Cycle.Name, got, want)
			}
			for i, sv := range fcur.Services {
				if sv.Provider != c.Services[i].Provider {
					t.Errorf("%s %s %s: provider %q, want %q", o.Name, c.Cycle.Name, sv.ID, sv.Provider, c.Services[i].Provider)
				}
				if c.Services[i].Provider != "" {
					providers++
				}
			}
			checked++
		}
	}
	if checked < 15 || providers == 0 {
		t.Fatalf("only %d cycles checked, %d providers", checked, providers)
	}
}

// Each dashboard row (ProgrammeOf, a few organisations at a time) shows the figures of the full
// evaluation of the organisation's latest assessed cycle with its whole history.
func TestProgrammeRowsEqualTheFullEvaluation(t *testing.T) {
	ctx := context.Background()
	s := summaryStore(t)
	sums, err := s.ProgrammeSummaries(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{sums[1].Org.ID, sums[3].Org.ID, sums[4].Org.ID}
	some, err := s.ProgrammeOf(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(some) != len(ids) {
		t.Fatalf("%d organisations read, want %d", len(some), len(ids))
	}
	for _, row := range scoring.BuildProgramme(some).Rows {
		full, err := s.History(ctx, row.Org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if row.Cycle == nil {
			t.Fatalf("%s: no latest assessed cycle", row.Org.Name)
		}
		var latest *catalog.CycleData
		for _, c := range full {
			if c.Cycle.ID == row.Cycle.ID {
				latest = c
			}
		}
		r := scoring.Evaluate(latest, full)
		for _, f := range []struct {
			name      string
			got, want any
		}{
			{"maturity", row.MaturityIndex, r.Portfolio.MaturityIndex},
			{"target", row.TargetIndex, r.Portfolio.TargetIndex},
			{"attainment", row.AttainmentIndex, r.Portfolio.AttainmentIndex},
			{"completeness", row.Completeness, r.Catalogue.AssessedRatio},
			{"assessed", row.Assessed, r.Catalogue.Assessed},
			{"in scope", row.InScope, r.Catalogue.InScope},
			{"categories", row.Categories, r.Profile.Categories},
			{"mandatory coverage", row.MandatoryCoverage, r.Catalogue.Coverage.Mandatory},
			{"missing mandatory", row.MissingMandatory, r.Catalogue.MissingMandatory},
			{"trend", row.Trend, r.Portfolio.Trend},
		} {
			if got, want := asJSON(t, f.got), asJSON(t, f.want); got != want {
				t.Errorf("%s %s: %s\n got %s\nwant %s", row.Org.Name, row.Cycle.Name, f.name, got, want)
			}
		}
		if row.MaturityIndex == nil {
			t.Errorf("%s: no maturity index", row.Org.Name)
		}
	}
}

// A cycle patched from CyclePatch after a write equals the cycle read again in full, and the
// patch holds only the services the write's change-log entries name.
func TestCyclePatchMatchesTheFullRead(t *testing.T) {
	ctx := context.Background()
	s := summaryStore(t)
	orgs, err := s.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var open *catalog.CycleData
	for _, o := range orgs {
		c, err := s.FindCycle(ctx, o.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if d, err := s.CycleData(ctx, c.ID); err == nil && len(d.Services) >= 6 && c.Status == catalog.CycleOpen {
			open = d
			break
		}
	}
	if open == nil {
		t.Fatal("no open cycle with services")
	}
	cid := open.Cycle.ID
	svc := func(i int) string { return open.Services[i].ID }
	three, no, note := 3, false, "patched evidence"
	tests := []struct {
		name  string
		write func(ctx context.Context) error
		want  []string // services the patch must hold
	}{
		{"score", func(ctx context.Context) error {
			_, err := s.SetAssessment(ctx, cid, svc(0), catalog.AssessmentPatch{Score: &three})
			return err
		}, []string{svc(0)}},
		{"evidence", func(ctx context.Context) error {
			_, err := s.SetAssessment(ctx, cid, svc(1), catalog.AssessmentPatch{Evidence: &note})
			return err
		}, []string{svc(1)}},
		{"clear score", func(ctx context.Context) error {
			_, err := s.SetAssessment(ctx, cid, svc(0), catalog.AssessmentPatch{ClearScore: true})
			return err
		}, []string{svc(0)}},
		{"build, two services", func(ctx context.Context) error {
			_, err := s.SetBuild(ctx, cid, []string{svc(4), svc(2)}, catalog.BuildPatch{InScope: &no})
			return err
		}, []string{svc(2), svc(4)}},
		{"no change", func(ctx context.Context) error {
			_, err := s.SetBuild(ctx, cid, []string{svc(4)}, catalog.BuildPatch{InScope: &no})
			return err
		}, nil},
	}
	cur := open
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ids []int64
			if err := tc.write(catalog.RecordChanges(ctx, &ids)); err != nil {
				t.Fatal(err)
			}
			p, err := s.CyclePatch(ctx, cid, append(ids, 1)) // 1: an entry of another kind or cycle
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, st := range p.Services {
				got = append(got, st.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("patched services %v, want %v", got, tc.want)
			}
			patched := *cur
			patched.Cycle = p.Cycle
			patched.Services = append([]catalog.ServiceState(nil), cur.Services...)
			for _, st := range p.Services {
				for i := range patched.Services {
					if patched.Services[i].ID == st.ID {
						patched.Services[i] = st
					}
				}
			}
			full, err := s.CycleData(ctx, cid)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := asJSON(t, &patched), asJSON(t, full); a != b {
				t.Errorf("patched cycle differs from the full read\n got %s\nwant %s", a, b)
			}
			cur = full
		})
	}
}
