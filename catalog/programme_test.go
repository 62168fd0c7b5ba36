package catalog

import (
	"context"
	"database/sql"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestProgrammeReadsWhatCycleDataReads(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	// Zeta: two cycles, the second open and not yet assessed; its latest assessed cycle is the first.
	z, z1, err := s.AddOrg(ctx, NewOrg{Name: "Zeta", Sector: "Energy", Country: "Ghana", Size: 120})
	if err != nil {
		t.Fatal(err)
	}
	three, one := 3, 1
	cdc := AssignCDC
	prov := "Acme MSSP"
	if _, err := s.SetBuild(ctx, z1.ID, []string{"A-1", "A-2"}, BuildPatch{Target: &three, Assignment: &cdc, Provider: &prov}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetAssessment(ctx, z1.ID, "A-1", AssessmentPatch{Score: &one}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAction(ctx, Action{CycleID: z1.ID, Title: "Fix it", Horizon: ShortTerm}); err != nil {
		t.Fatal(err)
	}
	done, err := s.AddAction(ctx, Action{CycleID: z1.ID, Title: "Done already", Horizon: ShortTerm})
	if err != nil {
		t.Fatal(err)
	}
	st := ActionDone
	if _, err := s.UpdateAction(ctx, done.ID, ActionPatch{Status: &st}); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCycle(ctx, z1.ID); err != nil {
		t.Fatal(err)
	}
	z2, err := s.StartCycle(ctx, z.ID, NewCycle{Name: "Second"})
	if err != nil {
		t.Fatal(err)
	}
	// Alpha: only an out-of-scope service is assessed, so it has no latest assessed cycle.
	a, a1, err := s.AddOrg(ctx, NewOrg{Name: "alpha"})
	if err != nil {
		t.Fatal(err)
	}
	out := false
	if _, err := s.SetBuild(ctx, a1.ID, []string{"B-1"}, BuildPatch{InScope: &out}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetAssessment(ctx, a1.ID, "B-1", AssessmentPatch{Score: &one}); err != nil {
		t.Fatal(err)
	}

	orgs, err := s.Programme(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 2 || orgs[0].Org.Name != "alpha" || orgs[1].Org.Name != "Zeta" {
		t.Fatalf("organisations in name order: %+v", orgs)
	}
	tests := []struct {
		name                    string
		p                       ProgrammeOrg
		org                     int64
		cycles                  int
		current, latestAssessed int64
		openActions             int
		wantLastChange          bool
		sector, country         string
		size                    int
	}{
		{"alpha", orgs[0], a.ID, 1, a1.ID, 0, 0, true, "", "", 0},
		{"Zeta", orgs[1], z.ID, 2, z2.ID, z1.ID, 1, true, "Energy", "Ghana", 120},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			if p.Org.ID != tc.org || len(p.Cycles) != tc.cycles || p.CurrentCycle != tc.current || p.LatestAssessed != tc.latestAssessed || p.OpenActions != tc.openActions {
				t.Errorf("got org %d cycles %d current %d latest assessed %d open actions %d", p.Org.ID, len(p.Cycles), p.CurrentCycle, p.LatestAssessed, p.OpenActions)
			}
			if (p.LastChange != nil) != tc.wantLastChange {
				t.Errorf("last change %v", p.LastChange)
			}
			if p.Org.Sector != tc.sector || p.Org.Country != tc.country || p.Org.Size != tc.size {
				t.Errorf("details %+v", p.Org)
			}
			// Every cycle matches CycleData except for the fields a programme leaves out.
			for _, got := range p.Cycles {
				want, err := s.CycleData(ctx, got.Cycle.ID)
				if err != nil {
					t.Fatal(err)
				}
				for i := range want.Services {
					w := &want.Services[i]
					w.Evidence, w.Assessor, w.AssessedAt, w.Provider, w.Contract, w.LevelReason = "", "", nil, "", "", ""
				}
				if !reflect.DeepEqual(got.Services, want.Services) || !reflect.DeepEqual(got.Cycle, want.Cycle) || got.Pack != want.Pack {
					t.Errorf("cycle %s differs from CycleData", got.Cycle.Name)
				}
			}
		})
	}
	if c := orgs[1].LatestAssessedCycle(); c == nil || c.Cycle.ID != z1.ID {
		t.Errorf("LatestAssessedCycle = %v", c)
	}
	if c := orgs[0].LatestAssessedCycle(); c != nil {
		t.Errorf("alpha has no assessed in-scope service, got %v", c.Cycle.Name)
	}
	last := orgs[1].LastChange
	changes, err := s.Changes(ctx, ChangeQuery{OrgID: z.ID, Limit: 1})
	if err != nil || len(changes) != 1 || !changes[0].At.Equal(*last) {
		t.Errorf("last change %v, newest change %+v (%v)", last, changes, err)
	}

	// ProgrammeOf reads the same for the organisations it is given, and leaves out the rest
	// and any that no longer exist.
	some, err := s.ProgrammeOf(ctx, []int64{z.ID, 99999})
	if err != nil || len(some) != 1 || !reflect.DeepEqual(some[0], orgs[1]) {
		t.Errorf("ProgrammeOf(Zeta) = %+v, %v; want what Programme reads", some, err)
	}
	if none, err := s.ProgrammeOf(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("ProgrammeOf(nil) = %v, %v", none, err)
	}
	// Summaries agree with Programme on what both read; without activity the change log
	// and the actions are not read.
	for _, activity := range []bool{false, true} {
		sums, err := s.ProgrammeSummaries(ctx, activity)
		if err != nil || len(sums) != len(orgs) {
			t.Fatalf("summaries: %v %v", sums, err)
		}
		for i, sum := range sums {
			want := orgs[i].Summary()
			if !activity {
				want.Activity, want.LastChangeID, want.LastChange, want.OpenActions = false, 0, nil, 0
			}
			sum.Org.UUID = "" // Programme does not read it
			if !reflect.DeepEqual(sum, want) {
				t.Errorf("activity %v: summary %+v, want %+v", activity, sum, want)
			}
		}
	}
}

func TestProgrammeEmpty(t *testing.T) {
	s, _ := openTest(t)
	orgs, err := s.Programme(context.Background())
	if err != nil || len(orgs) != 0 {
		t.Errorf("empty database: %v %v", orgs, err)
	}
}

func TestBenchmarkStore(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	set := func() *BenchmarkSet {
		return &BenchmarkSet{
			Name: "National 2026", Source: "national.json", FormatVersion: 1, GroupBy: "sector", K: 5,
			PackID: "x1060", PackVersion: "2021",
			Groups: []BenchmarkGroup{
				{Key: "Energy", Organisations: 6, Provisional: 1, Figures: []BenchmarkFigure{
					{Figure: "maturity_index", Distribution: Distribution{N: 6, Min: 10, Q1: 20, Median: 30, Q3: 40, Max: 50}},
					{Figure: "mean_current", Category: "A", Distribution: Distribution{N: 5, Min: 1, Q1: 1.5, Median: 2, Q3: 2.5, Max: 3}},
				}},
				{Key: "Health", Organisations: 7, Figures: []BenchmarkFigure{}},
			},
		}
	}
	id, err := s.ImportBenchmark(ctx, set(), false)
	if err != nil || id == 0 {
		t.Fatal(id, err)
	}
	got, err := s.BenchmarkSet(ctx, "national 2026")
	if err != nil {
		t.Fatal(err)
	}
	want := set()
	want.ID, want.CreatedAt, want.ImportedAt = got.ID, got.CreatedAt, got.ImportedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n got %+v\nwant %+v", got, want)
	}
	if _, err := s.ImportBenchmark(ctx, set(), false); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("second import of the same name: %v", err)
	}
	again := set()
	again.Groups = again.Groups[:1]
	if _, err := s.ImportBenchmark(ctx, again, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.BenchmarkSet(ctx, "National 2026"); got == nil || len(got.Groups) != 1 {
		t.Errorf("replaced set: %+v", got)
	}
	list, err := s.BenchmarkSets(ctx)
	if err != nil || len(list) != 1 {
		t.Errorf("list %+v %v", list, err)
	}
	// Benchmark sets never appear among the organisations.
	if orgs, _ := s.Orgs(ctx); len(orgs) != 0 {
		t.Errorf("organisations: %+v", orgs)
	}
	if err := s.RemoveBenchmark(ctx, "NATIONAL 2026"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BenchmarkSet(ctx, "National 2026"); err == nil {
		t.Error("removed set still found")
	}
	if err := s.RemoveBenchmark(ctx, "nothing"); err == nil {
		t.Error("removing an unknown set succeeded")
	}
}

func TestBenchmarkValidate(t *testing.T) {
	good := func() *BenchmarkSet {
		return &BenchmarkSet{Name: "N", FormatVersion: 1, GroupBy: "country", K: 5, PackID: "x1060", PackVersion: "2021",
			Groups: []BenchmarkGroup{{Key: "Kenya", Organisations: 5, Figures: []BenchmarkFigure{{Figure: "maturity_index", Distribution: Distribution{N: 5, Min: 1, Q1: 2, Median: 3, Q3: 4, Max: 5}}}}}}
	}
	if p := good().Validate(); len(p) != 0 {
		t.Fatalf("good set: %v", p)
	}
	tests := []struct {
		name string
		edit func(*BenchmarkSet)
		want string
	}{
		{"empty name", func(b *BenchmarkSet) { b.Name = " " }, "name: is empty"},
		{"control character", func(b *BenchmarkSet) { b.Groups[0].Key = "Ken\x1bya" }, "groups[0].key: holds a control character"},
		{"grouping", func(b *BenchmarkSet) { b.GroupBy = "name" }, `group_by: "name" is not one of`},
		{"duplicate key", func(b *BenchmarkSet) { b.Groups = append(b.Groups, b.Groups[0]); b.Groups[1].Key = "KENYA" }, `groups[1].key: "KENYA" appears twice`},
		{"n above size", func(b *BenchmarkSet) { b.Groups[0].Figures[0].N = 6 }, "groups[0].figures[0].n: 6 is not between 1"},
		{"unordered", func(b *BenchmarkSet) { b.Groups[0].Figures[0].Q1 = 4.5 }, "min <= q1 <= median <= q3 <= max does not hold"},
		{"provisional", func(b *BenchmarkSet) { b.Groups[0].Provisional = 9 }, "groups[0].provisional"},
		{"duplicate figure", func(b *BenchmarkSet) {
			b.Groups[0].Figures = append(b.Groups[0].Figures, b.Groups[0].Figures[0])
		}, `figure "maturity_index" of category "" appears twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := good()
			tc.edit(b)
			probs := strings.Join(b.Validate(), "\n")
			if !strings.Contains(probs, tc.want) {
				t.Errorf("problems %q do not mention %q", probs, tc.want)
			}
		})
	}
}

// A stored service ID holding a record or unit separator cannot be misread as other services'
// fields: the read refuses it (pack IDs never hold one; only a damaged database could).
func TestProgrammeRefusesSeparatorInStoredID(t *testing.T) {
	ctx := context.Background()
	for _, id := range []string{"A-1\x1f1\x1f", "A-1\x1e", "A-1\x1fB"} {
		s, _ := openTest(t)
		_, c, err := s.AddOrg(ctx, NewOrg{Name: "Zeta"})
		if err != nil {
			t.Fatal(err)
		}
		two := 2
		if _, err := s.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Score: &two}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().Exec("INSERT INTO assessments (cycle_id, service_id, score) VALUES (?, ?, 3)", c.ID, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Programme(ctx); err == nil || !strings.Contains(err.Error(), "does not read") {
			t.Errorf("ID %q: Programme error %v, want a refusal", id, err)
		}
	}
}

// figureRecords is a cycle's kept and live packed figures, each as a sorted list of records
// (the order group_concat gives is its own).
func figureRecords(t *testing.T, s *Store, table string, cycleID int64) (builds, scores []string, ok bool) {
	t.Helper()
	var b, sc string
	err := s.DB().QueryRow("SELECT builds, scores FROM "+table+" WHERE cycle_id = ?", cycleID).Scan(&b, &sc)
	if err == sql.ErrNoRows {
		return nil, nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	split := func(s string) []string {
		out := strings.Split(s, "\x1e")
		slices.Sort(out)
		return out
	}
	return split(b), split(sc), true
}

// A closed cycle's figures are kept once it closes; a change to its rows, by any writer, drops
// what was kept, so the next read packs the rows afresh and never shows the old figures.
func TestClosedCycleFiguresKeptAndDropped(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Zeta"})
	if err != nil {
		t.Fatal(err)
	}
	two, three := 2, 3
	if _, err := s.SetAssessment(ctx, c1.ID, "A-1", AssessmentPatch{Score: &two}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetBuild(ctx, c1.ID, []string{"A-2"}, BuildPatch{Target: &three}); err != nil {
		t.Fatal(err)
	}
	if _, _, kept := figureRecords(t, s, "cycle_figures", c1.ID); kept {
		t.Fatal("an open cycle's figures are kept")
	}
	if err := s.CloseCycle(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	kb, ks, kept := figureRecords(t, s, "cycle_figures", c1.ID)
	lb, ls, _ := figureRecords(t, s, "cycle_figures_live", c1.ID)
	if !kept || !slices.Equal(kb, lb) || !slices.Equal(ks, ls) || len(ks) != 1 || len(kb) != 1 {
		t.Fatalf("kept %v %q %q, live %q %q", kept, kb, ks, lb, ls)
	}
	score := func() int {
		orgs, err := s.ProgrammeOf(ctx, []int64{o.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, sv := range orgs[0].Cycles[0].Services {
			if sv.ID == "A-1" && sv.Current != nil {
				return *sv.Current
			}
		}
		return -1
	}
	if got := score(); got != 2 {
		t.Fatalf("A-1 reads %d from the kept figures, want 2", got)
	}
	for _, change := range []string{
		"UPDATE assessments SET score = 4 WHERE cycle_id = ? AND service_id = 'A-1'",
		"INSERT INTO build_settings (cycle_id, service_id, target) VALUES (?, 'A-3', 1)",
		"DELETE FROM assessments WHERE cycle_id = ?",
	} {
		if err := s.CloseCycle(ctx, c1.ID); err == nil {
			t.Fatal("closing a closed cycle again was accepted")
		}
		if _, err := s.DB().Exec(change, c1.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, kept := figureRecords(t, s, "cycle_figures", c1.ID); kept {
			t.Errorf("%s: the kept figures stay", change)
		}
		// The next write for the organisation keeps them again, as they are now.
		if err := s.UpdateOrg(ctx, o.ID, OrgPatch{Notes: ptr(strings.Fields(change)[0])}); err != nil {
			t.Fatal(err)
		}
		kb, ks, kept := figureRecords(t, s, "cycle_figures", c1.ID)
		lb, ls, _ := figureRecords(t, s, "cycle_figures_live", c1.ID)
		if !kept || !slices.Equal(kb, lb) || !slices.Equal(ks, ls) {
			t.Errorf("%s: kept %v %q %q, live %q %q", change, kept, kb, ks, lb, ls)
		}
	}
	if got := score(); got != -1 {
		t.Errorf("A-1 reads %d after its score was deleted", got)
	}
}
