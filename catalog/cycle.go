package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

const cycleColumns = "c.id, c.uuid, c.org_id, c.seq, c.name, c.status, c.pack_ref, p.pack_id, p.version, c.started_at, c.closed_at"

const cycleFrom = " FROM cycles c JOIN packs p ON p.ref = c.pack_ref "

func scanCycle(sc rowScanner) (Cycle, error) {
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
	return collect(ctx, q, scanCycle, "SELECT "+cycleColumns+cycleFrom+where, args...)
}

// Cycles lists an organisation's cycles, oldest first.
func (s *Store) Cycles(ctx context.Context, orgID int64) ([]Cycle, error) {
	cs, err := queryCycles(ctx, s.db, "WHERE c.org_id = ? ORDER BY c.seq", orgID)
	return cs, s.describe(err)
}

// Cycle returns a cycle by ID.
func (s *Store) Cycle(ctx context.Context, id int64) (Cycle, error) {
	c, err := cycleByID(ctx, s.db, id)
	return c, s.describe(err)
}

// Cycle returns a cycle by ID, as the transaction sees it.
func (t *Tx) Cycle(id int64) (Cycle, error) { return cycleByID(t.ctx, t.tx, id) }

// CycleData loads a cycle with its pack and services, as the transaction sees it.
func (t *Tx) CycleData(cycleID int64) (*CycleData, error) { return t.s.cycleData(t.ctx, t.tx, cycleID) }

func cycleByID(ctx context.Context, q querier, id int64) (Cycle, error) {
	c, err := scanCycle(q.QueryRowContext(ctx, "SELECT "+cycleColumns+cycleFrom+"WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFoundID(KindCycle, id)
	}
	return c, err
}

// FindCycle resolves a cycle of an organisation by name, UUID, sequence number or ID.
// An empty ref means the current cycle: the newest open one, else the newest one.
func (s *Store) FindCycle(ctx context.Context, orgID int64, ref string) (Cycle, error) {
	cs, err := s.Cycles(ctx, orgID)
	if err != nil {
		return Cycle{}, err
	}
	if len(cs) == 0 {
		return Cycle{}, &NotFoundError{Kind: KindCycle}
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
	return Cycle{}, &NotFoundError{Kind: KindCycle, Ref: ref, Known: names}
}

// RenameCycle gives a cycle another name, unique in its organisation in any case. Its
// identity (UUID) stays, so its questionnaires and organisation files still match it.
func (s *Store) RenameCycle(ctx context.Context, cycleID int64, name string) (Cycle, error) {
	return update(ctx, s, "", func(tx *Tx) (Cycle, error) { return tx.RenameCycle(cycleID, name) })
}

// RenameCycle renames a cycle inside the transaction; the change log records the old name.
func (t *Tx) RenameCycle(cycleID int64, name string) (Cycle, error) {
	c, err := t.Cycle(cycleID)
	if err != nil {
		return Cycle{}, err
	}
	name, err = cleanName("cycle name", name)
	if err != nil || name == c.Name {
		return c, err
	}
	var clash int
	if err := t.queryRow("SELECT count(*) FROM cycles WHERE org_id = ? AND name = ? COLLATE NOCASE AND id <> ?", c.OrgID, name, c.ID).Scan(&clash); err != nil {
		return Cycle{}, err
	}
	if clash > 0 {
		return Cycle{}, fmt.Errorf("cycle %q already exists", name)
	}
	if _, err := t.exec("UPDATE cycles SET name = ? WHERE id = ?", name, c.ID); err != nil {
		return Cycle{}, err
	}
	if err := t.log(c.OrgID, c.ID, EntityCycle, c.Name, FieldName, c.Name, name, ""); err != nil {
		return Cycle{}, err
	}
	c.Name = name
	return c, nil
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
	return update(ctx, s, "", func(tx *Tx) (Cycle, error) { return tx.StartCycle(orgID, n) })
}

// StartCycle starts the next cycle inside the transaction.
func (t *Tx) StartCycle(orgID int64, n NewCycle) (Cycle, error) {
	var orgs int
	if err := t.queryRow("SELECT count(*) FROM organisations WHERE id = ?", orgID).Scan(&orgs); err != nil {
		return Cycle{}, err
	}
	if orgs == 0 {
		return Cycle{}, notFoundID(KindOrganisation, orgID)
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
	if err := t.carryActions(prev[0], c); err != nil {
		return Cycle{}, err
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

// CloseCycle closes a cycle; its settings and scores can no longer change. Its open
// short-term actions are carried over to the next cycle (see CloseCycleWith).
func (s *Store) CloseCycle(ctx context.Context, cycleID int64) error {
	return s.CloseCycleWith(ctx, cycleID, CarryActions)
}

// CloseCycle closes a cycle inside the transaction, carrying its open short-term actions over.
func (t *Tx) CloseCycle(cycleID int64) error { return t.CloseCycleWith(cycleID, CarryActions) }

// openCycle returns the cycle, or an error if it is missing or closed.
func (t *Tx) openCycle(cycleID int64) (Cycle, error) {
	c, err := t.Cycle(cycleID)
	if err != nil {
		return c, err
	}
	if c.Status != CycleOpen {
		return c, &ClosedCycleError{Cycle: c.Name}
	}
	return c, nil
}

// CycleData loads a cycle with its pack and the state of every service, in catalogue order.
// It reads one snapshot, so a write by another program cannot show half-applied.
func (s *Store) CycleData(ctx context.Context, cycleID int64) (*CycleData, error) {
	return readValue(ctx, s, func(q querier) (*CycleData, error) { return s.cycleData(ctx, q, cycleID) })
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
	e, ok := s.closed[c.ID]
	if !ok || !sameCycle(e.data.Cycle, c) {
		return nil
	}
	s.closedUse++
	e.used = s.closedUse
	return e.data
}

func (s *Store) keepClosedCycle(d *CycleData) {
	if d.Cycle.Status != CycleClosed {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed == nil {
		s.closed = map[int64]*closedEntry{}
	}
	s.closedUse++
	s.closed[d.Cycle.ID] = &closedEntry{data: d, used: s.closedUse}
	for len(s.closed) > maxClosedCycles {
		var oldest int64
		first := true
		for id, e := range s.closed {
			if first || e.used < s.closed[oldest].used {
				oldest, first = id, false
			}
		}
		delete(s.closed, oldest)
	}
}

// maxClosedCycles bounds the closed-cycle cache: the least recently used cycle is dropped.
// 64 covers a long history of one organisation, or the latest cycles of a programme screen.
var maxClosedCycles = 64

// closedEntry is a cached closed cycle and when it was last used.
type closedEntry struct {
	data *CycleData
	used uint64
}

func sameCycle(a, b Cycle) bool {
	closedEqual := (a.ClosedAt == nil) == (b.ClosedAt == nil) && (a.ClosedAt == nil || a.ClosedAt.Equal(*b.ClosedAt))
	a.ClosedAt, b.ClosedAt = nil, nil
	return closedEqual && a.StartedAt.Equal(b.StartedAt) && a == b
}

func (s *Store) cycleData(ctx context.Context, q querier, cycleID int64) (*CycleData, error) {
	c, o, err := cycleHead(ctx, q, cycleID)
	if err != nil {
		return nil, err
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

// cycleHead reads a cycle's row and its organisation's.
func cycleHead(ctx context.Context, q querier, cycleID int64) (Cycle, Organisation, error) {
	c, err := scanCycle(q.QueryRowContext(ctx, "SELECT "+cycleColumns+cycleFrom+"WHERE c.id = ?", cycleID))
	if errors.Is(err, sql.ErrNoRows) {
		return Cycle{}, Organisation{}, notFoundID(KindCycle, cycleID)
	}
	if err != nil {
		return Cycle{}, Organisation{}, err
	}
	o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", c.OrgID))
	if err != nil {
		return Cycle{}, Organisation{}, fmt.Errorf("organisation %d of cycle %d: %w", c.OrgID, cycleID, err)
	}
	return c, o, nil
}

func defaultState(sv Service) ServiceState {
	return ServiceState{Service: sv, InScope: true, Level: sv.DefaultLevel, Assignment: AssignNone}
}

func loadStates(ctx context.Context, q querier, pack *Pack, cycleID int64) ([]ServiceState, error) {
	rows, err := readStateRows(ctx, q, cycleID, nil)
	if err != nil {
		return nil, err
	}
	return rows.states(pack), nil
}

// states are the pack's services with the rows applied, in pack order.
func (rs *stateRows) states(pack *Pack) []ServiceState {
	states := make([]ServiceState, len(pack.Services))
	index := make(map[string]int, len(pack.Services))
	for i, sv := range pack.Services {
		states[i] = defaultState(sv)
		index[sv.ID] = i
	}
	rs.apply(func(id string) *ServiceState {
		if i, ok := index[id]; ok {
			return &states[i]
		}
		return nil
	})
	return states
}

// fillStates applies the cycle's Build settings and assessments to the states at(id) returns
// (nil: a service the pack does not have); only, when not nil, limits the read to those services.
func fillStates(ctx context.Context, q querier, cycleID int64, only []string, at func(id string) *ServiceState) error {
	rows, err := readStateRows(ctx, q, cycleID, only)
	if err != nil {
		return err
	}
	rows.apply(at)
	return nil
}

// stateRows are a cycle's Build settings and assessment rows as read, before they are applied
// to the pack's services (readStateRows does not need the pack).
type stateRows struct {
	builds   []buildRow
	assessed []assessRow
}

type buildRow struct {
	id, reason, assign, provider, contract string
	inScope                                int
	level                                  sql.NullString
	target                                 sql.NullInt64
}

type assessRow struct {
	id, evidence, assessor string
	score                  sql.NullInt64
	assessedAt             sql.NullString
	carried                int
}

// readStateRows reads the cycle's Build settings and assessments (only those of the services
// only names, when not nil).
func readStateRows(ctx context.Context, q querier, cycleID int64, only []string) (*stateRows, error) {
	where, args := "WHERE cycle_id = ?", []any{cycleID}
	if only != nil {
		where += " AND service_id IN (SELECT value FROM json_each(?))"
		args = append(args, jsonList(only))
	}
	out := &stateRows{}
	rows, err := q.QueryContext(ctx, `SELECT service_id, in_scope, level_override, level_reason, assignment, provider, contract, target
		FROM build_settings `+where, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r buildRow
		if err := rows.Scan(&r.id, &r.inScope, &r.level, &r.reason, &r.assign, &r.provider, &r.contract, &r.target); err != nil {
			rows.Close()
			return nil, err
		}
		out.builds = append(out.builds, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT service_id, score, evidence, assessor, assessed_at, carried_over FROM assessments `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r assessRow
		if err := rows.Scan(&r.id, &r.score, &r.evidence, &r.assessor, &r.assessedAt, &r.carried); err != nil {
			return nil, err
		}
		out.assessed = append(out.assessed, r)
	}
	return out, rows.Err()
}

// apply sets the rows on the states at(id) returns (nil: a service the pack does not have).
func (rs *stateRows) apply(at func(id string) *ServiceState) {
	for _, r := range rs.builds {
		st := at(r.id)
		if st == nil {
			continue
		}
		st.InScope = r.inScope == 1
		if r.level.Valid {
			st.Level = Level(r.level.String)
			st.LevelOverridden = true
		}
		st.LevelReason = r.reason
		st.Assignment = Assignment(r.assign)
		st.Provider = r.provider
		st.Contract = r.contract
		if r.target.Valid {
			v := int(r.target.Int64)
			st.Target = &v
		}
	}
	for _, r := range rs.assessed {
		st := at(r.id)
		if st == nil {
			continue
		}
		if r.score.Valid {
			v := int(r.score.Int64)
			st.Current = &v
		}
		st.Evidence = r.evidence
		st.Assessor = r.assessor
		if r.assessedAt.Valid {
			t := parseTime(r.assessedAt.String)
			st.AssessedAt = &t
		}
		st.CarriedOver = r.carried == 1
	}
}

// jsonList is a JSON array of service IDs (plain ASCII, which strconv.Quote quotes as JSON does).
func jsonList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	return "[" + strings.Join(q, ",") + "]"
}
