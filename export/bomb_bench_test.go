package export

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// BenchmarkImportInflationBombs plans the import of a questionnaire whose every part, one at
// a time, inflates to 60 MB, and reports the worst part's time and peak heap: the targets
// are 2 s and 150 MB per part (TestImportInflationBombs checks the refusal under wide bounds).
func BenchmarkImportInflationBombs(b *testing.B) {
	ctx := context.Background()
	fx := newFixture(b)
	valid, err := os.ReadFile(exportQuestionnaire(b, fx, catalog.EN, ""))
	if err != nil {
		b.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(valid), int64(len(valid)))
	big := newBomb(b, `<a b="c"/>`, 60<<20)
	var files []string
	for _, f := range zr.File {
		name := f.Name
		data := rezip(b, valid, func(zw *zip.Writer, f *zip.File) bool {
			if f.Name != name {
				return false
			}
			big.write(b, zw, name, 0)
			return true
		}, nil)
		path := filepath.Join(b.TempDir(), "bomb.xlsx")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			b.Fatal(err)
		}
		files = append(files, path)
	}
	var worst time.Duration
	var peakMax uint64
	b.ResetTimer()
	for range b.N {
		for _, path := range files {
			peak, took := measure(func() { _, _ = PlanImport(ctx, fx.s, path) })
			worst, peakMax = max(worst, took), max(peakMax, peak)
		}
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms/part")
	b.ReportMetric(float64(peakMax>>20), "worst-peak-MB/part")
}
