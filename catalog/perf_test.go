package catalog_test

// Store benchmarks on the large synthetic database (internal/synth; scripts/bench.sh names it
// in $CDC_BENCH_DB). They isolate the reads and the write behind a TUI frame and the commands.

import (
	"context"
	"fmt"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
)

// perfStore opens a private copy of the synthetic database.
func perfStore(b *testing.B) *catalog.Store {
	b.Helper()
	ctx := context.Background()
	src, err := synth.Fixture(ctx, synth.Default)
	if err != nil {
		b.Fatal(err)
	}
	s, err := synth.OpenCopy(ctx, src, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	s.Actor = "bench"
	b.Cleanup(func() { s.Close() })
	return s
}

// perfOrg returns the organisation with n services and its open cycle.
func perfOrg(b *testing.B, s *catalog.Store, n int) (catalog.Organisation, catalog.Cycle) {
	b.Helper()
	ctx := context.Background()
	name := synth.OrgName(0)
	if n != 64 {
		name = synth.BigOrgName
	}
	o, err := s.FindOrg(ctx, name)
	if err != nil {
		b.Fatal(err)
	}
	c, err := s.FindCycle(ctx, o.ID, "")
	if err != nil {
		b.Fatal(err)
	}
	return o, c
}

var perfSizes = []int{64, 1000}

func BenchmarkStoreOpen(b *testing.B) {
	path := perfStore(b).Path()
	ctx := context.Background()
	b.ReportAllocs()
	cpu := synth.StartCPU()
	for b.Loop() {
		s, err := catalog.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	cpu.Report(b)
}

func BenchmarkCycleData(b *testing.B) {
	s := perfStore(b)
	for _, n := range perfSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			_, c := perfOrg(b, s, n)
			b.ReportAllocs()
			cpu := synth.StartCPU()
			for b.Loop() {
				d, err := s.CycleData(context.Background(), c.ID)
				if err != nil || len(d.Services) != n {
					b.Fatalf("CycleData: %v", err)
				}
			}
			cpu.Report(b)
		})
	}
}

func BenchmarkHistory(b *testing.B) {
	s := perfStore(b)
	for _, n := range perfSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			o, _ := perfOrg(b, s, n)
			b.ReportAllocs()
			cpu := synth.StartCPU()
			for b.Loop() {
				h, err := s.History(context.Background(), o.ID)
				if err != nil || len(h) != synth.Default.Cycles {
					b.Fatalf("History: %d cycles, %v", len(h), err)
				}
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkSetAssessment commits one score change (the write of a TUI key press).
func BenchmarkSetAssessment(b *testing.B) {
	s := perfStore(b)
	for _, n := range perfSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			_, c := perfOrg(b, s, n)
			d, err := s.CycleData(context.Background(), c.ID)
			if err != nil {
				b.Fatal(err)
			}
			sv := d.Services[n/2]
			id := sv.ID
			// Alternate between 2 and 3, starting from whichever the stored score is not.
			i := 0
			if sv.Current != nil && *sv.Current == 2 {
				i = 1
			}
			b.ReportAllocs()
			cpu := synth.StartCPU()
			for b.Loop() {
				v := 2 + i%2
				i++
				changed, err := s.SetAssessment(context.Background(), c.ID, id, catalog.AssessmentPatch{Score: &v})
				if err != nil || changed == 0 {
					b.Fatalf("SetAssessment %s = %d: %d changes, %v", id, v, changed, err)
				}
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkChanges reads the newest 5,000 change-log entries of an organisation, as the Manage
// tab does after every save.
func BenchmarkChanges(b *testing.B) {
	s := perfStore(b)
	for _, n := range perfSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			o, _ := perfOrg(b, s, n)
			b.ReportAllocs()
			cpu := synth.StartCPU()
			for b.Loop() {
				ch, err := s.Changes(context.Background(), catalog.ChangeQuery{OrgID: o.ID, Limit: 5000})
				if err != nil || len(ch) == 0 {
					b.Fatalf("Changes: %d entries, %v", len(ch), err)
				}
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkReviewsAllCycles reads the reviews of every cycle of an organisation, as the
// Manage tab does after every save.
func BenchmarkReviewsAllCycles(b *testing.B) {
	s := perfStore(b)
	o, _ := perfOrg(b, s, 64)
	ctx := context.Background()
	cycles, err := s.Cycles(ctx, o.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := synth.StartCPU()
	for b.Loop() {
		total := 0
		for _, c := range cycles {
			rs, err := s.Reviews(ctx, c.ID)
			if err != nil {
				b.Fatal(err)
			}
			total += len(rs)
		}
		if total == 0 {
			b.Fatal("no reviews")
		}
	}
	cpu.Report(b)
}

// BenchmarkOrgListLatest reads the organisation list and every organisation's newest cycle,
// the store part of the TUI start screen.
func BenchmarkOrgListLatest(b *testing.B) {
	s := perfStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	cpu := synth.StartCPU()
	for b.Loop() {
		orgs, err := s.Orgs(ctx)
		if err != nil || len(orgs) != synth.Default.Orgs+1 {
			b.Fatalf("Orgs: %d, %v", len(orgs), err)
		}
		for _, o := range orgs {
			if _, err := s.CycleData(ctx, o.LatestCycle); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu.Report(b)
}

// BenchmarkCycleWithHistory reads what `cdc eval` evaluates: the open cycle in full and the
// figures of every cycle of the organisation.
func BenchmarkCycleWithHistory(b *testing.B) {
	s := perfStore(b)
	for _, n := range perfSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			_, c := perfOrg(b, s, n)
			b.ReportAllocs()
			cpu := synth.StartCPU()
			for b.Loop() {
				cur, h, err := s.CycleWithHistory(context.Background(), c.ID)
				if err != nil || len(h) != synth.Default.Cycles || len(cur.Services) != n {
					b.Fatalf("CycleWithHistory: %d cycles, %v", len(h), err)
				}
			}
			cpu.Report(b)
		})
	}
}
