package tui

import (
	"bytes"
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// TestProgram runs the real Bubble Tea program: welcome, load the demo, set a target, quit at once.
// The edit must be in the database after the program ends.
func TestProgram(t *testing.T) {
	s := newStore(t)
	m := New(context.Background(), s, catalog.EN, WithPollInterval(0))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("Load the demo organisation")
	tm.Send(keyMsg("d"))
	wait("Where Demo Agency stands")
	tm.Send(keyMsg("tab")) // from the Overview to Build
	tm.Send(keyMsg("0"))
	tm.Send(keyMsg("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	d := cycleData(t, s, catalog.DemoOrgName)
	if got := scoreText(service(t, d, "A-1").Target); got != "0" {
		t.Fatalf("A-1 target %s after quitting, want 0", got)
	}
}
