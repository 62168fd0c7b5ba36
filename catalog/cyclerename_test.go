package catalog

import (
	"context"
	"strings"
	"testing"
)

// A cycle is renamed under its identity; a name another cycle of the organisation has (in
// any case) or an empty one is refused and changes nothing.
func TestRenameCycle(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCycle(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	c2, err := s.StartCycle(ctx, o.ID, NewCycle{Name: "FY2027"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		to   string
		ok   bool
	}{
		{"another cycle's name", c1.Name, false},
		{"another cycle's name in capitals", "  " + strings.ToUpper(c1.Name) + " ", false},
		{"empty", "  ", false},
		{"a new name", "FY2027 CISO", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.RenameCycle(ctx, c2.ID, tt.to)
			if (err == nil) != tt.ok {
				t.Fatalf("rename to %q: %v", tt.to, err)
			}
			now, _ := s.Cycle(ctx, c2.ID)
			if now.UUID != c2.UUID || (tt.ok && (got.Name != tt.to || now.Name != tt.to)) || (!tt.ok && now.Name == tt.to) {
				t.Errorf("after renaming to %q: %+v", tt.to, now)
			}
		})
	}
}
