package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// cycleData reads the current cycle of the only organisation straight from the store.
func cycleData(t *testing.T, s *catalog.Store, orgName string) *catalog.CycleData {
	t.Helper()
	ctx := context.Background()
	o, err := s.FindOrg(ctx, orgName)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.FindCycle(ctx, o.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CycleData(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func service(t *testing.T, d *catalog.CycleData, id string) *catalog.ServiceState {
	t.Helper()
	sv, ok := d.Service(id)
	if !ok {
		t.Fatalf("service %s missing", id)
	}
	return sv
}

func TestFlowCreateBuildScoreTrend(t *testing.T) {
	h := newHarness(t, 80, 24, catalog.EN)
	h.wantView("Create an organisation", "Load the demo organisation")

	// create an organisation
	h.press("n")
	h.wantView("New organisation")
	h.press("ctrl+s")
	h.wantView("The name is empty")
	h.typeText("Acme Bank")
	h.press("tab")
	h.typeText("Finance")
	h.press("tab")
	h.typeText("Japan")
	h.press("tab")
	h.typeText("many")
	h.press("enter")
	h.wantView(`Size "many" is not a whole number`)
	for range 4 {
		h.press("backspace")
	}
	h.typeText("800")
	h.press("enter")
	h.workspace()
	h.wantView("Acme Bank", "Cycle 1 (open)", "saved 14:02:11", "Where Acme Bank stands")
	h.press("tab") // from the Overview to Build
	o, err := h.store.FindOrg(context.Background(), "Acme Bank")
	if err != nil || o.Sector != "Finance" || o.Country != "Japan" || o.Size != 800 {
		t.Fatalf("created organisation %+v, %v", o, err)
	}

	// set targets for category A in one go
	h.press("c", "3")
	h.wantView("edits apply to 13 services of A", "saved 14:02:11")
	d := cycleData(t, h.store, "Acme Bank")
	for _, sv := range d.Services {
		got := sv.Target != nil && *sv.Target == 3
		if got != (sv.Category == "A") {
			t.Fatalf("after c 3: service %s target %v", sv.ID, scoreText(sv.Target))
		}
	}
	// one service only: leave category mode, move to A-2 and set 5
	h.press("esc", "down", "5")
	d = cycleData(t, h.store, "Acme Bank")
	if got := scoreText(service(t, d, "A-2").Target); got != "5" {
		t.Fatalf("A-2 target %s, want 5", got)
	}
	if got := scoreText(service(t, d, "A-3").Target); got != "3" {
		t.Fatalf("A-3 target %s, want 3", got)
	}

	// score services on the Evaluate tab
	h.press("tab", "tab")
	h.wantView("Scores for A-1 Risk management (in-house)", "Not performed")
	h.press("2", "4", "1", "up", "x") // after a score the cursor moves on to the next service
	d = cycleData(t, h.store, "Acme Bank")
	for id, want := range map[string]string{"A-1": "2", "A-2": "4", "A-3": "—"} {
		if got := scoreText(service(t, d, id).Current); got != want {
			t.Fatalf("%s current %s, want %s", id, got, want)
		}
	}
	h.wantView("A-2", "4")

	// evidence note
	h.press("up", "e")
	h.typeText("Runbook v2 approved")
	h.press("ctrl+s")
	if got := service(t, cycleData(t, h.store, "Acme Bank"), "A-2").Evidence; got != "Runbook v2 approved" {
		t.Fatalf("evidence %q", got)
	}
	h.wantView("Evidence: Runbook v2 approved")

	// results
	h.press("r")
	h.wantView("Maturity index", "Catalogue coverage")
	h.press("G")
	h.wantView("Priorities", "A-2")
	h.press("g", "esc")
	h.wantView("Scores for A-2")
	h.press("r")

	// another program starts the next cycle carrying scores over; the open screen notices
	h.send(pollMsg{})
	other, err := catalog.Open(context.Background(), h.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.StartCycle(context.Background(), o.ID, catalog.NewCycle{Name: "Cycle 2", CarryOver: true}); err != nil {
		t.Fatal(err)
	}
	h.send(pollMsg{})
	h.wantView("refreshed", "cycle 1 of 2")
	h.press("]")
	h.wantView("Cycle 2 (open)", "cycle 2 of 2")
	h.press("r") // back to scoring: carried-over marks
	h.wantView("↺", "carried over")
	h.press("3") // re-assess A-1 in the new cycle
	h.press("r")
	h.wantView("Trend", "Cycle 1", "Cycle 2")
	if !strings.ContainsAny(h.view(), "▁▂▃▄▅▆▇█") {
		t.Fatalf("no sparkline:\n%s", h.view())
	}
	// the old cycle is read only once closed
	if err := other.CloseCycle(context.Background(), cycleData(t, h.store, "Acme Bank").Cycle.ID-1); err != nil {
		t.Fatal(err)
	}
	h.press("r", "[")
	h.wantView("Cycle 1 (closed)")
	h.press("4")
	h.wantView("closed: settings and scores are read only")
}

func TestFlowBuildEdits(t *testing.T) {
	h := newFixtureHarness(t, 120, 40, catalog.EN)
	h.wantView(fixtureName, "FY2026 (open)")

	// the level is picked, then it needs a reason
	h.press("l")
	h.wantView("Level of A-1", "Optional")
	h.press("r")
	h.wantView("Level of A-1: Mandatory → Recommended")
	h.press("enter")
	h.wantView("needs a reason")
	h.typeText("covered by group risk office")
	h.press("enter")
	d := cycleData(t, h.store, fixtureName)
	a1 := service(t, d, "A-1")
	if a1.Level != catalog.Recommended || a1.LevelReason != "covered by group risk office" {
		t.Fatalf("A-1 level %s reason %q", a1.Level, a1.LevelReason)
	}
	h.wantView("Recommended*")

	// scope, assignment, provider
	before := service(t, d, "A-1")
	h.press("space", "a")
	h.wantView("Who carries out A-1?")
	h.press("i", "p")
	h.wantView("Provider of A-1")
	for range 20 {
		h.press("backspace")
	}
	h.typeText("Risk Office")
	h.press("tab")
	h.typeText("SLA-7")
	h.press("enter")
	d = cycleData(t, h.store, fixtureName)
	a1 = service(t, d, "A-1")
	if a1.InScope == before.InScope || a1.Assignment != catalog.AssignInternal || before.Assignment == catalog.AssignInternal || a1.Provider != "Risk Office" || a1.Contract != "SLA-7" {
		t.Fatalf("A-1 after edits: %+v", a1)
	}
	h.press("x")
	if service(t, cycleData(t, h.store, fixtureName), "A-1").Target != nil {
		t.Fatal("x did not clear the target")
	}

	// detail view with history
	h.press("enter")
	h.wantView("History", "level: Mandatory → Recommended", "covered by group risk office", "provider:", "assignment: CDC → Internal")
	h.press("esc")

	// filters
	h.press("/")
	h.typeText("monitor")
	h.press("enter")
	h.wantView("filtered: /monitor")
	if got := len(h.workspace().tabs[tabBuild].(*buildTab).table.rows); got == 0 || got > 8 {
		t.Fatalf("filter monitor kept %d rows", got)
	}
	h.press("esc")
	h.press("f", "c", "b") // the filter picker: category B
	h.wantView("category B", "Real-time analysis")
	h.press("f", "l", "m", "f", "a", "c") // and level mandatory, assignment CDC
	b := h.workspace().tabs[tabBuild].(*buildTab)
	for _, r := range b.table.rows {
		if r.header {
			continue
		}
		sv := d.Services[r.svc]
		if sv.Category != "B" || sv.Level != catalog.Mandatory || sv.Assignment != catalog.AssignCDC {
			t.Fatalf("filtered row %s: %s %s %s", sv.ID, sv.Category, sv.Level, sv.Assignment)
		}
	}
	h.press("esc")
	if b.filtered() {
		t.Fatal("esc did not clear the filters")
	}
}

func TestFlowStartList(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	for _, n := range []string{"Alpha Corp", "Beta Bank", "Gamma Grid"} {
		if _, _, err := s.AddOrg(ctx, catalog.NewOrg{Name: n, Sector: "Energy"}); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarnessStore(t, s, 80, 24, catalog.EN)
	h.wantView("Organisations", "Alpha Corp", "Beta Bank", "Gamma Grid")

	h.press("/")
	h.typeText("beta")
	h.press("enter")
	if v := h.view(); strings.Contains(v, "Alpha Corp") || !strings.Contains(v, "Beta Bank") {
		t.Fatalf("filter beta:\n%s", v)
	}
	h.press("r")
	for range 9 {
		h.press("backspace")
	}
	h.typeText("Beta Holdings")
	h.press("enter")
	h.wantView("Beta Holdings")
	h.press("esc")
	h.wantView("Alpha Corp", "Beta Holdings")

	h.press("G", "D")
	h.wantView("Delete Gamma Grid")
	h.press("n")
	h.press("D", "y")
	if _, err := s.FindOrg(ctx, "Gamma Grid"); err == nil {
		t.Fatal("Gamma Grid still exists after delete")
	}
	h.wantView("Alpha Corp")

	h.press("g", "enter")
	h.wantView("Alpha Corp", "Cycle 1 (open)")
}

func TestQuitWaitsForSave(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	// press a target key but hold its command back, as if the write were still running
	_, save := h.m.Update(keyMsg("3"))
	if save == nil {
		t.Fatal("target key returned no command")
	}
	h.wantView("saving…")
	_, cmd := h.m.Update(keyMsg("ctrl+c"))
	if cmd != nil {
		if _, ok := cmd().(tea.QuitMsg); ok {
			t.Fatal("ctrl+c quit while the edit was still being saved")
		}
	}
	if strings.Contains(h.view(), "saved 14:02:11") && h.m.c.Saving() {
		t.Fatal("view says saved before the write finished")
	}
	h.run(save)
	if !h.quit {
		t.Fatal("the program did not quit once the save finished")
	}
	if got := scoreText(service(t, cycleData(t, h.store, fixtureName), "A-1").Target); got != "3" {
		t.Fatalf("A-1 target %s after quitting, want 3", got)
	}
}

func TestSaveErrorShown(t *testing.T) {
	h := newHarness(t, 100, 30, catalog.EN)
	h.press("n")
	h.typeText("Dup")
	h.press("ctrl+s")
	h.press("esc")
	h.press("n")
	h.typeText("dup")
	h.press("ctrl+s")
	h.wantView(`organisation "dup" already exists`)
	h.press("esc")
	h.wantView("Dup")
}

func TestOrganisationRemovedElsewhere(t *testing.T) {
	h := newHarness(t, 100, 30, catalog.EN)
	h.press("d")
	h.workspace()
	h.send(pollMsg{})
	other, err := catalog.Open(context.Background(), h.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	o, err := other.FindOrg(context.Background(), catalog.DemoOrgName)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.RemoveOrg(context.Background(), o.ID); err != nil {
		t.Fatal(err)
	}
	h.send(pollMsg{})
	if h.m.ws != nil {
		t.Fatalf("the workspace of a removed organisation stayed open:\n%s", h.view())
	}
	h.wantView("Create an organisation")
}

func TestPasteIntoForm(t *testing.T) {
	h := newHarness(t, 100, 30, catalog.EN)
	h.press("n")
	h.send(tea.PasteMsg{Content: "Pasted Org"})
	h.press("ctrl+s")
	h.wantView("Pasted Org")
}

func TestQuickEditsCommitInOrder(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	_, first := h.m.Update(keyMsg("4"))
	_, second := h.m.Update(keyMsg("2"))
	// the later edit's command starts first, as goroutine scheduling may do
	done := make(chan tea.Msg, 1)
	go func() { done <- second() }()
	h.send(first())
	h.send(<-done)
	if got := scoreText(service(t, cycleData(t, h.store, fixtureName), "A-1").Target); got != "2" {
		t.Fatalf("A-1 target %s after pressing 4 then 2, want 2", got)
	}
	h.wantView("saved 14:02:11")
}

func TestStaleLoadDropped(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	w := h.workspace()
	old := w.Reload()
	h.press("5") // edit and reload again
	stale := old().(dataMsg)
	h.send(stale)
	if w.data.Seq == 0 || w.data == stale.orgData {
		t.Fatal("an older load replaced newer data")
	}
	if got := w.tabs[tabBuild].(*buildTab).table.rows[1].cells[6]; got != "5" {
		t.Fatalf("Build shows target %s after the stale load, want 5", got)
	}
}

func scoreText(v *int) string { return vocab.For(catalog.EN).Score(v) }

func TestSaveLeavesHiddenManageUnread(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	w := h.workspace()
	if w.active != tabBuild {
		w.SelectTab(tabBuild)
	}
	_, edit := h.m.Update(keyMsg("5"))
	saved := edit()
	if _, ok := saved.(savedMsg); !ok {
		t.Fatalf("the edit answered %T, want savedMsg", saved)
	}
	h.m.Update(saved)
	if mt := w.tabs[tabManage].(*manageTab); mt.loading {
		t.Fatal("a save started the hidden Manage tab's list reads")
	}
	if !w.stale[tabManage] {
		t.Fatal("the hidden Manage tab was not marked to catch up")
	}
}

func TestFirstVersionNoticesEarlyChange(t *testing.T) {
	h := newHarness(t, 100, 30, catalog.EN)
	if !h.m.known {
		t.Fatal("Init did not read the first data version")
	}
	if _, cmd := h.m.Update(versionMsg{V: h.m.version + 1}); cmd == nil || h.m.status == "" {
		t.Fatal("a change before the first poll was not noticed")
	}
}

func TestServiceEditRereadsOnlyTheCycle(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	w := h.workspace()
	w.SelectTab(tabBuild)
	before := w.data
	h.press("5")
	if w.data == before || w.data.Org != before.Org {
		t.Fatal("a service edit did not keep the cached organisation while replacing the cycle")
	}
	if got := scoreText(service(t, w.data.Cycle, "A-1").Target); got != "5" {
		t.Fatalf("A-1 target %s on screen after pressing 5, want 5", got)
	}
	for _, c := range w.data.History {
		if c.Cycle.ID == w.data.Cycle.Cycle.ID && c != w.data.Cycle {
			t.Fatal("the history still holds the cycle as it was before the edit")
		}
	}
}
