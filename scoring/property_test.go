package scoring

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// randomPack returns a pack with random positive weights and ncat categories.
func randomPack(rng *rand.Rand, ncat int) *catalog.Pack {
	w := func() float64 { return 0.5 + float64(rng.Intn(20))/2 }
	cats := make([]string, ncat)
	for i := range cats {
		cats[i] = string(rune('A' + i))
	}
	return testPack(w(), w(), w(), cats...)
}

func maybeScore(rng *rand.Rand, pNil float64) *int {
	if rng.Float64() < pNil {
		return nil
	}
	return ip(rng.Intn(6))
}

// randomCycle fills a cycle with n random service states over the pack's categories.
func randomCycle(rng *rand.Rand, p *catalog.Pack, id int64, seq, n int) *catalog.CycleData {
	ss := make([]svc, n)
	for i := range ss {
		cat := p.Categories[rng.Intn(len(p.Categories))].ID
		ss[i] = svc{
			id: fmt.Sprintf("%s-%d", cat, i+1), cat: cat,
			level:   catalog.Levels[rng.Intn(3)],
			out:     rng.Float64() < 0.2,
			assign:  catalog.Assignments[rng.Intn(len(catalog.Assignments))],
			target:  maybeScore(rng, 0.2),
			current: maybeScore(rng, 0.3),
			carried: rng.Float64() < 0.1,
		}
	}
	return cycle(p, id, seq, fmt.Sprintf("Cycle %d", seq), ss...)
}

// randomHistory returns an organisation's cycles, the last being the current one, over the same services.
func randomHistory(rng *rand.Rand, n int) []*catalog.CycleData {
	p := randomPack(rng, 1+rng.Intn(5))
	first := randomCycle(rng, p, 1, 1, n)
	h := []*catalog.CycleData{first}
	for k := 2; k <= 1+rng.Intn(3); k++ {
		d := &catalog.CycleData{Org: first.Org, Cycle: first.Cycle, Pack: p}
		d.Cycle.ID, d.Cycle.Seq, d.Cycle.Name = int64(k), k, fmt.Sprintf("Cycle %d", k)
		for _, s := range first.Services {
			s.Current = maybeScore(rng, 0.3)
			s.InScope = rng.Float64() > 0.2
			s.CarriedOver = rng.Float64() < 0.2
			d.Services = append(d.Services, s)
		}
		h = append(h, d)
	}
	return h
}

func inRange(p *float64) bool { return p == nil || (*p >= 0 && *p <= 100+1e-9) }

func TestPropertyIndicesWithinRange(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 500; i++ {
		h := randomHistory(rng, 1+rng.Intn(40))
		r := Evaluate(h[len(h)-1], h)
		pf := r.Portfolio
		if !inRange(pf.MaturityIndex) || !inRange(pf.TargetIndex) || !inRange(pf.AttainmentIndex) {
			t.Fatalf("case %d: indices out of 0..100: %s %s %s", i, fmtFloat(pf.MaturityIndex), fmtFloat(pf.TargetIndex), fmtFloat(pf.AttainmentIndex))
		}
		for _, tp := range pf.Trend {
			if !inRange(tp.MaturityIndex) || !inRange(tp.TargetIndex) || !inRange(tp.AttainmentIndex) {
				t.Fatalf("case %d: trend point %+v out of range", i, tp)
			}
		}
		if len(pf.Trend) != len(h) {
			t.Fatalf("case %d: %d trend points for %d cycles", i, len(pf.Trend), len(h))
		}
	}
}

// figures is the part of a Result that depends on services in scope only.
func figures(r Result) string {
	r.Services = nil
	b, _ := json.Marshal(r)
	return string(b)
}

func TestPropertyOutOfScopeChangesNothing(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	checked := 0
	for i := 0; i < 500; i++ {
		h := randomHistory(rng, 1+rng.Intn(40))
		cur := h[len(h)-1]
		before := figures(Evaluate(cur, h))
		changed := 0
		for _, d := range h {
			for j := range d.Services {
				s := &d.Services[j]
				if s.InScope {
					continue
				}
				s.Current = maybeScore(rng, 0.3)
				s.Target = maybeScore(rng, 0.2)
				s.Assignment = catalog.Assignments[rng.Intn(len(catalog.Assignments))]
				s.Level = catalog.Levels[rng.Intn(3)]
				s.CarriedOver = !s.CarriedOver
				changed++
			}
		}
		if changed == 0 {
			continue
		}
		checked++
		if after := figures(Evaluate(cur, h)); after != before {
			t.Fatalf("case %d: changing out-of-scope services changed figures\nbefore %s\nafter  %s", i, before, after)
		}
	}
	if checked < 100 {
		t.Fatalf("only %d cases had out-of-scope services", checked)
	}
}

func TestPropertyRaisingAScoreNeverLowersMaturity(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	checked := 0
	for i := 0; i < 1000; i++ {
		p := randomPack(rng, 3)
		d := randomCycle(rng, p, 1, 1, 1+rng.Intn(30))
		var candidates []int
		for j, s := range d.Services {
			if s.InScope && s.Current != nil && *s.Current < catalog.MaxScore {
				candidates = append(candidates, j)
			}
		}
		if len(candidates) == 0 {
			continue
		}
		before := Evaluate(d, nil).Portfolio
		s := &d.Services[candidates[rng.Intn(len(candidates))]]
		s.Current = ip(*s.Current + 1 + rng.Intn(catalog.MaxScore-*s.Current))
		after := Evaluate(d, nil).Portfolio
		checked++
		if *after.MaturityIndex < *before.MaturityIndex-1e-9 {
			t.Fatalf("case %d: raising %s lowered maturity %v -> %v", i, s.ID, *before.MaturityIndex, *after.MaturityIndex)
		}
		if before.AttainmentIndex != nil && *after.AttainmentIndex < *before.AttainmentIndex-1e-9 {
			t.Fatalf("case %d: raising %s lowered attainment %v -> %v", i, s.ID, *before.AttainmentIndex, *after.AttainmentIndex)
		}
	}
	if checked < 500 {
		t.Fatalf("only %d cases checked", checked)
	}
}

// TestPropertyJSONRecomputes recomputes every figure of the JSON from its services rows alone,
// the way a reader of `cdc eval --json` would.
func TestPropertyJSONRecomputes(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for i := 0; i < 300; i++ {
		h := randomHistory(rng, 1+rng.Intn(40))
		b, err := json.Marshal(Evaluate(h[len(h)-1], h))
		if err != nil {
			t.Fatal(err)
		}
		var r Result
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		if err := recompute(r); err != nil {
			t.Fatalf("case %d: %v\n%s", i, err, b)
		}
	}
}

func near(a *float64, b float64, defined bool) bool {
	if !defined {
		return a == nil
	}
	return a != nil && math.Abs(*a-b) < 1e-9
}

func recompute(r Result) error {
	var inScope, provided, assessed int
	lvIn, lvProv := map[catalog.Level]int{}, map[catalog.Level]int{}
	var missing, noTarget []string
	var sc, sf, st, sft, sm float64
	var nTarget int
	type cat struct{ cur, curN, tgt, tgtN, minB, tgtB, both float64 }
	cats := map[string]*cat{}
	mix := map[string]map[catalog.Assignment]int{"": {}}
	var prio []Priority
	for _, s := range r.Services {
		if s.Gap != nil && (!s.InScope || s.Current == nil || s.Target == nil || *s.Gap != max(0, *s.Target-*s.Current)) {
			return fmt.Errorf("service %s: gap %d does not follow from its row", s.ID, *s.Gap)
		}
		if !s.InScope {
			continue
		}
		if cats[s.Category] == nil {
			cats[s.Category] = &cat{}
			mix[s.Category] = map[catalog.Assignment]int{}
		}
		c := cats[s.Category]
		mix[s.Category][s.Assignment]++
		mix[""][s.Assignment]++
		inScope++
		lvIn[s.Level]++
		if s.Assignment != catalog.AssignNone {
			provided++
			lvProv[s.Level]++
		} else if s.Level == catalog.Mandatory {
			missing = append(missing, s.ID)
		}
		if s.Target == nil {
			noTarget = append(noTarget, s.ID)
		} else {
			c.tgt += float64(*s.Target)
			c.tgtN++
		}
		if s.Current == nil {
			continue
		}
		assessed++
		c.cur += float64(*s.Current)
		c.curN++
		sc += s.Weight * float64(*s.Current)
		sf += s.Weight * 5
		if s.Target != nil {
			nTarget++
			st += s.Weight * float64(*s.Target)
			sft += s.Weight * 5
			sm += s.Weight * math.Min(float64(*s.Current), float64(*s.Target))
			c.minB += math.Min(float64(*s.Current), float64(*s.Target))
			c.tgtB += float64(*s.Target)
			c.both++
			if *s.Current < *s.Target {
				g := *s.Target - *s.Current
				prio = append(prio, Priority{ID: s.ID, Weight: s.Weight, Gap: g, Priority: s.Weight * float64(g)})
			}
		}
	}
	ce := r.Catalogue
	if ce.InScope != inScope || ce.Provided != provided || ce.Assessed != assessed {
		return fmt.Errorf("catalogue counts %d/%d/%d, want %d/%d/%d", ce.InScope, ce.Provided, ce.Assessed, inScope, provided, assessed)
	}
	for _, l := range catalog.Levels {
		got := map[catalog.Level]*float64{catalog.Mandatory: ce.Coverage.Mandatory, catalog.Recommended: ce.Coverage.Recommended, catalog.Optional: ce.Coverage.Optional}[l]
		if !near(got, float64(lvProv[l])/float64(lvIn[l]), lvIn[l] > 0) {
			return fmt.Errorf("coverage %s = %s", l, fmtFloat(got))
		}
	}
	if !near(ce.Coverage.Overall, float64(provided)/float64(inScope), inScope > 0) || !near(ce.AssessedRatio, float64(assessed)/float64(inScope), inScope > 0) {
		return fmt.Errorf("overall coverage %s or completeness %s", fmtFloat(ce.Coverage.Overall), fmtFloat(ce.AssessedRatio))
	}
	if !slices.Equal(ce.MissingMandatory, append([]string{}, missing...)) || !slices.Equal(ce.WithoutTarget, append([]string{}, noTarget...)) {
		return fmt.Errorf("lists %v %v, want %v %v", ce.MissingMandatory, ce.WithoutTarget, missing, noTarget)
	}
	pf := r.Portfolio
	if !near(pf.MaturityIndex, 100*sc/sf, assessed > 0) {
		return fmt.Errorf("maturity %s, want %v", fmtFloat(pf.MaturityIndex), 100*sc/sf)
	}
	if !near(pf.TargetIndex, 100*st/sft, nTarget > 0) {
		return fmt.Errorf("target index %s", fmtFloat(pf.TargetIndex))
	}
	att := 100.0
	if st > 0 {
		att = 100 * sm / st
	}
	if !near(pf.AttainmentIndex, att, nTarget > 0) {
		return fmt.Errorf("attainment index %s, want %v", fmtFloat(pf.AttainmentIndex), att)
	}
	for _, cp := range r.Profile.Categories {
		c := cats[cp.ID]
		if c == nil {
			c = &cat{}
		}
		catt := 1.0
		if c.tgtB > 0 {
			catt = c.minB / c.tgtB
		}
		if !near(cp.MeanCurrent, c.cur/c.curN, c.curN > 0) || !near(cp.MeanTarget, c.tgt/c.tgtN, c.tgtN > 0) || !near(cp.Attainment, catt, c.both > 0) {
			return fmt.Errorf("category %s figures %s/%s/%s", cp.ID, fmtFloat(cp.MeanCurrent), fmtFloat(cp.MeanTarget), fmtFloat(cp.Attainment))
		}
	}
	for _, bc := range pf.ByCategory {
		for _, a := range catalog.Assignments {
			if bc.ProviderMix.Count(a) != mix[bc.ID][a] {
				return fmt.Errorf("category %s: %d %s services, want %d", bc.ID, bc.ProviderMix.Count(a), a, mix[bc.ID][a])
			}
		}
	}
	for _, a := range catalog.Assignments {
		if pf.ProviderMix.Count(a) != mix[""][a] {
			return fmt.Errorf("%d %s services, want %d", pf.ProviderMix.Count(a), a, mix[""][a])
		}
	}
	if len(prio) != len(r.Profile.Priorities) {
		return fmt.Errorf("%d priorities, want %d", len(r.Profile.Priorities), len(prio))
	}
	for i, p := range r.Profile.Priorities {
		if i > 0 {
			q := r.Profile.Priorities[i-1]
			if q.Priority < p.Priority || (q.Priority == p.Priority && CompareIDs(q.ID, p.ID) >= 0) {
				return fmt.Errorf("priorities %s and %s out of order", q.ID, p.ID)
			}
		}
		if !slices.ContainsFunc(prio, func(x Priority) bool { return x.ID == p.ID && x.Gap == p.Gap && x.Priority == p.Priority }) {
			return fmt.Errorf("priority %+v does not follow from the rows", p)
		}
	}
	return nil
}

// The trend's indices of a cycle, summed from its states, are exactly those of its rows.
func TestPropertyCycleIndicesAreTheRowsIndices(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	same := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	for i := 0; i < 300; i++ {
		d := randomCycle(rng, randomPack(rng, 1+rng.Intn(4)), 1, 1, rng.Intn(40))
		if i%7 == 0 { // every target 0: all of it attained
			for j := range d.Services {
				d.Services[j].Target = ip(0)
			}
		}
		m1, t1, a1 := indices(serviceRows(d))
		m2, t2, a2 := cycleIndices(d)
		if !same(m1, m2) || !same(t1, t2) || !same(a1, a2) {
			t.Fatalf("cycle %d: rows give %v %v %v, states %v %v %v", i, m1, t1, a1, m2, t2, a2)
		}
	}
}
