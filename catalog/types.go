// Package catalog holds the X.1060 framework packs, an organisation's catalogue
// (Build settings, assessments, actions, reviews) and the SQLite store that keeps them.
// It is the only package that speaks SQL.
package catalog

import (
	"fmt"
	"strings"
	"time"
)

// Lang is an interface and catalogue language.
type Lang string

const (
	EN Lang = "en"
	JA Lang = "ja"
	FR Lang = "fr"
	ES Lang = "es"
)

// Langs lists the supported languages; English is the fallback of every text.
var Langs = []Lang{EN, JA, FR, ES}

// ParseLang accepts a language code ("en", "ja", "fr", "es") and locale strings such as
// "ja_JP.UTF-8" or "fr-FR".
func ParseLang(s string) (Lang, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	for _, l := range Langs {
		if v == string(l) || strings.HasPrefix(v, string(l)+"_") || strings.HasPrefix(v, string(l)+"-") || strings.HasPrefix(v, string(l)+".") {
			return l, nil
		}
	}
	return EN, fmt.Errorf("language %q is not supported (use %s)", s, langList())
}

// Choose returns the one of choices that s names, ignoring case and surrounding spaces.
func Choose[T ~string](s string, choices []T) (T, bool) {
	v := T(strings.ToLower(strings.TrimSpace(s)))
	for _, c := range choices {
		if v == c {
			return c, true
		}
	}
	var none T
	return none, false
}

// ParseChoice is Choose with an error that names what was asked (such as a flag) and lists the
// choices.
func ParseChoice[T ~string](what, s string, choices []T) (T, error) {
	return parseChoice(what, s, choices, nil)
}

// parseChoice is Choose, or one of the other spellings that aliases maps (lower case), with an
// error that names what was asked and lists the choices.
func parseChoice[T ~string](what, s string, choices []T, aliases map[string]T) (T, error) {
	if v, ok := Choose(s, choices); ok {
		return v, nil
	}
	if v, ok := aliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		return v, nil
	}
	names := make([]string, len(choices))
	for i, c := range choices {
		names[i] = string(c)
	}
	var none T
	return none, &ChoiceError{Field: what, Value: s, Choices: names}
}

// Text is a string in any number of languages, keyed by language code; English is required
// and is the fallback for a missing translation.
type Text map[Lang]string

// In returns the text in lang, falling back to English when the translation is missing.
func (t Text) In(lang Lang) string {
	if v := t[lang]; v != "" {
		return v
	}
	return t[EN]
}

// Level is a service's recommendation level.
type Level string

const (
	Mandatory   Level = "mandatory"
	Recommended Level = "recommended"
	Optional    Level = "optional"
)

// Levels lists the recommendation levels from strongest to weakest.
var Levels = []Level{Mandatory, Recommended, Optional}

// ParseLevel accepts the level names and their first letters (M, R, O).
func ParseLevel(s string) (Level, error) {
	return parseChoice("level", s, Levels, map[string]Level{"m": Mandatory, "r": Recommended, "o": Optional})
}

// Assignment says who carries a service out.
type Assignment string

const (
	AssignCDC      Assignment = "cdc"
	AssignInternal Assignment = "internal"
	AssignExternal Assignment = "external"
	AssignShared   Assignment = "shared"
	AssignNone     Assignment = "none"
)

// Assignments lists the assignment kinds in display order.
var Assignments = []Assignment{AssignCDC, AssignInternal, AssignExternal, AssignShared, AssignNone}

// ParseAssignment accepts one of the five assignment kinds.
func ParseAssignment(s string) (Assignment, error) {
	return parseChoice("assignment", s, Assignments, nil)
}

// Provided reports whether the service is carried out at all.
func (a Assignment) Provided() bool { return a != AssignNone && a != "" }

// Outsourced reports whether the outsourced score descriptors apply.
func (a Assignment) Outsourced() bool { return a == AssignExternal }

// MinScore and MaxScore bound targets and current scores.
const (
	MinScore = 0
	MaxScore = 5
)

// ValidScore reports whether v is on the 0-5 scale.
func ValidScore(v int) bool { return v >= MinScore && v <= MaxScore }

// Organisation is one assessed organisation.
type Organisation struct {
	ID int64 `json:"id"`
	// UUID is the organisation's identity in every file; it never changes.
	UUID      string    `json:"uuid"`
	Name      string    `json:"name"`
	Sector    string    `json:"sector"`
	Country   string    `json:"country"`
	Size      int       `json:"size"`
	Notes     string    `json:"notes"`
	CreatedAt time.Time `json:"created_at"`
}

// CycleStatus is open or closed.
type CycleStatus string

const (
	CycleOpen   CycleStatus = "open"
	CycleClosed CycleStatus = "closed"
)

// Cycle is one Build-Management-Evaluation round of an organisation.
type Cycle struct {
	ID int64 `json:"id"`
	// UUID is the cycle's identity in every file; it never changes.
	UUID        string      `json:"uuid"`
	OrgID       int64       `json:"org_id"`
	Name        string      `json:"name"`
	Seq         int         `json:"seq"`
	Status      CycleStatus `json:"status"`
	PackRef     int64       `json:"pack_ref"`
	PackID      string      `json:"pack_id"`
	PackVersion string      `json:"pack_version"`
	StartedAt   time.Time   `json:"started_at"`
	ClosedAt    *time.Time  `json:"closed_at,omitempty"`
}

// ServiceState is one service of a cycle: the pack's definition with the organisation's
// Build settings and current assessment.
type ServiceState struct {
	Service
	InScope         bool       `json:"in_scope"`
	Level           Level      `json:"level"` // effective level (override or pack default)
	LevelOverridden bool       `json:"level_overridden"`
	LevelReason     string     `json:"level_reason"`
	Assignment      Assignment `json:"assignment"`
	Provider        string     `json:"provider"`
	Contract        string     `json:"contract"`
	Target          *int       `json:"target"`
	Current         *int       `json:"current"` // nil when not assessed
	Evidence        string     `json:"evidence"`
	Assessor        string     `json:"assessor"`
	AssessedAt      *time.Time `json:"assessed_at"`
	CarriedOver     bool       `json:"carried_over"`
}

// Assessed reports whether the service has a current score.
func (s ServiceState) Assessed() bool { return s.Current != nil }

// AwaitsAssessment reports whether the service is in scope with no current score: one of
// the services that completeness counts as not yet assessed. Out-of-scope services await
// nothing, whatever they hold.
func (s ServiceState) AwaitsAssessment() bool { return s.InScope && s.Current == nil }

// CycleData is everything needed to evaluate one cycle.
type CycleData struct {
	Org      Organisation   `json:"organisation"`
	Cycle    Cycle          `json:"cycle"`
	Pack     *Pack          `json:"-"`
	Services []ServiceState `json:"services"`
}

// Service looks a service up by ID.
func (d *CycleData) Service(id string) (*ServiceState, bool) {
	for i := range d.Services {
		if d.Services[i].ID == id {
			return &d.Services[i], true
		}
	}
	return nil, false
}

// Horizon is the time frame of an improvement action.
type Horizon string

const (
	ShortTerm Horizon = "short"
	LongTerm  Horizon = "long"
)

// Horizons lists the horizons, the nearer first.
var Horizons = []Horizon{ShortTerm, LongTerm}

// ParseHorizon accepts short or long, and the horizons' longer names.
func ParseHorizon(s string) (Horizon, error) {
	return parseChoice("horizon", s, Horizons, map[string]Horizon{"short-term": ShortTerm, "mid": LongTerm, "long-term": LongTerm, "mid/long-term": LongTerm})
}

// ActionStatus is the state of an improvement action.
type ActionStatus string

const (
	ActionPlanned    ActionStatus = "planned"
	ActionInProgress ActionStatus = "in-progress"
	ActionDone       ActionStatus = "done"
	ActionDropped    ActionStatus = "dropped"
)

// ActionStatuses lists the statuses in workflow order.
var ActionStatuses = []ActionStatus{ActionPlanned, ActionInProgress, ActionDone, ActionDropped}

// ParseActionStatus accepts one of the action statuses.
func ParseActionStatus(s string) (ActionStatus, error) {
	return parseChoice("status", s, ActionStatuses, map[string]ActionStatus{"in_progress": ActionInProgress, "inprogress": ActionInProgress})
}

// Action is an improvement action, for one service or the whole CDC (empty ServiceID).
type Action struct {
	ID        int64        `json:"id"`
	UUID      string       `json:"uuid"`
	OrgID     int64        `json:"org_id"`
	CycleID   int64        `json:"cycle_id"`
	ServiceID string       `json:"service_id"`
	Title     string       `json:"title"`
	Horizon   Horizon      `json:"horizon"`
	Owner     string       `json:"owner"`
	Due       string       `json:"due"` // YYYY-MM-DD or empty
	Status    ActionStatus `json:"status"`
	Notes     string       `json:"notes"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// Review is a dated note of a cycle.
type Review struct {
	ID        int64     `json:"id"`
	UUID      string    `json:"uuid"`
	CycleID   int64     `json:"cycle_id"`
	HeldOn    string    `json:"held_on"` // YYYY-MM-DD
	Kind      string    `json:"kind"`
	Notes     string    `json:"notes"`
	CreatedAt time.Time `json:"created_at"`
}

// Change is one append-only change-log entry.
type Change struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	OrgID   int64     `json:"org_id"`
	CycleID int64     `json:"cycle_id"` // 0 for organisation-level changes
	Entity  Entity    `json:"entity"`
	Key     string    `json:"key"` // service ID, action ID, ...
	Field   Field     `json:"field"`
	Old     string    `json:"old"`
	New     string    `json:"new"`
	Who     string    `json:"who"`
	Reason  string    `json:"reason"`
	Source  string    `json:"source"` // cli, tui, import FILE, demo
	// ImportedFrom names the file an entry was brought in from; empty for changes made here.
	ImportedFrom string `json:"imported_from,omitempty"`
}
