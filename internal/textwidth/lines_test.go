package textwidth

import (
	"math/rand"
	"strings"
	"testing"
)

// Lines counts exactly the lines Wrap builds, for every kind of text at every width.
func TestLinesCountsWhatWrapBuilds(t *testing.T) {
	pieces := []string{"the", "quick", "brown", "fox", " ", " ", "  ", "\n", "abcdefghijklmnopqrstuvwxyz",
		"リスク", "マネジメント", "、", "。", "ー", "っ", "CDC", "の", "戦略", "é", "🙂", "e\u0301", "\t", "x", "・", "（", "）", ": ", "(", ")", "3.5"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.Intn(12); n >= 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		w := rng.Intn(14) - 1
		if got, want := Lines(s, w), max(1, len(Wrap(s, w))); got != want {
			t.Fatalf("Lines(%q, %d) = %d, Wrap gives %d lines %q", s, w, got, want, Wrap(s, w))
		}
	}
}

func BenchmarkLines(b *testing.B) {
	s := strings.Repeat("Detects and analyses security events across the monitored estate. ", 6) + "リスクマネジメントの戦略。"
	b.ReportAllocs()
	for range b.N {
		Lines(s, 40)
	}
}
