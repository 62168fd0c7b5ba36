package scoring

import (
	"slices"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Diff compares two cycles, of one organisation or of two: per service what differs in the
// Build settings, the target and the current score, per category the means and attainment, and
// the change of each index. A is the base and B the cycle compared with it; changes read B - A.
type Diff struct {
	A          DiffSide       `json:"a"`
	B          DiffSide       `json:"b"`
	Services   []ServiceDiff  `json:"services"`   // services that differ, in catalogue order
	Categories []CategoryDiff `json:"categories"` // every category of either cycle
	Indices    []IndexDiff    `json:"indices"`    // maturity, target, attainment
	// Same counts the services present in both cycles with nothing different.
	Same int `json:"same"`
}

// DiffSide names one compared cycle and its completeness.
type DiffSide struct {
	Organisation Ref     `json:"organisation"`
	Cycle        Ref     `json:"cycle"`
	Pack         PackRef `json:"pack"`
	InScope      int     `json:"in_scope"`
	Assessed     int     `json:"assessed"`
}

// Diff fields, named as in the change log.
const (
	FieldScope      = "scope"
	FieldLevel      = "level"
	FieldAssignment = "assignment"
	FieldProvider   = "provider"
	FieldContract   = "contract"
	FieldTarget     = "target"
	FieldCurrent    = "current"
	FieldCarried    = "carried_over"
)

// DiffFields lists the compared fields in display order.
var DiffFields = []string{FieldScope, FieldLevel, FieldAssignment, FieldProvider, FieldContract, FieldTarget, FieldCurrent, FieldCarried}

// DiffState is what a diff compares of one service in one cycle.
type DiffState struct {
	InScope     bool               `json:"in_scope"`
	Level       catalog.Level      `json:"level"`
	Assignment  catalog.Assignment `json:"assignment"`
	Provider    string             `json:"provider"`
	Contract    string             `json:"contract"`
	Target      *int               `json:"target"`
	Current     *int               `json:"current"`
	CarriedOver bool               `json:"carried_over"`
}

// ServiceDiff is one service that differs. A or B is nil when the service is not in that
// cycle's pack. Changed lists the differing fields (all of them when one side is missing);
// CurrentChange is B - A when both sides are assessed.
type ServiceDiff struct {
	ID            string       `json:"id"`
	Name          catalog.Text `json:"name"`
	Category      string       `json:"category"`
	A             *DiffState   `json:"a"`
	B             *DiffState   `json:"b"`
	Changed       []string     `json:"changed"`
	CurrentChange *int         `json:"current_change"`
}

// CategoryDiff is one category's figures in both cycles; a change is nil when either side is undefined.
type CategoryDiff struct {
	ID                string           `json:"id"`
	Name              catalog.Text     `json:"name"`
	A                 *CategoryProfile `json:"a"`
	B                 *CategoryProfile `json:"b"`
	MeanCurrentChange *float64         `json:"mean_current_change"`
	MeanTargetChange  *float64         `json:"mean_target_change"`
	AttainmentChange  *float64         `json:"attainment_change"`
}

// Index names an index.
type Index string

const (
	MaturityIndex   Index = "maturity_index"
	TargetIndex     Index = "target_index"
	AttainmentIndex Index = "attainment_index"
)

// Indices lists the three indices in display order.
var Indices = []Index{MaturityIndex, TargetIndex, AttainmentIndex}

// indexWords are the vocabulary keys of the indices' names.
var indexWords = map[Index]string{MaturityIndex: "index.maturity", TargetIndex: "index.target", AttainmentIndex: "index.attainment"}

// Word is the vocabulary key of the index's name, or the index itself when it has none.
func (i Index) Word() string {
	if w, ok := indexWords[i]; ok {
		return w
	}
	return string(i)
}

// Of returns the index from a portfolio evaluation.
func (i Index) Of(p PortfolioEval) *float64 {
	return i.pick(p.MaturityIndex, p.TargetIndex, p.AttainmentIndex)
}

// InTrend returns the index from one cycle of a trend.
func (i Index) InTrend(p TrendPoint) *float64 {
	return i.pick(p.MaturityIndex, p.TargetIndex, p.AttainmentIndex)
}

// pick returns the one of three figures, given in the order of Indices, that belongs to the index.
func (i Index) pick(maturity, target, attainment *float64) *float64 {
	switch i {
	case MaturityIndex:
		return maturity
	case TargetIndex:
		return target
	case AttainmentIndex:
		return attainment
	}
	return nil
}

// IndexDiff is one index in both cycles and its change (nil when either is undefined).
type IndexDiff struct {
	Index  Index    `json:"index"`
	A      *float64 `json:"a"`
	B      *float64 `json:"b"`
	Change *float64 `json:"change"`
}

// CompareCycles diffs cycle b against cycle a. Both are evaluated on their own (without history).
func CompareCycles(a, b *catalog.CycleData) Diff {
	ra, rb := Evaluate(a, nil), Evaluate(b, nil)
	d := Diff{
		A: side(ra), B: side(rb),
		Services: []ServiceDiff{}, Categories: []CategoryDiff{}, Indices: []IndexDiff{},
	}
	stateA, stateB := states(a), states(b)
	rowsA, rowsB := map[string]ServiceRow{}, map[string]ServiceRow{}
	for _, r := range ra.Services {
		rowsA[r.ID] = r
	}
	for _, r := range rb.Services {
		rowsB[r.ID] = r
	}
	// Catalogue order: a's services, then those only b has.
	order := make([]ServiceRow, 0, len(ra.Services)+len(rb.Services))
	order = append(order, ra.Services...)
	for _, r := range rb.Services {
		if _, ok := rowsA[r.ID]; !ok {
			order = append(order, r)
		}
	}
	for _, r := range order {
		sa, okA := stateA[r.ID]
		sb, okB := stateB[r.ID]
		sd := ServiceDiff{ID: r.ID, Name: r.Name, Category: r.Category}
		if okA {
			sd.A = &sa
		}
		if okB {
			sd.B = &sb
		}
		if okA && okB {
			sd.Changed = changedFields(sa, sb)
			if len(sd.Changed) == 0 {
				d.Same++
				continue
			}
			if sa.Current != nil && sb.Current != nil {
				v := *sb.Current - *sa.Current
				sd.CurrentChange = &v
			}
		} else {
			sd.Changed = slices.Clone(DiffFields)
		}
		d.Services = append(d.Services, sd)
	}
	catsA, catsB := map[string]CategoryProfile{}, map[string]CategoryProfile{}
	for _, c := range ra.Profile.Categories {
		catsA[c.ID] = c
	}
	for _, c := range rb.Profile.Categories {
		catsB[c.ID] = c
	}
	catOrder := slices.Clone(ra.Profile.Categories)
	for _, c := range rb.Profile.Categories {
		if _, ok := catsA[c.ID]; !ok {
			catOrder = append(catOrder, c)
		}
	}
	for _, c := range catOrder {
		cd := CategoryDiff{ID: c.ID, Name: c.Name}
		if x, ok := catsA[c.ID]; ok {
			cd.A = &x
		}
		if x, ok := catsB[c.ID]; ok {
			cd.B = &x
		}
		if cd.A != nil && cd.B != nil {
			cd.MeanCurrentChange = change(cd.A.MeanCurrent, cd.B.MeanCurrent)
			cd.MeanTargetChange = change(cd.A.MeanTarget, cd.B.MeanTarget)
			cd.AttainmentChange = shownRatioChange(cd.A.Attainment, cd.B.Attainment)
		}
		d.Categories = append(d.Categories, cd)
	}
	for _, ix := range Indices {
		va, vb := ix.Of(ra.Portfolio), ix.Of(rb.Portfolio)
		d.Indices = append(d.Indices, IndexDiff{Index: ix, A: va, B: vb, Change: change(va, vb)})
	}
	return d
}

func side(r Result) DiffSide {
	return DiffSide{Organisation: r.Organisation, Cycle: r.Cycle, Pack: r.Pack, InScope: r.Catalogue.InScope, Assessed: r.Catalogue.Assessed}
}

func states(d *catalog.CycleData) map[string]DiffState {
	out := map[string]DiffState{}
	if d == nil {
		return out
	}
	for _, s := range d.Services {
		a := s.Assignment
		if a == "" {
			a = catalog.AssignNone
		}
		out[s.ID] = DiffState{InScope: s.InScope, Level: s.Level, Assignment: a, Provider: s.Provider, Contract: s.Contract,
			Target: copyInt(s.Target), Current: copyInt(s.Current), CarriedOver: s.CarriedOver && s.Current != nil}
	}
	return out
}

func changedFields(a, b DiffState) []string {
	var out []string
	add := func(field string, differs bool) {
		if differs {
			out = append(out, field)
		}
	}
	add(FieldScope, a.InScope != b.InScope)
	add(FieldLevel, a.Level != b.Level)
	add(FieldAssignment, a.Assignment != b.Assignment)
	add(FieldProvider, a.Provider != b.Provider)
	add(FieldContract, a.Contract != b.Contract)
	add(FieldTarget, !sameInt(a.Target, b.Target))
	add(FieldCurrent, !sameInt(a.Current, b.Current))
	add(FieldCarried, a.CarriedOver != b.CarriedOver)
	return out
}

func sameInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// change is b - a as shown (ShownChange), nil when either is undefined.
func change(a, b *float64) *float64 { return ShownChange(a, b) }

// shownRatioChange is the change of a ratio shown as a whole percent, as a ratio (0.59 -> 0.63 is 0.04).
func shownRatioChange(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	v := (Round(*b*100, 0) - Round(*a*100, 0)) / 100
	return &v
}
