package catalog

import (
	"context"
	"database/sql"
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
	// LastChange is the time of the organisation's newest change-log entry.
	LastChange *time.Time `json:"last_change"`
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
	var out []ProgrammeOrg
	err := s.read(ctx, func(q querier) error {
		var err error
		out, err = s.programme(ctx, q)
		return err
	})
	return out, err
}

func (s *Store) programme(ctx context.Context, q querier) ([]ProgrammeOrg, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.id, o.name, o.sector, o.country, o.size, o.notes, o.created_at,
		(SELECT l.at FROM change_log l WHERE l.org_id = o.id ORDER BY l.id DESC LIMIT 1),
		(SELECT count(*) FROM actions a WHERE a.org_id = o.id AND a.status IN ('planned', 'in-progress'))
		FROM organisations o ORDER BY o.name COLLATE NOCASE, o.id`)
	if err != nil {
		return nil, err
	}
	var out []ProgrammeOrg
	index := map[int64]int{}
	for rows.Next() {
		var p ProgrammeOrg
		var created string
		var last sql.NullString
		if err := rows.Scan(&p.Org.ID, &p.Org.Name, &p.Org.Sector, &p.Org.Country, &p.Org.Size, &p.Org.Notes, &created, &last, &p.OpenActions); err != nil {
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

	cycles, err := queryCycles(ctx, q, "ORDER BY c.org_id, c.seq")
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
		pack, err := s.pack(ctx, q, c.PackRef)
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

	// Plain columns (no NULL) scan several times faster than sql.Null types: -1 and '' stand for none.
	rows, err = q.QueryContext(ctx, `SELECT cycle_id, service_id, in_scope, coalesce(level_override, ''), assignment, coalesce(target, -1) FROM build_settings`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var cycleID, inScope, target int64
		var id, level, assign string
		if err := rows.Scan(&cycleID, &id, &inScope, &level, &assign, &target); err != nil {
			rows.Close()
			return nil, err
		}
		st := state(cycleID, id)
		if st == nil {
			continue
		}
		st.InScope = inScope == 1
		if level != "" {
			st.Level = Level(level)
			st.LevelOverridden = true
		}
		st.Assignment = Assignment(assign)
		if target >= 0 {
			v := int(target)
			st.Target = &v
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT cycle_id, service_id, score, carried_over FROM assessments WHERE score IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var cycleID, score, carried int64
		var id string
		if err := rows.Scan(&cycleID, &id, &score, &carried); err != nil {
			rows.Close()
			return nil, err
		}
		if st := state(cycleID, id); st != nil {
			v := int(score)
			st.Current = &v
			st.CarriedOver = carried == 1
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	for i := range out {
		p := &out[i]
		for j := len(p.Cycles) - 1; j >= 0; j-- {
			d := p.Cycles[j]
			if p.CurrentCycle == 0 && d.Cycle.Status == CycleOpen {
				p.CurrentCycle = d.Cycle.ID
			}
			if p.LatestAssessed == 0 && hasAssessedInScope(d) {
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
