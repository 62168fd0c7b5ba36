package synth

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// LogOrgName names the organisation whose change log is padded to Options.LogRows rows.
const LogOrgName = "Long History Ltd"

// Scales are the named workloads of scripts/bench.sh; each is generated once and cached.
var Scales = map[string]Options{
	"default": Default,
	// One organisation on a 10,000-service pack, 3 cycles.
	"services10k": {BigPackServices: 10000, BigCycles: 3, Cycles: 1, Seed: 1},
	// 1,000 organisations on the built-in pack, 2 cycles each.
	"orgs1000": {Orgs: 1000, Cycles: 2, Seed: 1},
	// One organisation on a 1,000-service pack with 50 cycles.
	"cycles50": {BigPackServices: 1000, BigCycles: 50, Cycles: 1, Seed: 1},
	// One organisation (built-in pack, 8 cycles) with a change log of one million rows.
	"log1m": {Cycles: 1, LogRows: 1_000_000, Seed: 1},
}

// generateLogOrg writes an organisation of 8 cycles on the built-in pack whose change log is
// then lengthened to rows entries, all through the import path (RestoreOrg), as a long-lived
// organisation moved between machines would arrive. The extra entries replay the
// organisation's own score and evidence changes, a few minutes apart.
func generateLogOrg(ctx context.Context, s *catalog.Store, o Options, sum *Summary) (int64, error) {
	dir, err := os.MkdirTemp("", "cdc-synth-log-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	scratch, err := catalog.Open(ctx, filepath.Join(dir, "scratch.db"))
	if err != nil {
		return 0, err
	}
	defer scratch.Close()
	scratch.Actor, scratch.Source = "synth", Source
	inner, err := Generate(ctx, scratch, Options{Orgs: 1, Cycles: 8, Seed: o.Seed})
	if err != nil {
		return 0, err
	}
	d, err := scratch.DumpOrg(ctx, inner.Orgs[0])
	if err != nil {
		return 0, err
	}
	d.Organisation.Name = LogOrgName
	d.Organisation.ID = 0
	var replay []catalog.Change
	for _, c := range d.Changes {
		if c.Entity == "assessment" && c.CycleID != 0 {
			replay = append(replay, c)
		}
	}
	if len(replay) == 0 {
		return 0, fmt.Errorf("the generated organisation has no assessment changes to replay")
	}
	sort.SliceStable(replay, func(i, j int) bool { return replay[i].ID < replay[j].ID })
	// The replayed entries fall between the last real one and now: the store refuses
	// change-log times in the future.
	last := d.Changes[len(d.Changes)-1].At
	step := min(3*time.Minute, time.Since(last)/time.Duration(o.LogRows-len(d.Changes)+1))
	if step <= 0 {
		return 0, fmt.Errorf("the generated change log ends in the future (%s)", last)
	}
	for i := 0; len(d.Changes) < o.LogRows; i++ {
		c := replay[i%len(replay)]
		c.ID = 0
		c.At = last.Add(time.Duration(i+1) * step)
		if c.Field == catalog.FieldEvidence {
			c.New = fmt.Sprintf("%s (revision %d)", c.New, i/len(replay)+1)
		}
		d.Changes = append(d.Changes, c)
	}
	sum.Cycles += len(d.Cycles)
	var id int64
	err = s.Update(ctx, Source, func(tx *catalog.Tx) error {
		org, err := tx.RestoreOrg(d)
		id = org.ID
		return err
	})
	return id, err
}
