package tui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// "provisional" stands beside the indices exactly when fewer than 80% of the services in
// scope are assessed: in the results and in the organisation list.
func TestProvisionalExactlyBelow80Percent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	_, c, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Acme Bank"})
	if err != nil {
		t.Fatal(err)
	}
	cd, err := s.CycleData(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var inScope []string
	for _, sv := range cd.Services {
		if sv.InScope {
			inScope = append(inScope, sv.ID)
		}
	}
	n := len(inScope)
	threshold := (4*n + 4) / 5 // the fewest assessed services that make 80%
	score := func(ids []string) {
		for _, id := range ids {
			three := 3
			if _, err := s.SetAssessment(ctx, c.ID, id, catalog.AssessmentPatch{Score: &three}); err != nil {
				t.Fatal(err)
			}
		}
	}
	score(inScope[:threshold-1])
	h := newHarnessStore(t, s, 100, 40, catalog.EN)
	h.wantView("Acme Bank", "provisional")
	h.press("enter") // the Overview
	if got := strings.Count(h.view(), "provisional"); got != 3 {
		t.Fatalf("Overview at %d of %d assessed: provisional shown %d times, want beside each of the 3 indices:\n%s", threshold-1, n, got, h.view())
	}
	h.press("tab", "tab", "tab", "r")
	h.wantView("Maturity index", "provisional")
	if got := strings.Count(h.view(), "provisional"); got != 3 {
		t.Fatalf("%d of %d assessed: provisional shown %d times, want beside each of the 3 indices", threshold-1, n, got)
	}

	score(inScope[threshold-1 : threshold])
	h = newHarnessStore(t, s, 100, 40, catalog.EN)
	h.wantView("Acme Bank")
	if strings.Contains(h.view(), "provisional") {
		t.Fatalf("%d of %d assessed is not provisional:\n%s", threshold, n, h.view())
	}
	h.press("enter") // the Overview
	h.wantView("of " + itoa(n) + " assessed")
	if strings.Contains(h.view(), "provisional") {
		t.Fatalf("Overview at %d of %d assessed is provisional:\n%s", threshold, n, h.view())
	}
	h.press("tab", "tab", "tab", "r")
	h.wantView("Maturity index", "of "+itoa(n)+" assessed")
	if strings.Contains(h.view(), "provisional") {
		t.Fatalf("%d of %d assessed is not provisional:\n%s", threshold, n, h.view())
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
