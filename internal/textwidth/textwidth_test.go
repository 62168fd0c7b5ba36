package textwidth

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/x/ansi"
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
		{"no line starts with a colon after Japanese", "書き込めません: フォルダ", 14, []string{"書き込めませ", "ん: フォルダ"}},
		{"no line ends with an opening bracket", "同じパック（x1060）で", 12, []string{"同じパック", "（x1060）で"}},
		{"a colon inside a Latin word stays", "TLP:AMBER+STRICT and more", 17, []string{"TLP:AMBER+STRICT", "and more"}},
		{"a number keeps its point", "score 3.5 of 5", 9, []string{"score 3.5", "of 5"}},
		{"an opening bracket before Latin text", "see (the note) here", 8, []string{"see (the", "note)", "here"}},
		{"japanese breaks after a separator rather than inside a word", "概要・カタログ評価・変更履歴・方法", 20, []string{"概要・カタログ評価・", "変更履歴・方法"}},
		{"but not when the separator is far back", "概要・カタログ評価プロファイル評価", 20, []string{"概要・カタログ評価プ", "ロファイル評価"}},
		{"closing punctuation in a row moves down with the character before", "あいう照合）。適用", 12, []string{"あいう照", "合）。適用"}},
		{"brackets inside a word stay", "ID(s) and f(x)", 6, []string{"ID(s)", "and", "f(x)"}},
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

// Every character narrow lets through is one cell for ansi.StringWidth, alone and beside
// ASCII, the other narrow characters and itself.
func TestNarrowAgreesWithAnsi(t *testing.T) {
	var all []rune
	for r := rune(0x80); r < 0x3000; r++ {
		if !narrow(r) {
			continue
		}
		all = append(all, r)
		for _, s := range []string{string(r), "a" + string(r), string(r) + string(r) + "b"} {
			if got, want := Width(s), ansi.StringWidth(s); got != want {
				t.Fatalf("Width(%q) = %d, ansi.StringWidth = %d", s, got, want)
			}
		}
	}
	if len(all) < 900 {
		t.Fatalf("only %d narrow characters", len(all))
	}
	// neighbours: each narrow character followed by the next one
	for i := 1; i < len(all); i++ {
		s := string(all[i-1]) + string(all[i])
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("Width(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	}
	// a character outside the set takes the slow path
	for _, s := range []string{"e\u0301", "a\u00adb", "日本", "\u2194\ufe0f", "\xff",
		// styled text: CSI sequences take no cell, other escapes go to ansi
		"x\x1b[1my\x1b[0m", "\x1b[38;2;10;20;30m› A-1 …\x1b[m", "\x1b[1;3m日本\x1b[0m", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
		"\x1b[", "\x1b[12", "a\x1b", "\x1b[?25l", "tab\there", "del\x7f"} {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	}
}
