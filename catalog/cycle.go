package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

const cycleColumns = "c.id, c.uuid, c.org_id, c.seq, c.name, c.status, c.pack_ref, p.pack_id, p.version, c.started_at, c.closed_at"
const cycleFrom = " FROM cycles c JOIN packs p ON p.ref = c.pack_ref "

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func scanCycle(sc interface{ Scan(...any) error }) (Cycle, error) {
	var c Cycle
	var started string
	var closed sql.NullString
	var status string
	err := sc.Scan(&c.ID, &c.UUID, &c.OrgID, &c.Seq, &c.Name, &status, &c.PackRef, &c.PackID, &c.PackVersion, &started, &closed)
	c.Status = CycleStatus(status)
	c.StartedAt = parseTime(started)
	if closed.Valid {
		t := parseTime(closed.String)
		c.ClosedAt = &t
	}
	return c, err
}

func queryCycles(ctx context.Context, q querier, where string, args ...any) ([]Cycle, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+cycleColumns+cycleFrom+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Cycle
	for rows.Next() {
		c, err := scanCycle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Cycles lists an organisation's cycles, oldest first.
func (s *Store) Cycles(ctx context.Context, orgID int64) ([]Cycle, error) {
	cs, err := queryCycles(ctx, s.db, "WHERE c.org_id = ? ORDER BY c.seq", orgID)
	return cs, s.describe(err)
}

// Cycle returns a cycle by ID.
func (s *Store) Cycle(ctx context.Context, id int64) (Cycle, error) {
	c, err := scanCycle(s.db.QueryRowContext(ctx, "SELECT "+cycleColumns+cycleFrom+"WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("cycle %d does not exist", id)
	}
	return c, s.describe(err)
}

// FindCycle resolves a cycle of an organisation by name, UUID, sequence number or ID.
// An empty ref means the current cycle: the newest open one, else the newest one.
func (s *Store) FindCycle(ctx context.Context, orgID int64, ref string) (Cycle, error) {
	cs, err := s.Cycles(ctx, orgID)
	if err != nil {
		return Cycle{}, err
	}
	if len(cs) == 0 {
		return Cycle{}, notFound("the organisation has no cycles (start one with cdc cycle new)")
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		for i := len(cs) - 1; i >= 0; i-- {
			if cs[i].Status == CycleOpen {
				return cs[i], nil
			}
		}
		return cs[len(cs)-1], nil
	}
	u, isUUID := ParseUUID(ref)
	for _, c := range cs {
		if strings.EqualFold(c.Name, ref) || (isUUID && c.UUID == u) {
			return c, nil
		}
	}
	if n, err := strconv.ParseInt(ref, 10, 64); err == nil {
		for _, c := range cs {
			if int64(c.Seq) == n {
				return c, nil
			}
		}
		for _, c := range cs {
			if c.ID == n {
				return c, nil
			}
		}
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return Cycle{}, notFound("cycle %q does not exist (cycles: %s)", ref, strings.Join(names, ", "))
}

func (t *Tx) insertCycle(orgID int64, seq int, name string, packRef int64) (Cycle, error) {
	name, err := cleanName("cycle name", name)
	if err != nil {
		return Cycle{}, err
	}
	var clash int
	if err := t.queryRow("SELECT count(*) FROM cycles WHERE org_id = ? AND name = ? COLLATE NOCASE", orgID, name).Scan(&clash); err != nil {
		return Cycle{}, err
	}
	if clash > 0 {
		return Cycle{}, fmt.Errorf("cycle %q already exists", name)
	}
	res, err := t.exec("INSERT INTO cycles (uuid, org_id, seq, name, status, pack_ref, started_at) VALUES (?, ?, ?, ?, 'open', ?, ?)",
		newUUID(), orgID, seq, name, packRef, formatTime(t.at))
	if err != nil {
		return Cycle{}, err
	}
	id, _ := res.LastInsertId()
	if err := t.log(orgID, id, EntityCycle, name, FieldStart, "", name, ""); err != nil {
		return Cycle{}, err
	}
	c, err := scanCycle(t.queryRow("SELECT "+cycleColumns+cycleFrom+"WHERE c.id = ?", id))
	return c, err
}

// NewCycle holds the options of a new cycle.
type NewCycle struct {
	Name      string
	CarryOver bool  // copy current scores, flagged carried over
	PackRef   int64 // 0: the previous cycle's pack
}

// StartCycle starts the next cycle of an organisation. It copies the newest cycle's
// Build settings and, with CarryOver, its current scores flagged as carried over.
func (s *Store) StartCycle(ctx context.Context, orgID int64, n NewCycle) (Cycle, error) {
	var c Cycle
	err := s.Update(ctx, "", func(tx *Tx) error {
		var err error
		c, err = tx.StartCycle(orgID, n)
		return err
	})
	return c, err
}

// StartCycle starts the next cycle inside the transaction.
func (t *Tx) StartCycle(orgID int64, n NewCycle) (Cycle, error) {
	var orgs int
	if err := t.queryRow("SELECT count(*) FROM organisations WHERE id = ?", orgID).Scan(&orgs); err != nil {
		return Cycle{}, err
	}
	if orgs == 0 {
		return Cycle{}, notFound("organisation %d does not exist", orgID)
	}
	prev, err := queryCycles(t.ctx, t.tx, "WHERE c.org_id = ? ORDER BY c.seq DESC LIMIT 1", orgID)
	if err != nil {
		return Cycle{}, err
	}
	packRef := n.PackRef
	seq := 1
	if len(prev) > 0 {
		seq = prev[0].Seq + 1
		if packRef == 0 {
			packRef = prev[0].PackRef
		}
	}
	if packRef == 0 {
		if packRef, err = t.s.findPack(t.ctx, t.tx, ""); err != nil {
			return Cycle{}, err
		}
	}
	pack, err := t.s.pack(t.ctx, t.tx, packRef)
	if err != nil {
		return Cycle{}, err
	}
	if strings.TrimSpace(n.Name) == "" {
		n.Name = "Cycle " + strconv.Itoa(seq)
	}
	c, err := t.insertCycle(orgID, seq, n.Name, packRef)
	if err != nil {
		return Cycle{}, err
	}
	if len(prev) == 0 {
		return c, nil
	}
	// Copy only services the new cycle's pack knows.
	known := make([]string, 0, len(pack.Services))
	for _, sv := range pack.Services {
		known = append(known, sv.ID)
	}
	inKnown := "service_id IN (SELECT value FROM json_each(?))"
	knownJSON := jsonList(known)
	if _, err := t.exec(`INSERT INTO build_settings (cycle_id, service_id, in_scope, level_override, level_reason, assignment, provider, contract, target)
		SELECT ?, service_id, in_scope, level_override, level_reason, assignment, provider, contract, target
		FROM build_settings WHERE cycle_id = ? AND `+inKnown, c.ID, prev[0].ID, knownJSON); err != nil {
		return Cycle{}, err
	}
	if n.CarryOver {
		if _, err := t.exec(`INSERT INTO assessments (cycle_id, service_id, score, evidence, assessor, assessed_at, carried_over)
			SELECT ?, service_id, score, evidence, assessor, assessed_at, 1
			FROM assessments WHERE cycle_id = ? AND score IS NOT NULL AND `+inKnown, c.ID, prev[0].ID, knownJSON); err != nil {
			return Cycle{}, err
		}
		if err := t.log(orgID, c.ID, EntityCycle, c.Name, FieldCarryOver, "", prev[0].Name, ""); err != nil {
			return Cycle{}, err
		}
	}
	return c, nil
}

// CloseCycle closes a cycle; its settings and scores can no longer change.
func (s *Store) CloseCycle(ctx context.Context, cycleID int64) error {
	return s.Update(ctx, "", func(tx *Tx) error { return tx.CloseCycle(cycleID) })
}

// CloseCycle closes a cycle inside the transaction.
func (t *Tx) CloseCycle(cycleID int64) error {
	c, err := t.openCycle(cycleID)
	if err != nil {
		return err
	}
	if _, err := t.exec("UPDATE cycles SET status = 'closed', closed_at = ? WHERE id = ?", formatTime(t.at), cycleID); err != nil {
		return err
	}
	return t.log(c.OrgID, c.ID, EntityCycle, c.Name, FieldStatus, string(CycleOpen), string(CycleClosed), "")
}

// openCycle returns the cycle, or an error if it is missing or closed.
func (t *Tx) openCycle(cycleID int64) (Cycle, error) {
	c, err := scanCycle(t.queryRow("SELECT "+cycleColumns+cycleFrom+"WHERE c.id = ?", cycleID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("cycle %d does not exist", cycleID)
	}
	if err != nil {
		return c, err
	}
	if c.Status != CycleOpen {
		return c, fmt.Errorf("cycle %q is closed; start a new cycle to make changes", c.Name)
	}
	return c, nil
}

// CycleData loads a cycle with its pack and the state of every service, in catalogue order.
// It reads one snapshot, so a write by another program cannot show half-applied.
func (s *Store) CycleData(ctx context.Context, cycleID int64) (*CycleData, error) {
	var d *CycleData
	err := s.read(ctx, func(q querier) error {
		var err error
		d, err = s.cycleData(ctx, q, cycleID)
		return err
	})
	return d, err
}

// History loads every cycle of an organisation, oldest first, from one snapshot.
func (s *Store) History(ctx context.Context, orgID int64) ([]*CycleData, error) {
	var out []*CycleData
	err := s.read(ctx, func(q querier) error {
		cs, err := queryCycles(ctx, q, "WHERE c.org_id = ? ORDER BY c.seq", orgID)
		if err != nil {
			return err
		}
		out = make([]*CycleData, 0, len(cs))
		for _, c := range cs {
			if d := s.closedCycle(c); d != nil {
				o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", c.OrgID))
				if err != nil {
					return err
				}
				copied := *d
				copied.Org = o // the organisation's details may have changed since
				out = append(out, &copied)
				continue
			}
			d, err := s.cycleData(ctx, q, c.ID)
			if err != nil {
				return err
			}
			s.keepClosedCycle(d)
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// A closed cycle never changes, so History keeps what it read of one. The cache entry
// is used only while the cycle row is identical, so a cycle removed and replaced by
// another program under the same ID is read afresh.
func (s *Store) closedCycle(c Cycle) *CycleData {
	if c.Status != CycleClosed {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.closed[c.ID]
	if !ok || !sameCycle(d.Cycle, c) {
		return nil
	}
	return d
}

func (s *Store) keepClosedCycle(d *CycleData) {
	if d.Cycle.Status != CycleClosed {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed == nil {
		s.closed = map[int64]*CycleData{}
	}
	s.closed[d.Cycle.ID] = d
}

func sameCycle(a, b Cycle) bool {
	closedEqual := (a.ClosedAt == nil) == (b.ClosedAt == nil) && (a.ClosedAt == nil || a.ClosedAt.Equal(*b.ClosedAt))
	a.ClosedAt, b.ClosedAt = nil, nil
	return closedEqual && a.StartedAt.Equal(b.StartedAt) && a == b
}

// read runs fn in a read transaction (a plain BEGIN: it never takes the write lock).
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.describe(err)
	}
	defer tx.Rollback()
	return s.describe(fn(tx))
}

func (s *Store) cycleData(ctx context.Context, q querier, cycleID int64) (*CycleData, error) {
	c, err := scanCycle(q.QueryRowContext(ctx, "SELECT "+cycleColumns+cycleFrom+"WHERE c.id = ?", cycleID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("cycle %d does not exist", cycleID)
	}
	if err != nil {
		return nil, err
	}
	o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", c.OrgID))
	if err != nil {
		return nil, fmt.Errorf("organisation %d of cycle %d: %w", c.OrgID, cycleID, err)
	}
	pack, err := s.pack(ctx, q, c.PackRef)
	if err != nil {
		return nil, err
	}
	states, err := loadStates(ctx, q, pack, cycleID)
	if err != nil {
		return nil, err
	}
	return &CycleData{Org: o, Cycle: c, Pack: pack, Services: states}, nil
}

func defaultState(sv Service) ServiceState {
	return ServiceState{Service: sv, InScope: true, Level: sv.DefaultLevel, Assignment: AssignNone}
}

func loadStates(ctx context.Context, q querier, pack *Pack, cycleID int64) ([]ServiceState, error) {
	states := make([]ServiceState, len(pack.Services))
	index := make(map[string]int, len(pack.Services))
	for i, sv := range pack.Services {
		states[i] = defaultState(sv)
		index[sv.ID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT service_id, in_scope, level_override, level_reason, assignment, provider, contract, target
		FROM build_settings WHERE cycle_id = ?`, cycleID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, reason, assign, provider, contract string
		var inScope int
		var level sql.NullString
		var target sql.NullInt64
		if err := rows.Scan(&id, &inScope, &level, &reason, &assign, &provider, &contract, &target); err != nil {
			rows.Close()
			return nil, err
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		st := &states[i]
		st.InScope = inScope == 1
		if level.Valid {
			st.Level = Level(level.String)
			st.LevelOverridden = true
		}
		st.LevelReason = reason
		st.Assignment = Assignment(assign)
		st.Provider = provider
		st.Contract = contract
		if target.Valid {
			v := int(target.Int64)
			st.Target = &v
		}
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT service_id, score, evidence, assessor, assessed_at, carried_over FROM assessments WHERE cycle_id = ?`, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, evidence, assessor string
		var score sql.NullInt64
		var at sql.NullString
		var carried int
		if err := rows.Scan(&id, &score, &evidence, &assessor, &at, &carried); err != nil {
			return nil, err
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		st := &states[i]
		if score.Valid {
			v := int(score.Int64)
			st.Current = &v
		}
		st.Evidence = evidence
		st.Assessor = assessor
		if at.Valid {
			t := parseTime(at.String)
			st.AssessedAt = &t
		}
		st.CarriedOver = carried == 1
	}
	return states, rows.Err()
}

// BuildPatch changes Build settings; nil fields stay as they are.
type BuildPatch struct {
	InScope *bool
	// Level overrides the recommendation level; the pack default clears the override.
	Level *Level
	// Reason explains a level override; required when the level differs from the pack default.
	Reason      string
	Assignment  *Assignment
	Provider    *string
	Contract    *string
	Target      *int
	ClearTarget bool
}

// Empty reports whether the patch changes nothing.
func (p BuildPatch) Empty() bool {
	return p.InScope == nil && p.Level == nil && p.Assignment == nil && p.Provider == nil && p.Contract == nil && p.Target == nil && !p.ClearTarget
}

// SetBuild applies a Build patch to services of an open cycle and returns how many fields changed.
func (s *Store) SetBuild(ctx context.Context, cycleID int64, serviceIDs []string, p BuildPatch) (int, error) {
	var n int
	err := s.Update(ctx, "", func(tx *Tx) error {
		var err error
		n, err = tx.SetBuild(cycleID, serviceIDs, p)
		return err
	})
	return n, err
}

// SetBuild applies a Build patch inside the transaction.
func (t *Tx) SetBuild(cycleID int64, serviceIDs []string, p BuildPatch) (n int, err error) {
	c, err := t.openCycle(cycleID)
	if err != nil {
		return 0, err
	}
	pack, err := t.s.pack(t.ctx, t.tx, c.PackRef)
	if err != nil {
		return 0, err
	}
	if p.Target != nil && p.ClearTarget {
		return 0, errors.New("a Build change cannot both set and clear the target")
	}
	if p.Target != nil && !ValidScore(*p.Target) {
		return 0, fmt.Errorf("target %d is outside 0-5", *p.Target)
	}
	// Normalise so that "CDC" or "m" are stored as the schema's values.
	if p.Assignment != nil {
		a, err := ParseAssignment(string(*p.Assignment))
		if err != nil {
			return 0, err
		}
		p.Assignment = &a
	}
	if p.Level != nil {
		l, err := ParseLevel(string(*p.Level))
		if err != nil {
			return 0, err
		}
		p.Level = &l
	}
	if err := cleanPatch("provider", &p.Provider, MaxNameLen, false); err != nil {
		return 0, err
	}
	if err := cleanPatch("contract", &p.Contract, MaxNameLen, false); err != nil {
		return 0, err
	}
	if err := clean("reason", &p.Reason, MaxTextLen, true); err != nil {
		return 0, err
	}
	byID, err := t.buildStates(pack, cycleID)
	if err != nil {
		return 0, err
	}
	// A failed call may have changed cached states that were never written.
	defer func() {
		if err != nil {
			delete(t.build, cycleID)
		}
	}()
	changed := 0
	for _, id := range serviceIDs {
		id = strings.ToUpper(strings.TrimSpace(id))
		st, ok := byID[id]
		if !ok {
			return 0, fmt.Errorf("service %q is not in pack %s", id, pack.Ref())
		}
		type change struct {
			field            Field
			old, new, reason string
		}
		var changes []change
		if p.InScope != nil && *p.InScope != st.InScope {
			changes = append(changes, change{FieldScope, scopeWord(st.InScope), scopeWord(*p.InScope), p.Reason})
			st.InScope = *p.InScope
		}
		if p.Level != nil && *p.Level != st.Level {
			override := *p.Level != st.DefaultLevel
			if override && strings.TrimSpace(p.Reason) == "" {
				return 0, fmt.Errorf("service %s: changing the level from %s to %s needs a reason", id, st.Level, *p.Level)
			}
			changes = append(changes, change{FieldLevel, string(st.Level), string(*p.Level), p.Reason})
			st.Level = *p.Level
			st.LevelOverridden = override
			if override {
				st.LevelReason = p.Reason
			} else {
				st.LevelReason = ""
			}
		}
		if p.Assignment != nil && *p.Assignment != st.Assignment {
			changes = append(changes, change{FieldAssignment, string(st.Assignment), string(*p.Assignment), p.Reason})
			st.Assignment = *p.Assignment
		}
		if p.Provider != nil && *p.Provider != st.Provider {
			changes = append(changes, change{FieldProvider, st.Provider, *p.Provider, p.Reason})
			st.Provider = *p.Provider
		}
		if p.Contract != nil && *p.Contract != st.Contract {
			changes = append(changes, change{FieldContract, st.Contract, *p.Contract, p.Reason})
			st.Contract = *p.Contract
		}
		if p.ClearTarget && st.Target != nil {
			changes = append(changes, change{FieldTarget, scoreWord(st.Target), scoreWord(nil), p.Reason})
			st.Target = nil
		} else if p.Target != nil && (st.Target == nil || *st.Target != *p.Target) {
			changes = append(changes, change{FieldTarget, scoreWord(st.Target), scoreWord(p.Target), p.Reason})
			v := *p.Target
			st.Target = &v
		}
		if len(changes) == 0 {
			continue
		}
		var level any
		if st.LevelOverridden {
			level = string(st.Level)
		}
		var target any
		if st.Target != nil {
			target = *st.Target
		}
		if _, err := t.exec(`INSERT INTO build_settings (cycle_id, service_id, in_scope, level_override, level_reason, assignment, provider, contract, target)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (cycle_id, service_id) DO UPDATE SET in_scope = excluded.in_scope, level_override = excluded.level_override,
			level_reason = excluded.level_reason, assignment = excluded.assignment, provider = excluded.provider,
			contract = excluded.contract, target = excluded.target`,
			cycleID, id, boolInt(st.InScope), level, st.LevelReason, string(st.Assignment), st.Provider, st.Contract, target); err != nil {
			return 0, err
		}
		for _, ch := range changes {
			if err := t.log(c.OrgID, cycleID, EntityBuild, id, ch.field, ch.old, ch.new, ch.reason); err != nil {
				return 0, err
			}
		}
		changed += len(changes)
	}
	return changed, nil
}

// buildStates returns the cycle's services by ID, read once per transaction.
// SetBuild updates the cached states as it writes them.
func (t *Tx) buildStates(pack *Pack, cycleID int64) (map[string]*ServiceState, error) {
	if byID, ok := t.build[cycleID]; ok {
		return byID, nil
	}
	states, err := loadStates(t.ctx, t.tx, pack, cycleID)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*ServiceState, len(states))
	for i := range states {
		byID[states[i].ID] = &states[i]
	}
	if t.build == nil {
		t.build = map[int64]map[string]*ServiceState{}
	}
	t.build[cycleID] = byID
	return byID, nil
}

// AssessmentPatch changes a current score or its evidence.
type AssessmentPatch struct {
	Score      *int // sets the score and marks the service re-assessed
	ClearScore bool // back to not assessed
	Evidence   *string
	// EvidenceWas, when set, is the evidence the editor started from: if the stored
	// evidence differs, someone else changed it meanwhile and nothing is written.
	EvidenceWas *string
}

// SetAssessment records a current score and/or evidence for one service of an open cycle.
// It returns how many fields changed.
func (s *Store) SetAssessment(ctx context.Context, cycleID int64, serviceID string, p AssessmentPatch) (int, error) {
	var n int
	err := s.Update(ctx, "", func(tx *Tx) error {
		var err error
		n, err = tx.SetAssessment(cycleID, serviceID, p)
		return err
	})
	return n, err
}

// SetAssessment records a score inside the transaction.
func (t *Tx) SetAssessment(cycleID int64, serviceID string, p AssessmentPatch) (int, error) {
	c, err := t.openCycle(cycleID)
	if err != nil {
		return 0, err
	}
	pack, err := t.s.pack(t.ctx, t.tx, c.PackRef)
	if err != nil {
		return 0, err
	}
	serviceID = strings.ToUpper(strings.TrimSpace(serviceID))
	if _, ok := pack.Service(serviceID); !ok {
		return 0, fmt.Errorf("service %q is not in pack %s", serviceID, pack.Ref())
	}
	if p.Score != nil && p.ClearScore {
		return 0, fmt.Errorf("service %s: an assessment cannot both set and clear the score", serviceID)
	}
	if p.Score != nil && !ValidScore(*p.Score) {
		return 0, fmt.Errorf("score %d is outside 0-5", *p.Score)
	}
	if err := cleanPatch("evidence", &p.Evidence, MaxEvidenceLen, true); err != nil {
		return 0, err
	}
	if p.EvidenceWas != nil {
		was := norm.NFC.String(*p.EvidenceWas) // compared with the stored, normalised text
		p.EvidenceWas = &was
	}
	var score sql.NullInt64
	var evidence, assessor string
	var at sql.NullString
	var carried int
	err = t.queryRow("SELECT score, evidence, assessor, assessed_at, carried_over FROM assessments WHERE cycle_id = ? AND service_id = ?",
		cycleID, serviceID).Scan(&score, &evidence, &assessor, &at, &carried)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	var old *int
	if score.Valid {
		v := int(score.Int64)
		old = &v
	}
	changed := 0
	newScore := old
	switch {
	case p.ClearScore:
		if old != nil {
			newScore = nil
			changed++
			if err := t.log(c.OrgID, cycleID, EntityAssessment, serviceID, FieldCurrent, scoreWord(old), scoreWord(nil), ""); err != nil {
				return 0, err
			}
			assessor, at = "", sql.NullString{}
		}
		carried = 0
	case p.Score != nil:
		if old == nil || *old != *p.Score || carried == 1 {
			reason := ""
			if carried == 1 && old != nil && *old == *p.Score {
				reason = "re-assessed (was carried over)"
			}
			changed++
			if err := t.log(c.OrgID, cycleID, EntityAssessment, serviceID, FieldCurrent, scoreWord(old), scoreWord(p.Score), reason); err != nil {
				return 0, err
			}
			assessor = t.actor
			at = sql.NullString{String: formatTime(t.at), Valid: true}
		}
		v := *p.Score
		newScore = &v
		carried = 0
	}
	if p.EvidenceWas != nil && *p.EvidenceWas != evidence {
		return 0, fmt.Errorf("the evidence of %s was changed elsewhere while you edited it; your text was not saved: %w", serviceID, ErrConflict)
	}
	if p.Evidence != nil && *p.Evidence != evidence {
		changed++
		if err := t.log(c.OrgID, cycleID, EntityAssessment, serviceID, FieldEvidence, evidence, *p.Evidence, ""); err != nil {
			return 0, err
		}
		evidence = *p.Evidence
	}
	if changed == 0 {
		return 0, nil
	}
	var sc any
	if newScore != nil {
		sc = *newScore
	}
	_, err = t.exec(`INSERT INTO assessments (cycle_id, service_id, score, evidence, assessor, assessed_at, carried_over)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (cycle_id, service_id) DO UPDATE SET score = excluded.score, evidence = excluded.evidence,
		assessor = excluded.assessor, assessed_at = excluded.assessed_at, carried_over = excluded.carried_over`,
		cycleID, serviceID, sc, evidence, assessor, at, carried)
	return changed, err
}

func scopeWord(in bool) string {
	if in {
		return "in"
	}
	return "out"
}

// scoreWord renders a score for the change log: the number, or "none".
func scoreWord(v *int) string {
	if v == nil {
		return "none"
	}
	return strconv.Itoa(*v)
}

func jsonList(ids []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(id))
	}
	b.WriteByte(']')
	return b.String()
}
