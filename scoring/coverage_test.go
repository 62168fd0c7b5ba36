package scoring

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestCoverageByLevel(t *testing.T) {
	m, r, o := catalog.Mandatory, catalog.Recommended, catalog.Optional
	tests := []struct {
		name     string
		services []svc
		// in scope and provided per level: mandatory, recommended, optional
		in, provided [3]int
		nilLevels    [3]bool
	}{
		{"empty", nil, [3]int{}, [3]int{}, [3]bool{true, true, true}},
		{"out of scope counts nowhere",
			[]svc{{id: "A-1", cat: "A", level: m, out: true, assign: catalog.AssignCDC}, {id: "A-2", cat: "A", level: m, assign: catalog.AssignNone}},
			[3]int{1, 0, 0}, [3]int{0, 0, 0}, [3]bool{false, true, true}},
		{"every kind but none is provided",
			[]svc{
				{id: "A-1", cat: "A", level: m, assign: catalog.AssignCDC}, {id: "A-2", cat: "A", level: m, assign: catalog.AssignExternal},
				{id: "A-3", cat: "A", level: r, assign: catalog.AssignShared}, {id: "A-4", cat: "A", level: r, assign: catalog.AssignNone},
				{id: "A-5", cat: "A", level: o, assign: catalog.AssignInternal},
			},
			[3]int{2, 2, 1}, [3]int{2, 1, 1}, [3]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Evaluate(cycle(testPack(3, 2, 1, "A"), 1, 1, "C1", tt.services...), nil)
			by := res.Catalogue.ByLevel
			if len(by) != len(catalog.Levels) {
				t.Fatalf("by level has %d rows, want %d", len(by), len(catalog.Levels))
			}
			shares := []*float64{res.Catalogue.Coverage.Mandatory, res.Catalogue.Coverage.Recommended, res.Catalogue.Coverage.Optional}
			for i, l := range catalog.Levels {
				row := by[i]
				if row.Level != l || row.InScope != tt.in[i] || row.Provided != tt.provided[i] {
					t.Errorf("%s: got %+v, want in scope %d provided %d", l, row, tt.in[i], tt.provided[i])
				}
				if (row.Coverage == nil) != tt.nilLevels[i] {
					t.Errorf("%s: coverage %v, want nil %v", l, row.Coverage, tt.nilLevels[i])
				}
				if row.Coverage != nil && *row.Coverage != float64(tt.provided[i])/float64(tt.in[i]) {
					t.Errorf("%s: coverage %v", l, *row.Coverage)
				}
				if row.Coverage != shares[i] {
					t.Errorf("%s: coverage pointer differs from Coverage", l)
				}
			}
		})
	}
}

func TestGap(t *testing.T) {
	tests := []struct {
		target, current *int
		want            *int
	}{
		{nil, nil, nil},
		{ip(3), nil, nil},
		{nil, ip(3), nil},
		{ip(3), ip(1), ip(2)},
		{ip(3), ip(5), ip(0)},
		{ip(0), ip(0), ip(0)},
	}
	for _, tt := range tests {
		got := Gap(tt.target, tt.current)
		if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
			t.Errorf("Gap(%v, %v) = %v, want %v", tt.target, tt.current, got, tt.want)
		}
	}
}
