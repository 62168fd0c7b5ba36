package tui

import (
	"context"
	"slices"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The filter finds a service by the name shown, in the interface's language, and by its English
// and Japanese names; a name in another language the user does not see matches nothing.
func TestFilterFindsNamesInEveryLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang  catalog.Lang
		query string
		want  string
	}{
		{catalog.FR, "gestion des risques", "A-1"},
		{catalog.ES, "gestión de riesgos", "A-1"},
		{catalog.EN, "surveillance des actifs", ""},
		{catalog.FR, "リアルタイムアセット監視", "B-1"},
		{catalog.JA, "risk management", "A-1"},
	} {
		t.Run(string(tc.lang)+" "+tc.query, func(t *testing.T) {
			h := newFixtureHarness(t, 120, 30, tc.lang)
			for _, tab := range []int{tabBuild, tabEvaluate} {
				h.press("/")
				h.typeText(tc.query)
				h.press("enter")
				var table *serviceTable
				switch v := h.workspace().tabs[tab].(type) {
				case *buildTab:
					table = &v.table
				case *evaluateTab:
					table = &v.table
				}
				var ids []string
				for _, r := range table.rows {
					if !r.header {
						ids = append(ids, r.id)
					}
				}
				if want := []string{tc.want}; tc.want == "" && len(ids) != 0 || tc.want != "" && !slices.Equal(ids, want) {
					t.Errorf("tab %d: filter %q kept %v, want [%s]", tab, tc.query, ids, tc.want)
				}
				h.press("esc", "tab", "tab")
			}
		})
	}
}

// Every filter line shows its whole placeholder while it waits for text.
func TestFilterPromptShowsItsPlaceholder(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		h := newFixtureHarness(t, 80, 24, lang)
		T := h.workspace().c.T
		h.press("/")
		h.wantView("/ " + T("tui.build.filter.ph"))
		h.press("esc", "tab")
		h.press("/")
		h.wantView("/ " + T("tui.manage.filter.ph"))
		h.press("esc", "esc", "esc")
		h.press("/")
		h.wantView("/ " + T("tui.programme.filter.ph"))
	}
}

// In Build, which lists out-of-scope services too, the state filters keep in-scope services
// only: those the evaluation counts.
func TestBuildStateFiltersKeepInScopeServices(t *testing.T) {
	// one service not assessed is taken out of scope
	s, d := fixtureStore(t)
	out := false
	for _, sv := range d.Services {
		if sv.InScope && sv.Current == nil {
			if _, err := s.SetBuild(context.Background(), d.Cycle.ID, []string{sv.ID}, catalog.BuildPatch{InScope: &out}); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	h := newHarnessStore(t, s, 120, 40, catalog.EN)
	h.press("enter", "tab")
	b := h.workspace().tabs[tabBuild].(*buildTab)
	svcs := h.workspace().data.Cycle.Services
	want, outNone := 0, 0
	for _, sv := range svcs {
		switch {
		case sv.InScope && sv.Current == nil:
			want++
		case !sv.InScope && sv.Current == nil:
			outNone++
		}
	}
	if outNone == 0 {
		t.Fatal("no out-of-scope service without a score to leave out")
	}
	h.press("f", "s", "n")
	got := 0
	for _, r := range b.table.rows {
		if r.header {
			continue
		}
		got++
		if sv := svcs[r.svc]; !sv.InScope || sv.Current != nil {
			t.Errorf("not assessed keeps %s (in scope %v, score %v)", sv.ID, sv.InScope, sv.Current)
		}
	}
	if got != want {
		t.Errorf("not assessed keeps %d services, want %d", got, want)
	}
}
