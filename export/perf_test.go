package export_test

// Export and import benchmarks on the large synthetic database (internal/synth;
// scripts/bench.sh names it in $CDC_BENCH_DB). Targets: report < 500 ms and within 1.5x of bare
// excelize's StreamWriter writing the same cells, styles and charts (streamref_test.go); questionnaire import < 300 ms.

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/synth"
)

var perfSizes = []int{64, 1000}

var perfNow = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)

func perfFixture(b *testing.B) string {
	b.Helper()
	src, err := synth.Fixture(context.Background(), synth.Default)
	if err != nil {
		b.Fatal(err)
	}
	return src
}

func perfStore(b *testing.B, src string) *catalog.Store {
	b.Helper()
	s, err := synth.OpenCopy(context.Background(), src, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	s.Actor = "bench"
	return s
}

// perfCycle returns the open cycle of the organisation with n services.
func perfCycle(b *testing.B, s *catalog.Store, n int) catalog.Cycle {
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
	return c
}

// BenchmarkReportExport writes the evaluation report of one organisation's open cycle. Beside
// it, untimed, the reference writes the same cells and charts with bare excelize; the line
// reports both (wall and CPU) and the ratio ours / reference.
func BenchmarkReportExport(b *testing.B) {
	type size struct {
		name, db string
		n        int
	}
	sizes := []size{{"64", perfFixture(b), 64}, {"1000", perfFixture(b), 1000}}
	if db := synth.ScaleDB("services10k"); db != "" {
		sizes = append(sizes, size{"10000", db, 10000})
	}
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			s := perfStore(b, sz.db)
			defer s.Close()
			c := perfCycle(b, s, sz.n)
			dir := b.TempDir()
			ctx := context.Background()
			ours := filepath.Join(dir, "report.xlsx")
			if err := export.WriteReport(ctx, s, c.ID, export.ReportOptions{Lang: catalog.EN, Now: perfNow}, ours); err != nil {
				b.Fatal(err)
			}
			shape, err := readRefShape(ours)
			if err != nil {
				b.Fatal(err)
			}
			if shape.charts() == 0 || shape.cells() < sz.n {
				b.Fatalf("our report has %d cells and %d charts", shape.cells(), shape.charts())
			}
			ref := filepath.Join(dir, "reference.xlsx")
			if err := writeStreamedReference(shape, ref); err != nil {
				b.Fatal(err)
			}
			if back, err := readRefShape(ref); err != nil || back.cells() != shape.cells() || back.charts() != shape.charts() {
				b.Fatalf("the reference holds other cells or charts than our report (%v)", err)
			}
			var oursS, refS synth.Samples
			b.ReportAllocs()
			for b.Loop() {
				oursS.Start()
				if err := export.WriteReport(ctx, s, c.ID, export.ReportOptions{Lang: catalog.EN, Now: perfNow}, ours); err != nil {
					b.Fatal(err)
				}
				oursS.Stop()
				b.StopTimer()
				refS.Start()
				if err := writeStreamedReference(shape, ref); err != nil {
					b.Fatal(err)
				}
				refS.Stop()
				b.StartTimer()
			}
			o, r := oursS.Median(), refS.Median()
			oc, rc := oursS.MedianCPU(), refS.MedianCPU()
			b.ReportMetric(o, "p50-ms")
			b.ReportMetric(oc, "cpu-p50-ms")
			b.ReportMetric(r, "ref-p50-ms")
			b.ReportMetric(rc, "ref-cpu-p50-ms")
			b.ReportMetric(o/r, "x-ref")
			b.ReportMetric(oc/rc, "cpu-x-ref")
			b.ReportMetric(float64(shape.cells()), "cells")
			b.ReportMetric(float64(len(shape.Styles)), "styles")
			b.ReportMetric(float64(shape.charts()), "charts")
		})
	}
}

// BenchmarkQuestionnaireImport: a questionnaire with every current score changed is planned and
// applied on a fresh copy of the database each time.
func BenchmarkQuestionnaireImport(b *testing.B) {
	src := perfFixture(b)
	for _, n := range perfSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			s := perfStore(b, src)
			c := perfCycle(b, s, n)
			d, err := s.CycleData(ctx, c.ID)
			if err != nil {
				b.Fatal(err)
			}
			q := filepath.Join(b.TempDir(), "filled.xlsx")
			if err := export.WriteQuestionnaire(ctx, s, c.ID, export.QuestionnaireOptions{Lang: catalog.EN, Now: perfNow}, q); err != nil {
				b.Fatal(err)
			}
			s.Close()
			want := fillScores(b, q, d)
			var samples synth.Samples
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				fresh := perfStore(b, src)
				b.StartTimer()
				samples.Start()
				plan, err := export.PlanImport(ctx, fresh, q)
				if err != nil {
					b.Fatal(err)
				}
				if err := plan.Apply(ctx, fresh); err != nil {
					b.Fatal(err)
				}
				samples.Stop()
				b.StopTimer()
				if got := plan.Changes(); got != want {
					b.Fatalf("the plan has %d changes, want %d (one score per service)", got, want)
				}
				fresh.Close()
				b.StartTimer()
			}
			samples.Report(b)
		})
	}
}

// fillScores writes a current score different from the stored one for every in-scope service,
// as an assessor filling the questionnaire would, and returns how many it changed.
func fillScores(b *testing.B, path string, d *catalog.CycleData) int {
	b.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	const sheet, col = "Questionnaire", "J"
	if h, _ := f.GetCellValue(sheet, col+"1"); !strings.Contains(strings.ToLower(h), "current") {
		b.Fatalf("column %s of %s is %q, not the current score", col, sheet, h)
	}
	changed := 0
	for i, sv := range d.Services {
		if !sv.InScope {
			continue
		}
		v := 3
		if sv.Current != nil && *sv.Current == 3 {
			v = 4
		}
		if err := f.SetCellValue(sheet, col+strconv.Itoa(i+2), v); err != nil {
			b.Fatal(err)
		}
		changed++
	}
	if err := f.Save(); err != nil {
		b.Fatal(err)
	}
	return changed
}
