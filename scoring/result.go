// Package scoring evaluates a cycle of an organisation's catalogue the X.1060 way:
// catalogue, profile and portfolio evaluation. It is pure functions over catalog types, with no I/O.
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

// CatalogueEval answers: is the catalogue covered?
type CatalogueEval struct {
	Coverage         Coverage `json:"coverage"`
	MissingMandatory []string `json:"missing_mandatory"`
	AssessedRatio    *float64 `json:"assessed_ratio"`
	WithoutTarget    []string `json:"without_target"`
}

// Coverage is the share (0..1) of in-scope services that are provided, per level and overall;
// null where no service of that level is in scope.
type Coverage struct {
	Mandatory   *float64 `json:"mandatory"`
	Recommended *float64 `json:"recommended"`
	Optional    *float64 `json:"optional"`
	Overall     *float64 `json:"overall"`
}

// ProfileEval answers: how good is each service against its target?
type ProfileEval struct {
	Categories []CategoryProfile `json:"categories"`
	Priorities []Priority        `json:"priorities"`
}

// CategoryProfile is one category's means over its assessed in-scope services.
type CategoryProfile struct {
	ID          string   `json:"id"`
	MeanCurrent *float64 `json:"mean_current"`
	MeanTarget  *float64 `json:"mean_target"`
	Attainment  *float64 `json:"attainment"`
}

// Priority is a service below target, ordered by weight x gap, then ID.
type Priority struct {
	ID       string  `json:"id"`
	Weight   float64 `json:"weight"`
	Gap      int     `json:"gap"`
	Priority float64 `json:"priority"`
}

// PortfolioEval answers: how does the whole CDC stand?
type PortfolioEval struct {
	MaturityIndex   *float64        `json:"maturity_index"`
	TargetIndex     *float64        `json:"target_index"`
	AttainmentIndex *float64        `json:"attainment_index"`
	ProviderMix     ProviderMix     `json:"provider_mix"`
	ByCategory      []CategoryMix   `json:"by_category"`
	Changes         []ServiceChange `json:"changes"`
	Trend           []TrendPoint    `json:"trend"`
}

// ProviderMix counts in-scope services per assignment kind.
type ProviderMix struct {
	CDC      int `json:"cdc"`
	Internal int `json:"internal"`
	External int `json:"external"`
	Shared   int `json:"shared"`
	None     int `json:"none"`
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
type ServiceChange struct {
	ID   string     `json:"id"`
	From *int       `json:"from"`
	To   *int       `json:"to"`
	Kind ChangeKind `json:"kind"`
}

// TrendPoint is the indices of one cycle.
type TrendPoint struct {
	Cycle           string   `json:"cycle"`
	MaturityIndex   *float64 `json:"maturity_index"`
	TargetIndex     *float64 `json:"target_index"`
	AttainmentIndex *float64 `json:"attainment_index"`
}
