package synth

import (
	"slices"
	"testing"
	"time"
)

// Samples collects the wall and CPU time of single operations inside a benchmark.
type Samples struct {
	wall, cpu []time.Duration
	w0        time.Time
	cpuStart  time.Duration
}

// Start marks the beginning of one operation.
func (s *Samples) Start() {
	s.w0 = time.Now()
	s.cpuStart = CPUTime()
}

// Stop records the operation begun by Start.
func (s *Samples) Stop() {
	s.wall = append(s.wall, time.Since(s.w0))
	s.cpu = append(s.cpu, CPUTime()-s.cpuStart)
}

// Report adds p50 and p99 of wall and CPU time to the benchmark's line, in ms.
func (s *Samples) Report(b *testing.B) { s.ReportAs(b, "") }

// ReportAs is Report with the metric names prefixed, for a second set of samples.
func (s *Samples) ReportAs(b *testing.B, prefix string) {
	if len(s.wall) == 0 {
		return
	}
	b.ReportMetric(Percentile(s.wall, 0.50), prefix+"p50-ms")
	b.ReportMetric(Percentile(s.wall, 0.99), prefix+"p99-ms")
	b.ReportMetric(Percentile(s.cpu, 0.50), prefix+"cpu-p50-ms")
	b.ReportMetric(Percentile(s.cpu, 0.99), prefix+"cpu-p99-ms")
}

// Percentile returns the p-quantile (nearest rank) of d in milliseconds.
func Percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.999999) - 1
	i = min(max(i, 0), len(s)-1)
	return float64(s[i]) / float64(time.Millisecond)
}

// CPUMeter reports the CPU time per operation of a whole benchmark loop.
type CPUMeter struct{ start time.Duration }

// StartCPU begins measuring; call it just before the loop.
func StartCPU() CPUMeter { return CPUMeter{start: CPUTime()} }

// Report adds "cpu-ms/op" to the benchmark's line.
func (m CPUMeter) Report(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(CPUTime()-m.start)/float64(b.N)/float64(time.Millisecond), "cpu-ms/op")
	}
}

// Median is the median wall time of the recorded operations, in ms.
func (s *Samples) Median() float64 { return Percentile(s.wall, 0.5) }

// MedianCPU is the median CPU time of the recorded operations, in ms.
func (s *Samples) MedianCPU() float64 { return Percentile(s.cpu, 0.5) }
