package scoring_test

import (
	"context"
	"testing"

	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// BenchmarkProgramme1000: the programme view of 1,000 organisations with 3 cycles each, read
// from the store and evaluated, as cdc programme and the dashboard open it (start-up budget).
func BenchmarkProgramme1000(b *testing.B) {
	ctx := context.Background()
	src, err := synth.ProgrammeFixture(ctx, synth.Programme1000)
	if err != nil {
		b.Fatal(err)
	}
	s, err := synth.OpenCopy(ctx, src, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for b.Loop() {
		orgs, err := s.Programme(ctx)
		if err != nil {
			b.Fatal(err)
		}
		p := scoring.BuildProgramme(orgs)
		if len(p.Rows) != 1000 {
			b.Fatalf("%d rows", len(p.Rows))
		}
	}
}
