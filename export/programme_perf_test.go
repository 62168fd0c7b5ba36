package export

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// BenchmarkProgrammeWorkbook1000: cdc export programme over 1,000 organisations with 3 cycles
// each, from reading the store to the saved file.
func BenchmarkProgrammeWorkbook1000(b *testing.B) {
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
	dir := b.TempDir()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		orgs, err := s.Programme(ctx)
		if err != nil {
			b.Fatal(err)
		}
		i++
		path := filepath.Join(dir, "p"+string(rune('a'+i%26))+".xlsx")
		if err := WriteProgramme(scoring.BuildProgramme(orgs), ProgrammeOptions{Lang: catalog.EN, Pack: catalog.BuiltinPack()}, path); err != nil {
			b.Fatal(err)
		}
	}
}
