package textwidth

import (
	"reflect"
	"testing"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name string
		in   string
		w    int
		want []string
	}{
		{"latin words stay whole", "the quick brown fox", 10, []string{"the quick", "brown fox"}},
		{"long word is cut", "abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"newline starts a line", "ab\ncd", 10, []string{"ab", "cd"}},
		{"empty", "", 10, []string{""}},
		{"japanese breaks anywhere", "リスクマネジメント", 6, []string{"リスク", "マネジ", "メント"}},
		{"no line starts with 。", "あいう。えお", 6, []string{"あい", "う。え", "お"}},
		{"mixed", "CDC の戦略", 6, []string{"CDC の", "戦略"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.in, tt.w)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Wrap(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
			}
			for _, l := range got {
				if Width(l) > tt.w {
					t.Fatalf("line %q is %d wide, more than %d", l, Width(l), tt.w)
				}
			}
		})
	}
}

func TestPad(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"abc", 5, "abc  "},
		{"abcdef", 4, "abc…"},
		{"日本語", 4, "日… "},
		{"日本", 4, "日本"},
		{"x", 0, ""},
	}
	for _, tt := range tests {
		if got := Pad(tt.in, tt.w); got != tt.want {
			t.Errorf("Pad(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
		if got := Width(Pad(tt.in, tt.w)); got != tt.w {
			t.Errorf("Width(Pad(%q, %d)) = %d", tt.in, tt.w, got)
		}
	}
	if got := PadLeft("ab", 4); got != "  ab" {
		t.Errorf("PadLeft = %q", got)
	}
}
