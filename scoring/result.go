// Package scoring evaluates a cycle of an organisation's catalogue the X.1060 way:
// catalogue, profile and portfolio evaluation. It is pure functions over catalog types, with no I/O.
//
// Only in-scope services count in any figure, and weights come from the cycle's pack, so packs
// with other weights evaluate correctly. Figures are never rounded here: Result and its JSON carry
// full float64 precision (0.6666666666666666, not 0.67) so that every figure recomputes exactly from
// the services rows; rounding happens only when a figure is presented (text, TUI, workbook).
// A figure that is undefined (nothing assessed, no target, nothing in scope) is nil, never 0.
package scoring

import "github.com/cdc-toolkit/cdc/catalog"

// Result is the full evaluation of one cycle. Its JSON names are stable: `cdc eval --json`
// prints it and reports are written from it.
type Result struct {
	Organisation Ref           `json:"organisation"`
	Cycle        Ref           `json:"cycle"`
	Pack         PackRef       `json:"pack"`
	Services     []ServiceRow  `json:"services"`
	Catalogue    CatalogueEval `json:"catalogue"`
	Profile      ProfileEval   `json:"profile"`
	Portfolio    PortfolioEval `json:"portfolio"`
}

// Ref names an organisation or a cycle.
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// PackRef names the pack version a cycle was assessed with.
type PackRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// ServiceRow is one service with its per-service figures. Gap and Attainment are
// null when the service is not assessed, has no target, or is out of scope.
type ServiceRow struct {
	ID          string             `json:"id"`
	Name        catalog.Text       `json:"name"`
	Category    string             `json:"category"`
	Level       catalog.Level      `json:"level"`
	Weight      float64            `json:"weight"`
	InScope     bool               `json:"in_scope"`
	Assignment  catalog.Assignment `json:"assignment"`
	Provider    string             `json:"provider"`
	Target      *int               `json:"target"`
	Current     *int               `json:"current"`
	Assessed    bool               `json:"assessed"`
	CarriedOver bool               `json:"carried_over"`
	Gap         *int               `json:"gap"`
	Attainment  *float64           `json:"attainment"`
}

// AssignedNotPerformed is MODEL.md's "assigned but not performed": a service in scope whose
// assignment is not none but whose current score is 0. It is a catalogue finding, listed on
// the Overview and by cdc eval; coverage still counts it as provided (coverage is a Build figure).
func (s ServiceRow) AssignedNotPerformed() bool {
	return s.InScope && s.Assignment.Provided() && s.Current != nil && *s.Current == 0
}

// CatalogueEval answers: is the catalogue covered?
type CatalogueEval struct {
	InScope  int      `json:"in_scope"`
	Provided int      `json:"provided"`
	Assessed int      `json:"assessed"`
	Coverage Coverage `json:"coverage"`
	// ByLevel counts in-scope and provided services per recommendation level, strongest first;
	// every level is listed, with a nil coverage where none of its services is in scope.
	ByLevel          []LevelCoverage `json:"by_level"`
	MissingMandatory []string        `json:"missing_mandatory"`
	AssessedRatio    *float64        `json:"assessed_ratio"`
	WithoutTarget    []string        `json:"without_target"`
	// AssignedNotPerformed lists the services assigned to someone but scored 0 "not performed"
	// (ServiceRow.AssignedNotPerformed); they still count as provided for coverage.
	AssignedNotPerformed []string `json:"assigned_not_performed"`
}

// Coverage is the share (0..1) of in-scope services that are provided, per level and overall;
// null where no service of that level is in scope.
type Coverage struct {
	Mandatory   *float64 `json:"mandatory"`
	Recommended *float64 `json:"recommended"`
	Optional    *float64 `json:"optional"`
	Overall     *float64 `json:"overall"`
}

// LevelCoverage is the catalogue coverage of one recommendation level.
type LevelCoverage struct {
	Level    catalog.Level `json:"level"`
	InScope  int           `json:"in_scope"`
	Provided int           `json:"provided"`
	Coverage *float64      `json:"coverage"`
}

// ProfileEval answers: how good is each service against its target?
type ProfileEval struct {
	Categories []CategoryProfile `json:"categories"`
	Priorities []Priority        `json:"priorities"`
}

// CategoryProfile is one category's figures: mean current over its assessed in-scope services,
// mean target over its in-scope services with a target, and attainment (sum of min(current, target)
// over sum of target, over services with both; 1 when all those targets are 0). Nil when undefined.
type CategoryProfile struct {
	ID          string       `json:"id"`
	Name        catalog.Text `json:"name"`
	InScope     int          `json:"in_scope"`
	Assessed    int          `json:"assessed"`
	MeanCurrent *float64     `json:"mean_current"`
	MeanTarget  *float64     `json:"mean_target"`
	Attainment  *float64     `json:"attainment"`
}

// Priority is a service below target, ordered by weight x gap, then ID.
type Priority struct {
	ID       string       `json:"id"`
	Name     catalog.Text `json:"name"`
	Category string       `json:"category"`
	Current  int          `json:"current"`
	Target   int          `json:"target"`
	Weight   float64      `json:"weight"`
	Gap      int          `json:"gap"`
	Priority float64      `json:"priority"`
}

// PortfolioEval answers: how does the whole CDC stand?
type PortfolioEval struct {
	MaturityIndex   *float64         `json:"maturity_index"`
	TargetIndex     *float64         `json:"target_index"`
	AttainmentIndex *float64         `json:"attainment_index"`
	ProviderMix     ProviderMix      `json:"provider_mix"`
	ByCategory      []CategoryMix    `json:"by_category"`
	Changes         []ServiceChange  `json:"changes"`
	CategoryChanges []CategoryChange `json:"category_changes"`
	Trend           []TrendPoint     `json:"trend"`
}

// ProviderMix counts in-scope services per assignment kind.
type ProviderMix struct {
	CDC      int `json:"cdc"`
	Internal int `json:"internal"`
	External int `json:"external"`
	Shared   int `json:"shared"`
	None     int `json:"none"`
	Total    int `json:"total"`
}

// Count returns the number of services of an assignment kind.
func (m ProviderMix) Count(a catalog.Assignment) int {
	switch a {
	case catalog.AssignCDC:
		return m.CDC
	case catalog.AssignInternal:
		return m.Internal
	case catalog.AssignExternal:
		return m.External
	case catalog.AssignShared:
		return m.Shared
	case catalog.AssignNone:
		return m.None
	}
	return 0
}

// Share returns the share (0..1) of an assignment kind, nil when no service is counted.
func (m ProviderMix) Share(a catalog.Assignment) *float64 {
	if m.Total == 0 {
		return nil
	}
	v := float64(m.Count(a)) / float64(m.Total)
	return &v
}

func (m *ProviderMix) add(a catalog.Assignment) {
	switch a {
	case catalog.AssignCDC:
		m.CDC++
	case catalog.AssignInternal:
		m.Internal++
	case catalog.AssignExternal:
		m.External++
	case catalog.AssignShared:
		m.Shared++
	default:
		m.None++
	}
	m.Total++
}

// CategoryMix is one category's current vs target and provider mix.
type CategoryMix struct {
	ID          string      `json:"id"`
	MeanCurrent *float64    `json:"mean_current"`
	MeanTarget  *float64    `json:"mean_target"`
	ProviderMix ProviderMix `json:"provider_mix"`
}

// ChangeKind classifies a service's change against the previous cycle.
type ChangeKind string

const (
	Improved      ChangeKind = "improved"
	Declined      ChangeKind = "declined"
	Unchanged     ChangeKind = "unchanged"
	CarriedOver   ChangeKind = "carried_over"
	NewlyAssessed ChangeKind = "newly_assessed"
)

// ServiceChange is one service's current score against the previous cycle.
// From is the previous cycle's score (nil when it had none or the service was out of scope there).
type ServiceChange struct {
	ID       string     `json:"id"`
	Category string     `json:"category"`
	From     *int       `json:"from"`
	To       *int       `json:"to"`
	Kind     ChangeKind `json:"kind"`
}

// CategoryChange compares a category's mean current score with the previous cycle's. It is carried_over
// when every assessed service of the category carries its score over, newly_assessed when the previous
// cycle had no assessed in-scope service in it; categories with no assessed service now are omitted.
type CategoryChange struct {
	ID   string     `json:"id"`
	From *float64   `json:"from"`
	To   *float64   `json:"to"`
	Kind ChangeKind `json:"kind"`
}

// TrendPoint is the indices of one cycle.
type TrendPoint struct {
	Cycle           string   `json:"cycle"`
	MaturityIndex   *float64 `json:"maturity_index"`
	TargetIndex     *float64 `json:"target_index"`
	AttainmentIndex *float64 `json:"attainment_index"`
}

// Current is the category's mean current score; nil when unknown or when the category is
// absent from one side of a comparison.
func (c *CategoryProfile) Current() *float64 {
	if c == nil {
		return nil
	}
	return c.MeanCurrent
}

// Target is the category's mean target; nil when unknown or when the category is absent.
func (c *CategoryProfile) Target() *float64 {
	if c == nil {
		return nil
	}
	return c.MeanTarget
}
