package scoring_test

// Evaluation from the database, as cdc eval and the TUI do it, on the large synthetic database
// (internal/synth; scripts/bench.sh names it in $CDC_BENCH_DB). bench_test.go measures
// Evaluate alone on data built in memory.

import (
	"context"
	"fmt"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/scoring"
)

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
	b.Cleanup(func() { s.Close() })
	return s
}

func perfOrg(b *testing.B, s *catalog.Store, n int) catalog.Organisation {
	b.Helper()
	name := synth.OrgName(0)
	if n != 64 {
		name = synth.BigOrgName
	}
	o, err := s.FindOrg(context.Background(), name)
	if err != nil {
		b.Fatal(err)
	}
	return o
}

// BenchmarkEvaluateCycleFromStore: one cycle read and evaluated on its own.
func BenchmarkEvaluateCycleFromStore(b *testing.B) {
	s := perfStore(b)
	ctx := context.Background()
	for _, n := range []int{64, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c, err := s.FindCycle(ctx, perfOrg(b, s, n).ID, "")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			cpu := synth.StartCPU()
			for b.Loop() {
				d, err := s.CycleData(ctx, c.ID)
				if err != nil {
					b.Fatal(err)
				}
				if r := scoring.Evaluate(d, nil); r.Portfolio.MaturityIndex == nil {
					b.Fatal("no maturity index")
				}
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkEvaluateOrgHistory: every cycle of the organisation read (store.History) and the
// newest evaluated against them, with changes and the index trend.
func BenchmarkEvaluateOrgHistory(b *testing.B) {
	s := perfStore(b)
	ctx := context.Background()
	for _, n := range []int{64, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			o := perfOrg(b, s, n)
			b.ReportAllocs()
			cpu := synth.StartCPU()
			for b.Loop() {
				h, err := s.History(ctx, o.ID)
				if err != nil {
					b.Fatal(err)
				}
				r := scoring.Evaluate(h[len(h)-1], h)
				if len(r.Portfolio.Trend) != len(h) {
					b.Fatalf("trend has %d points for %d cycles", len(r.Portfolio.Trend), len(h))
				}
			}
			cpu.Report(b)
		})
	}
}
