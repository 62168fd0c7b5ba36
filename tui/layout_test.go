package tui

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestCycleWraps(t *testing.T) {
	tests := []struct {
		cur, next catalog.Level
	}{
		{catalog.Mandatory, catalog.Recommended},
		{catalog.Recommended, catalog.Optional},
		{catalog.Optional, catalog.Mandatory},
	}
	for _, tt := range tests {
		if got := cycleOf(catalog.Levels, tt.cur); got != tt.next {
			t.Errorf("cycleOf(%s) = %s, want %s", tt.cur, got, tt.next)
		}
	}
	if got := cycleOf(catalog.Assignments, catalog.AssignNone); got != catalog.AssignCDC {
		t.Errorf("assignment after none = %s, want cdc", got)
	}
	if got := nextOf(catalog.Levels, catalog.Optional); got != "" {
		t.Errorf("filter after optional = %s, want all", got)
	}
}
