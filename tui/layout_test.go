package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestCell(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"abc", 5, "abc  "},
		{"abcdef", 4, "abc…"},
		{"日本語", 7, "日本語 "},
		{"日本語テキスト", 7, "日本語…"},
		{"", 0, ""},
	}
	for _, tt := range tests {
		if got := cell(tt.in, tt.w); got != tt.want {
			t.Errorf("cell(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
	}
}

func TestCycleWraps(t *testing.T) {
	tests := []struct {
		cur, next catalog.Level
	}{
		{catalog.Mandatory, catalog.Recommended},
		{catalog.Recommended, catalog.Optional},
		{catalog.Optional, catalog.Mandatory},
	}
	for _, tt := range tests {
		if got := cycleOf(catalog.Levels, tt.cur); got != tt.next {
			t.Errorf("cycleOf(%s) = %s, want %s", tt.cur, got, tt.next)
		}
	}
	if got := cycleOf(catalog.Assignments, catalog.AssignNone); got != catalog.AssignCDC {
		t.Errorf("assignment after none = %s, want cdc", got)
	}
	if got := nextOf(catalog.Levels, catalog.Optional); got != "" {
		t.Errorf("filter after optional = %s, want all", got)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want []string
	}{
		{"the quick brown fox", 10, []string{"the quick", "brown fox"}},
		{"abcdefghij klm", 4, []string{"abcd", "efgh", "ij", "klm"}},
		{"日本語の文章です", 6, []string{"日本語", "の文章", "です"}},
		{"日本語の文、章です", 10, []string{"日本語の", "文、章です"}},
		{"ID管理とログ設計", 8, []string{"ID管理と", "ログ設計"}},
		{"", 5, []string{""}},
		{"日本", 1, []string{"日", "本"}},
	}
	for _, tt := range tests {
		got := wrap(tt.in, tt.w)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
		for _, l := range got {
			if ansi.StringWidth(l) > max(tt.w, 2) {
				t.Errorf("wrap(%q, %d): line %q is too wide", tt.in, tt.w, l)
			}
		}
	}
}
