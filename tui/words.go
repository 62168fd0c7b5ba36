package tui

import (
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/scoring"
)

// The change log, the service history and the import preview name entities, fields and the
// toolkit's own values with the shared domain words; free text stays as written.

// entityName is a change-log entity in the interface language.
func (c *common) entityName(e catalog.Entity) string {
	if k := "entity." + string(e); c.P.Has(k) {
		return c.T(k)
	}
	return string(e)
}

// fieldName is a change-log or questionnaire field in the interface language.
func (c *common) fieldName(f catalog.Field) string {
	if k := "field." + string(f); c.P.Has(k) {
		return c.T(k)
	}
	return string(f)
}

// changeValue shows a logged value in the interface language where it is one of the
// toolkit's own words (a status, horizon, level, assignment, scope, an unset score).
func (c *common) changeValue(p *catalog.Pack, field catalog.Field, v string) string {
	switch {
	case v == "none" && field == catalog.FieldCurrent:
		return c.T("figure.not_assessed")
	case v == "none" && field == catalog.FieldTarget:
		return c.T("figure.no_target")
	case field == catalog.FieldStatus && c.P.Has("action.status."+v):
		return c.T("action.status." + v)
	case field == catalog.FieldStatus && (v == string(catalog.CycleOpen) || v == string(catalog.CycleClosed)): // a cycle's
		return c.T("tui.cycle." + v)
	case field == catalog.FieldHorizon && c.P.Has("action.horizon."+v):
		return c.T("action.horizon." + v)
	case field == catalog.FieldScope && (v == "in" || v == "out"):
		return c.T("scope." + v)
	case field == catalog.FieldLevel && p != nil && v != "":
		return p.LevelName(catalog.Level(v), c.Lang)
	case field == catalog.FieldAssignment && p != nil && v != "":
		return p.AssignmentName(catalog.Assignment(v), c.Lang)
	}
	return v
}

// statusName is an action status in the interface language.
func (c *common) statusName(s catalog.ActionStatus) string { return c.T("action.status." + string(s)) }

// horizonName is an action horizon in the interface language.
func (c *common) horizonName(h catalog.Horizon) string { return c.T("action.horizon." + string(h)) }

// indexNote is what stands beside an index: its completeness, and "provisional" when it is
// below the threshold (MODEL.md, "Showing figures"; the rule is scoring.Provisional).
func indexNote(c *common, assessed, inScope int) string {
	note := c.styles.Muted.Render(c.P.Completeness(assessed, inScope))
	if scoring.Provisional(assessed, inScope) {
		note += "  " + c.styles.Warn.Render(c.P.Provisional())
	}
	return note
}

// text is a catalogue text (a service, category or descriptor) in the interface language,
// safe to print.
func (c *common) text(t catalog.Text) string { return termtext.Clean(t.In(c.Lang)) }
