package catalog

import "context"

// CycleWithHistory reads, from one snapshot, what evaluating a cycle needs: the cycle in full
// (as CycleData reads it) and every cycle of its organisation, oldest first, with the cycle
// itself in its place. The other cycles are read as Programme reads them, with only what
// evaluation uses (no evidence, assessor, provider, contract or level reason), in a fixed
// number of queries however many cycles there are: `cdc eval` and the report need the
// figures of the earlier cycles for the changes and the trend, not their text.
func (s *Store) CycleWithHistory(ctx context.Context, cycleID int64) (*CycleData, []*CycleData, error) {
	var cur *CycleData
	var history []*CycleData
	err := s.read(ctx, func(q querier) error {
		var err error
		if cur, err = s.cycleData(ctx, q, cycleID); err != nil {
			return err
		}
		orgs, err := s.programme(ctx, q, []int64{cur.Org.ID}, cycleID)
		if err != nil {
			return err
		}
		if len(orgs) == 1 {
			history = orgs[0].Cycles
		}
		placed := false
		for i, h := range history {
			if h.Cycle.ID == cycleID {
				history[i], placed = cur, true
			}
		}
		if !placed { // not reached: both reads share one snapshot
			history = append(history, cur)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return cur, history, nil
}
