package scoring

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

const (
	M = catalog.Mandatory
	R = catalog.Recommended
	O = catalog.Optional
)

// mixed is the worked example: A-1 below target, A-2 on target, A-10 at 0 with no provider,
// B-1 mandatory but neither provided nor assessed, B-2 without a target, B-3 out of scope.
func mixed() []svc {
	return []svc{
		{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(3), current: ip(2)},
		{id: "A-2", cat: "A", level: R, assign: catalog.AssignExternal, target: ip(4), current: ip(4)},
		{id: "A-10", cat: "A", level: O, assign: catalog.AssignNone, target: ip(2), current: ip(0)},
		{id: "B-1", cat: "B", level: M, assign: catalog.AssignNone, target: ip(3)},
		{id: "B-2", cat: "B", level: R, assign: catalog.AssignInternal, current: ip(3)},
		{id: "B-3", cat: "B", level: M, out: true, assign: catalog.AssignNone, target: ip(5), current: ip(1)},
	}
}

type catWant struct {
	cur, tgt, att     *float64
	inScope, assessed int
}

type evalWant struct {
	coverage      Coverage
	missing       []string
	assessedRatio *float64
	withoutTarget []string
	gaps          map[string]*int
	atts          map[string]*float64
	cats          map[string]catWant
	priorities    []string
	priority      []float64
	maturity      *float64
	target        *float64
	attainment    *float64
	mix           ProviderMix
	catMix        map[string]ProviderMix
}

func TestEvaluateFigures(t *testing.T) {
	tests := []struct {
		name       string
		wm, wr, wo float64
		cats       []string
		services   []svc
		want       evalWant
	}{
		{
			name: "mixed scopes, levels and providers", wm: 3, wr: 2, wo: 1, cats: []string{"A", "B"},
			services: mixed(),
			want: evalWant{
				coverage:      Coverage{Mandatory: fp(0.5), Recommended: fp(1), Optional: fp(0), Overall: fp(0.6)},
				missing:       []string{"B-1"},
				assessedRatio: fp(0.8),
				withoutTarget: []string{"B-2"},
				gaps:          map[string]*int{"A-1": ip(1), "A-2": ip(0), "A-10": ip(2), "B-1": nil, "B-2": nil, "B-3": nil},
				atts:          map[string]*float64{"A-1": fp(2.0 / 3), "A-2": fp(1), "A-10": fp(0), "B-1": nil, "B-2": nil, "B-3": nil},
				cats: map[string]catWant{
					"A": {cur: fp(2), tgt: fp(3), att: fp(6.0 / 9), inScope: 3, assessed: 3},
					"B": {cur: fp(3), tgt: fp(3), att: nil, inScope: 2, assessed: 1},
				},
				// 3 x 1 = 3; A-10: 1 x 2 = 2.
				priorities: []string{"A-1", "A-10"},
				priority:   []float64{3, 2},
				// (3x2 + 2x4 + 1x0 + 2x3) / (5 x (3+2+1+2)) = 20/40
				maturity: fp(50),
				// (3x3 + 2x4 + 1x2) / (5 x (3+2+1)) = 19/30
				target: fp(100 * 19.0 / 30),
				// (3x2 + 2x4 + 1x0) / 19
				attainment: fp(100 * 14.0 / 19),
				mix:        ProviderMix{CDC: 1, Internal: 1, External: 1, None: 2, Total: 5},
				catMix: map[string]ProviderMix{
					"A": {CDC: 1, External: 1, None: 1, Total: 3},
					"B": {Internal: 1, None: 1, Total: 2},
				},
			},
		},
		{
			name: "custom pack weights 5/1/1", wm: 5, wr: 1, wo: 1, cats: []string{"A", "B"},
			services: mixed(),
			want: evalWant{
				coverage:      Coverage{Mandatory: fp(0.5), Recommended: fp(1), Optional: fp(0), Overall: fp(0.6)},
				missing:       []string{"B-1"},
				assessedRatio: fp(0.8),
				withoutTarget: []string{"B-2"},
				cats: map[string]catWant{
					"A": {cur: fp(2), tgt: fp(3), att: fp(6.0 / 9), inScope: 3, assessed: 3},
					"B": {cur: fp(3), tgt: fp(3), att: nil, inScope: 2, assessed: 1},
				},
				// 5 x 1 = 5; A-10: 1 x 2 = 2.
				priorities: []string{"A-1", "A-10"},
				priority:   []float64{5, 2},
				// (5x2 + 1x4 + 1x0 + 1x3) / (5 x 8) = 17/40
				maturity: fp(42.5),
				// (5x3 + 1x4 + 1x2) / (5 x 7) = 21/35
				target: fp(60),
				// (5x2 + 1x4 + 1x0) / 21
				attainment: fp(100 * 14.0 / 21),
				mix:        ProviderMix{CDC: 1, Internal: 1, External: 1, None: 2, Total: 5},
			},
		},
		{
			name: "nothing assessed gives null indices, not 0", wm: 3, wr: 2, wo: 1, cats: []string{"A"},
			services: []svc{
				{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(3)},
				{id: "A-2", cat: "A", level: O, assign: catalog.AssignShared},
			},
			want: evalWant{
				coverage:      Coverage{Mandatory: fp(1), Optional: fp(1), Overall: fp(1)},
				missing:       []string{},
				assessedRatio: fp(0),
				withoutTarget: []string{"A-2"},
				gaps:          map[string]*int{"A-1": nil, "A-2": nil},
				cats:          map[string]catWant{"A": {cur: nil, tgt: fp(3), att: nil, inScope: 2}},
				priorities:    []string{},
				mix:           ProviderMix{CDC: 1, Shared: 1, Total: 2},
			},
		},
		{
			name: "target 0 counts as attained", wm: 3, wr: 2, wo: 1, cats: []string{"A"},
			services: []svc{
				{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(0), current: ip(2)},
				{id: "A-2", cat: "A", level: R, assign: catalog.AssignCDC, target: ip(0), current: ip(0)},
			},
			want: evalWant{
				coverage:      Coverage{Mandatory: fp(1), Recommended: fp(1), Overall: fp(1)},
				missing:       []string{},
				assessedRatio: fp(1),
				withoutTarget: []string{},
				gaps:          map[string]*int{"A-1": ip(0), "A-2": ip(0)},
				atts:          map[string]*float64{"A-1": fp(1), "A-2": fp(1)},
				cats:          map[string]catWant{"A": {cur: fp(1), tgt: fp(0), att: fp(1), inScope: 2, assessed: 2}},
				priorities:    []string{},
				// (3x2 + 2x0) / (5 x 5) = 6/25
				maturity:   fp(24),
				target:     fp(0),
				attainment: fp(100),
				mix:        ProviderMix{CDC: 2, Total: 2},
			},
		},
		{
			name: "a score above target is capped at the target", wm: 3, wr: 2, wo: 1, cats: []string{"A"},
			services: []svc{
				{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(3), current: ip(5)},
				{id: "A-2", cat: "A", level: O, assign: catalog.AssignInternal, target: ip(3), current: ip(1)},
			},
			want: evalWant{
				coverage:      Coverage{Mandatory: fp(1), Optional: fp(1), Overall: fp(1)},
				missing:       []string{},
				assessedRatio: fp(1),
				withoutTarget: []string{},
				gaps:          map[string]*int{"A-1": ip(0), "A-2": ip(2)},
				atts:          map[string]*float64{"A-1": fp(1), "A-2": fp(1.0 / 3)},
				// (3 + 1) / (3 + 3)
				cats:       map[string]catWant{"A": {cur: fp(3), tgt: fp(3), att: fp(4.0 / 6), inScope: 2, assessed: 2}},
				priorities: []string{"A-2"},
				priority:   []float64{2},
				// (3x5 + 1x1) / (5 x 4) = 16/20
				maturity: fp(80),
				// (3x3 + 1x3) / 20
				target: fp(60),
				// (3x3 + 1x1) / 12
				attainment: fp(100 * 10.0 / 12),
				mix:        ProviderMix{CDC: 1, Internal: 1, Total: 2},
			},
		},
		{
			name: "every service out of scope", wm: 3, wr: 2, wo: 1, cats: []string{"A", "B"},
			services: []svc{
				{id: "A-1", cat: "A", level: M, out: true, assign: catalog.AssignCDC, target: ip(3), current: ip(1)},
				{id: "B-1", cat: "B", level: O, out: true, assign: catalog.AssignNone, current: ip(5)},
			},
			want: evalWant{
				missing:       []string{},
				withoutTarget: []string{},
				gaps:          map[string]*int{"A-1": nil, "B-1": nil},
				atts:          map[string]*float64{"A-1": nil, "B-1": nil},
				cats:          map[string]catWant{"A": {}, "B": {}},
				priorities:    []string{},
				catMix:        map[string]ProviderMix{"A": {}, "B": {}},
			},
		},
		{
			name: "a category with no service in scope", wm: 3, wr: 2, wo: 1, cats: []string{"A", "B", "C"},
			services: []svc{
				{id: "A-10", cat: "A", level: R, assign: catalog.AssignExternal, target: ip(4), current: ip(1)},
				{id: "A-2", cat: "A", level: R, assign: catalog.AssignExternal, target: ip(4), current: ip(1)},
				{id: "B-1", cat: "B", level: M, out: true, assign: catalog.AssignNone, target: ip(5), current: ip(0)},
			},
			want: evalWant{
				coverage:      Coverage{Recommended: fp(1), Overall: fp(1)},
				missing:       []string{},
				assessedRatio: fp(1),
				withoutTarget: []string{},
				cats: map[string]catWant{
					"A": {cur: fp(1), tgt: fp(4), att: fp(0.25), inScope: 2, assessed: 2},
					"B": {}, "C": {},
				},
				// equal weight x gap: natural ID order, A-2 before A-10
				priorities: []string{"A-2", "A-10"},
				priority:   []float64{6, 6},
				maturity:   fp(20),
				target:     fp(80),
				attainment: fp(25),
				mix:        ProviderMix{External: 2, Total: 2},
				catMix:     map[string]ProviderMix{"A": {External: 2, Total: 2}, "B": {}, "C": {}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPack(tt.wm, tt.wr, tt.wo, tt.cats...)
			r := Evaluate(cycle(p, 1, 1, "C1", tt.services...), nil)
			w := tt.want

			checkFloat(t, "coverage.mandatory", r.Catalogue.Coverage.Mandatory, w.coverage.Mandatory)
			checkFloat(t, "coverage.recommended", r.Catalogue.Coverage.Recommended, w.coverage.Recommended)
			checkFloat(t, "coverage.optional", r.Catalogue.Coverage.Optional, w.coverage.Optional)
			checkFloat(t, "coverage.overall", r.Catalogue.Coverage.Overall, w.coverage.Overall)
			if !slices.Equal(r.Catalogue.MissingMandatory, w.missing) {
				t.Errorf("missing mandatory = %v, want %v", r.Catalogue.MissingMandatory, w.missing)
			}
			checkFloat(t, "assessed ratio", r.Catalogue.AssessedRatio, w.assessedRatio)
			if !slices.Equal(r.Catalogue.WithoutTarget, w.withoutTarget) {
				t.Errorf("without target = %v, want %v", r.Catalogue.WithoutTarget, w.withoutTarget)
			}

			rows := map[string]ServiceRow{}
			for _, s := range r.Services {
				rows[s.ID] = s
			}
			for id, g := range w.gaps {
				got := rows[id].Gap
				if (got == nil) != (g == nil) || (got != nil && *got != *g) {
					t.Errorf("%s gap = %v, want %v", id, got, g)
				}
			}
			for id, a := range w.atts {
				checkFloat(t, id+" attainment", rows[id].Attainment, a)
			}

			if len(r.Profile.Categories) != len(tt.cats) {
				t.Fatalf("%d categories, want %d", len(r.Profile.Categories), len(tt.cats))
			}
			for i, c := range r.Profile.Categories {
				if c.ID != tt.cats[i] {
					t.Errorf("category %d = %s, want %s (pack order)", i, c.ID, tt.cats[i])
				}
				cw, ok := w.cats[c.ID]
				if !ok {
					continue
				}
				checkFloat(t, c.ID+" mean current", c.MeanCurrent, cw.cur)
				checkFloat(t, c.ID+" mean target", c.MeanTarget, cw.tgt)
				checkFloat(t, c.ID+" attainment", c.Attainment, cw.att)
				if c.InScope != cw.inScope || c.Assessed != cw.assessed {
					t.Errorf("%s in scope/assessed = %d/%d, want %d/%d", c.ID, c.InScope, c.Assessed, cw.inScope, cw.assessed)
				}
				bc := r.Portfolio.ByCategory[i]
				if bc.ID != c.ID || !sameFloat(bc.MeanCurrent, cw.cur) || !sameFloat(bc.MeanTarget, cw.tgt) {
					t.Errorf("by_category %s = %s/%s, want %s/%s", bc.ID, fmtFloat(bc.MeanCurrent), fmtFloat(bc.MeanTarget), fmtFloat(cw.cur), fmtFloat(cw.tgt))
				}
				if m, ok := w.catMix[c.ID]; ok && bc.ProviderMix != m {
					t.Errorf("%s provider mix = %+v, want %+v", c.ID, bc.ProviderMix, m)
				}
			}

			var ids []string
			var prio []float64
			for _, pr := range r.Profile.Priorities {
				ids = append(ids, pr.ID)
				prio = append(prio, pr.Priority)
				if pr.Gap != *rows[pr.ID].Gap || pr.Weight != rows[pr.ID].Weight {
					t.Errorf("priority %s gap/weight %d/%v disagree with its row", pr.ID, pr.Gap, pr.Weight)
				}
			}
			if !slices.Equal(ids, w.priorities) && !(len(ids) == 0 && len(w.priorities) == 0) {
				t.Errorf("priorities = %v, want %v", ids, w.priorities)
			}
			if w.priority != nil && !slices.Equal(prio, w.priority) {
				t.Errorf("priority values = %v, want %v", prio, w.priority)
			}

			checkFloat(t, "maturity index", r.Portfolio.MaturityIndex, w.maturity)
			checkFloat(t, "target index", r.Portfolio.TargetIndex, w.target)
			checkFloat(t, "attainment index", r.Portfolio.AttainmentIndex, w.attainment)
			if r.Portfolio.ProviderMix != w.mix {
				t.Errorf("provider mix = %+v, want %+v", r.Portfolio.ProviderMix, w.mix)
			}
			if len(r.Portfolio.Trend) != 1 || !sameFloat(r.Portfolio.Trend[0].MaturityIndex, w.maturity) {
				t.Errorf("trend = %+v, want one point with the cycle's indices", r.Portfolio.Trend)
			}
		})
	}
}

func TestNullsInJSON(t *testing.T) {
	p := testPack(3, 2, 1, "A")
	r := Evaluate(cycle(p, 1, 1, "C1", svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(3)}), nil)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"maturity_index":null`, `"target_index":null`, `"attainment_index":null`, `"changes":[]`, `"priorities":[]`, `"missing_mandatory":[]`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

func TestChangesAndTrend(t *testing.T) {
	p := testPack(3, 2, 1, "A", "B", "C")
	prev := cycle(p, 10, 1, "FY25",
		svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(4), current: ip(1)},
		svc{id: "A-2", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(4), current: ip(3)},
		svc{id: "A-3", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(4), current: ip(2)},
		svc{id: "B-1", cat: "B", level: R, assign: catalog.AssignCDC, target: ip(4), current: ip(4)},
		svc{id: "B-2", cat: "B", level: R, assign: catalog.AssignCDC, target: ip(4)},
		svc{id: "C-1", cat: "C", level: O, out: true, assign: catalog.AssignCDC, target: ip(4), current: ip(5)},
		svc{id: "C-2", cat: "C", level: O, assign: catalog.AssignCDC, target: ip(4), current: ip(2)},
	)
	cur := cycle(p, 11, 2, "FY26",
		svc{id: "A-1", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(4), current: ip(2)},
		svc{id: "A-2", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(4), current: ip(1)},
		svc{id: "A-3", cat: "A", level: M, assign: catalog.AssignCDC, target: ip(4), current: ip(2)},
		svc{id: "B-1", cat: "B", level: R, assign: catalog.AssignCDC, target: ip(4), current: ip(4), carried: true},
		svc{id: "B-2", cat: "B", level: R, assign: catalog.AssignCDC, target: ip(4), current: ip(3)},
		svc{id: "C-1", cat: "C", level: O, assign: catalog.AssignCDC, target: ip(4), current: ip(3)},
		svc{id: "C-2", cat: "C", level: O, assign: catalog.AssignCDC, target: ip(4)},
	)
	want := []ServiceChange{
		{ID: "A-1", Category: "A", From: ip(1), To: ip(2), Kind: Improved},
		{ID: "A-2", Category: "A", From: ip(3), To: ip(1), Kind: Declined},
		{ID: "A-3", Category: "A", From: ip(2), To: ip(2), Kind: Unchanged},
		{ID: "B-1", Category: "B", From: ip(4), To: ip(4), Kind: CarriedOver},
		{ID: "B-2", Category: "B", From: nil, To: ip(3), Kind: NewlyAssessed},
		// C-1 was out of scope before, so it has no previous score; C-2 is not assessed now.
		{ID: "C-1", Category: "C", From: nil, To: ip(3), Kind: NewlyAssessed},
	}
	wantCats := []CategoryChange{
		{ID: "A", From: fp(2), To: fp(5.0 / 3), Kind: Declined},
		{ID: "B", From: fp(4), To: fp(3.5), Kind: Declined},
		{ID: "C", From: fp(2), To: fp(3), Kind: Improved},
	}
	histories := map[string][]*catalog.CycleData{
		"history holds cur":   {prev, cur},
		"history without cur": {prev},
	}
	for name, h := range histories {
		t.Run(name, func(t *testing.T) {
			r := Evaluate(cur, h)
			got, _ := json.Marshal(r.Portfolio.Changes)
			exp, _ := json.Marshal(want)
			if string(got) != string(exp) {
				t.Errorf("changes\n got %s\nwant %s", got, exp)
			}
			if len(r.Portfolio.CategoryChanges) != len(wantCats) {
				t.Fatalf("category changes = %+v", r.Portfolio.CategoryChanges)
			}
			for i, c := range r.Portfolio.CategoryChanges {
				w := wantCats[i]
				if c.ID != w.ID || c.Kind != w.Kind || !sameFloat(c.From, w.From) || !sameFloat(c.To, w.To) {
					t.Errorf("category change %d = %s %s %s->%s, want %s %s %s->%s", i, c.ID, c.Kind, fmtFloat(c.From), fmtFloat(c.To), w.ID, w.Kind, fmtFloat(w.From), fmtFloat(w.To))
				}
			}
			if len(r.Portfolio.Trend) != 2 || r.Portfolio.Trend[0].Cycle != "FY25" || r.Portfolio.Trend[1].Cycle != "FY26" {
				t.Fatalf("trend = %+v, want FY25 then FY26", r.Portfolio.Trend)
			}
			// FY25 assessed in scope: A-1..A-3 (w3: 1,3,2), B-1 (w2: 4), C-2 (w1: 2).
			// maturity = (3+9+6+8+2) / (5 x 12) = 28/60; target = (4 x 12)/60 = 80;
			// attainment = 28/48.
			p0 := r.Portfolio.Trend[0]
			checkFloat(t, "FY25 maturity", p0.MaturityIndex, fp(100*28.0/60))
			checkFloat(t, "FY25 target", p0.TargetIndex, fp(80))
			checkFloat(t, "FY25 attainment", p0.AttainmentIndex, fp(100*28.0/48))
			checkFloat(t, "FY26 maturity", r.Portfolio.Trend[1].MaturityIndex, r.Portfolio.MaturityIndex)
		})
	}

	t.Run("all carried over", func(t *testing.T) {
		c := cycle(p, 12, 3, "FY27",
			svc{id: "B-1", cat: "B", level: R, assign: catalog.AssignCDC, target: ip(4), current: ip(4), carried: true},
			svc{id: "B-2", cat: "B", level: R, assign: catalog.AssignCDC, target: ip(4), current: ip(3), carried: true},
		)
		r := Evaluate(c, []*catalog.CycleData{prev, cur, c})
		if len(r.Portfolio.CategoryChanges) != 1 || r.Portfolio.CategoryChanges[0].Kind != CarriedOver {
			t.Errorf("category changes = %+v, want B carried over", r.Portfolio.CategoryChanges)
		}
		if len(r.Portfolio.Trend) != 3 {
			t.Errorf("trend has %d points, want 3", len(r.Portfolio.Trend))
		}
	})

	t.Run("first cycle has no changes", func(t *testing.T) {
		r := Evaluate(prev, []*catalog.CycleData{prev, cur})
		if len(r.Portfolio.Changes) != 0 || len(r.Portfolio.CategoryChanges) != 0 {
			t.Errorf("changes = %+v", r.Portfolio.Changes)
		}
		if len(r.Portfolio.Trend) != 2 {
			t.Errorf("trend has %d points, want every cycle", len(r.Portfolio.Trend))
		}
	})
}

func TestEvaluateNil(t *testing.T) {
	r := Evaluate(nil, nil)
	if r.Services == nil || r.Portfolio.Trend == nil || r.Portfolio.MaturityIndex != nil {
		t.Errorf("nil cycle: %+v", r)
	}
}

func TestCompareIDs(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"A-2", "A-10", -1},
		{"A-10", "A-2", 1},
		{"A-1", "A-1", 0},
		{"A-9", "B-1", -1},
		{"A-1", "A-1.2", -1},
		{"A-01", "A-1", 1},
		{"A-2.10", "A-2.9", 1},
		{"X", "X-1", -1},
	}
	for _, tt := range tests {
		if got := CompareIDs(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareIDs(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestShare(t *testing.T) {
	m := ProviderMix{CDC: 1, External: 3, Total: 4}
	checkFloat(t, "external share", m.Share(catalog.AssignExternal), fp(0.75))
	checkFloat(t, "empty share", ProviderMix{}.Share(catalog.AssignCDC), nil)
}

func TestProvisional(t *testing.T) {
	tests := []struct {
		assessed, inScope int
		want              bool
	}{
		{0, 0, true}, {0, 10, true}, {7, 10, true}, {8, 10, false}, {10, 10, false},
		{49, 62, true}, {50, 62, false}, {1, 64, true},
	}
	for _, tt := range tests {
		if got := Provisional(tt.assessed, tt.inScope); got != tt.want {
			t.Errorf("Provisional(%d, %d) = %v, want %v", tt.assessed, tt.inScope, got, tt.want)
		}
	}
}
