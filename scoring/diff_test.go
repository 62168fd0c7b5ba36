package scoring

import (
	"slices"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestCompareCycles(t *testing.T) {
	pa := testPack(3, 2, 1, "A", "B")
	a := cycle(pa, 10, 1, "FY2025",
		svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(3), current: ip(2)},
		svc{id: "A-2", cat: "A", level: R, assign: catalog.AssignExternal, target: ip(4), current: ip(4)},
		svc{id: "B-1", cat: "B", level: M, assign: catalog.AssignNone, target: ip(3)},
		svc{id: "B-2", cat: "B", level: R, assign: catalog.AssignInternal, current: ip(3)},
	)
	a.Services[1].Provider, a.Services[1].Contract = "Acme MSSP", "SLA-1"
	// B is another organisation on a pack with one more category.
	pb := testPack(3, 2, 1, "A", "B", "C")
	b := cycle(pb, 20, 3, "FY2026",
		svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(4), current: ip(3)},
		svc{id: "A-2", cat: "A", level: R, assign: catalog.AssignExternal, target: ip(4), current: ip(4)},
		svc{id: "B-1", cat: "B", level: M, assign: catalog.AssignCDC, target: ip(3), current: ip(1)},
		svc{id: "B-2", cat: "B", level: R, assign: catalog.AssignInternal, current: ip(3)},
		svc{id: "C-1", cat: "C", level: O, assign: catalog.AssignShared, target: ip(5), current: ip(5), carried: true},
	)
	b.Org = catalog.Organisation{ID: 2, Name: "Beta"}
	b.Services[1].Provider, b.Services[1].Contract = "Beta SOC", "SLA-1"

	d := CompareCycles(a, b)
	if d.A.Organisation.Name != "Acme" || d.B.Organisation.Name != "Beta" || d.A.Cycle.Name != "FY2025" || d.B.Cycle.Name != "FY2026" {
		t.Errorf("sides: %+v / %+v", d.A, d.B)
	}
	if d.A.Assessed != 3 || d.A.InScope != 4 || d.B.Assessed != 5 || d.B.InScope != 5 {
		t.Errorf("completeness: %+v / %+v", d.A, d.B)
	}
	want := map[string][]string{
		"A-1": {FieldTarget, FieldCurrent},
		"A-2": {FieldProvider},
		"B-1": {FieldAssignment, FieldCurrent},
		"C-1": DiffFields, // only in B
	}
	var gotIDs []string
	for _, s := range d.Services {
		gotIDs = append(gotIDs, s.ID)
		if !slices.Equal(s.Changed, want[s.ID]) {
			t.Errorf("%s changed %v, want %v", s.ID, s.Changed, want[s.ID])
		}
	}
	if !slices.Equal(gotIDs, []string{"A-1", "A-2", "B-1", "C-1"}) {
		t.Errorf("services %v", gotIDs)
	}
	if d.Same != 1 {
		t.Errorf("same = %d, want 1 (B-2)", d.Same)
	}
	byID := map[string]ServiceDiff{}
	for _, s := range d.Services {
		byID[s.ID] = s
	}
	if c := byID["A-1"].CurrentChange; c == nil || *c != 1 {
		t.Errorf("A-1 current change %v, want +1", c)
	}
	if c := byID["B-1"].CurrentChange; c != nil {
		t.Errorf("B-1 was not assessed in A: change %d, want none", *c)
	}
	if s := byID["C-1"]; s.A != nil || s.B == nil || !s.B.CarriedOver {
		t.Errorf("C-1 sides: %+v %+v", s.A, s.B)
	}

	// Indices, by hand (weights 3, 2, 1):
	// A: maturity 100 x (3x2 + 2x4 + 2x3) / (5 x 7) = 2000/35; target 100 x (9 + 8) / 25 = 68;
	//    attainment 100 x (6 + 8) / 17.
	// B: maturity 100 x (9 + 8 + 3 + 6 + 5) / (5 x 11) = 3100/55; target 100 x (12 + 8 + 9 + 5) / 45;
	//    attainment 100 x (9 + 8 + 3 + 5) / 34.
	wantIdx := map[Index][2]float64{
		MaturityIndex:   {2000.0 / 35, 3100.0 / 55},
		TargetIndex:     {68, 3400.0 / 45},
		AttainmentIndex: {1400.0 / 17, 2500.0 / 34},
	}
	if len(d.Indices) != 3 {
		t.Fatalf("indices %+v", d.Indices)
	}
	for _, ix := range d.Indices {
		w := wantIdx[ix.Index]
		checkFloat(t, string(ix.Index)+" A", ix.A, fp(w[0]))
		checkFloat(t, string(ix.Index)+" B", ix.B, fp(w[1]))
		// The change is that of the shown figures (one decimal), so a reader can check it.
		checkFloat(t, string(ix.Index)+" change", ix.Change, fp(Round(Round(w[1], 1)-Round(w[0], 1), 1)))
	}

	// Categories: A 3 -> 3.5, B 3 -> 2, C only in B.
	if len(d.Categories) != 3 || d.Categories[2].ID != "C" {
		t.Fatalf("categories %+v", d.Categories)
	}
	checkFloat(t, "A mean current change", d.Categories[0].MeanCurrentChange, fp(0.5))
	checkFloat(t, "B mean current change", d.Categories[1].MeanCurrentChange, fp(-1))
	if c := d.Categories[2]; c.A != nil || c.B == nil || c.MeanCurrentChange != nil {
		t.Errorf("C: %+v", c)
	}
	// Category B's target: mean 3 in both (B-1 only): unchanged, 0.
	checkFloat(t, "B mean target change", d.Categories[1].MeanTargetChange, fp(0))
}

func TestCompareCyclesIdentical(t *testing.T) {
	p := testPack(3, 2, 1, "A")
	a := cycle(p, 1, 1, "One", svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(3), current: ip(2)})
	d := CompareCycles(a, a)
	if len(d.Services) != 0 || d.Same != 1 {
		t.Errorf("a cycle against itself: %+v", d)
	}
	for _, ix := range d.Indices {
		checkFloat(t, string(ix.Index), ix.Change, fp(0))
	}
}

func TestCompareCyclesUnassessed(t *testing.T) {
	// Nothing assessed on one side: indices and their changes are undefined, never 0.
	p := testPack(3, 2, 1, "A")
	a := cycle(p, 1, 1, "One", svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(3)})
	b := cycle(p, 2, 2, "Two", svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(3), current: ip(4)})
	d := CompareCycles(a, b)
	for _, ix := range d.Indices {
		if ix.A != nil || ix.Change != nil || ix.B == nil {
			t.Errorf("%s: A %v change %v B %v", ix.Index, ix.A, ix.Change, ix.B)
		}
	}
	if len(d.Services) != 1 || !slices.Equal(d.Services[0].Changed, []string{FieldCurrent}) || d.Services[0].CurrentChange != nil {
		t.Errorf("services %+v", d.Services)
	}
}

// Every index is read from its own field of a portfolio and of a trend point, and named by
// its own vocabulary key.
func TestIndexOfAndInTrend(t *testing.T) {
	m, tg, at := 1.0, 2.0, 3.0
	pf := PortfolioEval{MaturityIndex: &m, TargetIndex: &tg, AttainmentIndex: &at}
	tp := TrendPoint{MaturityIndex: &m, TargetIndex: &tg, AttainmentIndex: &at}
	for _, c := range []struct {
		ix   Index
		want *float64
		word string
	}{
		{MaturityIndex, &m, "index.maturity"},
		{TargetIndex, &tg, "index.target"},
		{AttainmentIndex, &at, "index.attainment"},
		{Index("other"), nil, "other"},
	} {
		if got := c.ix.Of(pf); got != c.want {
			t.Errorf("%s.Of = %v, want %v", c.ix, got, c.want)
		}
		if got := c.ix.InTrend(tp); got != c.want {
			t.Errorf("%s.InTrend = %v, want %v", c.ix, got, c.want)
		}
		if got := c.ix.Word(); got != c.word {
			t.Errorf("%s.Word = %q, want %q", c.ix, got, c.word)
		}
	}
}
