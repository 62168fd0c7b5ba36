package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

// savedMsg reports a finished store write started with common.Save.
// Tag names the edit so that the screen that issued it can react (close a form, keep it open on error).
type savedMsg struct {
	Tag string
	Err error
	At  time.Time
	// Next, when set, is delivered after the save is booked (e.g. open the new organisation).
	Next tea.Msg
	// Changes are the change-log IDs the write made: this window's own, for undo.
	Changes []int64
}

// errMsg reports a failed store read or other error; the root shows it in the status line.
type errMsg struct{ Err error }

// statusMsg shows an informational message in the status line.
type statusMsg struct{ Text string }

// openOrgMsg asks the root to open an organisation's workspace.
type openOrgMsg struct {
	OrgID   int64
	CycleID int64 // 0: the current cycle
}

// BackToStartMsg asks the root to return to the organisation list.
type backToStartMsg struct{}

// Data is what the workspace tabs show: one organisation and one of its cycles.
type orgData struct {
	Org     catalog.Organisation
	Cycles  []catalog.Cycle
	Cycle   *catalog.CycleData // the cycle on screen
	History []*catalog.CycleData
	Result  *scoring.Result // evaluation of Cycle with History
	// Seq increases with every load, so screens can tell fresh data from old.
	Seq int
	// Base, when not 0, is the Seq of the data this load copied and patched after a service edit.
	Base int
}

// CycleIndex returns the position of the cycle on screen in Cycles.
func (d *orgData) CycleIndex() int {
	for i, c := range d.Cycles {
		if c.ID == d.Cycle.Cycle.ID {
			return i
		}
	}
	return -1
}

// Closed reports whether the cycle on screen is closed (read only).
func (d *orgData) Closed() bool { return d.Cycle.Cycle.Status == catalog.CycleClosed }

// dataMsg delivers freshly loaded workspace data. Req numbers the load, so an answer
// that arrives after a newer one is dropped.
type dataMsg struct {
	orgData *orgData
	Req     int
	// patch: the data is the workspace's data of Seq orgData.Base with its own saves re-read;
	// it is shown only while that data is, else redone on the newer data.
	patch bool
}

// reloadMsg asks the workspace to reload its data (after an import, a new cycle, ...).
// CycleID selects another cycle; 0 keeps the one on screen.
type reloadMsg struct{ CycleID int64 }

// pollMsg is the data-version poll tick; versionMsg its answer.
type (
	pollMsg    struct{}
	versionMsg struct{ V int64 }
)

// clickMsg is a left click at X, Y relative to the receiving screen or tab body.
type clickMsg struct{ X, Y int }
