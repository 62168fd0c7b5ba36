package vocab

import (
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
)

// FieldName is a change-log or questionnaire field in the printer's language.
func (p Printer) FieldName(f catalog.Field) string {
	if k := "field." + string(f); p.Has(k) {
		return p.T(k)
	}
	return string(f)
}

// ChangeValue shows a logged value in the printer's language where it is one of the
// toolkit's own words (a status, horizon, level, assignment, scope, an unset score), and an
// empty value as a dash, so "provider: – → CDC team" never reads as a missing word.
// pack may be nil when no pack is at hand; levels and assignments then stay as stored.
func (p Printer) ChangeValue(pack *catalog.Pack, field catalog.Field, v string) string {
	switch {
	case v == "":
		return p.Unknown()
	case v == "none" && field == catalog.FieldCurrent:
		return p.T("figure.not_assessed")
	case v == "none" && field == catalog.FieldTarget:
		return p.T("figure.no_target")
	case field == catalog.FieldStatus && p.Has("action.status."+v):
		return p.T("action.status." + v)
	case field == catalog.FieldStatus && (v == string(catalog.CycleOpen) || v == string(catalog.CycleClosed)):
		return p.T("cycle.status." + v)
	case field == catalog.FieldHorizon && p.Has("action.horizon."+v):
		return p.T("action.horizon." + v)
	case field == catalog.FieldScope && (v == "in" || v == "out"):
		return p.T("scope." + v)
	case field == catalog.FieldLevel && pack != nil:
		return pack.LevelName(catalog.Level(v), p.lang)
	case field == catalog.FieldAssignment && pack != nil:
		return pack.AssignmentName(catalog.Assignment(v), p.lang)
	}
	return v
}

// SourceName words where a change-log entry was made ("command line", "import answers.xlsx"),
// and, for an entry brought in by a check-in, the file it came from: such an entry was made
// elsewhere and is never read as a change made here.
func (p Printer) SourceName(ch catalog.Change) string {
	src := ch.Source
	switch {
	case src == "cli" || src == "tui" || src == "demo" || src == "ssh":
		if p.Has("report.source." + src) {
			src = p.T("report.source." + src)
		}
	case strings.HasPrefix(src, "import "):
		src = p.T("report.source.import", strings.TrimPrefix(src, "import "))
	case strings.HasPrefix(src, "merge "):
		src = p.T("change.source.merge", strings.TrimPrefix(src, "merge "))
	}
	if ch.ImportedFrom != "" {
		return p.T("change.source.imported", src, ch.ImportedFrom)
	}
	return src
}
