package scoring

import (
	"slices"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Assigned but not performed (MODEL.md): in scope, assignment not none, current score 0.
func TestAssignedNotPerformed(t *testing.T) {
	tests := []struct {
		name string
		s    svc
		want bool
	}{
		{"cdc scored 0", svc{assign: catalog.AssignCDC, current: ip(0)}, true},
		{"internal scored 0", svc{assign: catalog.AssignInternal, current: ip(0)}, true},
		{"shared scored 0", svc{assign: catalog.AssignShared, current: ip(0)}, true},
		{"external scored 0", svc{assign: catalog.AssignExternal, current: ip(0)}, true},
		{"cdc scored 1", svc{assign: catalog.AssignCDC, current: ip(1)}, false},
		{"cdc not assessed", svc{assign: catalog.AssignCDC}, false},
		{"none scored 0", svc{assign: catalog.AssignNone, current: ip(0)}, false},
		{"out of scope", svc{assign: catalog.AssignCDC, current: ip(0), out: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.s.id, tt.s.cat, tt.s.level = "A-1", "A", catalog.Mandatory
			other := svc{id: "A-2", cat: "A", level: catalog.Mandatory, assign: catalog.AssignCDC, current: ip(3)}
			r := Evaluate(cycle(testPack(3, 2, 1, "A"), 1, 1, "C1", tt.s, other), nil)
			got := slices.Contains(r.Catalogue.AssignedNotPerformed, "A-1")
			if got != tt.want {
				t.Fatalf("listed %v, want %v (%v)", got, tt.want, r.Catalogue.AssignedNotPerformed)
			}
			if slices.Contains(r.Catalogue.AssignedNotPerformed, "A-2") {
				t.Fatal("a service scored 3 is listed")
			}
			if tt.want && r.Catalogue.Provided != 2 {
				t.Fatalf("provided %d: a service assigned but not performed still counts as provided", r.Catalogue.Provided)
			}
			if r.Services[0].AssignedNotPerformed() != tt.want {
				t.Fatal("ServiceRow.AssignedNotPerformed disagrees with the list")
			}
		})
	}
}
