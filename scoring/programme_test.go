package scoring

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// progOrg is an organisation with one service A-1 (mandatory, target 5) per cycle; each score
// is one cycle's current score, -1 for not assessed. With one service the maturity index is 20 x score.
func progOrg(p *catalog.Pack, id int64, name, sector string, size int, scores ...int) catalog.ProgrammeOrg {
	o := catalog.ProgrammeOrg{Org: catalog.Organisation{ID: id, Name: name, Sector: sector, Country: "Kenya", Size: size}}
	for i, sc := range scores {
		s := svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(5)}
		if sc >= 0 {
			s.current = ip(sc)
		}
		d := cycle(p, id*10+int64(i), i+1, "C"+string(rune('1'+i)), s)
		d.Org = o.Org
		d.Cycle.OrgID = id
		o.Cycles = append(o.Cycles, d)
		if sc >= 0 {
			o.LatestAssessed = d.Cycle.ID
		}
		o.CurrentCycle = d.Cycle.ID
	}
	return o
}

func TestBuildProgramme(t *testing.T) {
	p := testPack(3, 2, 1, "A")
	orgs := []catalog.ProgrammeOrg{
		progOrg(p, 1, "Alpha", "Energy", 50, 1, 3),      // 20 -> 60: +40
		progOrg(p, 2, "Beta", "Energy", 5000, 2, 4, -1), // the newest cycle is not assessed: C2 counts
		progOrg(p, 3, "Gamma", "Health", 0),             // no cycles at all
		progOrg(p, 4, "Delta", "Health", 20000, 5),
	}
	orgs[0].OpenActions = 2
	prog := BuildProgramme(orgs)
	if prog.Pack != (PackRef{ID: "test", Version: "1"}) || len(prog.Categories) != 1 || prog.Categories[0].ID != "A" {
		t.Fatalf("pack %+v categories %+v", prog.Pack, prog.Categories)
	}
	tests := []struct {
		name         string
		cycle        string
		maturity     *float64
		change       *float64
		band         SizeBand
		cycles       int
		provisional  bool
		open         int
		meanCurrentA *float64
	}{
		{"Alpha", "C2", fp(60), fp(40), SizeBand1, 2, false, 2, fp(3)},
		{"Beta", "C2", fp(80), fp(40), SizeBand1000, 3, false, 0, fp(4)},
		{"Gamma", "", nil, nil, "", 0, false, 0, nil},
		{"Delta", "C1", fp(100), nil, SizeBand10000, 1, false, 0, fp(5)},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := prog.Rows[i]
			if r.Org.Name != tc.name {
				t.Fatalf("row %d is %s", i, r.Org.Name)
			}
			got := ""
			if r.Cycle != nil {
				got = r.Cycle.Name
			}
			if got != tc.cycle || r.SizeBand != tc.band || r.Cycles != tc.cycles || r.Provisional != tc.provisional || r.OpenActions != tc.open {
				t.Errorf("cycle %q band %q cycles %d provisional %v open %d", got, r.SizeBand, r.Cycles, r.Provisional, r.OpenActions)
			}
			checkFloat(t, "maturity", r.MaturityIndex, tc.maturity)
			checkFloat(t, "maturity change", r.MaturityChange, tc.change)
			checkFloat(t, "mean current A", r.FigureOf(FigureMeanCurrent, "A"), tc.meanCurrentA)
			if r.HasFigures() != (tc.maturity != nil) {
				t.Errorf("HasFigures %v", r.HasFigures())
			}
		})
	}
	if beta := prog.Rows[1]; beta.CurrentCycle == nil || beta.CurrentCycle.Name != "C3" || len(beta.Trend) != 3 || beta.Trend[2].MaturityIndex != nil {
		t.Errorf("Beta's current cycle and trend: %+v %+v", beta.CurrentCycle, beta.Trend)
	}
	if a := prog.Rows[0]; a.Previous == nil || a.Previous.Name != "C1" {
		t.Errorf("Alpha's previous cycle: %+v", a.Previous)
	}

	// Distribution of the maturity index over Alpha 60, Beta 80, Delta 100 (Gamma has none).
	dists := prog.Distributions()
	if dists[0].Figure != string(MaturityIndex) || !dists[0].Defined ||
		!distEqual(dists[0].Dist, Distribution{N: 3, Min: 60, Q1: 70, Median: 80, Q3: 90, Max: 100}) {
		t.Errorf("maturity distribution %+v", dists[0])
	}

	// Ranking: Delta, Beta, Alpha; Gamma has no index.
	var names []string
	for _, r := range prog.Ranking() {
		names = append(names, r.Org.Name)
	}
	if !slices.Equal(names, []string{"Delta", "Beta", "Alpha"}) {
		t.Errorf("ranking %v", names)
	}

	if got := prog.Filter(ProgrammeFilter{Sector: " energy "}); len(got.Rows) != 2 {
		t.Errorf("filter by sector: %d rows", len(got.Rows))
	}
	if got := prog.Filter(ProgrammeFilter{SizeBand: SizeBand10000}); len(got.Rows) != 1 || got.Rows[0].Org.Name != "Delta" {
		t.Errorf("filter by size band: %+v", got.Rows)
	}
	if got := prog.Filter(ProgrammeFilter{Sector: "Energy", Country: "Ghana"}); len(got.Rows) != 0 {
		t.Errorf("filter by sector and country: %d rows", len(got.Rows))
	}
}

func TestRankingTies(t *testing.T) {
	p := testPack(3, 2, 1, "A")
	prog := BuildProgramme([]catalog.ProgrammeOrg{
		progOrg(p, 1, "b", "", 0, 3), progOrg(p, 2, "A", "", 0, 3), progOrg(p, 3, "c", "", 0, 4), progOrg(p, 4, "d", "", 0, 1),
	})
	var got []string
	for _, r := range prog.Ranking() {
		got = append(got, r.Org.Name+":"+string(rune('0'+r.Rank)))
	}
	if want := []string{"c:1", "A:2", "b:2", "d:4"}; !slices.Equal(got, want) {
		t.Errorf("ranking %v, want %v", got, want)
	}
}

// peers builds a programme of one sector "Energy" of n organisations with scores 0, 1, 2, ...
// (mod 6) and one "Health" group of 4.
func peers(n int) Programme {
	p := testPack(3, 2, 1, "A")
	var orgs []catalog.ProgrammeOrg
	for i := range n {
		orgs = append(orgs, progOrg(p, int64(i+1), "Energy "+string(rune('A'+i)), "Energy", 200, i%6))
	}
	for i := range 4 {
		orgs = append(orgs, progOrg(p, int64(100+i), "Health "+string(rune('A'+i)), "Health", 20000, 2))
	}
	return BuildProgramme(orgs)
}

func TestContributionKRule(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	// A group of 6 is shown, a group of 4 is refused.
	c := BuildContribution(peers(6), BySector, now)
	if len(c.Set.Groups) != 1 || c.Set.Groups[0].Key != "Energy" || c.Set.Groups[0].Organisations != 6 {
		t.Fatalf("groups %+v", c.Set.Groups)
	}
	if !slices.Equal(c.Withheld, []Withheld{{Key: "Health", Size: 4, Reason: TooSmall}}) {
		t.Errorf("withheld %+v", c.Withheld)
	}
	g := c.Set.Groups[0]
	// Maturity over 0, 20, 40, 60, 80, 100: q1 = h 1.25 -> 25, median 50, q3 = h 3.75 -> 75.
	want := catalog.BenchmarkFigure{Figure: string(MaturityIndex), Distribution: catalog.Distribution{N: 6, Min: 0, Q1: 25, Median: 50, Q3: 75, Max: 100}}
	if len(g.Figures) == 0 || g.Figures[0] != want {
		t.Errorf("maturity figure %+v, want %+v", g.Figures, want)
	}
	if c.Set.K != K || c.Set.GroupBy != "sector" || c.Set.PackID != "test" || !c.Set.CreatedAt.Equal(now) || c.Set.FormatVersion != BenchmarkFormatVersion {
		t.Errorf("set header %+v", c.Set)
	}
	// Every figure has n >= K.
	for _, f := range g.Figures {
		if f.N < K {
			t.Errorf("figure %s/%s with n %d", f.Figure, f.Category, f.N)
		}
	}
	// By size band: 100-999 holds the six, 10000+ the four.
	c = BuildContribution(peers(6), BySizeBand, now)
	if len(c.Set.Groups) != 1 || c.Set.Groups[0].Key != string(SizeBand100) || len(c.Withheld) != 1 || c.Withheld[0].Key != string(SizeBand10000) {
		t.Errorf("by size band: %+v %+v", c.Set.Groups, c.Withheld)
	}
	// One country for everyone: one group of 10.
	c = BuildContribution(peers(6), ByCountry, now)
	if len(c.Set.Groups) != 1 || c.Set.Groups[0].Organisations != 10 {
		t.Errorf("by country: %+v", c.Set.Groups)
	}
}

func TestContributionLeavesOut(t *testing.T) {
	p := testPack(3, 2, 1, "A")
	other := testPack(3, 2, 1, "A")
	other.ID = "other"
	var orgs []catalog.ProgrammeOrg
	for i := range 5 {
		orgs = append(orgs, progOrg(p, int64(i+1), "E"+string(rune('a'+i)), "Energy", 100, 3))
	}
	orgs = append(orgs,
		progOrg(p, 10, "NoSector", "", 100, 3),       // no value in the dimension
		progOrg(p, 11, "NotAssessed", "Energy", 100), // no figures
		progOrg(other, 12, "OtherPack", "Energy", 100, 3),
	)
	c := BuildContribution(BuildProgramme(orgs), BySector, time.Now())
	if c.LeftOut != 3 || len(c.Set.Groups) != 1 || c.Set.Groups[0].Organisations != 5 {
		t.Errorf("left out %d, groups %+v", c.LeftOut, c.Set.Groups)
	}
}

func TestComparePeers(t *testing.T) {
	// Energy of 5: each has 4 others, refused; Energy of 6: 5 others, shown.
	prog := peers(5)
	pc, ok := ComparePeers(prog, 1, BySector)
	if !ok || pc.Shown || pc.Others != 4 || len(pc.Figures) != 0 {
		t.Errorf("group of 4 others: %+v", pc)
	}
	prog = peers(6)
	// Organisation 3 scores 2 (maturity 40); its others score 0, 1, 3, 4, 5 (0, 20, 60, 80, 100).
	pc, ok = ComparePeers(prog, 3, BySector)
	if !ok || !pc.Shown || pc.Others != 5 || pc.Group != "Energy" {
		t.Fatalf("group of 5 others: %+v", pc)
	}
	f := pc.Figures[0]
	if f.Figure != string(MaturityIndex) || !distEqual(f.Dist, Distribution{N: 5, Min: 0, Q1: 20, Median: 60, Q3: 80, Max: 100}) {
		t.Errorf("maturity against peers: %+v", f)
	}
	checkFloat(t, "value", f.Value, fp(40))
	checkFloat(t, "percentile rank", f.PercentileRank, fp(40)) // 2 below of 5
	// The Health group of 4 has 3 others each.
	if pc, _ := ComparePeers(prog, 100, BySector); pc.Shown || pc.Others != 3 {
		t.Errorf("Health: %+v", pc)
	}
	if _, ok := ComparePeers(prog, 999, BySector); ok {
		t.Error("unknown organisation compared")
	}
}

func TestCompareWithSet(t *testing.T) {
	prog := peers(6)
	c := BuildContribution(prog, BySector, time.Now())
	set := c.Set
	set.Groups = append(set.Groups, catalog.BenchmarkGroup{Key: "Health", Organisations: 4})
	pc := CompareWithSet(prog.Rows[0], &set)
	if !pc.Shown || pc.Others != 6 || len(pc.Figures) == 0 || pc.Figures[0].PercentileRank != nil {
		t.Errorf("against a set's group of 6: %+v", pc)
	}
	var health ProgrammeRow
	for _, r := range prog.Rows {
		if r.Sector == "Health" {
			health = r
		}
	}
	if pc := CompareWithSet(health, &set); pc.Shown || len(pc.Figures) != 0 {
		t.Errorf("against a set's group of 4: %+v", pc)
	}
}

func TestProgrammeMethod(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		fs := ProgrammeMethod(vocab.For(lang))
		if len(fs) != len(programmeMethod) {
			t.Fatalf("%s: %d formulas", lang, len(fs))
		}
		for _, f := range fs {
			if strings.HasPrefix(f.Name, "programme.") || strings.HasPrefix(f.Text, "programme.") || strings.Contains(f.Text+f.Name, "%!") || strings.Contains(f.Text+f.Name, "%d") || strings.Contains(f.Text+f.Name, "%s") {
				t.Errorf("%s: formula %q: %q", lang, f.Name, f.Text)
			}
		}
		joined := fs[6].Name + fs[6].Text
		if !strings.Contains(joined, "5") || !strings.Contains(fs[2].Text, "10000+") || !strings.Contains(fs[11].Text, "80") {
			t.Errorf("%s: k, bands or threshold missing: %+v", lang, fs)
		}
	}
}

func TestSortRows(t *testing.T) {
	p := testPack(3, 2, 1, "A")
	orgs := []catalog.ProgrammeOrg{
		progOrg(p, 1, "b", "Health", 50, 3), progOrg(p, 2, "a", "", 0, 1), progOrg(p, 3, "c", "Energy", 500, 5), progOrg(p, 4, "d", "Energy", 5000),
	}
	orgs[3].OpenActions = 3
	prog := BuildProgramme(orgs)
	names := func() string {
		var s []string
		for _, r := range prog.Rows {
			s = append(s, r.Org.Name)
		}
		return strings.Join(s, "")
	}
	tests := []struct {
		col  ProgrammeColumn
		desc bool
		want string
	}{
		{ColName, false, "abcd"},
		{ColName, true, "dcba"},
		{ColMaturity, true, "cbad"},  // d has no index: last
		{ColMaturity, false, "abcd"}, // still last ascending
		{ColSector, false, "cdba"},   // Energy (c, d by name), Health, then no sector
		{ColSize, false, "bcda"},     // a has no size
		{ColOpenActions, true, "dabc"},
	}
	for _, tc := range tests {
		SortRows(prog.Rows, tc.col, tc.desc)
		if got := names(); got != tc.want {
			t.Errorf("sort by %s desc=%v: %s, want %s", tc.col, tc.desc, got, tc.want)
		}
	}
}

// Indices equal as shown share a rank: 66.571 and 66.565 both read 66.6.
func TestRankingTiesAsShown(t *testing.T) {
	row := func(name string, v float64) ProgrammeRow {
		r := ProgrammeRow{MaturityIndex: &v}
		r.Org.Name = name
		return r
	}
	prog := Programme{Rows: []ProgrammeRow{row("x", 66.565), row("y", 66.571), row("z", 66.66)}}
	var got []string
	for _, r := range prog.Ranking() {
		got = append(got, r.Org.Name+":"+string(rune('0'+r.Rank)))
	}
	if want := []string{"z:1", "x:2", "y:2"}; !slices.Equal(got, want) {
		t.Errorf("ranking %v, want %v", got, want)
	}
}
