package tui

import (
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// serviceRow is what the Build and Evaluate tables share: a service row, or the
// header row of its category.
type serviceRow struct {
	header bool
	cat    string
	svc    int // index in Data.Cycle.Services
	id     string
	name   string
	search string // lower-case text the filter matches
}

// groupByCategory returns the rows that pass, in catalogue order, with a header row
// before each category that has one, and the index of the row to select: keep's row,
// else the first service row.
func groupByCategory[R any](c *Common, pack *catalog.Pack, all, into []R, base func(*R) *serviceRow,
	pass func(*R) bool, header func(serviceRow) R, keep string) ([]R, int) {
	rows := into[:0]
	last := ""
	for i := range all {
		r := &all[i]
		if !pass(r) {
			continue
		}
		if cat := base(r).cat; cat != last {
			name := cat
			if cg, ok := pack.Category(cat); ok {
				name = cg.ID + "  " + termtext.Clean(cg.Name.In(c.Lang))
			}
			rows = append(rows, header(serviceRow{header: true, cat: cat, name: name}))
			last = cat
		}
		rows = append(rows, *r)
	}
	cursor := -1
	for i := range rows {
		b := base(&rows[i])
		if b.header {
			continue
		}
		if b.id == keep {
			return rows, i
		}
		if cursor < 0 {
			cursor = i
		}
	}
	return rows, max(cursor, 0)
}
