package tui

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// TestGolden compares the main screens, colours stripped, with testdata/*.golden.
// Regenerate with: go test ./tui -run TestGolden -update
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		lang catalog.Lang
		org  bool
		keys []string
	}{
		{"welcome_en_80x24", 80, 24, catalog.EN, false, nil},
		{"welcome_ja_80x24", 80, 24, catalog.JA, false, nil},
		{"overview_en_80x24", 80, 24, catalog.EN, true, []string{"shift+tab"}},
		{"overview_ja_80x24", 80, 24, catalog.JA, true, []string{"shift+tab"}},
		{"overview_en_200x50", 200, 50, catalog.EN, true, []string{"shift+tab"}},
		{"overview_ja_200x50", 200, 50, catalog.JA, true, []string{"shift+tab"}},
		{"build_en_80x24", 80, 24, catalog.EN, true, nil},
		{"build_ja_80x24", 80, 24, catalog.JA, true, nil},
		{"build_en_120x40", 120, 40, catalog.EN, true, nil},
		{"build_ja_120x40", 120, 40, catalog.JA, true, nil},
		{"build_form_en_80x24", 80, 24, catalog.EN, true, []string{"c", "l"}},
		{"evaluate_en_80x24", 80, 24, catalog.EN, true, []string{"tab", "tab", "down", "down", "down"}},
		{"evaluate_ja_120x40", 120, 40, catalog.JA, true, []string{"tab", "tab", "/", "B", "enter"}},
		{"results_en_120x40", 120, 40, catalog.EN, true, []string{"tab", "tab", "r"}},
		{"results_ja_120x40", 120, 40, catalog.JA, true, []string{"tab", "tab", "r"}},
		{"results_en_80x24_end", 80, 24, catalog.EN, true, []string{"tab", "tab", "r", "G"}},
		{"help_en_80x24", 80, 24, catalog.EN, true, []string{"?"}},
		{"help_ja_120x40", 120, 40, catalog.JA, true, []string{"?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h *harness
			if tt.org {
				h = newFixtureHarness(t, tt.w, tt.h, tt.lang)
			} else {
				h = newHarness(t, tt.w, tt.h, tt.lang)
			}
			h.press(tt.keys...)
			h.golden(tt.name)
		})
	}
}
