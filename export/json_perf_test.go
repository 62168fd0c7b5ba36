package export_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/synth"
)

// BenchmarkJSONExport writes the organisation file of "Long History Ltd", whose change log
// has a million rows ($CDC_BENCH_DB_LOG1M, internal/synth scale log1m; skipped without it).
func BenchmarkJSONExport(b *testing.B) {
	src := os.Getenv("CDC_BENCH_DB_LOG1M")
	if src == "" {
		b.Skip("CDC_BENCH_DB_LOG1M names no database")
	}
	ctx := context.Background()
	s, err := synth.OpenCopy(ctx, src, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	o, err := s.FindOrg(ctx, "Long History Ltd")
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
}
