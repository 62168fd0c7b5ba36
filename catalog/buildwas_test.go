package catalog

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// SetBuild with Was writes only when the stored values are still the ones the editor started
// from; otherwise it writes nothing and says what is stored now.
func TestSetBuildWas(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "cdc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	str := func(v string) *string { return &v }
	lvl := func(v Level) *Level { return &v }
	theirs := "Theirs Inc"
	if _, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Provider: &theirs}); err != nil {
		t.Fatal(err)
	}
	d, _ := s.CycleData(ctx, c.ID)
	sv, _ := d.Service("A-1")
	def := sv.Level
	other := Optional
	if def == Optional {
		other = Recommended
	}
	tests := []struct {
		name       string
		patch      BuildPatch
		conflict   map[string]string // nil: written
		wantProvID string
	}{
		{"provider started from an old value", BuildPatch{Provider: str("Mine"), Was: &BuildWas{Provider: str("")}}, map[string]string{"provider": theirs}, theirs},
		{"provider started from the stored value", BuildPatch{Provider: str("Mine"), Was: &BuildWas{Provider: str(theirs)}}, nil, "Mine"},
		{"contract changed meanwhile", BuildPatch{Provider: str("X"), Was: &BuildWas{Provider: str("Mine"), Contract: str("SLA 1")}}, map[string]string{"contract": ""}, "Mine"},
		{"level started from another level", BuildPatch{Level: lvl(other), Reason: "why", Was: &BuildWas{Level: lvl(other), Reason: str("")}}, map[string]string{"level": string(def), "reason": ""}, "Mine"},
		{"level started from the stored level", BuildPatch{Level: lvl(other), Reason: "why", Was: &BuildWas{Level: lvl(def), Reason: str("")}}, nil, "Mine"},
		{"reason changed meanwhile", BuildPatch{Level: lvl(def), Was: &BuildWas{Level: lvl(other), Reason: str("old")}}, map[string]string{"level": string(other), "reason": "why"}, "Mine"},
	}
	for _, tc := range tests {
		_, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, tc.patch)
		var ce *ConflictError
		switch {
		case tc.conflict == nil && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.conflict != nil:
			if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) {
				t.Errorf("%s: got %v, want a conflict", tc.name, err)
				continue
			}
			for k, v := range tc.conflict {
				if ce.Theirs[k] != v {
					t.Errorf("%s: theirs[%s] = %q, want %q", tc.name, k, ce.Theirs[k], v)
				}
			}
		}
		d, _ := s.CycleData(ctx, c.ID)
		if sv, _ := d.Service("A-1"); sv.Provider != tc.wantProvID {
			t.Errorf("%s: provider %q, want %q", tc.name, sv.Provider, tc.wantProvID)
		}
	}
}
