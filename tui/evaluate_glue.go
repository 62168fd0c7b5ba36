package tui

import (
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

// evaluate runs the scoring engine for the cycle on screen.
func evaluate(cur *catalog.CycleData, hist []*catalog.CycleData) *scoring.Result {
	r := scoring.Evaluate(cur, hist)
	return &r
}
