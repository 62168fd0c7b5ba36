package tui

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestFilterSteps(t *testing.T) {
	tests := []struct {
		cur, next catalog.Level
	}{
		{catalog.Mandatory, catalog.Recommended},
		{catalog.Recommended, catalog.Optional},
		{catalog.Optional, catalog.Mandatory},
	}
	for _, tt := range tests {
		if got := nextOf(catalog.Levels, tt.cur); tt.cur != catalog.Optional && got != tt.next {
			t.Errorf("nextOf(%s) = %s, want %s", tt.cur, got, tt.next)
		}
	}
	if got := nextOf(catalog.Levels, catalog.Optional); got != "" {
		t.Errorf("filter after optional = %s, want all", got)
	}
}
