package tui

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The filter finds a service by its name in any language of the pack, the interface's own
// first of all: a French user types the French name shown on screen.
func TestFilterFindsNamesInEveryLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang  catalog.Lang
		query string
		want  string
	}{
		{catalog.FR, "gestion des risques", "A-1"},
		{catalog.ES, "gestión de riesgos", "A-1"},
		{catalog.EN, "surveillance des actifs", "B-1"},
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
				if len(ids) != 1 || ids[0] != tc.want {
					t.Errorf("tab %d: filter %q kept %v, want [%s]", tab, tc.query, ids, tc.want)
				}
				h.press("esc", "tab", "tab")
			}
		})
	}
}
