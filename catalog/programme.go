package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ProgrammeOrg is one organisation of a programme: its details, every cycle ready to
// evaluate, and the few management figures a programme view shows.
type ProgrammeOrg struct {
	Org Organisation `json:"organisation"`
	// Cycles holds every cycle, oldest first. To keep a programme of many organisations small
	// and quick to read, its services carry only what evaluation needs: no evidence, assessor,
	// assessment time, provider, contract or level reason (CycleData reads those).
	Cycles []*CycleData `json:"cycles"`
	// CurrentCycle is the newest open cycle, else the newest cycle; 0 without cycles.
	CurrentCycle int64 `json:"current_cycle"`
	// LatestAssessed is the newest cycle with at least one assessed in-scope service;
	// 0 when no cycle has one (the organisation then has no figures to compare).
	LatestAssessed int64 `json:"latest_assessed"`
	// LastChange is the time of the organisation's newest change-log entry, LastChangeID its ID.
	LastChange   *time.Time `json:"last_change"`
	LastChangeID int64      `json:"-"`
	// OpenActions counts improvement actions planned or in progress.
	OpenActions int `json:"open_actions"`
}

// Cycle returns one of the organisation's cycles by ID.
func (p *ProgrammeOrg) Cycle(id int64) *CycleData {
	for _, c := range p.Cycles {
		if c.Cycle.ID == id {
			return c
		}
	}
	return nil
}

// LatestAssessedCycle returns the cycle LatestAssessed names, nil when there is none.
func (p *ProgrammeOrg) LatestAssessedCycle() *CycleData {
	if p.LatestAssessed == 0 {
		return nil
	}
	return p.Cycle(p.LatestAssessed)
}

// Programme reads every organisation with all its cycles from one snapshot, in a fixed
// number of queries whatever the number of organisations: the organisations with their last
// change and open actions, the cycles, the Build settings and the scores. Organisations come
// in name order.
func (s *Store) Programme(ctx context.Context) ([]ProgrammeOrg, error) {
	return readValue(ctx, s, func(q querier) ([]ProgrammeOrg, error) { return s.programme(ctx, q, nil, 0) })
}

// ProgrammeOf reads the organisations ids name as Programme does, in as many queries
// whatever their number: a screen that shows a few organisations reads only those.
// Organisations that no longer exist are left out; the rest come in name order.
func (s *Store) ProgrammeOf(ctx context.Context, ids []int64) ([]ProgrammeOrg, error) {
	if len(ids) == 0 {
		return []ProgrammeOrg{}, nil
	}
	return readValue(ctx, s, func(q querier) ([]ProgrammeOrg, error) { return s.programme(ctx, q, ids, 0) })
}

// idList is a SQL list of IDs; they are integers, so nothing from a user reaches the query text.
func idList(ids []int64) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(')')
	return b.String()
}

// programme reads the organisations ids name, or all of them when ids is nil. The settings and
// scores of the cycle skip names (0: none) are not read: its caller has them already, and its
// CycleData holds defaults (LatestAssessed does not look at it either).
func (s *Store) programme(ctx context.Context, q querier, ids []int64, skip int64) ([]ProgrammeOrg, error) {
	orgWhere, cycleWhere := "", ""
	if ids != nil {
		list := idList(ids)
		orgWhere = " WHERE o.id IN " + list
		cycleWhere = "WHERE c.org_id IN " + list + " "
	}
	rows, err := q.QueryContext(ctx, `SELECT o.id, o.name, o.sector, o.country, o.size, o.notes, o.created_at,
		(SELECT l.at FROM change_log l WHERE l.org_id = o.id ORDER BY l.id DESC LIMIT 1),
		coalesce((SELECT l.id FROM change_log l WHERE l.org_id = o.id ORDER BY l.id DESC LIMIT 1), 0),
		(SELECT count(*) FROM actions a WHERE a.org_id = o.id AND a.status IN ('planned', 'in-progress'))
		FROM organisations o`+orgWhere+` ORDER BY o.name COLLATE NOCASE, o.id`)
	if err != nil {
		return nil, err
	}
	var out []ProgrammeOrg
	index := map[int64]int{}
	for rows.Next() {
		var p ProgrammeOrg
		var created string
		var last sql.NullString
		if err := rows.Scan(&p.Org.ID, &p.Org.Name, &p.Org.Sector, &p.Org.Country, &p.Org.Size, &p.Org.Notes, &created, &last, &p.LastChangeID, &p.OpenActions); err != nil {
			rows.Close()
			return nil, err
		}
		p.Org.CreatedAt = parseTime(created)
		if last.Valid {
			t := parseTime(last.String)
			p.LastChange = &t
		}
		index[p.Org.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	cycles, err := queryCycles(ctx, q, cycleWhere+"ORDER BY c.org_id, c.seq")
	if err != nil {
		return nil, err
	}
	// The packs decode while the rows are read; the rows are applied once the packs are there.
	packs := map[int64]func() (*Pack, error){}
	for _, c := range cycles {
		if _, ok := index[c.OrgID]; ok && packs[c.PackRef] == nil {
			packs[c.PackRef] = s.packLater(ctx, q, c.PackRef)
		}
	}

	// Each cycle's settings and scores come packed, one row a cycle (the driver's cost is per
	// row and column): a closed cycle's as kept in cycle_figures, the others as the view
	// cycle_figures_live packs them (schema 10 defines the format; see packedCycle).
	where := "1"
	if ids != nil {
		where = "cycle_id IN (SELECT id FROM cycles WHERE org_id IN " + idList(ids) + ")"
	}
	if skip != 0 {
		where += " AND cycle_id <> " + strconv.FormatInt(skip, 10)
	}
	figures, err := packedRows(ctx, q, `SELECT cycle_id, builds, scores FROM cycle_figures WHERE `+where+`
		UNION ALL SELECT cycle_id, builds, scores FROM cycle_figures_live v WHERE `+where+`
		AND NOT EXISTS (SELECT 1 FROM cycle_figures f WHERE f.cycle_id = v.cycle_id)`)
	if err != nil {
		return nil, err
	}

	byCycle := make(map[int64]*CycleData, len(cycles))
	serviceIndex := map[int64]map[string]int{} // per pack ref
	for _, c := range cycles {
		i, ok := index[c.OrgID]
		if !ok {
			continue
		}
		pack, err := packs[c.PackRef]()
		if err != nil {
			return nil, err
		}
		if _, ok := serviceIndex[c.PackRef]; !ok {
			m := make(map[string]int, len(pack.Services))
			for j, sv := range pack.Services {
				m[sv.ID] = j
			}
			serviceIndex[c.PackRef] = m
		}
		states := make([]ServiceState, len(pack.Services))
		for j, sv := range pack.Services {
			states[j] = defaultState(sv)
		}
		d := &CycleData{Org: out[i].Org, Cycle: c, Pack: pack, Services: states}
		out[i].Cycles = append(out[i].Cycles, d)
		byCycle[c.ID] = d
	}
	state := func(cycleID int64, serviceID string) *ServiceState {
		d, ok := byCycle[cycleID]
		if !ok {
			return nil
		}
		j, ok := serviceIndex[d.Cycle.PackRef][serviceID]
		if !ok {
			return nil
		}
		return &d.Services[j]
	}

	err = figures.each(buildFields, func(p packedCycle) string { return p.builds }, func(cycleID int64, f []string) error {
		st := state(cycleID, f[0])
		if st == nil {
			return nil
		}
		st.InScope = f[1] == "1"
		if f[2] != "" {
			st.Level = Level(f[2])
			st.LevelOverridden = true
		}
		st.Assignment = Assignment(f[3])
		if f[4] != "" {
			v, err := strconv.Atoi(f[4])
			if err != nil {
				return err
			}
			st.Target = &v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = figures.each(scoreFields, func(p packedCycle) string { return p.scores }, func(cycleID int64, f []string) error {
		st := state(cycleID, f[0])
		if st == nil {
			return nil
		}
		v, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		st.Current = &v
		st.CarriedOver = f[2] == "1"
		return nil
	})
	if err != nil {
		return nil, err
	}

	for i := range out {
		p := &out[i]
		for j := len(p.Cycles) - 1; j >= 0; j-- {
			d := p.Cycles[j]
			if p.CurrentCycle == 0 && d.Cycle.Status == CycleOpen {
				p.CurrentCycle = d.Cycle.ID
			}
			if p.LatestAssessed == 0 && d.Cycle.ID != skip && hasAssessedInScope(d) {
				p.LatestAssessed = d.Cycle.ID
			}
		}
		if p.CurrentCycle == 0 && len(p.Cycles) > 0 {
			p.CurrentCycle = p.Cycles[len(p.Cycles)-1].Cycle.ID
		}
		if p.Cycles == nil {
			p.Cycles = []*CycleData{}
		}
	}
	return out, nil
}

// hasAssessedInScope reports whether a cycle has a current score for an in-scope service:
// the rule that makes a cycle an organisation's latest assessed one.
func hasAssessedInScope(d *CycleData) bool {
	for _, s := range d.Services {
		if s.InScope && s.Current != nil {
			return true
		}
	}
	return false
}

// ProgrammeSummary is one organisation as a programme dashboard lists it before its figures
// are read: one cheap row each, so a list of many organisations appears at once.
type ProgrammeSummary struct {
	Org Organisation `json:"organisation"`
	// Cycles counts the organisation's cycles; OpenCycles those still open.
	Cycles     int `json:"cycles"`
	OpenCycles int `json:"open_cycles"`
	// CurrentCycle is the newest open cycle, else the newest cycle (0 and "" without cycles).
	CurrentCycle     int64  `json:"current_cycle"`
	CurrentCycleName string `json:"current_cycle_name"`
	// Activity says whether the fields below were read: they come from the change log and the
	// actions, the large tables, so a first screen may do without them.
	Activity bool `json:"activity"`
	// LastChangeID is the newest change-log entry of the organisation: figures read while it
	// was the newest are still the organisation's figures.
	LastChangeID int64      `json:"last_change_id"`
	LastChange   *time.Time `json:"last_change"`
	OpenActions  int        `json:"open_actions"`
}

// ProgrammeSummaries lists every organisation in name order, as Programme orders them, in one
// query; with activity it also reads each one's newest change and open actions.
func (s *Store) ProgrammeSummaries(ctx context.Context, activity bool) ([]ProgrammeSummary, error) {
	cols := "0, NULL, 0"
	if activity {
		cols = `coalesce((SELECT l.id FROM change_log l WHERE l.org_id = o.id ORDER BY l.id DESC LIMIT 1), 0),
		(SELECT l.at FROM change_log l WHERE l.org_id = o.id ORDER BY l.id DESC LIMIT 1),
		(SELECT count(*) FROM actions a WHERE a.org_id = o.id AND a.status IN ('planned', 'in-progress'))`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.uuid, o.name, o.sector, o.country, o.size, o.notes, o.created_at,
		(SELECT count(*) FROM cycles c WHERE c.org_id = o.id),
		(SELECT count(*) FROM cycles c WHERE c.org_id = o.id AND c.status = 'open'),
		coalesce((SELECT c.id FROM cycles c WHERE c.org_id = o.id ORDER BY c.status = 'open' DESC, c.seq DESC LIMIT 1), 0),
		coalesce((SELECT c.name FROM cycles c WHERE c.org_id = o.id ORDER BY c.status = 'open' DESC, c.seq DESC LIMIT 1), ''),
		`+cols+`
		FROM organisations o ORDER BY o.name COLLATE NOCASE, o.id`)
	if err != nil {
		return nil, s.describe(err)
	}
	defer rows.Close()
	out := []ProgrammeSummary{}
	for rows.Next() {
		p := ProgrammeSummary{Activity: activity}
		var created string
		var last sql.NullString
		if err := rows.Scan(&p.Org.ID, &p.Org.UUID, &p.Org.Name, &p.Org.Sector, &p.Org.Country, &p.Org.Size, &p.Org.Notes, &created,
			&p.Cycles, &p.OpenCycles, &p.CurrentCycle, &p.CurrentCycleName, &p.LastChangeID, &last, &p.OpenActions); err != nil {
			return nil, err
		}
		p.Org.CreatedAt = parseTime(created)
		if last.Valid {
			t := parseTime(last.String)
			p.LastChange = &t
		}
		out = append(out, p)
	}
	return out, s.describe(rows.Err())
}

// Summary is the programme summary of an organisation read with Programme or ProgrammeOf:
// what it was read with, to tell later whether it is still current.
func (p *ProgrammeOrg) Summary() ProgrammeSummary {
	out := ProgrammeSummary{Org: p.Org, Cycles: len(p.Cycles), Activity: true, LastChangeID: p.LastChangeID, LastChange: p.LastChange, OpenActions: p.OpenActions}
	for _, c := range p.Cycles {
		if c.Cycle.Status == CycleOpen {
			out.OpenCycles++
		}
	}
	if c := p.Cycle(p.CurrentCycle); c != nil {
		out.CurrentCycle, out.CurrentCycleName = c.Cycle.ID, c.Cycle.Name
	}
	return out
}

// A packed record is a service's fields joined by the unit separator (char 31); a cycle's
// records are joined by the record separator (char 30), in the form the view
// cycle_figures_live makes them (migration 0010): builds are service, in scope, level
// override, assignment and target; scores are service, score and carried over. Every field but
// the service ID is an integer or a CHECKed word, so a separator inside an ID changes its
// record's number of fields, and each refuses such a record instead of misreading it.
const (
	buildFields = 5
	scoreFields = 3
)

// packed are the (cycle ID, builds, scores) rows of a query.
type packed []packedCycle

type packedCycle struct {
	cycleID        int64
	builds, scores string
}

// packedRows runs a query of (cycle ID, builds, scores) rows and returns the rows.
func packedRows(ctx context.Context, q querier, query string) (packed, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out packed
	for rows.Next() {
		var r packedCycle
		if err := rows.Scan(&r.cycleID, &r.builds, &r.scores); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// each calls fn with the n fields of each record records picks of a cycle, the service ID first.
func (p packed) each(n int, records func(packedCycle) string, fn func(cycleID int64, fields []string) error) error {
	fields := make([]string, n)
	for _, r := range p {
		all := records(r)
		if all == "" { // nothing set or scored
			continue
		}
		for record := range strings.SplitSeq(all, "\x1e") {
			rest := record
			for i := range n - 1 {
				var ok bool
				if fields[i], rest, ok = strings.Cut(rest, "\x1f"); !ok {
					return fmt.Errorf("cycle %d: a stored record does not read", r.cycleID)
				}
			}
			if strings.Contains(rest, "\x1f") {
				return fmt.Errorf("cycle %d: a stored record does not read", r.cycleID)
			}
			fields[n-1] = rest
			if err := fn(r.cycleID, fields); err != nil {
				return fmt.Errorf("cycle %d: %w", r.cycleID, err)
			}
		}
	}
	return nil
}
