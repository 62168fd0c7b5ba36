package catalog

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// CycleWithHistory reads, from one snapshot, what evaluating a cycle needs: the cycle in full
// (as CycleData reads it) and every cycle of its organisation, oldest first, with the cycle
// itself in its place. The other cycles are read as Programme reads them, with only what
// evaluation uses (no evidence, assessor, provider, contract or level reason), in a fixed
// number of queries however many cycles there are: the report needs the figures of the
// earlier cycles for the changes and the trend, not their text.
func (s *Store) CycleWithHistory(ctx context.Context, cycleID int64) (*CycleData, []*CycleData, error) {
	return s.readWithHead(ctx, cycleID, func(q querier, c Cycle, o Organisation) (*CycleData, []*CycleData, error) {
		// The pack decodes on another goroutine while the rows of every cycle are read.
		pack := s.packLater(ctx, q, c.PackRef)
		rows, err := readStateRows(ctx, q, cycleID, nil)
		if err != nil {
			return nil, nil, err
		}
		history, err := s.history(ctx, q, o.ID, cycleID)
		if err != nil {
			return nil, nil, err
		}
		p, err := pack()
		if err != nil {
			return nil, nil, err
		}
		cur := &CycleData{Org: o, Cycle: c, Pack: p, Services: rows.states(p)}
		if i := cycleIndex(history, cycleID); i >= 0 {
			history[i] = cur
		} else { // not reached: both reads share one snapshot
			history = append(history, cur)
		}
		return cur, history, nil
	})
}

// CycleFigures reads, from one snapshot, what `cdc eval` shows of a cycle: every cycle of its
// organisation, oldest first, as CycleWithHistory reads the earlier ones (figures, no text), the
// cycle itself among them with, besides its figures, the providers its service rows name. Its
// evidence, assessors, contracts and level reasons are not read: this is a fifth of the time of
// reading the cycle in full.
func (s *Store) CycleFigures(ctx context.Context, cycleID int64) (*CycleData, []*CycleData, error) {
	return s.readWithHead(ctx, cycleID, func(q querier, c Cycle, o Organisation) (*CycleData, []*CycleData, error) {
		history, err := s.history(ctx, q, o.ID, 0)
		if err != nil {
			return nil, nil, err
		}
		i := cycleIndex(history, cycleID)
		if i < 0 { // not reached: both reads share one snapshot
			return nil, nil, notFoundID(KindCycle, cycleID)
		}
		cur := history[i]
		cur.Org, cur.Cycle = o, c
		return cur, history, readProviders(ctx, q, cur)
	})
}

// readWithHead reads, in one snapshot, the cycle cycleID and its organisation, then what
// finish reads with them: a cycle and the history it is part of.
func (s *Store) readWithHead(ctx context.Context, cycleID int64, finish func(q querier, c Cycle, o Organisation) (*CycleData, []*CycleData, error)) (*CycleData, []*CycleData, error) {
	var cur *CycleData
	var history []*CycleData
	err := s.read(ctx, func(q querier) error {
		c, o, err := cycleHead(ctx, q, cycleID)
		if err != nil {
			return err
		}
		cur, history, err = finish(q, c, o)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return cur, history, nil
}

// history reads an organisation's cycles, oldest first, as Programme reads them; the rows of
// the cycle skip are left for the caller to read.
func (s *Store) history(ctx context.Context, q querier, orgID, skip int64) ([]*CycleData, error) {
	orgs, err := s.programme(ctx, q, []int64{orgID}, skip)
	if err != nil || len(orgs) != 1 {
		return nil, err
	}
	return orgs[0].Cycles, nil
}

// cycleIndex is the place of cycleID among cycles, -1 when it is not there.
func cycleIndex(cycles []*CycleData, cycleID int64) int {
	return slices.IndexFunc(cycles, func(d *CycleData) bool { return d.Cycle.ID == cycleID })
}

// readProviders sets the providers of d's services: few rows, as most services name none.
func readProviders(ctx context.Context, q querier, d *CycleData) error {
	rows, err := q.QueryContext(ctx, "SELECT service_id, provider FROM build_settings WHERE cycle_id = ? AND provider <> ''", d.Cycle.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	at := map[string]int{}
	for i, sv := range d.Services {
		at[sv.ID] = i
	}
	for rows.Next() {
		var id, provider string
		if err := rows.Scan(&id, &provider); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			d.Services[i].Provider = provider
		}
	}
	return rows.Err()
}

// PatchCycle is what a write changed in a cycle that is already read: the cycle row and the
// present state of each service the write's change-log entries name.
type PatchCycle struct {
	Cycle    Cycle
	Services []ServiceState // in pack order
}

// CyclePatch reads, from one snapshot, the cycle row and the present state of the services of
// cycleID that the change-log entries changes name (Build settings and assessments), so a
// screen holding the cycle can patch its copy after its own write instead of reading every
// service again. Entries of other cycles and other entities are ignored.
func (s *Store) CyclePatch(ctx context.Context, cycleID int64, changes []int64) (*PatchCycle, error) {
	var out *PatchCycle
	err := s.read(ctx, func(q querier) error {
		c, err := scanCycle(q.QueryRowContext(ctx, "SELECT "+cycleColumns+cycleFrom+"WHERE c.id = ?", cycleID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundID(KindCycle, cycleID)
		}
		if err != nil {
			return err
		}
		pack, err := s.pack(ctx, q, c.PackRef)
		if err != nil {
			return err
		}
		ids := make([]string, len(changes))
		for i, id := range changes {
			ids[i] = strconv.FormatInt(id, 10)
		}
		rows, err := q.QueryContext(ctx, `SELECT DISTINCT key FROM change_log
			WHERE id IN (SELECT value FROM json_each(?)) AND cycle_id = ? AND entity IN (?, ?)`,
			"["+strings.Join(ids, ",")+"]", cycleID, string(EntityBuild), string(EntityAssessment))
		if err != nil {
			return err
		}
		var keys []string
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		out = &PatchCycle{Cycle: c, Services: make([]ServiceState, 0, len(keys))}
		if len(keys) == 0 {
			return nil
		}
		index := make(map[string]int, len(keys))
		for _, k := range keys {
			index[k] = -1
		}
		for _, sv := range pack.Services { // pack order; a key the pack lacks stays -1
			if _, ok := index[sv.ID]; ok {
				index[sv.ID] = len(out.Services)
				out.Services = append(out.Services, defaultState(sv))
			}
		}
		return fillStates(ctx, q, cycleID, keys, func(id string) *ServiceState {
			if i, ok := index[id]; ok && i >= 0 {
				return &out.Services[i]
			}
			return nil
		})
	})
	return out, err
}
