package scoring

import (
	"math/rand"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func benchmarkEvaluate(b *testing.B, services, cycles int) {
	rng := rand.New(rand.NewSource(5))
	p := randomPack(rng, 9)
	h := make([]*catalog.CycleData, cycles)
	for i := range h {
		h[i] = randomCycle(rng, p, int64(i+1), i+1, services)
	}
	cur := h[len(h)-1]
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(cur, h)
	}
}

// The TUI re-evaluates on every edit, so a 64-service catalogue with a few cycles must stay far
// below a frame (16 ms); 1,000 services covers large custom packs.
func BenchmarkEvaluate64(b *testing.B)   { benchmarkEvaluate(b, 64, 4) }
func BenchmarkEvaluate1000(b *testing.B) { benchmarkEvaluate(b, 1000, 4) }
