package export_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/synth"
)

// BenchmarkJSONExport writes the organisation file of the largest organisations: a change log
// of a million rows ($CDC_BENCH_DB_LOG1M), 10,000 services ($CDC_BENCH_DB_SERVICES10K) and
// 50 cycles ($CDC_BENCH_DB_CYCLES50) (internal/synth scales; each skipped without its database).
func BenchmarkJSONExport(b *testing.B) {
	for _, sz := range []struct{ name, env, org string }{
		{"log1m", "CDC_BENCH_DB_LOG1M", "Long History Ltd"},
		{"10000", "CDC_BENCH_DB_SERVICES10K", synth.BigOrgName},
		{"1000x50cycles", "CDC_BENCH_DB_CYCLES50", synth.BigOrgName},
	} {
		b.Run(sz.name, func(b *testing.B) {
			src := os.Getenv(sz.env)
			if src == "" {
				b.Skip(sz.env + " names no database")
			}
			ctx := context.Background()
			s, err := synth.OpenCopy(ctx, src, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			o, err := s.FindOrg(ctx, sz.org)
			if err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(b.TempDir(), "o.json")
			b.ResetTimer()
			for range b.N {
				if err := export.WriteJSON(ctx, s, o.ID, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
