package scoring

import (
	"math"
	"slices"
	"testing"
)

func TestDescribe(t *testing.T) {
	// Every expectation is worked by hand with h = (n-1)p and x[floor h] + frac(h)(x[floor h+1] - x[floor h]),
	// and agrees with Excel's QUARTILE.INC.
	tests := []struct {
		name   string
		values []float64
		want   Distribution
	}{
		{"one value", []float64{10}, Distribution{N: 1, Min: 10, Q1: 10, Median: 10, Q3: 10, Max: 10}},
		{"two values", []float64{4, 2}, Distribution{N: 2, Min: 2, Q1: 2.5, Median: 3, Q3: 3.5, Max: 4}},
		{"four values", []float64{1, 2, 3, 4}, Distribution{N: 4, Min: 1, Q1: 1.75, Median: 2.5, Q3: 3.25, Max: 4}},
		{"five unsorted", []float64{7, 1, 3, 5, 9}, Distribution{N: 5, Min: 1, Q1: 3, Median: 5, Q3: 7, Max: 9}},
		{"ten values", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Distribution{N: 10, Min: 1, Q1: 3.25, Median: 5.5, Q3: 7.75, Max: 10}},
		// Wikipedia's quartile example: method 4 (Excel) gives 25.5 and 42.5.
		{"eleven values", []float64{6, 47, 49, 15, 42, 41, 7, 39, 43, 40, 36}, Distribution{N: 11, Min: 6, Q1: 25.5, Median: 40, Q3: 42.5, Max: 49}},
		{"ties", []float64{3, 3, 3, 5}, Distribution{N: 4, Min: 3, Q1: 3, Median: 3, Q3: 3.5, Max: 5}},
		{"NaN ignored", []float64{math.NaN(), 2, 4}, Distribution{N: 2, Min: 2, Q1: 2.5, Median: 3, Q3: 3.5, Max: 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.values)
			got, ok := Describe(tc.values)
			if !ok {
				t.Fatal("not ok")
			}
			if !distEqual(got, tc.want) {
				t.Errorf("Describe(%v) = %+v, want %+v", tc.values, got, tc.want)
			}
			if !slices.EqualFunc(in, tc.values, func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }) {
				t.Errorf("Describe reordered its input: %v", tc.values)
			}
		})
	}
	if _, ok := Describe(nil); ok {
		t.Error("Describe(nil) is defined; want undefined")
	}
	if _, ok := DescribeDefined([]*float64{nil, nil}); ok {
		t.Error("DescribeDefined of unknowns is defined; unknown must not count as 0")
	}
	if d, ok := DescribeDefined([]*float64{nil, fp(2), fp(4)}); !ok || d.N != 2 || d.Median != 3 {
		t.Errorf("DescribeDefined skips unknowns: %+v %v", d, ok)
	}
}

func distEqual(a, b Distribution) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
	return a.N == b.N && near(a.Min, b.Min) && near(a.Q1, b.Q1) && near(a.Median, b.Median) && near(a.Q3, b.Q3) && near(a.Max, b.Max)
}

func TestQuantile(t *testing.T) {
	tests := []struct {
		values []float64
		p      float64
		want   float64
		ok     bool
	}{
		{[]float64{1, 2, 3, 4}, 0, 1, true},
		{[]float64{1, 2, 3, 4}, 1, 4, true},
		{[]float64{1, 2, 3, 4}, 0.1, 1.3, true}, // h = 0.3
		{[]float64{10, 20, 30}, 0.9, 28, true},  // h = 1.8: 20 + 0.8 x 10
		{nil, 0.5, 0, false},
		{[]float64{1}, -0.1, 0, false},
		{[]float64{1}, 1.1, 0, false},
		{[]float64{1}, math.NaN(), 0, false},
	}
	for _, tc := range tests {
		got, ok := Quantile(tc.values, tc.p)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Quantile(%v, %v) = %v, %v; want %v, %v", tc.values, tc.p, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPercentileRank(t *testing.T) {
	tests := []struct {
		v      float64
		others []float64
		want   float64
		ok     bool
	}{
		{3, []float64{1, 2, 3, 3, 5}, 60, true}, // (2 + 0.5 x 2) / 5
		{0, []float64{1, 2}, 0, true},
		{9, []float64{1, 2}, 100, true},
		{2, []float64{2}, 50, true},
		{4, []float64{1, 2, 3, 5, 6, 7}, 50, true},                   // 3 below of 6
		{40, []float64{10, 20, 40, 40, 40, 90}, 100 * 3.5 / 6, true}, // 2 below, 3 equal: (2 + 1.5) / 6
		{1, nil, 0, false},
	}
	for _, tc := range tests {
		got, ok := PercentileRank(tc.v, tc.others)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("PercentileRank(%v, %v) = %v, %v; want %v, %v", tc.v, tc.others, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPeerGroupShown(t *testing.T) {
	for others, want := range map[int]bool{0: false, 4: false, 5: true, 6: true} {
		if got := PeerGroupShown(others); got != want {
			t.Errorf("PeerGroupShown(%d) = %v, want %v", others, got, want)
		}
	}
}

func TestSizeBandOf(t *testing.T) {
	tests := []struct {
		size int
		want SizeBand
		ok   bool
	}{
		{-3, "", false}, {0, "", false}, {1, SizeBand1, true}, {99, SizeBand1, true},
		{100, SizeBand100, true}, {999, SizeBand100, true}, {1000, SizeBand1000, true},
		{9999, SizeBand1000, true}, {10000, SizeBand10000, true}, {250000, SizeBand10000, true},
	}
	for _, tc := range tests {
		got, ok := SizeBandOf(tc.size)
		if got != tc.want || ok != tc.ok {
			t.Errorf("SizeBandOf(%d) = %q, %v; want %q, %v", tc.size, got, ok, tc.want, tc.ok)
		}
	}
	for _, b := range SizeBands {
		if got, ok := ParseSizeBand(string(b)); !ok || got != b {
			t.Errorf("ParseSizeBand(%q) = %q, %v", b, got, ok)
		}
	}
	if _, ok := ParseSizeBand("small"); ok {
		t.Error("ParseSizeBand accepts an unknown band")
	}
}

func ids(from, to int64, extra ...int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return append(out, extra...)
}

func TestSafeGroups(t *testing.T) {
	tests := []struct {
		name     string
		groups   []Group
		kept     []string
		withheld []Withheld
	}{
		{
			name:   "disjoint groups of 6 and 4",
			groups: []Group{{"small", ids(7, 10)}, {"large", ids(1, 6)}},
			kept:   []string{"large"},
			withheld: []Withheld{
				{Key: "small", Size: 4, Reason: TooSmall},
			},
		},
		{
			name:   "exactly k is enough",
			groups: []Group{{"five", ids(1, 5)}},
			kept:   []string{"five"},
		},
		{
			// A and C share 5 of 6 members: their difference is {6, 11}, 2 organisations.
			name:   "overlapping groups too close",
			groups: []Group{{"A", ids(1, 6)}, {"C", ids(1, 5, 11)}, {"D", ids(11, 15)}},
			kept:   []string{"A", "D"},
			withheld: []Withheld{
				{Key: "C", Size: 6, Reason: TooClose, Near: "A"},
			},
		},
		{
			// All (10) against a group of 6 inside it: they differ by 4 organisations.
			name:     "a group nearly the whole",
			groups:   []Group{{"part", ids(1, 6)}, {"all", ids(1, 10)}},
			kept:     []string{"all"},
			withheld: []Withheld{{Key: "part", Size: 6, Reason: TooClose, Near: "all"}},
		},
		{
			// All (11) against a group of 6 inside it: 5 apart, both kept.
			name:   "a group k away from the whole",
			groups: []Group{{"part", ids(1, 6)}, {"all", ids(1, 11)}},
			kept:   []string{"all", "part"},
		},
		{
			name:   "duplicate members count once",
			groups: []Group{{"dup", []int64{1, 1, 2, 2, 3, 3, 4, 4}}},
			withheld: []Withheld{
				{Key: "dup", Size: 4, Reason: TooSmall},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kept, withheld := SafeGroups(tc.groups)
			var keys []string
			for _, g := range kept {
				keys = append(keys, g.Key)
			}
			if !slices.Equal(keys, tc.kept) {
				t.Errorf("kept %v, want %v", keys, tc.kept)
			}
			if !slices.Equal(withheld, tc.withheld) {
				t.Errorf("withheld %+v, want %+v", withheld, tc.withheld)
			}
		})
	}
}
