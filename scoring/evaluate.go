package scoring

import (
	"slices"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// fullScore is the top of the 0-5 scale, the denominator of the maturity and target indices.
const fullScore = catalog.MaxScore

// defaultWeights apply only when a cycle comes without its pack.
var defaultWeights = map[catalog.Level]float64{catalog.Mandatory: 3, catalog.Recommended: 2, catalog.Optional: 1}

func weightOf(p *catalog.Pack, l catalog.Level) float64 {
	if p == nil {
		return defaultWeights[l]
	}
	return p.Weight(l)
}

// Evaluate computes the catalogue, profile and portfolio evaluation of cur. history holds every
// cycle of the organisation, oldest first (it may include cur, and may be nil); it gives the
// previous cycle for changes and the cycles of the trend.
func Evaluate(cur *catalog.CycleData, history []*catalog.CycleData) Result {
	r := Result{
		Services:  []ServiceRow{},
		Catalogue: CatalogueEval{MissingMandatory: []string{}, WithoutTarget: []string{}, ByLevel: []LevelCoverage{}, AssignedNotPerformed: []string{}},
		Profile:   ProfileEval{Categories: []CategoryProfile{}, Priorities: []Priority{}},
		Portfolio: PortfolioEval{ByCategory: []CategoryMix{}, Changes: []ServiceChange{}, CategoryChanges: []CategoryChange{}, Trend: []TrendPoint{}},
	}
	if cur == nil {
		return r
	}
	r.Organisation = Ref{ID: cur.Org.ID, Name: cur.Org.Name}
	r.Cycle = Ref{ID: cur.Cycle.ID, Name: cur.Cycle.Name}
	r.Pack = PackRef{ID: cur.Cycle.PackID, Version: cur.Cycle.PackVersion}
	if cur.Pack != nil {
		r.Pack = PackRef{ID: cur.Pack.ID, Version: cur.Pack.Version}
	}

	r.Services = serviceRows(cur)
	r.Catalogue = catalogueEval(r.Services)
	r.Profile = ProfileEval{Categories: categoryProfiles(cur.Pack, r.Services), Priorities: priorities(r.Services)}
	r.Portfolio.MaturityIndex, r.Portfolio.TargetIndex, r.Portfolio.AttainmentIndex = indices(r.Services)
	r.Portfolio.ProviderMix, r.Portfolio.ByCategory = providerMix(r.Profile.Categories, r.Services)

	if prev := previous(cur, history); prev != nil {
		prevRows := serviceRows(prev)
		r.Portfolio.Changes = serviceChanges(r.Services, prevRows)
		r.Portfolio.CategoryChanges = categoryChanges(r.Profile.Categories, r.Services, categoryProfiles(prev.Pack, prevRows))
	}
	r.Portfolio.Trend = trend(cur, r.Portfolio, history)
	return r
}

func serviceRows(d *catalog.CycleData) []ServiceRow {
	rows := make([]ServiceRow, len(d.Services))
	for i, s := range d.Services {
		row := ServiceRow{
			ID:          s.ID,
			Name:        s.Name,
			Category:    s.Category,
			Level:       s.Level,
			Weight:      weightOf(d.Pack, s.Level),
			InScope:     s.InScope,
			Assignment:  s.Assignment,
			Provider:    s.Provider,
			Target:      copyInt(s.Target),
			Current:     copyInt(s.Current),
			Assessed:    s.Current != nil,
			CarriedOver: s.CarriedOver && s.Current != nil,
		}
		if row.Assignment == "" {
			row.Assignment = catalog.AssignNone
		}
		if row.InScope {
			row.Gap, row.Attainment = Gap(row.Target, row.Current), attainment(row.Target, row.Current)
		}
		rows[i] = row
	}
	return rows
}

// Gap is a service's gap max(0, target - current); nil when the service has no target or is
// not assessed.
func Gap(target, current *int) *int {
	if target == nil || current == nil {
		return nil
	}
	g := max(0, *target-*current)
	return &g
}

// attainment is min(current, target) / target, 1 when the target is 0; nil as Gap is.
func attainment(target, current *int) *float64 {
	if target == nil || current == nil {
		return nil
	}
	a := 1.0
	if *target > 0 {
		a = float64(min(*current, *target)) / float64(*target)
	}
	return &a
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	v := float64(num) / float64(den)
	return &v
}

func catalogueEval(rows []ServiceRow) CatalogueEval {
	ev := CatalogueEval{MissingMandatory: []string{}, WithoutTarget: []string{}, ByLevel: []LevelCoverage{}, AssignedNotPerformed: []string{}}
	inLevel := map[catalog.Level]int{}
	providedLevel := map[catalog.Level]int{}
	for _, s := range rows {
		if !s.InScope {
			continue
		}
		ev.InScope++
		inLevel[s.Level]++
		if s.Assignment.Provided() {
			ev.Provided++
			providedLevel[s.Level]++
		} else if s.Level == catalog.Mandatory {
			ev.MissingMandatory = append(ev.MissingMandatory, s.ID)
		}
		if s.Assessed {
			ev.Assessed++
		}
		if s.Target == nil {
			ev.WithoutTarget = append(ev.WithoutTarget, s.ID)
		}
		if s.AssignedNotPerformed() {
			ev.AssignedNotPerformed = append(ev.AssignedNotPerformed, s.ID)
		}
	}
	for _, l := range catalog.Levels {
		ev.ByLevel = append(ev.ByLevel, LevelCoverage{Level: l, InScope: inLevel[l], Provided: providedLevel[l], Coverage: ratio(providedLevel[l], inLevel[l])})
	}
	ev.Coverage = Coverage{
		Mandatory:   ev.ByLevel[0].Coverage,
		Recommended: ev.ByLevel[1].Coverage,
		Optional:    ev.ByLevel[2].Coverage,
		Overall:     ratio(ev.Provided, ev.InScope),
	}
	ev.AssessedRatio = ratio(ev.Assessed, ev.InScope)
	return ev
}

// categoryOrder lists the pack's categories, then any category only the services name.
func categoryOrder(p *catalog.Pack, rows []ServiceRow) []catalog.Category {
	var cats []catalog.Category
	seen := map[string]bool{}
	if p != nil {
		for _, c := range p.Categories {
			cats = append(cats, c)
			seen[c.ID] = true
		}
	}
	for _, s := range rows {
		if !seen[s.Category] {
			seen[s.Category] = true
			cats = append(cats, catalog.Category{ID: s.Category, Name: catalog.Text{catalog.EN: s.Category, catalog.JA: s.Category}})
		}
	}
	return cats
}

func categoryProfiles(p *catalog.Pack, rows []ServiceRow) []CategoryProfile {
	cats := categoryOrder(p, rows)
	out := make([]CategoryProfile, len(cats))
	index := make(map[string]int, len(cats))
	type sums struct {
		cur, curN, tgt, tgtN, minBoth, tgtBoth, both int
	}
	acc := make([]sums, len(cats))
	for i, c := range cats {
		out[i] = CategoryProfile{ID: c.ID, Name: c.Name}
		index[c.ID] = i
	}
	for _, s := range rows {
		if !s.InScope {
			continue
		}
		i := index[s.Category]
		out[i].InScope++
		a := &acc[i]
		if s.Current != nil {
			out[i].Assessed++
			a.cur += *s.Current
			a.curN++
		}
		if s.Target != nil {
			a.tgt += *s.Target
			a.tgtN++
		}
		if s.Current != nil && s.Target != nil {
			a.minBoth += min(*s.Current, *s.Target)
			a.tgtBoth += *s.Target
			a.both++
		}
	}
	for i := range out {
		a := acc[i]
		out[i].MeanCurrent = ratio(a.cur, a.curN)
		out[i].MeanTarget = ratio(a.tgt, a.tgtN)
		switch {
		case a.both == 0:
		case a.tgtBoth == 0:
			one := 1.0
			out[i].Attainment = &one
		default:
			out[i].Attainment = ratio(a.minBoth, a.tgtBoth)
		}
	}
	return out
}

func priorities(rows []ServiceRow) []Priority {
	n := 0
	for i := range rows {
		if g := rows[i].Gap; g != nil && *g != 0 {
			n++
		}
	}
	out := make([]Priority, 0, n) // exact: 10,000 services grow no slice
	for _, s := range rows {
		if s.Gap == nil || *s.Gap == 0 {
			continue
		}
		out = append(out, Priority{
			ID: s.ID, Name: s.Name, Category: s.Category,
			Current: *s.Current, Target: *s.Target,
			Weight: s.Weight, Gap: *s.Gap, Priority: s.Weight * float64(*s.Gap),
		})
	}
	// IDs are unique and CompareIDs orders them totally, so an unstable sort gives the same
	// order as a stable one, without the stable merge's moves (a tenth of a 10,000-service press).
	slices.SortFunc(out, func(a, b Priority) int {
		if a.Priority != b.Priority {
			if a.Priority > b.Priority {
				return -1
			}
			return 1
		}
		return CompareIDs(a.ID, b.ID)
	})
	return out
}

// indices computes the maturity, target and attainment indices (0..100) over assessed in-scope services.
func indices(rows []ServiceRow) (maturity, target, attainment *float64) {
	var x indexSums
	for i := range rows {
		x.add(rows[i].InScope, rows[i].Weight, rows[i].Current, rows[i].Target)
	}
	return x.indices()
}

// cycleIndices is indices(serviceRows(d)) without building the rows: the trend needs only the
// indices of every earlier cycle, and a press at 10,000 services or 50 cycles would build them all.
func cycleIndices(d *catalog.CycleData) (maturity, target, attainment *float64) {
	var x indexSums
	for i := range d.Services {
		s := &d.Services[i]
		x.add(s.InScope, weightOf(d.Pack, s.Level), s.Current, s.Target)
	}
	return x.indices()
}

// indexSums are the weighted sums behind the indices.
type indexSums struct {
	wCur, wFull, wTgt, wFullT, wMin float64
	assessed, withTarget            int
}

func (x *indexSums) add(inScope bool, weight float64, current, target *int) {
	if !inScope || current == nil {
		return
	}
	x.assessed++
	x.wCur += weight * float64(*current)
	x.wFull += weight * fullScore
	if target != nil {
		x.withTarget++
		x.wTgt += weight * float64(*target)
		x.wFullT += weight * fullScore
		x.wMin += weight * float64(min(*current, *target))
	}
}

func (x *indexSums) indices() (maturity, target, attainment *float64) {
	pct := func(num, den float64) *float64 {
		if den == 0 {
			return nil
		}
		v := 100 * num / den
		return &v
	}
	if x.assessed > 0 {
		maturity = pct(x.wCur, x.wFull)
	}
	if x.withTarget > 0 {
		target = pct(x.wTgt, x.wFullT)
		if x.wTgt == 0 {
			// Every target is 0 (or weighs nothing): nothing is asked, so all of it is attained.
			hundred := 100.0
			attainment = &hundred
		} else {
			attainment = pct(x.wMin, x.wTgt)
		}
	}
	return maturity, target, attainment
}

func providerMix(cats []CategoryProfile, rows []ServiceRow) (ProviderMix, []CategoryMix) {
	var overall ProviderMix
	by := make([]CategoryMix, len(cats))
	index := make(map[string]int, len(cats))
	for i, c := range cats {
		by[i] = CategoryMix{ID: c.ID, MeanCurrent: c.MeanCurrent, MeanTarget: c.MeanTarget}
		index[c.ID] = i
	}
	for _, s := range rows {
		if !s.InScope {
			continue
		}
		overall.add(s.Assignment)
		by[index[s.Category]].ProviderMix.add(s.Assignment)
	}
	return overall, by
}

// previous returns the cycle before cur: the one preceding it in history, or when cur is not in
// history, the newest one with a lower sequence number.
func previous(cur *catalog.CycleData, history []*catalog.CycleData) *catalog.CycleData {
	for i, h := range history {
		if h != nil && h.Cycle.ID == cur.Cycle.ID {
			for j := i - 1; j >= 0; j-- {
				if history[j] != nil {
					return history[j]
				}
			}
			return nil
		}
	}
	var prev *catalog.CycleData
	for _, h := range history {
		if h != nil && h.Cycle.Seq < cur.Cycle.Seq && (prev == nil || h.Cycle.Seq >= prev.Cycle.Seq) {
			prev = h
		}
	}
	return prev
}

func serviceChanges(cur, prev []ServiceRow) []ServiceChange {
	before := make(map[string]*int, len(prev))
	for _, s := range prev {
		if s.InScope && s.Current != nil {
			before[s.ID] = s.Current
		}
	}
	n := 0
	for i := range cur {
		if cur[i].InScope && cur[i].Current != nil {
			n++
		}
	}
	out := make([]ServiceChange, 0, n)
	for _, s := range cur {
		if !s.InScope || s.Current == nil {
			continue
		}
		ch := ServiceChange{ID: s.ID, Category: s.Category, From: copyInt(before[s.ID]), To: copyInt(s.Current)}
		ch.Kind = changeKind(s.CarriedOver, ch.From, *s.Current)
		out = append(out, ch)
	}
	return out
}

func categoryChanges(cur []CategoryProfile, rows []ServiceRow, prev []CategoryProfile) []CategoryChange {
	before := make(map[string]*float64, len(prev))
	for _, c := range prev {
		before[c.ID] = c.MeanCurrent
	}
	allCarried := map[string]bool{}
	for _, s := range rows {
		if !s.InScope || s.Current == nil {
			continue
		}
		if v, seen := allCarried[s.Category]; !seen || v {
			allCarried[s.Category] = s.CarriedOver
		}
	}
	out := []CategoryChange{}
	for _, c := range cur {
		if c.MeanCurrent == nil {
			continue
		}
		ch := CategoryChange{ID: c.ID, From: before[c.ID], To: c.MeanCurrent}
		// Kinds follow the shown means, so "1.4 -> 1.4" never reads as improved.
		var from *float64
		if ch.From != nil {
			v := Round(*ch.From, 1)
			from = &v
		}
		ch.Kind = changeKind(allCarried[c.ID], from, Round(*ch.To, 1))
		out = append(out, ch)
	}
	return out
}

// epsilon absorbs float noise when comparing figures across cycles.
const epsilon = 1e-9

// changeKind classifies a figure against the previous cycle's (from, nil when it had none):
// carried over, newly assessed, or by the direction it moved.
func changeKind[T int | float64](carried bool, from *T, to T) ChangeKind {
	switch {
	case carried:
		return CarriedOver
	case from == nil:
		return NewlyAssessed
	case float64(to-*from) > epsilon:
		return Improved
	case float64(*from-to) > epsilon:
		return Declined
	}
	return Unchanged
}

// trend gives one point per cycle of history, with cur's own figures; cur is added in sequence
// order when history does not hold it.
func trend(cur *catalog.CycleData, pf PortfolioEval, history []*catalog.CycleData) []TrendPoint {
	curPoint := TrendPoint{Cycle: cur.Cycle.Name, MaturityIndex: pf.MaturityIndex, TargetIndex: pf.TargetIndex, AttainmentIndex: pf.AttainmentIndex}
	out := []TrendPoint{}
	placed := false
	for _, h := range history {
		if h == nil {
			continue
		}
		if h.Cycle.ID == cur.Cycle.ID {
			if !placed {
				out = append(out, curPoint)
				placed = true
			}
			continue
		}
		if !placed && h.Cycle.Seq > cur.Cycle.Seq {
			out = append(out, curPoint)
			placed = true
		}
		m, t, a := cycleIndices(h)
		out = append(out, TrendPoint{Cycle: h.Cycle.Name, MaturityIndex: m, TargetIndex: t, AttainmentIndex: a})
	}
	if !placed {
		out = append(out, curPoint)
	}
	return out
}

// CompareIDs orders service IDs naturally: runs of digits compare by value, so A-2 comes before A-10.
func CompareIDs(a, b string) int {
	for a != "" && b != "" {
		da, db := isDigit(a[0]), isDigit(b[0])
		if da && db {
			na, ra := digitRun(a)
			nb, rb := digitRun(b)
			ta, tb := strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
			if len(ta) != len(tb) {
				return cmpInt(len(ta), len(tb))
			}
			if c := strings.Compare(ta, tb); c != 0 {
				return c
			}
			if len(na) != len(nb) {
				return cmpInt(len(na), len(nb))
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			return cmpInt(int(a[0]), int(b[0]))
		}
		a, b = a[1:], b[1:]
	}
	return cmpInt(len(a), len(b))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitRun(s string) (run, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Round rounds v to the given number of decimals, half away from zero: the one rounding of
// vocab, which formats every figure.
func Round(v float64, decimals int) float64 { return vocab.Round(v, decimals) }

// ShownChange is the change from a to b as a reader can check it against the shown figures:
// the difference of the two values rounded to one decimal (21.8 -> 26.1 is +4.3, never +4.4).
// nil when either side is undefined.
func ShownChange(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	v := Round(Round(*b, 1)-Round(*a, 1), 1)
	return &v
}

// ProvisionalBelow is the completeness (assessed / in scope) under which an index is provisional.
const ProvisionalBelow = 0.8

// Provisional reports whether figures resting on assessed of inScope services are provisional
// (MODEL.md, "Showing figures"): completeness below 80%, or nothing in scope.
func Provisional(assessed, inScope int) bool {
	return inScope == 0 || float64(assessed) < ProvisionalBelow*float64(inScope)
}
