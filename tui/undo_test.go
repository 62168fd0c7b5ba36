package tui

import (
	"context"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// u walks back through this window's own changes, on any tab, each undo logged with its reason.
func TestUndoWalksBack(t *testing.T) {
	h := newHarness(t, 120, 40, catalog.EN)
	h.press("d")
	h.workspace()
	h.press("tab") // Build
	b := h.workspace().tabs[tabBuild].(*buildTab)
	sv, _ := b.selected()
	id := sv.ID
	before := scoreText(service(t, cycleData(t, h.store, catalog.DemoOrgName), id).Target)
	h.press("1")
	if got := scoreText(service(t, cycleData(t, h.store, catalog.DemoOrgName), id).Target); got != "1" {
		t.Fatalf("target after 1: %s", got)
	}
	h.press("tab") // Manage: an action's status
	cyc := cycleData(t, h.store, catalog.DemoOrgName).Cycle
	a := demoActions(t, h.store, cyc.ID)[0]
	h.press("s", "d")
	if got := demoActions(t, h.store, cyc.ID)[0].Status; got != catalog.ActionDone {
		t.Fatalf("status after s d: %s", got)
	}

	h.press("u")
	h.wantView("Undone: action #3 status done → " + h.m.c.statusName(a.Status))
	if got := demoActions(t, h.store, cyc.ID)[0].Status; got != a.Status {
		t.Fatalf("status after u: %s, want %s", got, a.Status)
	}
	h.press("tab", "tab", "tab", "tab") // back on Build: u still means undo
	h.press("u")
	h.wantView("Undone: Build setting " + id + " target 1 → " + before)
	if got := scoreText(service(t, cycleData(t, h.store, catalog.DemoOrgName), id).Target); got != before {
		t.Fatalf("target after the second u: %s, want %s", got, before)
	}
	h.press("u")
	h.wantView("Nothing left to undo")

	chs, err := h.store.Changes(context.Background(), catalog.ChangeQuery{OrgID: cyc.OrgID, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range chs {
		if ch.Reason != catalog.ReasonUndo {
			t.Fatalf("undo logged as %+v", ch)
		}
	}
	// the change log's reason column says so in the user's language
	h.press("tab")
	h.manageTo("4")
	h.wantView("Reason", "undo")
}

// u never overwrites what another window changed since.
func TestUndoRefusesAnotherWindowsChange(t *testing.T) {
	h := newHarness(t, 120, 40, catalog.JA)
	h.press("d")
	h.workspace()
	h.press("tab")
	sv, _ := h.workspace().tabs[tabBuild].(*buildTab).selected()
	id := sv.ID
	h.press("2")
	d := cycleData(t, h.store, catalog.DemoOrgName)
	five := 5
	if _, err := h.store.SetBuild(context.Background(), d.Cycle.ID, []string{id}, catalog.BuildPatch{Target: &five}); err != nil {
		t.Fatal(err)
	}
	h.press("u")
	h.wantView("取り消しませんでした")
	if got := scoreText(service(t, cycleData(t, h.store, catalog.DemoOrgName), id).Target); got != "5" {
		t.Fatalf("undo overwrote the other window's target: %s", got)
	}
	h.press("u")
	h.wantView("取り消せる変更はもうありません")
}
