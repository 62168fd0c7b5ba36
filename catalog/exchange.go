package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// OrgDump is a whole organisation: its cycles with Build settings, assessments and reviews,
// its improvement actions, its change log and the pack versions its cycles use.
// IDs inside a dump only link its parts; a restore may give them new values.
type OrgDump struct {
	Organisation Organisation `json:"organisation"`
	Packs        []*Pack      `json:"packs"`
	Cycles       []CycleDump  `json:"cycles"`
	Actions      []Action     `json:"actions"`
	Changes      []Change     `json:"changes"` // oldest first
}

// CycleDump is one cycle of a dump.
type CycleDump struct {
	ID          int64           `json:"id"`
	UUID        string          `json:"uuid"`
	Seq         int             `json:"seq"`
	Name        string          `json:"name"`
	Status      CycleStatus     `json:"status"`
	Pack        string          `json:"pack"` // "id@version", one of the dump's packs
	StartedAt   time.Time       `json:"started_at"`
	ClosedAt    *time.Time      `json:"closed_at,omitempty"`
	Build       []BuildRow      `json:"build"`
	Assessments []AssessmentRow `json:"assessments"`
	Reviews     []Review        `json:"reviews"`
}

// BuildRow is the stored Build setting of one service; services without a row have the pack defaults.
type BuildRow struct {
	Service       string     `json:"service"`
	InScope       bool       `json:"in_scope"`
	LevelOverride Level      `json:"level_override,omitempty"`
	LevelReason   string     `json:"level_reason"`
	Assignment    Assignment `json:"assignment"`
	Provider      string     `json:"provider"`
	Contract      string     `json:"contract"`
	Target        *int       `json:"target"`
}

// AssessmentRow is the stored assessment of one service.
type AssessmentRow struct {
	Service     string     `json:"service"`
	Score       *int       `json:"score"`
	Evidence    string     `json:"evidence"`
	Assessor    string     `json:"assessor"`
	AssessedAt  *time.Time `json:"assessed_at"`
	CarriedOver bool       `json:"carried_over"`
}

// DumpOrg reads a whole organisation in one read transaction, so the dump is consistent.
// It holds the whole change log; StreamOrg writes a long one without holding it.
func (s *Store) DumpOrg(ctx context.Context, orgID int64) (*OrgDump, error) {
	var out *OrgDump
	err := s.StreamOrg(ctx, orgID, func(d *OrgDump, changes ChangeRows) error {
		out = d
		return changes(func(c Change) error {
			d.Changes = append(d.Changes, c)
			return nil
		})
	})
	return out, err
}

// ChangeRows hands every entry of a change log to yield, oldest first, stopping at the first
// error, which it returns.
type ChangeRows func(yield func(Change) error) error

// StreamOrg reads a whole organisation in one read transaction, as DumpOrg does, and hands it to
// write with its change log left out of d.Changes: changes reads the log one row at a time,
// inside the same transaction, so a log of a million entries costs the memory of one.
// changes may be called once, and only while write runs.
func (s *Store) StreamOrg(ctx context.Context, orgID int64, write func(d *OrgDump, changes ChangeRows) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.describe(err)
	}
	defer tx.Rollback()
	d, err := s.dumpOrg(ctx, tx, orgID)
	if err != nil {
		return s.describe(err)
	}
	var storeErr error
	changes := func(yield func(Change) error) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+changeColumns+" FROM change_log WHERE org_id = ? ORDER BY id", orgID)
		if err != nil {
			storeErr = s.describe(err)
			return storeErr
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanChange(rows)
			if err != nil {
				storeErr = s.describe(err)
				return storeErr
			}
			if err := yield(c); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			storeErr = s.describe(err)
			return storeErr
		}
		return nil
	}
	if err := write(d, changes); err != nil {
		// A failing read is the store's error, whatever write made of it.
		if storeErr != nil {
			return storeErr
		}
		return err
	}
	return nil
}

// dumpOrg reads an organisation without its change log.
func (s *Store) dumpOrg(ctx context.Context, tx *sql.Tx, orgID int64) (*OrgDump, error) {
	o, err := scanOrg(tx.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("organisation %d: %w", orgID, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	d := &OrgDump{Organisation: o, Packs: []*Pack{}, Cycles: []CycleDump{}, Actions: []Action{}, Changes: []Change{}}
	cycles, err := queryCycles(ctx, tx, "WHERE c.org_id = ? ORDER BY c.seq", orgID)
	if err != nil {
		return nil, err
	}
	packSeen := map[int64]bool{}
	for _, c := range cycles {
		if !packSeen[c.PackRef] {
			packSeen[c.PackRef] = true
			p, err := s.pack(ctx, tx, c.PackRef)
			if err != nil {
				return nil, err
			}
			d.Packs = append(d.Packs, p)
		}
		cd := CycleDump{ID: c.ID, UUID: c.UUID, Seq: c.Seq, Name: c.Name, Status: c.Status, Pack: c.PackID + "@" + c.PackVersion,
			StartedAt: c.StartedAt, ClosedAt: c.ClosedAt, Build: []BuildRow{}, Assessments: []AssessmentRow{}, Reviews: []Review{}}
		if cd.Build, err = dumpBuild(ctx, tx, c.ID); err != nil {
			return nil, err
		}
		if cd.Assessments, err = dumpAssessments(ctx, tx, c.ID); err != nil {
			return nil, err
		}
		if cd.Reviews, err = dumpReviews(ctx, tx, c.ID); err != nil {
			return nil, err
		}
		d.Cycles = append(d.Cycles, cd)
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+actionColumns+" FROM actions WHERE org_id = ? ORDER BY id", orgID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		d.Actions = append(d.Actions, a)
	}
	rows.Close()
	return d, rows.Err()
}

func dumpBuild(ctx context.Context, q querier, cycleID int64) ([]BuildRow, error) {
	out, err := collect(ctx, q, func(sc rowScanner) (BuildRow, error) {
		var b BuildRow
		var inScope int
		var level sql.NullString
		var target sql.NullInt64
		var assign string
		err := sc.Scan(&b.Service, &inScope, &level, &b.LevelReason, &assign, &b.Provider, &b.Contract, &target)
		b.InScope = inScope == 1
		b.LevelOverride = Level(level.String)
		b.Assignment = Assignment(assign)
		if target.Valid {
			v := int(target.Int64)
			b.Target = &v
		}
		return b, err
	}, `SELECT service_id, in_scope, level_override, level_reason, assignment, provider, contract, target
		FROM build_settings WHERE cycle_id = ? ORDER BY service_id`, cycleID)
	if out == nil {
		out = []BuildRow{}
	}
	return out, err
}

func dumpAssessments(ctx context.Context, q querier, cycleID int64) ([]AssessmentRow, error) {
	out, err := collect(ctx, q, func(sc rowScanner) (AssessmentRow, error) {
		var a AssessmentRow
		var score sql.NullInt64
		var at sql.NullString
		var carried int
		err := sc.Scan(&a.Service, &score, &a.Evidence, &a.Assessor, &at, &carried)
		if score.Valid {
			v := int(score.Int64)
			a.Score = &v
		}
		if at.Valid {
			t := parseTime(at.String)
			a.AssessedAt = &t
		}
		a.CarriedOver = carried == 1
		return a, err
	}, `SELECT service_id, score, evidence, assessor, assessed_at, carried_over
		FROM assessments WHERE cycle_id = ? ORDER BY service_id`, cycleID)
	if out == nil {
		out = []AssessmentRow{}
	}
	return out, err
}

func dumpReviews(ctx context.Context, q querier, cycleID int64) ([]Review, error) {
	out, err := queryReviews(ctx, q, "WHERE cycle_id = ? ORDER BY id", cycleID)
	if out == nil {
		out = []Review{}
	}
	return out, err
}

// Validate returns every problem of the dump, each prefixed with its JSON path.
func (d *OrgDump) Validate() []string {
	var probs []string
	add := func(path, format string, args ...any) {
		probs = append(probs, path+": "+fmt.Sprintf(format, args...))
	}
	textIn := func(path, v string, max int, multiline bool) {
		if _, err := cleanText(path, v, max, multiline); err != nil {
			probs = append(probs, path+": "+strings.TrimPrefix(strings.TrimPrefix(err.Error(), path+": "), path+" "))
		}
	}
	text := func(path, v string, max int) { textIn(path, v, max, false) }
	lines := func(path, v string, max int) { textIn(path, v, max, true) }
	o := d.Organisation
	if strings.TrimSpace(o.Name) == "" {
		add("organisation.name", "is empty")
	}
	text("organisation.name", o.Name, MaxNameLen)
	text("organisation.sector", o.Sector, MaxNameLen)
	text("organisation.country", o.Country, MaxNameLen)
	lines("organisation.notes", o.Notes, MaxTextLen)
	if o.Size < 0 {
		add("organisation.size", "%d is negative", o.Size)
	}
	uuids := map[string]string{}
	checkUUID := func(path, v string) {
		if v == "" {
			return // a file written before identities: a restore gives new ones
		}
		u, ok := ParseUUID(v)
		if !ok {
			add(path, "%q is not a UUID", v)
			return
		}
		if first, dup := uuids[u]; dup {
			add(path, "%s is already used at %s", u, first)
			return
		}
		uuids[u] = path
	}
	checkUUID("organisation.uuid", o.UUID)

	packs := map[string]*Pack{}
	for i, p := range d.Packs {
		path := fmt.Sprintf("packs[%d]", i)
		if p == nil {
			add(path, "is null")
			continue
		}
		for _, pr := range p.Validate() {
			probs = append(probs, path+"."+pr)
		}
		if packs[p.Ref()] != nil {
			add(path, "pack %s is listed twice", p.Ref())
		}
		packs[p.Ref()] = p
	}
	if len(d.Cycles) == 0 {
		add("cycles", "an organisation needs at least one cycle")
	}
	cycles := map[int64]*Pack{}
	seqs, names := map[int]bool{}, map[string]bool{}
	for i, c := range d.Cycles {
		path := fmt.Sprintf("cycles[%d]", i)
		if c.ID <= 0 {
			add(path+".id", "%d must be a positive number", c.ID)
		} else if _, dup := cycles[c.ID]; dup {
			add(path+".id", "%d is used twice", c.ID)
		}
		checkUUID(path+".uuid", c.UUID)
		if c.Seq < 1 {
			add(path+".seq", "%d must be 1 or more", c.Seq)
		} else if seqs[c.Seq] {
			add(path+".seq", "%d is used twice", c.Seq)
		}
		seqs[c.Seq] = true
		if strings.TrimSpace(c.Name) == "" {
			add(path+".name", "is empty")
		} else if names[strings.TrimSpace(c.Name)] {
			add(path+".name", "%q is used twice", c.Name)
		}
		names[strings.TrimSpace(c.Name)] = true
		text(path+".name", c.Name, MaxNameLen)
		if c.Status != CycleOpen && c.Status != CycleClosed {
			add(path+".status", "%q is not open or closed", c.Status)
		}
		if c.Status == CycleClosed && c.ClosedAt == nil {
			add(path+".closed_at", "a closed cycle needs a closing time")
		}
		p := packs[c.Pack]
		cycles[c.ID] = p
		if p == nil {
			add(path+".pack", "%q is not one of the file's packs", c.Pack)
		}
		seen := map[string]bool{}
		for j, b := range c.Build {
			bp := fmt.Sprintf("%s.build[%d]", path, j)
			d.checkService(bp+".service", b.Service, p, seen, add)
			if b.LevelOverride != "" {
				if _, err := ParseLevel(string(b.LevelOverride)); err != nil || len(b.LevelOverride) == 1 {
					add(bp+".level_override", "%q is not one of mandatory, recommended, optional", b.LevelOverride)
				}
			}
			if _, err := ParseAssignment(string(b.Assignment)); err != nil || string(b.Assignment) != strings.ToLower(string(b.Assignment)) {
				add(bp+".assignment", "%q is not one of cdc, internal, external, shared, none", b.Assignment)
			}
			lines(bp+".level_reason", b.LevelReason, MaxTextLen)
			text(bp+".provider", b.Provider, MaxNameLen)
			text(bp+".contract", b.Contract, MaxNameLen)
			if b.Target != nil && !ValidScore(*b.Target) {
				add(bp+".target", "%d is outside 0-5", *b.Target)
			}
		}
		seen = map[string]bool{}
		for j, a := range c.Assessments {
			ap := fmt.Sprintf("%s.assessments[%d]", path, j)
			d.checkService(ap+".service", a.Service, p, seen, add)
			if a.Score != nil && !ValidScore(*a.Score) {
				add(ap+".score", "%d is outside 0-5", *a.Score)
			}
			lines(ap+".evidence", a.Evidence, MaxEvidenceLen)
			text(ap+".assessor", a.Assessor, MaxNameLen)
		}
		for j, r := range c.Reviews {
			rp := fmt.Sprintf("%s.reviews[%d]", path, j)
			checkUUID(rp+".uuid", r.UUID)
			if err := ValidDate("held_on", r.HeldOn, false); err != nil {
				add(rp+".held_on", "%q is not a date like 2026-03-31", r.HeldOn)
			}
			text(rp+".kind", r.Kind, MaxNameLen)
			lines(rp+".notes", r.Notes, MaxTextLen)
		}
	}
	for i, a := range d.Actions {
		path := fmt.Sprintf("actions[%d]", i)
		checkUUID(path+".uuid", a.UUID)
		p, ok := cycles[a.CycleID]
		if !ok {
			add(path+".cycle_id", "%d is not one of the file's cycles", a.CycleID)
		} else if a.ServiceID != "" && p != nil {
			if _, ok := p.Service(a.ServiceID); !ok {
				add(path+".service_id", "%q is not in pack %s", a.ServiceID, p.Ref())
			}
		}
		if err := a.clean(); err != nil {
			add(path, "%v", err)
		}
	}
	latest := now().Add(MaxClockSkew)
	for i, c := range d.Changes {
		path := fmt.Sprintf("changes[%d]", i)
		if c.At.After(latest) {
			add(path+".at", "%s is in the future", c.At.UTC().Format(time.RFC3339))
		}
		if _, ok := cycles[c.CycleID]; c.CycleID != 0 && !ok {
			add(path+".cycle_id", "%d is not one of the file's cycles", c.CycleID)
		}
		if !knownEntity(c.Entity) {
			add(path+".entity", "%q is not one of the change log's entities", c.Entity)
		}
		if !knownField(c.Field) {
			add(path+".field", "%q is not one of the change log's fields", c.Field)
		}
		for _, f := range []struct{ name, v string }{{"key", c.Key}, {"who", c.Who}, {"source", c.Source}} {
			text(path+"."+f.name, f.v, MaxNameLen+MaxTextLen)
		}
		for _, f := range []struct{ name, v string }{{"old", c.Old}, {"new", c.New}, {"reason", c.Reason}} {
			lines(path+"."+f.name, f.v, MaxEvidenceLen+MaxTextLen)
		}
	}
	return probs
}

func (d *OrgDump) checkService(path, id string, p *Pack, seen map[string]bool, add func(string, string, ...any)) {
	if seen[id] {
		add(path, "%q is listed twice", id)
	}
	seen[id] = true
	if p == nil {
		return
	}
	if _, ok := p.Service(id); !ok {
		add(path, "%q is not in pack %s", id, p.Ref())
	}
}

// DumpError lists every problem found in an organisation dump.
type DumpError struct{ Problems []string }

func (e *DumpError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0]
	}
	return fmt.Sprintf("%d problems:\n  %s", len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// RestoreOrg adds a dumped organisation in one transaction tagged with source. It refuses
// when an organisation of that name exists (there is no merge) and keeps the dump's IDs where
// they are free, so a restore into an empty database evaluates identically.
func (s *Store) RestoreOrg(ctx context.Context, d *OrgDump, source string) (Organisation, error) {
	if probs := d.Validate(); len(probs) > 0 {
		return Organisation{}, &DumpError{Problems: probs}
	}
	return update(ctx, s, source, func(tx *Tx) (Organisation, error) { return tx.RestoreOrg(d) })
}

// keyRef matches change-log keys that name an action or review by ID.
var keyRef = regexp.MustCompile(`^#([0-9]+)$`)

// RestoreOrg adds a dumped organisation inside the transaction.
func (t *Tx) RestoreOrg(d *OrgDump) (Organisation, error) {
	if probs := d.Validate(); len(probs) > 0 {
		return Organisation{}, &DumpError{Problems: probs}
	}
	d = d.normalised()
	o := d.Organisation
	o.Name = strings.TrimSpace(o.Name)
	if u, ok := ParseUUID(o.UUID); ok {
		var name string
		err := t.queryRow("SELECT name FROM organisations WHERE uuid = ?", u).Scan(&name)
		if err == nil {
			return o, fmt.Errorf("organisation %q (%s) is already in this database as %q; the file can only be merged into it: %w", o.Name, u, name, ErrOrgExists)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return o, err
		}
	}
	if err := t.checkOrgName(o.Name, 0); err != nil {
		return o, err // a *NameTakenError, worded by the vocabulary; export plans refuse it first
	}
	packRefs := map[string]int64{}
	for _, p := range d.Packs {
		ref, err := t.installPack(p)
		if err != nil {
			return o, err
		}
		packRefs[p.Ref()] = ref
	}
	created := o.CreatedAt
	if created.IsZero() {
		created = t.at
	}
	orgID, err := t.freeOrgID(o.ID)
	if err != nil {
		return o, err
	}
	o.ID, o.CreatedAt = orgID, created
	if o.UUID, err = t.freshUUID("organisations", o.UUID); err != nil {
		return o, err
	}
	if err := t.insertOrg(o); err != nil {
		return o, err
	}
	cycleIDs := map[int64]int64{0: 0}
	reviewIDs := map[int64]int64{}
	for _, c := range d.Cycles {
		id, err := t.insertDumpCycle(orgID, c.Seq, c, packRefs[c.Pack], c.ID)
		if err != nil {
			return o, err
		}
		cycleIDs[c.ID] = id
		for _, r := range c.Reviews {
			rid, err := t.insertDumpReview(id, r, r.ID)
			if err != nil {
				return o, err
			}
			reviewIDs[r.ID] = rid
		}
	}
	actionIDs := map[int64]int64{}
	for _, a := range d.Actions {
		id, err := t.insertDumpAction(orgID, cycleIDs[a.CycleID], a, a.ID)
		if err != nil {
			return o, err
		}
		actionIDs[a.ID] = id
	}
	for _, c := range d.Changes {
		key := c.Key
		if m := keyRef.FindStringSubmatch(key); m != nil {
			old, _ := strconv.ParseInt(m[1], 10, 64)
			ids := actionIDs
			if c.Entity == EntityReview {
				ids = reviewIDs
			}
			if nid, ok := ids[old]; ok {
				key = "#" + itoa(nid)
			}
		}
		at := c.At
		if at.IsZero() {
			at = t.at
		}
		c.At, c.Key = at, key
		if err := t.logImported(orgID, cycleIDs[c.CycleID], c, importedFrom(t.source)); err != nil {
			return o, err
		}
	}
	return o, t.log(orgID, 0, EntityOrganisation, o.Name, FieldImport, "", o.Name, "")
}

// freeOrgID keeps want when no organisation, present or removed, has used it: a removed
// organisation's change-log rows keep its ID, and must not become another's history.
func (t *Tx) freeOrgID(want int64) (int64, error) {
	if want > 0 {
		var used int
		if err := t.queryRow(`SELECT (SELECT count(*) FROM organisations WHERE id = ?) + (SELECT count(*) FROM change_log WHERE org_id = ?)`,
			want, want).Scan(&used); err != nil {
			return 0, err
		}
		if used == 0 {
			return want, nil
		}
	}
	return t.nextOrgID()
}

// insertKeepingID inserts a row with the given ID when it is free, else with a new one.
func (t *Tx) insertKeepingID(table string, id int64, columns string, args ...any) (int64, error) {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	var taken int
	if id > 0 {
		if err := t.queryRow("SELECT count(*) FROM "+table+" WHERE id = ?", id).Scan(&taken); err != nil {
			return 0, err
		}
	}
	var res sql.Result
	var err error
	if id > 0 && taken == 0 {
		res, err = t.exec("INSERT INTO "+table+" (id, "+columns+") VALUES (?, "+marks+")", append([]any{id}, args...)...)
	} else {
		res, err = t.exec("INSERT INTO "+table+" ("+columns+") VALUES ("+marks+")", args...)
	}
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// normalised returns a copy of the dump with every text in NFC, the form text is stored in.
func (d *OrgDump) normalised() *OrgDump {
	n := norm.NFC.String
	out := *d
	o := &out.Organisation
	o.Name, o.Sector, o.Country, o.Notes = n(o.Name), n(o.Sector), n(o.Country), n(o.Notes)
	out.Cycles = normEach(d.Cycles, func(c *CycleDump) {
		c.Name = n(c.Name)
		c.Build = normEach(c.Build, func(b *BuildRow) {
			b.LevelReason, b.Provider, b.Contract = n(b.LevelReason), n(b.Provider), n(b.Contract)
		})
		c.Assessments = normEach(c.Assessments, func(a *AssessmentRow) { a.Evidence, a.Assessor = n(a.Evidence), n(a.Assessor) })
		c.Reviews = normEach(c.Reviews, func(r *Review) { r.Kind, r.Notes = n(r.Kind), n(r.Notes) })
	})
	out.Actions = normEach(d.Actions, func(a *Action) { a.Title, a.Owner, a.Notes = n(a.Title), n(a.Owner), n(a.Notes) })
	out.Changes = normEach(d.Changes, func(c *Change) {
		c.Key, c.Old, c.New, c.Who, c.Reason, c.Source = n(c.Key), n(c.Old), n(c.New), n(c.Who), n(c.Reason), n(c.Source)
	})
	return &out
}

// normEach returns a copy of list with fix applied to each element.
func normEach[T any](list []T, fix func(*T)) []T {
	out := slices.Clone(list)
	for i := range out {
		fix(&out[i])
	}
	return out
}

// insertBuildAndAssessments writes a new cycle's Build settings and assessments from a dump.
func (t *Tx) insertBuildAndAssessments(cycleID int64, c CycleDump) error {
	for _, b := range c.Build {
		var level, target any
		// Validation accepted the spellings the parsers accept; store the canonical ones.
		if b.LevelOverride != "" {
			lv, _ := ParseLevel(string(b.LevelOverride))
			level = string(lv)
		}
		assign, _ := ParseAssignment(string(b.Assignment))
		if b.Target != nil {
			target = *b.Target
		}
		if _, err := t.exec(`INSERT INTO build_settings (cycle_id, service_id, in_scope, level_override, level_reason, assignment, provider, contract, target)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, cycleID, b.Service, boolInt(b.InScope), level, b.LevelReason, string(assign), b.Provider, b.Contract, target); err != nil {
			return err
		}
	}
	for _, a := range c.Assessments {
		var score, at any
		if a.Score != nil {
			score = *a.Score
		}
		if a.AssessedAt != nil {
			at = formatTime(*a.AssessedAt)
		}
		if _, err := t.exec(`INSERT INTO assessments (cycle_id, service_id, score, evidence, assessor, assessed_at, carried_over)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, cycleID, a.Service, score, a.Evidence, a.Assessor, at, boolInt(a.CarriedOver)); err != nil {
			return err
		}
	}
	return nil
}

// insertDumpReview writes a review of a dump, keeping its UUID where free and its ID where
// keepID is free (0: a new ID).
func (t *Tx) insertDumpReview(cycleID int64, r Review, keepID int64) (int64, error) {
	u, err := t.freshUUID("reviews", r.UUID)
	if err != nil {
		return 0, err
	}
	created := r.CreatedAt
	if created.IsZero() {
		created = t.at
	}
	return t.insertKeepingID("reviews", keepID, "uuid, cycle_id, held_on, kind, notes, created_at", u, cycleID, r.HeldOn, r.Kind, r.Notes, formatTime(created))
}

// insertDumpAction writes an action of a dump as insertDumpReview writes a review.
func (t *Tx) insertDumpAction(orgID, cycleID int64, a Action, keepID int64) (int64, error) {
	u, err := t.freshUUID("actions", a.UUID)
	if err != nil {
		return 0, err
	}
	created, updated := a.CreatedAt, a.UpdatedAt
	if created.IsZero() {
		created = t.at
	}
	if updated.IsZero() {
		updated = created
	}
	// Validation accepted the spellings the parsers accept; store the canonical ones.
	horizon, _ := ParseHorizon(string(a.Horizon))
	status, _ := ParseActionStatus(string(a.Status))
	return t.insertKeepingID("actions", keepID, "uuid, org_id, cycle_id, service_id, title, horizon, owner, due, status, notes, created_at, updated_at",
		u, orgID, cycleID, a.ServiceID, strings.TrimSpace(a.Title), string(horizon), a.Owner, a.Due, string(status), a.Notes,
		formatTime(created), formatTime(updated))
}

// insertDumpCycle writes a cycle of a dump with its Build settings and assessments, keeping
// its UUID where free and its ID where keepID is free (0: a new ID).
func (t *Tx) insertDumpCycle(orgID int64, seq int, c CycleDump, packRef, keepID int64) (int64, error) {
	var closed any
	if c.ClosedAt != nil {
		closed = formatTime(*c.ClosedAt)
	}
	started := c.StartedAt
	if started.IsZero() {
		started = t.at
	}
	u, err := t.freshUUID("cycles", c.UUID)
	if err != nil {
		return 0, err
	}
	name, err := cleanName("cycle name", c.Name)
	if err != nil {
		return 0, err
	}
	id, err := t.insertKeepingID("cycles", keepID, "uuid, org_id, seq, name, status, pack_ref, started_at, closed_at",
		u, orgID, seq, name, string(c.Status), packRef, formatTime(started), closed)
	if err != nil {
		return 0, err
	}
	return id, t.insertBuildAndAssessments(id, c)
}
