package tui

import (
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
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
func (c *common) fieldName(f catalog.Field) string { return c.P.FieldName(f) }

// changeValue shows a logged value in the interface language (vocab.Printer.ChangeValue).
func (c *common) changeValue(p *catalog.Pack, field catalog.Field, v string) string {
	return c.P.ChangeValue(p, field, v)
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

// indexLabelWidth is the width of the longest index name, so that the three line up.
func indexLabelWidth(c *common) int {
	w := 0
	for _, ix := range scoring.Indices {
		w = max(w, textwidth.Width(c.T(ix.Word())))
	}
	return w
}

// text is a catalogue text (a service, category or descriptor) in the interface language,
// safe to print.
func (c *common) text(t catalog.Text) string { return termtext.Clean(t.In(c.Lang)) }

// searchText is what a filter matches in a name: the name as shown, and its English and
// Japanese, the languages the recommendation was written in. Other languages are left out,
// so that no row matches for a word the user cannot see.
func (c *common) searchText(t catalog.Text) string {
	return t.In(c.Lang) + " " + t[catalog.EN] + " " + t[catalog.JA]
}
