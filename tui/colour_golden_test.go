package tui

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cdc-toolkit/cdc/catalog"
)

// TestColourGolden keeps a few screens with their colours (testdata/TestColourGolden/*.golden,
// escape sequences quoted), where a style carries meaning: the selected row, category rows,
// bars, statuses, a dialog over a screen. Regenerate with: go test ./tui -run TestColourGolden -update
func TestColourGolden(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		lang catalog.Lang
		keys []string
	}{
		{"build_en_80x24", 80, 24, catalog.EN, nil},
		{"results_ja_120x40", 120, 40, catalog.JA, []string{"tab", "tab", "r"}},
		{"manage_actions_en_100x30", 100, 30, catalog.EN, []string{"tab"}},
		{"picker_en_80x24", 80, 24, catalog.EN, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newFixtureHarness(t, tt.w, tt.h, tt.lang)
			h.press(tt.keys...)
			golden.RequireEqual(t, h.m.View().Content)
		})
	}
}

// fatalRecorder is a testing.TB whose Fatalf ends only the goroutine it runs in.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// The harness fails when a command of a batch never answers, instead of dropping it.
func TestHarnessFailsOnAStuckCommand(t *testing.T) {
	old := commandTimeout
	commandTimeout = 50 * time.Millisecond
	defer func() { commandTimeout = old }()
	h := newHarness(t, 80, 24, catalog.EN)
	rec := &fatalRecorder{TB: t}
	h.t = rec
	stuck := make(chan struct{})
	defer close(stuck)
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.run(tea.Batch(func() tea.Msg { return nil }, func() tea.Msg { <-stuck; return nil }))
	}()
	<-done
	if rec.msg == "" {
		t.Fatal("a stuck command in a batch was dropped without failing the test")
	}
}
