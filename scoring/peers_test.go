package scoring

import (
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// peerOrgs is peers' data: an Energy group of n scoring 0, 1, 2, ... (mod 6) and a Health group
// of 4. Organisation 1 has a second, earlier cycle scoring 5.
func peerOrgs(n int) []catalog.ProgrammeOrg {
	p := testPack(3, 2, 1, "A")
	var orgs []catalog.ProgrammeOrg
	for i := range n {
		scores := []int{i % 6}
		if i == 0 {
			scores = []int{5, 0}
		}
		orgs = append(orgs, progOrg(p, int64(i+1), "Energy "+string(rune('A'+i)), "Energy", 200, scores...))
	}
	for i := range 4 {
		orgs = append(orgs, progOrg(p, int64(100+i), "Health "+string(rune('A'+i)), "Health", 20000, 2))
	}
	orgs = append(orgs, progOrg(p, 200, "Nowhere", "", 0, 3))
	return orgs
}

func TestComparePeersAt(t *testing.T) {
	orgs := peerOrgs(6)
	// Organisation 1's latest cycle (id 11) scores 0, its first (id 10) 5; the others score 1..5.
	tests := []struct {
		name    string
		org     int64
		cycle   int64
		by      GroupBy
		status  PeerStatus
		others  int
		value   *float64 // maturity index
		rank    *float64
		median  float64
		section PeerPosition
	}{
		{"latest cycle", 1, 11, BySector, PeersShown, 5, fp(0), fp(0), 60, BelowQ1},
		{"earlier cycle", 1, 10, BySector, PeersShown, 5, fp(100), fp(90), 60, AboveQ3}, // 4 below, 1 equal
		{"group of 4", 100, 1000, BySector, PeersTooFew, 3, nil, nil, 0, PositionUnknown},
		{"no sector", 200, 2000, BySector, PeersNoGroup, 0, nil, nil, 0, PositionUnknown},
		{"no size", 200, 2000, BySizeBand, PeersNoGroup, 0, nil, nil, 0, PositionUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := ComparePeersAt(orgs, tc.org, tc.cycle, tc.by)
			if !ok || p.Status != tc.status || p.Others != tc.others || p.Cycle.ID != tc.cycle {
				t.Fatalf("%+v", p)
			}
			if tc.status != PeersShown {
				if len(p.Lines) != 0 || len(p.Figures) != 0 {
					t.Errorf("a group not shown gives figures: %+v", p)
				}
				return
			}
			if len(p.Lines) != 4 || p.Lines[0].Figure != string(MaturityIndex) || p.Lines[3].Category != "A" {
				t.Fatalf("lines %+v", p.Lines)
			}
			l := p.Lines[0]
			checkFloat(t, "value", l.Value, tc.value)
			checkFloat(t, "rank", l.Group.PercentileRank, tc.rank)
			if l.Group.Dist.Median != tc.median || l.Position() != tc.section {
				t.Errorf("median %v position %q", l.Group.Dist.Median, l.Position())
			}
		})
	}
	if _, ok := ComparePeersAt(orgs, 1, 999, BySector); ok {
		t.Error("an unknown cycle was compared")
	}
	// A cycle with nothing assessed has no figures to compare.
	orgs[0].Cycles[1].Services[0].Current = nil
	if p, _ := ComparePeersAt(orgs, 1, 11, BySector); p.Status != PeersNoFigures {
		t.Errorf("unassessed cycle: %+v", p)
	}
}

func TestCompareCycleWithSet(t *testing.T) {
	orgs := peerOrgs(6)
	set := BuildContribution(BuildProgramme(orgs), BySector, time.Now()).Set
	set.Name = "National"
	// A set holding a group of 4 (not one written by the toolkit) is still refused.
	set.Groups = append(set.Groups, catalog.BenchmarkGroup{Key: "health", Organisations: 4, Figures: []catalog.BenchmarkFigure{}})
	tests := []struct {
		name   string
		org    int64
		cycle  int64
		pack   string
		status PeerStatus
		others int
	}{
		{"group of 6", 2, 20, "1", PeersShown, 6},
		{"group of 4", 100, 1000, "1", PeersTooFew, 4},
		{"no sector", 200, 2000, "1", PeersNoGroup, 0},
		{"other pack", 2, 20, "2", PeersOtherPack, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := set
			s.PackVersion = tc.pack
			p, ok := CompareCycleWithSet(orgs, tc.org, tc.cycle, &s)
			if !ok || p.Status != tc.status || p.Set == nil || p.Set.Name != "National" {
				t.Fatalf("%+v", p)
			}
			if tc.status != PeersShown {
				if len(p.Lines) != 0 {
					t.Errorf("lines %+v", p.Lines)
				}
				return
			}
			if p.Others != tc.others || len(p.Lines) != 4 || p.Lines[0].Group == nil || p.Lines[0].Group.PercentileRank != nil {
				t.Errorf("%+v", p)
			}
		})
	}
	other := set
	other.Groups = other.Groups[:1]
	other.Groups[0].Key = "Finance"
	if p, _ := CompareCycleWithSet(orgs, 2, 20, &other); p.Status != PeersNotInSet {
		t.Errorf("a set without the organisation's group: %+v", p)
	}
}

func TestPeerPositionRoundsAsShown(t *testing.T) {
	g := &PeerFigure{Dist: Distribution{Q1: 2.46, Q3: 3.0}}
	for v, want := range map[float64]PeerPosition{2.45: MiddleHalf, 2.44: BelowQ1, 3.04: MiddleHalf, 3.05: AboveQ3} {
		if got := (PeerLine{Value: fp(v), Group: g}).Position(); got != want {
			t.Errorf("%v: %q, want %q", v, got, want)
		}
	}
	if (PeerLine{Value: fp(1)}).Position() != PositionUnknown {
		t.Error("a line without a group figure is placed")
	}
}
