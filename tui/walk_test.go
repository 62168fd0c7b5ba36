package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Findings of trying the TUI in tmux at 80x24 and 200x50, English and Japanese: each test
// drives the screen with keys and checks what was wrong is not.

// screenLines is the screen, line by line.
func screenLines(h *harness) []string { return strings.Split(h.view(), "\n") }

// At 80 columns the organisation list hides its optional columns; their values, and how many
// services are assessed, are on the detail lines under the list, whole.
func TestStartDetailLinesWholeAt80(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			s := newStore(t)
			addFixture(t, s)
			h := newHarnessStore(t, s, 80, 24, lang)
			h.wantView(fixtureName)
			v := h.view()
			T := h.m.c.T
			for _, want := range []string{
				T("programme.col.current_cycle") + ": FY2026",
				T("programme.col.sector") + ": Finance",
				T("programme.col.country") + ": Japan",
				T("programme.col.size_band") + ": 1000-9999",
			} {
				if !strings.Contains(v, want) {
					t.Errorf("the detail lines do not show %q:\n%s", want, v)
				}
			}
			for _, l := range screenLines(h)[19:22] {
				if strings.Contains(l, "…") {
					t.Errorf("a detail line is cut: %q\n%s", l, v)
				}
			}
		})
	}
}

// The change log's What column fits the entity and key it shows ("Build setting A-10"), in
// English and Japanese at 80 columns, and leaves the old and new values their room.
func TestChangeLogWhatWholeAt80(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			h := newFixtureHarness(t, 80, 24, lang)
			h.press("j", "j", "j", "j", "j", "j", "j", "j", "j")
			h.press("1")
			h.press("tab", "right", "right", "right")
			what := h.m.c.T("entity.build") + " A-10"
			h.wantView(what)
			for _, l := range screenLines(h) {
				if strings.Contains(l, what) && !strings.Contains(l, "→") {
					t.Errorf("the row of %s has no old → new: %q", what, l)
				}
			}
		})
	}
	// a short reason is whole: 取り消し (undo) at 80 columns in Japanese
	if c := changeWidths(80, 16, 15, 4, 8, 4); c.reason != 8 || c.change < 14 {
		t.Errorf("changeWidths for 取り消し at 80: reason %d, change %d; want 8 and at least 14", c.reason, c.change)
	}
	// the widths: what fits its widest row, the values keep 14 columns
	for _, tc := range []struct{ w, field, what, wantWhat int }{
		{80, 13, 17, 17}, {80, 13, 40, 21}, {80, 17, 26, 17}, {200, 13, 40, 32}, {80, 13, 3, 10},
	} {
		c := changeWidths(tc.w, tc.field, tc.what, 4, 4, 6)
		if c.what != tc.wantWhat || c.change < 14 {
			t.Errorf("changeWidths(%d, field %d, what %d) = what %d, change %d; want what %d, change at least 14", tc.w, tc.field, tc.what, c.what, c.change, tc.wantWhat)
		}
	}
}

// The Cycles view's line under the list says what its keys do; at 80 columns it takes a
// second line rather than losing "under the cursor".
func TestCyclesSummaryWholeAt80(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			h := newFixtureHarness(t, 80, 24, lang)
			h.press("tab", "right", "right")
			want := h.m.c.T("tui.manage.cycles.summary")
			// the line breaks between items, where a " · " was
			squeeze := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "·", "")), "") }
			if !strings.Contains(squeeze(h.view()), squeeze(want)) {
				t.Fatalf("the Cycles view does not show %q whole:\n%s", want, h.view())
			}
		})
	}
}

// ? on every tab lists each key once, and the Report tab's lists the check-in (c).
func TestFullHelpEveryTabOnceEach(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			h := newFixtureHarness(t, 120, 40, lang)
			h.press("shift+tab") // the Overview
			T := h.m.c.T
			for tab := 0; tab < 5; tab++ {
				h.press("?")
				v := h.view()
				flat := strings.Join(strings.Fields(v), " ")
				for _, k := range []string{"esc " + T("tui.key.back"), "↑/k " + T("tui.key.up")} {
					if n := strings.Count(flat, k); n != 1 {
						t.Errorf("tab %d: ? shows %q %d times, want once:\n%s", tab, k, n, v)
					}
				}
				if tab == 4 && !strings.Contains(flat, "c "+T("tui.checkin.key.open")) {
					t.Errorf("the Report tab's ? does not list c %s:\n%s", T("tui.checkin.key.open"), v)
				}
				h.press("esc", "tab")
			}
		})
	}
}

// At 200 columns the Overview uses the width: what to do (actions, review, priorities) stands
// beside where the CDC stands, and the cursor walks from the left column into the right one.
func TestOverviewTwoColumnsWhenWide(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			h := newFixtureHarness(t, 200, 50, lang)
			h.press("shift+tab")
			T := h.m.c.T
			beside := false
			for _, l := range screenLines(h) {
				if strings.Contains(l, T("tui.overview.title", fixtureName, "FY2026")) && strings.Contains(l, T("tui.overview.overdue")) {
					beside = true
				}
			}
			if !beside {
				t.Fatalf("at 200 columns the overdue actions are not beside the title:\n%s", h.view())
			}
			ov := h.workspace().tabs[tabOverview].(*overviewTab)
			// down to the last item of the left column, then once more: the first of the right
			for n := 0; ov.list.cursor < lastSelectable(ov.lines[:ov.split]) && n < 100; n++ {
				h.press("down")
			}
			h.press("down")
			if ov.list.cursor < ov.split {
				t.Fatalf("down from the left column's last item stayed on line %d (right column from %d)", ov.list.cursor, ov.split)
			}
			for n := 0; !strings.Contains(ov.lines[ov.list.cursor].text, "→") && n < 100; n++ { // to the first priority
				h.press("down")
			}
			h.press("enter")
			if h.workspace().active != tabEvaluate {
				t.Fatalf("enter on a priority of the right column did not open Evaluate:\n%s", h.view())
			}
		})
	}
	// at 80 columns: one column
	h := newFixtureHarness(t, 80, 24, catalog.EN)
	h.press("shift+tab")
	if ov := h.workspace().tabs[tabOverview].(*overviewTab); ov.split != 0 {
		t.Fatalf("at 80 columns the Overview has two columns (right from line %d)", ov.split)
	}
}

func lastSelectable(lines []overviewLine) int {
	last := -1
	for i, l := range lines {
		if l.selectable() {
			last = i
		}
	}
	return last
}

// On a wide window Evaluate's name column is as wide as the widest name, and the evidence
// column has the rest: at 120 columns in Japanese too.
func TestEvaluateEvidenceGetsTheWidth(t *testing.T) {
	for _, tc := range []struct {
		lang catalog.Lang
		w    int
	}{{catalog.EN, 200}, {catalog.JA, 200}, {catalog.JA, 120}} {
		h := newFixtureHarness(t, tc.w, 40, tc.lang)
		h.press("tab", "tab")
		ev := h.workspace().tabs[tabEvaluate].(*evaluateTab)
		cols := ev.columns()
		name, last := cols[1], cols[len(cols)-1]
		if name.width != min(ev.longest, 48) || last.title != h.m.c.T("tui.eval.evidence") {
			t.Errorf("%s at %d: name column %d (widest name %d), last column %q; want the name as wide as the widest and the evidence last", tc.lang, tc.w, name.width, ev.longest, last.title)
		}
		h.wantView(h.m.c.T("tui.eval.evidence"))
	}
}

// At 200 columns the results put the priorities beside the portfolio, coverage and profile
// instead of under them; at 80 they stay under them.
func TestResultsPrioritiesBesideWhenWide(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			h := newFixtureHarness(t, 200, 50, lang)
			h.press("tab", "tab", "r")
			T := h.m.c.T
			beside := false
			for _, l := range screenLines(h) {
				beside = beside || strings.Contains(l, T("tui.eval.portfolio")) && strings.Contains(l, T("tui.eval.priorities"))
			}
			if !beside {
				t.Fatalf("at 200 columns the priorities are not beside the portfolio:\n%s", h.view())
			}
			h.golden("results_" + string(lang) + "_200x50")

			h = newFixtureHarness(t, 80, 24, lang)
			h.press("tab", "tab", "r")
			for _, l := range screenLines(h) {
				if strings.Contains(l, T("tui.eval.portfolio")) && strings.Contains(l, T("tui.eval.priorities")) {
					t.Fatalf("at 80 columns the priorities are beside the portfolio:\n%s", h.view())
				}
			}
		})
	}
}

// "Mandatory services not provided" lists every one, wrapped, at 80 columns: a new
// organisation provides none.
func TestResultsMissingMandatoryWrapped(t *testing.T) {
	s := newStore(t)
	if _, _, err := s.AddOrg(context.Background(), catalog.NewOrg{Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	h := newHarnessStore(t, s, 80, 24, catalog.EN)
	h.press("enter", "tab", "tab", "tab", "r")
	ev := h.workspace().tabs[tabEvaluate].(*evaluateTab)
	r := ev.data.Result
	if r == nil || len(r.Catalogue.MissingMandatory) < 10 {
		t.Fatalf("want a result with many mandatory services not provided, got %+v", r)
	}
	lines := ev.resultView(80)
	text := ansi.Strip(strings.Join(lines, "\n"))
	for _, id := range r.Catalogue.MissingMandatory {
		if !strings.Contains(text, id) {
			t.Errorf("%s is not listed as not provided", id)
		}
	}
	last := r.Catalogue.MissingMandatory[len(r.Catalogue.MissingMandatory)-1]
	if !strings.Contains(text, last) {
		t.Errorf("the last service not provided, %s, is cut:\n%s", last, text)
	}
	for _, l := range lines {
		if n := ansi.StringWidth(l); n > 80 {
			t.Errorf("a results line is %d cells wide: %q", n, ansi.Strip(l))
		}
	}
}

// Field hints show in every language: textinput's own placeholder breaks wide text, so the
// form draws them (a Japanese action form showed blank fields).
func TestFormHintsInJapanese(t *testing.T) {
	h := openManage(t, 80, 24, catalog.JA, "1")
	h.press("n")
	h.wantView(h.m.c.T("tui.manage.title.ph"), h.m.c.T("tui.manage.service.ph"))
}
