package tui

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	gossh "golang.org/x/crypto/ssh"
)

// programmeHarness opens a copy of the synthetic programme of 40 organisations.
func programmeHarness(t *testing.T, w, h int, lang catalog.Lang) *harness {
	t.Helper()
	ctx := context.Background()
	src, err := synth.ProgrammeFixture(ctx, synth.Programme40)
	if err != nil {
		t.Fatal(err)
	}
	s, err := synth.OpenCopy(ctx, src, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.Actor, s.Source = "tester", "tui"
	t.Cleanup(func() { s.Close() })
	return newHarnessStore(t, s, w, h, lang)
}

// anyDate matches a date; the dates of changes are those of the day the data was written.
var anyDate = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}`)

// stableView is the screen with the dates masked, so goldens do not depend on the day.
func (h *harness) stableView() string { return anyDate.ReplaceAllString(h.view(), "YYYY-MM-DD") }

func (h *harness) stableGolden(name string) {
	h.t.Helper()
	got := h.stableView()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			h.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		h.t.Fatalf("%v (run go test ./tui -run %s -update to create it)", err, h.t.Name())
	}
	if string(want) != got {
		h.t.Fatalf("screen differs from %s (run with -update if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// The dashboard shows every organisation with the figures `cdc programme` gives.
func TestDashboardSameFiguresAsProgramme(t *testing.T) {
	h := programmeHarness(t, 200, 60, catalog.EN)
	orgs, err := h.store.Programme(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := scoring.BuildProgramme(orgs)
	if len(h.m.start.view) != len(want.Rows) {
		t.Fatalf("%d rows, want %d", len(h.m.start.view), len(want.Rows))
	}
	p := vocab.For(catalog.EN)
	view := h.view()
	for i, r := range want.Rows {
		got := h.m.start.view[i]
		if got.Org.ID != r.Org.ID || p.Index(got.MaturityIndex) != p.Index(r.MaturityIndex) || p.Index(got.AttainmentChange) != p.Index(r.AttainmentChange) {
			t.Fatalf("row %d: %s %s, want %s %s", i, got.Org.Name, p.Index(got.MaturityIndex), r.Org.Name, p.Index(r.MaturityIndex))
		}
		line := lineWith(view, r.Org.Name)
		if !strings.Contains(line, p.Index(r.MaturityIndex)) || !strings.Contains(line, p.Index(r.TargetIndex)) || !strings.Contains(line, p.Index(r.AttainmentIndex)) {
			t.Fatalf("line of %s does not show its indices %s %s %s:\n%s", r.Org.Name, p.Index(r.MaturityIndex), p.Index(r.TargetIndex), p.Index(r.AttainmentIndex), line)
		}
	}
}

func lineWith(view, text string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// "provisional" stands beside a row's figures exactly when fewer than 80% of its in-scope
// services are assessed.
func TestDashboardProvisionalExactlyBelow80(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		h := programmeHarness(t, 200, 60, lang)
		word := vocab.For(lang).Provisional()
		view := h.view()
		below := 0
		for _, r := range h.m.start.view {
			line := lineWith(view, r.Org.Name)
			if line == "" {
				t.Fatalf("%s not on screen", r.Org.Name)
			}
			low := r.InScope > 0 && float64(r.Assessed)/float64(r.InScope) < 0.8
			if low {
				below++
			}
			if strings.Contains(line, word) != low {
				t.Errorf("%s: %d of %d assessed, provisional shown %v:\n%s", r.Org.Name, r.Assessed, r.InScope, !low, line)
			}
		}
		if below == 0 {
			t.Fatal("the programme has no organisation below 80%: the test proves nothing")
		}
	}
}

// Sort, group filter, text filter, heat map and enter, all from keys.
func TestDashboardKeys(t *testing.T) {
	h := programmeHarness(t, 120, 40, catalog.EN)
	st := h.m.start
	// o, then the maturity index: highest first
	h.press("o")
	h.wantView("Sort organisations by")
	h.press("e")
	if st.sortCol != scoring.ColMaturity || !st.sortDesc {
		t.Fatalf("sorted by %s desc=%v", st.sortCol, st.sortDesc)
	}
	for i := 1; i < len(st.view); i++ {
		a, b := st.view[i-1].MaturityIndex, st.view[i].MaturityIndex
		if a != nil && b != nil && *a < *b {
			t.Fatalf("row %d (%v) above a higher index (%v)", i-1, *a, *b)
		}
	}
	h.wantView("sorted by maturity index ↓")
	// o, maturity again: the other way
	h.press("o", "e")
	if st.sortDesc {
		t.Fatal("choosing the sorted column again did not reverse it")
	}
	// o, sector: grouped under headings
	h.press("o", "b", "g")
	h.wantView("Energy  10 organisations", "Finance  10 organisations")
	// f: only one sector
	h.press("f")
	h.wantView("Show only", "Sector: Health", "Country: Kenya", "Size band: 1-99")
	h.press("enter") // the first option clears; choose Health by moving to it
	h.press("f")
	for range 1 + 3 { // all, Energy, Finance, Government, Health
		h.press("down")
	}
	h.press("enter")
	if st.groupFilter.Sector != "Health" {
		t.Fatalf("filter %+v", st.groupFilter)
	}
	for _, r := range st.view {
		if r.Sector != "Health" {
			t.Fatalf("%s of %s shown under the Health filter", r.Org.Name, r.Sector)
		}
	}
	h.wantView("Sector: Health", "10 shown")
	// /: text filter on top
	h.press("/")
	h.typeText("Kenya")
	h.press("enter")
	for _, r := range st.view {
		if r.Sector != "Health" || r.Country != "Kenya" {
			t.Fatalf("%s shown under Health and /Kenya", r.Org.Name)
		}
	}
	// →: the heat map, m: attainment
	h.press("right")
	h.wantView("Heat map: mean current score", " A ", " I ")
	h.press("m")
	h.wantView("Heat map: attainment")
	// esc clears the text filter, the group filter, then leaves the heat map
	h.press("esc", "esc", "esc")
	if st.heat || st.groupFilter.Sector != "" || st.filter.Value() != "" {
		t.Fatalf("esc left heat=%v filter=%+v text=%q", st.heat, st.groupFilter, st.filter.Value())
	}
	// enter opens the organisation under the cursor
	sel, _ := st.selected()
	h.press("enter")
	if h.workspace().data.Org.ID != sel.Org.ID {
		t.Fatalf("opened %d, want %d", h.workspace().data.Org.ID, sel.Org.ID)
	}
}

// A viewer is not offered n, r or D, and the keys do nothing.
func TestDashboardViewer(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cdc.db")
	owner, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	addFixture(t, owner)
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
	if _, err := owner.AddUser(ctx, catalog.NewUser{Name: "vera", Role: catalog.RoleViewer, Keys: []string{key}}); err != nil {
		t.Fatal(err)
	}
	owner.Close()
	s, err := catalog.OpenAs(ctx, path, "vera", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	h := newHarnessStore(t, s, 120, 30, catalog.EN)
	if !h.m.start.viewer {
		t.Fatal("the start screen does not know the user is a viewer")
	}
	v := h.view()
	for _, k := range []string{"n new", "r rename", "D delete"} {
		if strings.Contains(v, k) {
			t.Fatalf("a viewer is offered %q:\n%s", k, v)
		}
	}
	h.press("n", "r", "D")
	if !h.m.c.dialogs.empty() {
		t.Fatal("a key of a change opened a dialog for a viewer")
	}
	h.press("?")
	if v := h.view(); strings.Contains(v, "rename") || strings.Contains(v, "delete") {
		t.Fatalf("full help offers a change to a viewer:\n%s", v)
	}
}

// Goldens of the dashboard (list and heat map) and of the organisation list of one
// organisation, dates of the test's own changes masked.
func TestDashboardGolden(t *testing.T) {
	tests := []struct {
		name      string
		w, h      int
		lang      catalog.Lang
		programme bool
		keys      []string
	}{
		{"orgs_en_80x24", 80, 24, catalog.EN, false, []string{"esc"}},
		{"orgs_ja_80x24", 80, 24, catalog.JA, false, []string{"esc"}},
		{"dashboard_en_80x24", 80, 24, catalog.EN, true, nil},
		{"dashboard_ja_80x24", 80, 24, catalog.JA, true, nil},
		{"dashboard_en_200x50", 200, 50, catalog.EN, true, []string{"o", "b"}},
		{"dashboard_ja_200x50", 200, 50, catalog.JA, true, nil},
		{"heatmap_en_80x24", 80, 24, catalog.EN, true, []string{"right"}},
		{"heatmap_en_200x50", 200, 50, catalog.EN, true, []string{"right", "m"}},
		{"heatmap_ja_80x24", 80, 24, catalog.JA, true, []string{"right"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h *harness
			if tt.programme {
				h = programmeHarness(t, tt.w, tt.h, tt.lang)
			} else {
				h = newFixtureHarness(t, tt.w, tt.h, tt.lang)
			}
			h.press(tt.keys...)
			h.stableGolden(tt.name)
		})
	}
}

// = on a workspace compares the cycle with the previous one; = in the view picks another.
func TestDiffView(t *testing.T) {
	h := newFixtureHarness(t, 80, 24, catalog.EN)
	h.press("shift+tab", "=")
	v, ok := h.m.c.dialogs.top().(*diffView)
	if !ok {
		t.Fatalf("= opened no diff view:\n%s", h.view())
	}
	d := h.workspace().data
	if v.msg.Base.Cycle.ID != d.Cycles[0].ID || v.msg.This.Cycle.ID != d.Cycle.Cycle.ID {
		t.Fatalf("compared %d with %d", v.msg.This.Cycle.ID, v.msg.Base.Cycle.ID)
	}
	want := scoring.CompareCycles(v.msg.Base, v.msg.This)
	p := vocab.For(catalog.EN)
	h.wantView("Differences between two cycles", "FY2025", "Maturity index", p.Index(want.Indices[0].A), p.Index(want.Indices[0].B))
	// it scrolls to the services that differ
	h.press("G")
	h.wantView(p.N("programme.diff.same", want.Same, p.Count(want.Same))[:20])
	// = offers the other cycles and another organisation
	h.press("=")
	h.wantView("Compare this cycle with", "FY2025", "a cycle of another organisation")
	h.press("o")
	h.typeText(fixtureName)
	h.press("enter")
	h.wantView("Compare with a cycle of " + fixtureName)
	h.press("1")
	if v2, ok := h.m.c.dialogs.top().(*diffView); !ok || v2 != v || v.msg.Base.Cycle.ID != d.Cycle.Cycle.ID {
		t.Fatalf("the chosen cycle is not the base of the open view")
	}
	h.press("esc")
	if !h.m.c.dialogs.empty() {
		t.Fatal("esc did not close the diff view")
	}
}

func TestDiffGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		lang catalog.Lang
		keys []string
	}{
		{"diff_en_80x24", 80, 24, catalog.EN, nil},
		{"diff_ja_80x24", 80, 24, catalog.JA, nil},
		{"diff_en_200x50", 200, 50, catalog.EN, []string{"pgdown"}},
		{"diff_ja_200x50", 200, 50, catalog.JA, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newFixtureHarness(t, tt.w, tt.h, tt.lang)
			h.press("shift+tab", "=")
			h.press(tt.keys...)
			h.stableGolden(tt.name)
		})
	}
}

// A service assigned but scored 0 is listed on the Overview; enter shows it on Evaluate.
func TestOverviewAssignedNotPerformed(t *testing.T) {
	h := newFixtureHarness(t, 100, 60, catalog.EN)
	ctx := context.Background()
	d := h.workspace().data
	var id string
	for _, sv := range d.Cycle.Services {
		if sv.InScope && sv.Assignment.Provided() && sv.Current != nil && *sv.Current > 0 {
			id = sv.Service.ID
			break
		}
	}
	zero := 0
	if _, err := h.store.SetAssessment(ctx, d.Cycle.Cycle.ID, id, catalog.AssessmentPatch{Score: &zero}); err != nil {
		t.Fatal(err)
	}
	h.send(reloadMsg{})
	h.press("shift+tab")
	h.wantView("Assigned but not performed (scored 0)", "0 "+id)
	ov := h.workspace().tabs[tabOverview].(*overviewTab)
	for i, l := range ov.lines {
		if l.jump != nil && l.jump.tab == tabEvaluate && l.jump.service == id && strings.Contains(l.text, "0 "+id) {
			ov.list.cursor = i
		}
	}
	h.press("enter")
	if w := h.workspace(); w.active != tabEvaluate {
		t.Fatalf("enter on %s shows tab %d", id, w.active)
	}
}

// The Overview's peer comparison: shown from k = 5 others (size band 1-99 holds 6
// organisations), and nothing of the group below it (10000+ holds 4); at 80x24 the refusal
// under the last item can be read with the cursor on that item.
func TestOverviewPeersKRule(t *testing.T) {
	for _, tt := range []struct {
		band  scoring.SizeBand
		shown bool
		w, h  int
	}{{"1-99", true, 120, 80}, {"10000+", false, 120, 80}, {"10000+", false, 80, 24}, {"10000+", false, 200, 50}} {
		h := programmeHarness(t, tt.w, tt.h, catalog.EN)
		var org scoring.ProgrammeRow
		for _, r := range h.m.start.view {
			if r.SizeBand == tt.band {
				org = r
			}
		}
		h.send(openOrgMsg{OrgID: org.Org.ID})
		h.press("G")
		if tt.h >= 80 {
			h.wantView("Peer comparison", "same sector")
		}
		h.press("b")
		h.wantView("Compare with", "Size band")
		h.press("3")
		ov := h.workspace().tabs[tabOverview].(*overviewTab)
		if ov.peers == nil || ov.peers.GroupBy != scoring.BySizeBand {
			t.Fatalf("%s: no comparison by size band", tt.band)
		}
		v := h.view()
		if got := strings.Contains(v, "Median") && strings.Contains(v, "Q1–Q3"); got != tt.shown {
			t.Fatalf("%s: group figures shown %v, want %v:\n%s", tt.band, got, tt.shown, v)
		}
		if !tt.shown && !strings.Contains(strings.Join(strings.Fields(v), " "), "at least 5 are needed") {
			t.Fatalf("%s: the k rule is not said:\n%s", tt.band, v)
		}
	}
}

// Another organisation by part of its name: the matches are offered; a name nothing holds
// is said in place, and the organisation on screen stays open.
func TestDiffOtherOrgByPartOfName(t *testing.T) {
	h := programmeHarness(t, 80, 24, catalog.EN)
	org := h.m.start.view[0]
	h.send(openOrgMsg{OrgID: org.Org.ID})
	h.press("=", "=", "o")
	h.typeText("Nope")
	h.press("enter")
	h.wantView("No organisation's name holds “Nope”.")
	if h.workspace() == nil {
		t.Fatal("an unmatched name closed the organisation")
	}
	h.press("esc")
	h.press("=", "o")
	h.typeText("kenya")
	h.press("enter")
	h.wantView("Organisations whose names hold “kenya”", "Kenya")
	h.press("1")
	h.wantView("Compare with a cycle of Kenya")
}
