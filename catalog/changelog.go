package catalog

import (
	"context"
	"path/filepath"
	"strings"
	"time"
)

// Entity is what a change-log entry is about.
type Entity string

// The change log's entities. The vocabulary words them under "entity.<name>".
const (
	EntityOrganisation Entity = "organisation"
	EntityCycle        Entity = "cycle"
	EntityBuild        Entity = "build"
	EntityAssessment   Entity = "assessment"
	EntityAction       Entity = "action"
	EntityReview       Entity = "review"
	EntityPack         Entity = "pack"
	EntityBenchmark    Entity = "benchmark"
	EntityUser         Entity = "user"
)

// Entities lists every entity the change log records.
var Entities = []Entity{EntityOrganisation, EntityCycle, EntityBuild, EntityAssessment, EntityAction, EntityReview, EntityPack, EntityBenchmark, EntityUser}

// Field is what changed about an entity: a field, or an event such as create or import.
type Field string

// The change log's fields and events. The vocabulary words them under "field.<name>".
const (
	// Build settings.
	FieldScope      Field = "scope"
	FieldLevel      Field = "level"
	FieldAssignment Field = "assignment"
	FieldProvider   Field = "provider"
	FieldContract   Field = "contract"
	FieldTarget     Field = "target"
	// Assessments.
	FieldCurrent  Field = "current"
	FieldEvidence Field = "evidence"
	// Organisations.
	FieldName    Field = "name"
	FieldSector  Field = "sector"
	FieldCountry Field = "country"
	FieldSize    Field = "size"
	FieldNotes   Field = "notes"
	// Actions.
	FieldTitle   Field = "title"
	FieldOwner   Field = "owner"
	FieldDue     Field = "due"
	FieldService Field = "service"
	FieldHorizon Field = "horizon"
	FieldStatus  Field = "status"
	// Reviews.
	FieldDate Field = "date"
	// Document control of an organisation's reports.
	FieldClassification Field = "classification"
	FieldDistribution   Field = "distribution"
	FieldReviewer       Field = "reviewer"
	FieldVersion        Field = "version"
	FieldRespondents    Field = "respondents"
	// Users.
	FieldRole         Field = "role"
	FieldKey          Field = "key"
	FieldOrganisation Field = "organisation"
	// Events.
	FieldCreate    Field = "create"
	FieldRemove    Field = "remove"
	FieldImport    Field = "import"
	FieldStart     Field = "start"
	FieldCarryOver Field = "carry-over"
)

// Fields lists every field and event the change log records.
var Fields = []Field{
	FieldScope, FieldLevel, FieldAssignment, FieldProvider, FieldContract, FieldTarget,
	FieldCurrent, FieldEvidence,
	FieldName, FieldSector, FieldCountry, FieldSize, FieldNotes,
	FieldTitle, FieldOwner, FieldDue, FieldService, FieldHorizon, FieldStatus, FieldDate,
	FieldClassification, FieldDistribution, FieldReviewer, FieldVersion, FieldRespondents,
	FieldRole, FieldKey, FieldOrganisation,
	FieldCreate, FieldRemove, FieldImport, FieldStart, FieldCarryOver,
}

// knownEntity and knownField check names read from a file.
func knownEntity(e Entity) bool {
	for _, x := range Entities {
		if x == e {
			return true
		}
	}
	return false
}

func knownField(f Field) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}

// ServiceEntities are the entities whose key is a service ID: a service's history.
var ServiceEntities = []Entity{EntityBuild, EntityAssessment}

// ChangeQuery selects change-log entries of one organisation; zero fields match everything.
type ChangeQuery struct {
	OrgID   int64
	CycleID int64 // 0: every cycle, and the organisation's own entries
	// Service keeps the history of one service: its Build and assessment entries.
	Service  string
	Entities []Entity
	// After keeps entries made strictly after this time.
	After time.Time
	// LocalOnly leaves out the entries brought in by imports: only changes made here count
	// for conflict checks.
	LocalOnly bool
	// Text keeps entries whose key, values, author or reason contain it (any case).
	Text string
	// Limit and Offset page through the entries, newest first; Limit 0 is no limit.
	Limit, Offset int
	// BeforeID keeps entries older than the entry of this ID (0: no bound): the next page of a
	// long log after its last entry, read through the index instead of skipped over as Offset is.
	BeforeID int64
}

const changeColumns = "id, at, org_id, cycle_id, entity, key, field, old, new, who, reason, source, imported_from"

// Changes lists the change-log entries q selects, newest first. The selection is made in SQL,
// so a service's history or a page of the log never reads the whole log.
func (s *Store) Changes(ctx context.Context, q ChangeQuery) ([]Change, error) {
	return s.changes(ctx, s.db, q)
}

// Changes lists change-log entries as the transaction sees them.
func (t *Tx) Changes(q ChangeQuery) ([]Change, error) { return t.s.changes(t.ctx, t.tx, q) }

func (s *Store) changes(ctx context.Context, db querier, q ChangeQuery) ([]Change, error) {
	where := []string{"org_id = ?"}
	args := []any{q.OrgID}
	if q.CycleID != 0 {
		where = append(where, "cycle_id = ?")
		args = append(args, q.CycleID)
	}
	entities := q.Entities
	if q.Service != "" {
		where = append(where, "key = ?")
		args = append(args, strings.ToUpper(strings.TrimSpace(q.Service)))
		if len(entities) == 0 {
			entities = ServiceEntities
		}
	}
	if len(entities) > 0 {
		where = append(where, "entity IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(entities)), ", ")+")")
		for _, e := range entities {
			args = append(args, string(e))
		}
	}
	if q.LocalOnly {
		where = append(where, "imported_from = ''")
	}
	if text := strings.TrimSpace(q.Text); text != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(text) + "%"
		where = append(where, `(key LIKE ? ESCAPE '\' OR old LIKE ? ESCAPE '\' OR new LIKE ? ESCAPE '\' OR who LIKE ? ESCAPE '\' OR reason LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like, like, like)
	}
	if q.BeforeID > 0 {
		where = append(where, "id < ?")
		args = append(args, q.BeforeID)
	}
	if !q.After.IsZero() {
		where = append(where, "at > ?")
		args = append(args, formatTime(q.After))
	}
	query := "SELECT " + changeColumns + " FROM change_log WHERE " + strings.Join(where, " AND ") + " ORDER BY id DESC"
	if q.Limit > 0 || q.Offset > 0 {
		limit := q.Limit
		if limit <= 0 {
			limit = -1
		}
		query += " LIMIT ? OFFSET ?"
		args = append(args, limit, max(q.Offset, 0))
	}
	out, err := collect(ctx, db, scanChange, query, args...)
	return out, s.describe(err)
}

func scanChange(sc rowScanner) (Change, error) {
	var c Change
	var at string
	err := sc.Scan(&c.ID, &at, &c.OrgID, &c.CycleID, &c.Entity, &c.Key, &c.Field, &c.Old, &c.New, &c.Who, &c.Reason, &c.Source, &c.ImportedFrom)
	c.At = parseTime(at)
	return c, err
}

// MaxClockSkew is how far in the future a time from another machine may be; later ones are refused.
const MaxClockSkew = 5 * time.Minute

// ImportSource is the source recorded with the changes an import of file makes.
func ImportSource(file string) string { return "import " + filepath.Base(file) }

// importedFrom is the file a source of ImportSource names.
func importedFrom(source string) string {
	if f, ok := strings.CutPrefix(source, "import "); ok && f != "" {
		return f
	}
	return source
}

// logImported appends an entry brought in from file. It keeps its own time, author, source
// and reason, and is marked imported, so it is never taken for a change made here.
func (t *Tx) logImported(orgID, cycleID int64, c Change, file string) error {
	if file == "" {
		file = "?"
	}
	_, err := t.exec(`INSERT INTO change_log (at, org_id, cycle_id, entity, key, field, old, new, who, reason, source, imported_from)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		formatTime(c.At), orgID, cycleID, string(c.Entity), c.Key, string(c.Field), c.Old, c.New, c.Who, c.Reason, c.Source, file)
	return err
}

// log appends a change-log entry inside the transaction.
func (t *Tx) log(orgID, cycleID int64, entity Entity, key string, field Field, old, new, reason string) error {
	if err := t.mayChange(orgID, string(entity), string(field)); err != nil {
		return err
	}
	if t.undoing {
		reason = ReasonUndo
	}
	res, err := t.exec(`INSERT INTO change_log (at, org_id, cycle_id, entity, key, field, old, new, who, reason, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		formatTime(t.at), orgID, cycleID, string(entity), key, string(field), old, new, t.actor, reason, t.source)
	if err != nil {
		return err
	}
	id, _ := res.LastInsertId()
	t.logged = append(t.logged, id)
	if t.touched == nil {
		t.touched = map[int64]bool{}
	}
	t.touched[orgID] = true
	return nil
}
