package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
)

// openManage loads the demo organisation and shows the Manage tab's view n (1-4).
func openManage(t *testing.T, w, h int, lang catalog.Lang, view string) *harness {
	t.Helper()
	hs := newHarness(t, w, h, lang)
	hs.press("d")
	hs.workspace()
	hs.press("tab", "tab")
	hs.manageTo(view)
	return hs
}

// manageTo moves the Manage tab to its view n (1-4) with → and ←, as a user does: digits
// never switch views.
func (h *harness) manageTo(view string) {
	h.t.Helper()
	tab := h.workspace().tabs[tabManage].(*manageTab)
	want := manageView(view[0] - '1')
	for tab.view != want {
		if tab.view < want {
			h.press("right")
		} else {
			h.press("left")
		}
	}
}

func demoActions(t *testing.T, s *catalog.Store, cycleID int64) []catalog.Action {
	t.Helper()
	o, err := s.FindOrg(context.Background(), catalog.DemoOrgName)
	if err != nil {
		t.Fatal(err)
	}
	as, err := s.Actions(context.Background(), o.ID, catalog.ActionFilter{CycleID: cycleID})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func clearField(h *harness) {
	h.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
}

func TestManageFlowActionStatusNextCycle(t *testing.T) {
	h := openManage(t, 80, 24, catalog.EN, "1")
	h.wantView("Actions", "Test restores of", "6 actions · 5 open")
	cyc := cycleData(t, h.store, catalog.DemoOrgName).Cycle

	// add an action; the form refuses bad values and names them
	h.press("n")
	h.wantView("New improvement action")
	h.press("ctrl+s")
	h.wantView("The title is empty")
	h.typeText("Write the escalation runbook")
	h.press("tab")
	h.typeText("Z-9")
	h.press("ctrl+s")
	h.wantView(`Service "Z-9" is not in pack x1060@2021.06`)
	clearField(h)
	h.typeText("b-3")
	h.press("tab", "tab")
	h.typeText("SOC lead")
	h.press("tab")
	h.typeText("2026-02-30")
	h.press("ctrl+s")
	h.wantView(`Due "2026-02-30" is not a date like 2026-03-31`)
	clearField(h)
	h.typeText("2026-05-31")
	h.press("ctrl+s")
	h.wantView("Write the escalati", "saved 14:02:11", "7 actions · 6 open")

	as := demoActions(t, h.store, cyc.ID)
	added := as[len(as)-1]
	if added.Title != "Write the escalation runbook" || added.ServiceID != "B-3" || added.Owner != "SOC lead" ||
		added.Due != "2026-05-31" || added.Horizon != catalog.ShortTerm || added.Status != catalog.ActionPlanned {
		t.Fatalf("added action %+v", added)
	}
	if a := h.workspace().tabs[tabManage].(*manageTab); a.lists[viewActions].cursor != len(a.shown)-1 {
		t.Fatalf("cursor %d is not on the new action", a.lists[viewActions].cursor)
	}

	// status from the picker, by shortcut or by moving and enter; x drops after asking
	for _, keys := range [][]string{{"s", "i"}, {"s", "down", "enter"}, {"s", "p"}} {
		want := map[string]catalog.ActionStatus{"i": catalog.ActionInProgress, "down": catalog.ActionDone, "p": catalog.ActionPlanned}[keys[1]]
		h.press(keys...)
		as = demoActions(t, h.store, cyc.ID)
		if got := as[len(as)-1].Status; got != want {
			t.Fatalf("after s: status %s, want %s", got, want)
		}
	}
	h.press("x")
	h.wantView("Drop action #")
	h.press("y")
	if got := demoActions(t, h.store, cyc.ID)[len(as)-1].Status; got != catalog.ActionDropped {
		t.Fatalf("after x: status %s", got)
	}
	h.wantView("dropped")

	// edit: change the horizon and title
	h.press("e")
	h.wantView("Edit action #")
	clearField(h)
	h.typeText("Write and test the escalation runbook")
	h.press("tab", "tab", "right") // the horizon is a choice: → moves to mid/long-term
	h.press("ctrl+s")
	as = demoActions(t, h.store, cyc.ID)
	if a := as[len(as)-1]; a.Title != "Write and test the escalation runbook" || a.Horizon != catalog.LongTerm || a.Owner != "SOC lead" {
		t.Fatalf("edited action %+v", a)
	}

	// start the next cycle with the scores carried over
	h.manageTo("3")
	h.wantView("FY2025", "FY2026")
	h.press("n")
	h.wantView("Start the next cycle of Demo Agency", "FY2027")
	h.press("enter")
	h.wantView("Carry the current")
	h.press("y")
	h.wantView("FY2027 (open)", "cycle 3 of 3")
	next := cycleData(t, h.store, catalog.DemoOrgName)
	if next.Cycle.Name != "FY2027" || next.Cycle.ID == cyc.ID {
		t.Fatalf("current cycle after start: %+v", next.Cycle)
	}
	prev, err := h.store.CycleData(context.Background(), cyc.ID)
	if err != nil {
		t.Fatal(err)
	}
	carried := 0
	for _, sv := range next.Services {
		p, _ := prev.Service(sv.ID)
		if scoreText(sv.Current) != scoreText(p.Current) || sv.Target == nil != (p.Target == nil) {
			t.Fatalf("%s: current %s target %s, previous cycle %s %s", sv.ID, scoreText(sv.Current), scoreText(sv.Target), scoreText(p.Current), scoreText(p.Target))
		}
		if sv.CarriedOver {
			carried++
		}
	}
	if carried == 0 {
		t.Fatal("no score is marked carried over")
	}

	// open mid/long-term actions of FY2026 carry on into FY2027; short-term ones stay behind
	h.manageTo("1")
	h.wantView("#6↻", "#7↻", "2 actions · 2 open")
	if v := h.view(); strings.Contains(v, "#3") || strings.Contains(v, "#8") {
		t.Fatalf("short-term or dropped actions of FY2026 shown in FY2027:\n%s", v)
	}
	h.manageTo("3")

	// close the cycle on screen: asked first, then read only
	h.press("c")
	h.wantView("Close cycle FY2027?")
	h.press("n")
	if cycleData(t, h.store, catalog.DemoOrgName).Cycle.Status != catalog.CycleOpen {
		t.Fatal("n closed the cycle")
	}
	h.press("c", "y")
	h.wantView("FY2027 (closed)")
	c, err := h.store.Cycle(context.Background(), next.Cycle.ID)
	if err != nil || c.Status != catalog.CycleClosed || c.ClosedAt == nil {
		t.Fatalf("closed cycle %+v, %v", c, err)
	}
	h.manageTo("1")
	h.press("n")
	h.wantView("closed: settings and scores are read only")
}

func TestManageStartCycleWithoutScores(t *testing.T) {
	h := openManage(t, 100, 30, catalog.EN, "3")
	h.press("n")
	clearField(h)
	h.press("enter")
	h.wantView("The name is empty")
	h.typeText("fy2026")
	h.press("enter")
	h.wantView(`A cycle named "fy2026" exists already`)
	clearField(h)
	h.typeText("FY2027 H1")
	h.press("enter", "esc")
	if n := len(h.workspace().data.Cycles); n != 2 {
		t.Fatalf("esc on the carry-over question started a cycle (%d cycles)", n)
	}
	h.press("n", "enter", "n")
	d := cycleData(t, h.store, catalog.DemoOrgName)
	if d.Cycle.Name != "FY2027" {
		t.Fatalf("new cycle %q", d.Cycle.Name)
	}
	for _, sv := range d.Services {
		if sv.Current != nil || sv.CarriedOver {
			t.Fatalf("%s carried a score without being asked to", sv.ID)
		}
	}
}

func TestManageFiltersReviewsAndLog(t *testing.T) {
	h := openManage(t, 120, 40, catalog.EN, "1")
	tab := h.workspace().tabs[tabManage].(*manageTab)
	h.press("f", "h", "s") // the filter picker: horizon, short-term
	h.wantView("filtered: short")
	for _, a := range tab.shown {
		if a.Horizon != catalog.ShortTerm {
			t.Fatalf("horizon filter kept %+v", a)
		}
	}
	h.press("f", "h", "l", "f", "s", "i")
	h.wantView("filtered: mid/long-term · in progress", "Recruit for the two vacant")
	if len(tab.shown) != 1 {
		t.Fatalf("mid/long in progress: %d rows", len(tab.shown))
	}
	h.press("esc")
	if len(tab.shown) != 6 || tab.mode() != modeNormal {
		t.Fatalf("esc left %d rows, mode %v", len(tab.shown), tab.mode())
	}

	// a review dated today by default
	h.press("right")
	h.wantView("quarterly operational review")
	h.press("n")
	h.wantView("New review in FY2026", "2026-03-02")
	h.press("ctrl+s")
	h.wantView("A review needs a kind or notes")
	h.press("up")
	h.typeText("Monthly operational review")
	h.press("tab")
	h.typeText("Backlog of 12 alerts cleared")
	h.press("enter")
	rs, err := h.store.Reviews(context.Background(), cycleData(t, h.store, catalog.DemoOrgName).Cycle.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := rs[len(rs)-1]
	if last.HeldOn != "2026-03-02" || last.Kind != "Monthly operational review" || last.Notes != "Backlog of 12 alerts cleared" {
		t.Fatalf("review %+v", last)
	}
	h.wantView("Monthly operational review", "Backlog of 12 alerts cleared")
	h.press("G", "enter")
	h.wantView("2026-03-02  Monthly operational review", "esc/enter close")
	h.press("esc")
	if !h.m.c.dialogs.empty() || tab.mode() != modeNormal {
		t.Fatal("esc did not close the review")
	}

	// the change log shows it first, with who and where from
	h.manageTo("4")
	h.wantView("review #", "Monthly operational review", "tester", "terminal interface")
	h.press("enter")
	h.wantView("review #", "Source: terminal interface", "Before:", "After:", "2026-03-02 Monthly operational review")
	h.press("enter")
	h.press("G")
	if tab.lists[viewChanges].cursor != len(tab.changes)-1 {
		t.Fatal("G did not reach the oldest change")
	}
	h.press("left", "left", "left")
	h.wantView("6 actions")
}

func TestManageClosedCycleReadOnly(t *testing.T) {
	h := openManage(t, 80, 24, catalog.EN, "1")
	h.press("[")
	h.wantView("FY2025 (closed)", "Extend MSSP monit")
	for _, k := range []string{"n", "s", "x", "e"} {
		h.press(k)
		h.wantView("closed: settings and scores are read only")
		if !h.m.c.dialogs.empty() {
			t.Fatalf("%s opened a form in a closed cycle", k)
		}
	}
	h.manageTo("2")
	h.press("n")
	h.wantView("closed: settings and scores are read only")
}

// The horizon is chosen, never typed: the action form's choice field takes a shortcut too.
func TestManageHorizonChoice(t *testing.T) {
	h := openManage(t, 80, 24, catalog.JA, "1")
	h.press("n")
	h.typeText("Runbook")
	h.press("tab", "tab")
	h.wantView("● 短期", "○ 中長期")
	h.press("l")
	h.wantView("○ 短期", "● 中長期")
	f := h.m.c.dialogs.top().(*form)
	if got := f.Value("horizon"); got != string(catalog.LongTerm) {
		t.Fatalf("horizon %q", got)
	}
}

func TestManageNextCycleName(t *testing.T) {
	for _, tt := range []struct {
		last string
		seq  int
		want string
	}{
		{"FY2026", 3, "FY2027"},
		{"Cycle 1", 2, "Cycle 2"},
		{"2026 H1", 4, "2026 H2"},
		{"FY2025 (pilot)", 2, "FY2026 (pilot)"},
		{"Baseline", 2, "Cycle 2"},
	} {
		if got := nextCycleName(tt.last, tt.seq); got != tt.want {
			t.Errorf("nextCycleName(%q) = %q, want %q", tt.last, got, tt.want)
		}
	}
}

// TestManageViewsFit renders every view in both languages and sizes: every line fits the window.
func TestManageViewsFit(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
			h := openManage(t, sz[0], sz[1], lang, "1")
			for _, v := range []string{"1", "2", "3", "4"} {
				h.manageTo(v)
				lines := strings.Split(h.view(), "\n")
				if len(lines) != sz[1] {
					t.Fatalf("%v %s view %s: %d lines, want %d", sz, lang, v, len(lines), sz[1])
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > sz[0] {
						t.Fatalf("%v %s view %s line %d is %d cells wide:\n%s", sz, lang, v, i, w, l)
					}
				}
			}
		}
	}
}

// TestManageReportCursor checks that the terminal cursor follows the typed text in the Manage
// and Report forms, where an input method composes Japanese.
func TestManageReportCursor(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys []string
		text string
		last string
	}{
		{"action title", []string{"tab", "tab", "n"}, "監視手順", "順"},
		{"review kind", []string{"tab", "tab", "right", "n", "tab"}, "月次", "次"},
		{"next cycle", []string{"tab", "tab", "right", "right", "n"}, "下期", "期"},
		{"report file", []string{"tab", "tab", "tab", "tab", "enter"}, "報告", "告"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 100, 30, catalog.JA)
			h.press("d")
			h.workspace()
			h.press(tt.keys...)
			h.typeText(tt.text)
			v := h.m.View()
			if v.Cursor == nil {
				t.Fatal("no terminal cursor while a form is open")
			}
			lines := strings.Split(ansi.Strip(v.Content), "\n")
			x, y := v.Cursor.Position.X, v.Cursor.Position.Y
			if got := ansi.Cut(lines[y], x-ansi.StringWidth(tt.last), x); got != tt.last {
				t.Fatalf("cursor at %d,%d follows %q, want %q\n%s", x, y, got, tt.last, lines[y])
			}
			h.press("esc")
			if h.m.View().Cursor != nil {
				t.Fatal("the cursor stayed after the form closed")
			}
		})
	}
}

// Digits only ever set values: on Manage they switch nothing.
func TestManageDigitsDoNotSwitchViews(t *testing.T) {
	h := openManage(t, 80, 24, catalog.EN, "1")
	tab := h.workspace().tabs[tabManage].(*manageTab)
	for _, k := range []string{"1", "2", "3", "4", "5", "0"} {
		h.press(k)
		if tab.view != viewActions {
			t.Fatalf("%s switched to view %d", k, tab.view)
		}
	}
	h.press("right", "right", "right")
	if tab.view != viewChanges {
		t.Fatalf("→→→ reached view %d", tab.view)
	}
	h.press("right")
	if tab.view != viewActions {
		t.Fatal("→ does not wrap round")
	}
}

// c in Cycles closes the cycle under the cursor, not the one on screen, and asks what becomes
// of its open short-term actions: carried over, none is left planned in a closed cycle.
func TestManageCloseCycleUnderCursorCarriesActions(t *testing.T) {
	h := openManage(t, 100, 30, catalog.EN, "3")
	fy2026 := cycleData(t, h.store, catalog.DemoOrgName).Cycle
	open, err := h.store.OpenShortTerm(context.Background(), fy2026.ID)
	if err != nil || len(open) == 0 {
		t.Fatalf("demo FY2026 has no open short-term actions: %v", err)
	}
	h.press("n", "enter", "n") // start FY2027, FY2026 stays open
	h.wantView("FY2027 (open)")
	tab := h.workspace().tabs[tabManage].(*manageTab)
	h.manageTo("3")
	if got := h.workspace().data.Cycles[tab.lists[viewCycles].cursor].Name; got != "FY2027" {
		t.Fatalf("cursor on %s, want the cycle on screen", got)
	}
	h.press("up") // FY2026, not the cycle on screen
	h.press("c")
	h.wantView("Close FY2026: 3 open short-term actions", "carry over to the next cycle", "drop, then close")
	h.press("esc")
	if c, _ := h.store.Cycle(context.Background(), fy2026.ID); c.Status != catalog.CycleOpen {
		t.Fatal("esc closed the cycle")
	}
	h.press("c", "c")
	h.wantView("FY2027 (open)")
	if c, _ := h.store.Cycle(context.Background(), fy2026.ID); c.Status != catalog.CycleClosed {
		t.Fatal("FY2026 under the cursor was not closed")
	}
	fy2027 := cycleData(t, h.store, catalog.DemoOrgName).Cycle
	if fy2027.Status != catalog.CycleOpen || fy2027.Name != "FY2027" {
		t.Fatalf("the cycle on screen changed: %+v", fy2027)
	}
	if left, _ := h.store.OpenShortTerm(context.Background(), fy2026.ID); len(left) != 0 {
		t.Fatalf("orphaned actions in the closed cycle: %+v", left)
	}
	moved, _ := h.store.OpenShortTerm(context.Background(), fy2027.ID)
	if len(moved) != len(open) {
		t.Fatalf("carried %d actions, want %d", len(moved), len(open))
	}
	h.manageTo("1")
	h.wantView("#3 ", "#4 ", "#5 ")
	h.press("g", "e")
	h.wantView("Edit action #3") // carried actions stay editable
	h.press("esc")

	// u reopens FY2026 and takes its actions back from FY2027
	h.press("u")
	h.wantView("Undone: cycle FY2026 status closed → open")
	if c, _ := h.store.Cycle(context.Background(), fy2026.ID); c.Status != catalog.CycleOpen {
		t.Fatal("u did not reopen FY2026")
	}
	if back, _ := h.store.OpenShortTerm(context.Background(), fy2026.ID); len(back) != len(open) {
		t.Fatalf("%d actions back in FY2026, want %d", len(back), len(open))
	}
}

// Closing with drop leaves no planned short-term action behind either.
func TestManageCloseCycleDropsActions(t *testing.T) {
	h := openManage(t, 80, 24, catalog.JA, "3")
	cyc := cycleData(t, h.store, catalog.DemoOrgName).Cycle
	h.press("c")
	h.wantView("未完了の短期改善策 3 件")
	h.press("x")
	h.wantView("FY2026 (終了)")
	for _, a := range demoActions(t, h.store, cyc.ID) {
		if a.Horizon == catalog.ShortTerm && a.Open() {
			t.Fatalf("action #%d left %s in a closed cycle", a.ID, a.Status)
		}
	}
}

func TestManageReviewEditDelete(t *testing.T) {
	h := openManage(t, 100, 30, catalog.EN, "2")
	cyc := cycleData(t, h.store, catalog.DemoOrgName).Cycle
	rs, _ := h.store.Reviews(context.Background(), cyc.ID)
	n := len(rs)
	r := rs[0]
	h.press("e")
	h.wantView("Edit the review of "+r.HeldOn, r.Kind)
	h.press("tab")
	clearField(h)
	h.typeText("Board review")
	h.press("ctrl+s")
	h.wantView("Board review")
	got, err := h.store.Review(context.Background(), r.ID)
	if err != nil || got.Kind != "Board review" || got.Notes != r.Notes {
		t.Fatalf("edited review %+v %v", got, err)
	}
	h.press("D")
	h.wantView("Delete the review of " + r.HeldOn + ", Board review?")
	h.press("n")
	if rs, _ := h.store.Reviews(context.Background(), cyc.ID); len(rs) != n {
		t.Fatal("n deleted the review")
	}
	h.press("D", "y")
	if rs, _ := h.store.Reviews(context.Background(), cyc.ID); len(rs) != n-1 {
		t.Fatalf("%d reviews after delete, want %d", len(rs), n-1)
	}
	// both are in the change log; u brings the deleted review back, notes and all
	h.manageTo("4")
	h.wantView("review #", "removed", "Board review")
	h.press("u")
	h.wantView(fmt.Sprintf("Undone: review #%d deleted, now restored", r.ID))
	back, err := h.store.Review(context.Background(), r.ID)
	if err != nil || back.Kind != "Board review" || back.Notes != r.Notes || back.HeldOn != r.HeldOn {
		t.Fatalf("restored review %+v %v, want %+v", back, err, got)
	}
	h.manageTo("2")
	h.wantView("Board review")
}

func TestManageListsSortFilterPosition(t *testing.T) {
	h := openManage(t, 120, 40, catalog.EN, "1")
	tab := h.workspace().tabs[tabManage].(*manageTab)
	h.wantView("1/6")
	h.press("o")
	h.wantView("Sort the actions by", "due date", "owner")
	h.press("d")
	for i := 1; i < len(tab.shown); i++ {
		if a, b := tab.shown[i-1].Due, tab.shown[i].Due; b != "" && (a == "" || a > b) {
			t.Fatalf("not by due date: %s before %s", a, b)
		}
	}
	h.wantView("by due date")
	h.press("o", "o")
	for i := 1; i < len(tab.shown); i++ {
		if a, b := tab.shown[i-1].Owner, tab.shown[i].Owner; strings.ToLower(a) > strings.ToLower(b) {
			t.Fatalf("not by owner: %s before %s", a, b)
		}
	}
	// / filters; typed letters are text, not keys
	h.press("/")
	h.typeText("ciso")
	if len(tab.shown) == 0 || len(tab.shown) == 6 {
		t.Fatalf("filter ciso kept %d rows", len(tab.shown))
	}
	for _, a := range tab.shown {
		if !strings.Contains(strings.ToLower(a.Owner+a.Title+a.Notes), "ciso") {
			t.Fatalf("filter kept %+v", a)
		}
	}
	h.wantView("/ ciso", "1/"+strconv.Itoa(len(tab.shown)))
	h.press("enter", "esc")
	if len(tab.shown) != 6 {
		t.Fatal("esc did not clear the filter")
	}

	// the change log: filtered in the store, this cycle or all, with a position
	h.manageTo("4")
	h.wantView("FY2026 · t all cycles", "Reason")
	thisCycle := len(tab.changes)
	h.press("t")
	h.wantView("all cycles · t this cycle")
	if len(tab.changes) <= thisCycle {
		t.Fatalf("all cycles shows %d changes, this cycle %d", len(tab.changes), thisCycle)
	}
	h.press("/")
	h.typeText("MSSP")
	h.press("enter")
	for _, ch := range tab.changes {
		if !strings.Contains(strings.ToLower(ch.Old+ch.New+ch.Key+ch.Who+ch.Reason), "mssp") {
			t.Fatalf("log filter kept %+v", ch)
		}
	}
	if len(tab.changes) == 0 {
		t.Fatal("log filter kept nothing")
	}
	h.wantView("1/" + strconv.Itoa(len(tab.changes)))
}

// h on a service in Build or Evaluate opens its history: the change log of that service.
func TestManageHistoryFromBuildAndEvaluate(t *testing.T) {
	for _, tabKeys := range [][]string{{"tab"}, {"tab", "tab", "tab"}} {
		h := newHarness(t, 120, 40, catalog.EN)
		h.press("d")
		h.workspace()
		h.press(tabKeys...)
		h.press("/")
		h.typeText("incid") // a filter, kept on the way back
		h.press("enter", "down", "h")
		w := h.workspace()
		tab := w.tabs[tabManage].(*manageTab)
		if w.active != tabManage || tab.view != viewChanges || tab.logService == "" {
			t.Fatalf("h after %v: tab %d view %d service %q", tabKeys, w.active, tab.view, tab.logService)
		}
		h.wantView("history of " + tab.logService)
		if len(tab.changes) == 0 {
			t.Fatalf("no history for %s", tab.logService)
		}
		for _, ch := range tab.changes {
			if ch.Key != tab.logService {
				t.Fatalf("history of %s shows %+v", tab.logService, ch)
			}
		}
		service := tab.logService
		h.press("esc")
		if tab.logService != "" {
			t.Fatal("esc kept the service")
		}
		// esc goes back to the service in the tab the history was opened from
		from := map[int]int{1: tabBuild, 3: tabEvaluate}[len(tabKeys)]
		if w.active != from {
			t.Fatalf("esc after h from tab %d went to tab %d", from, w.active)
		}
		var at string
		switch v := w.tabs[from].(type) {
		case *buildTab:
			at = v.table.selectedID()
		case *evaluateTab:
			at = v.table.selectedID()
		}
		if at != service {
			t.Fatalf("back on tab %d at %s, not %s", from, at, service)
		}
		h.wantView("/incid")
	}
}

// Pages of the change log are read as the cursor goes down: never the whole log at once.
func TestManageChangeLogPages(t *testing.T) {
	h := openManage(t, 120, 40, catalog.EN, "4")
	tab := h.workspace().tabs[tabManage].(*manageTab)
	h.press("t")
	if len(tab.changes) > changePage {
		t.Fatalf("%d changes read at once", len(tab.changes))
	}
	if !tab.logMore {
		t.Skip("the demo log fits one page")
	}
	h.wantView("1/" + strconv.Itoa(changePage) + "+")
	h.press("G")
	if len(tab.changes) <= changePage {
		t.Fatalf("G read no further page (%d rows)", len(tab.changes))
	}
}

// The action and review forms detect a change made elsewhere while they were open: theirs and
// mine are shown, and the user keeps either.
func TestManageFormsConflict(t *testing.T) {
	h := openManage(t, 100, 30, catalog.EN, "1")
	cyc := cycleData(t, h.store, catalog.DemoOrgName).Cycle
	a := demoActions(t, h.store, cyc.ID)[0]
	h.press("e", "tab", "tab", "tab") // the owner
	clearField(h)
	h.typeText("Mine Owner")
	theirs := "Their Owner"
	if _, err := h.store.UpdateAction(context.Background(), a.ID, catalog.ActionPatch{Owner: &theirs}); err != nil {
		t.Fatal(err)
	}
	h.press("ctrl+s")
	h.wantView("Changed elsewhere", "Their Owner", "Mine Owner")
	if got, _ := h.store.Action(context.Background(), a.ID); got.Owner != theirs {
		t.Fatalf("the conflicting save was applied: %q", got.Owner)
	}
	h.press("m")
	if got, _ := h.store.Action(context.Background(), a.ID); got.Owner != "Mine Owner" {
		t.Fatalf("keeping mine wrote %q", got.Owner)
	}

	h.manageTo("2")
	rs, _ := h.store.Reviews(context.Background(), cyc.ID)
	r := rs[0]
	h.press("e", "tab", "tab")
	clearField(h)
	h.typeText("my notes")
	other := "their notes"
	if _, err := h.store.UpdateReview(context.Background(), r.ID, catalog.ReviewPatch{Notes: &other}); err != nil {
		t.Fatal(err)
	}
	h.press("ctrl+s")
	h.wantView("Changed elsewhere", "their notes", "my notes")
	h.press("t")
	if got, _ := h.store.Review(context.Background(), r.ID); got.Notes != other {
		t.Fatalf("keeping theirs wrote %q", got.Notes)
	}
	if !h.m.c.dialogs.empty() {
		t.Fatal("the review form stayed open after keeping theirs")
	}
}

// f on the Actions list is the filter picker, as on Build and Evaluate: overdue and the
// cycle an action comes from are filters too, and "clear" removes them all.
func TestManageActionFilterPicker(t *testing.T) {
	h := openManage(t, 120, 40, catalog.EN, "1")
	tab := h.workspace().tabs[tabManage].(*manageTab)
	today := h.m.c.P.Date(h.m.c.Now())
	if _, err := h.store.AddAction(context.Background(), catalog.Action{CycleID: h.workspace().data.Cycle.Cycle.ID, Title: "Late one", Due: "2026-01-15"}); err != nil {
		t.Fatal(err)
	}
	h.press("r") // read the lists again
	count := func(keep func(a catalog.Action) bool) int {
		n := 0
		for _, a := range tab.cycActions {
			if keep(a) {
				n++
			}
		}
		return n
	}
	h.press("f")
	h.wantView("Filter the actions by", "Horizon", "Status", "Overdue", "Cycle")
	h.press("o", "o")
	overdue := count(func(a catalog.Action) bool { return a.Overdue(today) })
	if overdue == 0 || len(tab.shown) != overdue {
		t.Fatalf("overdue filter shows %d of %d overdue actions", len(tab.shown), overdue)
	}
	h.wantView("filtered: overdue")
	h.press("f", "c", "e")
	h.wantView("filtered: overdue · Carried on from earlier cycles")
	for _, a := range tab.shown {
		if a.CycleID == h.workspace().data.Cycle.Cycle.ID || !a.Overdue(today) {
			t.Fatalf("overdue and earlier kept %+v", a)
		}
	}
	h.press("f", "x")
	if tab.actionFiltered() || len(tab.shown) != len(tab.cycActions) {
		t.Fatalf("clear left %d of %d actions", len(tab.shown), len(tab.cycActions))
	}
	h.press("f", "c", "t")
	own := count(func(a catalog.Action) bool { return a.CycleID == h.workspace().data.Cycle.Cycle.ID })
	if len(tab.shown) != own {
		t.Fatalf("this cycle's own: %d rows, want %d", len(tab.shown), own)
	}
	h.press("esc")
	if tab.actionFiltered() {
		t.Fatal("esc left a filter")
	}
}
