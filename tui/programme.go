package tui

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

// The programme dashboard (the start screen's organisation list) shows every organisation's
// figures as `cdc programme` does: the rows come from scoring.BuildProgramme over what
// catalog.ProgrammeOf reads. To open at once with many organisations it first reads one cheap
// summary row each (without the change log and the actions, the large tables), then the
// figures of the rows on screen, then each organisation's newest change and open actions,
// then the remaining figures in chunks. An organisation whose newest change-log entry, cycles
// and current cycle are what they were when its figures were read is not read again (closed
// cycles never change, and every change to an open one is logged).

// progFP is what an organisation's figures were read with: its cycles and details, and
// (activity) its newest change and open actions.
type progFP struct {
	cycles, open   int
	current        int64
	name, sector   string
	country        string
	size           int
	change         int64
	openActions    int
	lastChangeUnix int64
}

func fingerprint(o catalog.ProgrammeSummary) progFP {
	fp := progFP{change: o.LastChangeID, cycles: o.Cycles, open: o.OpenCycles, current: o.CurrentCycle,
		name: o.Org.Name, sector: o.Org.Sector, country: o.Org.Country, size: o.Org.Size, openActions: o.OpenActions}
	if o.LastChange != nil {
		fp.lastChangeUnix = o.LastChange.UnixNano()
	}
	return fp
}

// fresh reports whether figures read with fp are still those of o; a summary read without
// activity can only tell a change of cycles or details.
func fresh(fp progFP, o catalog.ProgrammeSummary) bool {
	now := fingerprint(o)
	if !o.Activity {
		now.change, now.openActions, now.lastChangeUnix = fp.change, fp.openActions, fp.lastChangeUnix
	}
	return fp == now
}

// progEntry is an organisation's programme row and what it was read with.
type progEntry struct {
	fp  progFP
	row scoring.ProgrammeRow
}

// orgsSummaryMsg carries the organisation list and whether the user may change it.
type orgsSummaryMsg struct {
	Orgs   []catalog.ProgrammeSummary
	Viewer bool
}

// progRowsMsg carries the programme rows of some organisations and what each was read with;
// Rest are still to read.
type progRowsMsg struct {
	Gen  int
	FPs  map[int64]progFP
	Rows []scoring.ProgrammeRow
	Rest []int64
}

// Chunk sizes of the figure reads: the rows on screen first (a 200x50 window shows under 50),
// then the rest a few hundred at a time so that a key press is never far from an answer.
const (
	progFirstChunk = 64
	progChunk      = 250
)

// summaryRow is the row of an organisation whose figures are not read yet: the same row
// without figures, so it sorts and filters with the others (unknown last).
func summaryRow(o catalog.ProgrammeSummary) scoring.ProgrammeRow {
	r := scoring.ProgrammeRow{Org: scoring.Ref{ID: o.Org.ID, Name: o.Org.Name}, Sector: o.Org.Sector, Country: o.Org.Country,
		Size: o.Org.Size, Cycles: o.Cycles, LastChange: o.LastChange, OpenActions: o.OpenActions}
	r.SizeBand, _ = scoring.SizeBandOf(o.Org.Size)
	if o.CurrentCycle != 0 {
		r.CurrentCycle = &scoring.Ref{ID: o.CurrentCycle, Name: o.CurrentCycleName}
	}
	return r
}

// loadRows reads and evaluates the given organisations, then asks for the next chunk.
func (st *startScreen) loadRows(gen int, ids, rest []int64) tea.Cmd {
	return st.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		orgs, err := s.ProgrammeOf(ctx, ids)
		if err != nil {
			return nil, err
		}
		fps := make(map[int64]progFP, len(orgs))
		for i := range orgs {
			fps[orgs[i].Org.ID] = fingerprint(orgs[i].Summary())
		}
		return progRowsMsg{Gen: gen, FPs: fps, Rows: scoring.BuildProgramme(orgs).Rows, Rest: rest}, nil
	})
}

// loadActivity reads every organisation's newest change and open actions.
func (st *startScreen) loadActivity() tea.Cmd {
	return st.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		sums, err := s.ProgrammeSummaries(ctx, true)
		return orgsActivityMsg{Orgs: sums}, err
	})
}

// orgsActivityMsg carries the organisation list with each one's newest change and open actions.
type orgsActivityMsg struct{ Orgs []catalog.ProgrammeSummary }

// staleIDs lists the organisations whose figures must be read, those on screen first.
func (st *startScreen) staleIDs() (first, rest []int64) {
	stale := map[int64]bool{}
	for _, o := range st.orgs {
		if e, ok := st.rows[o.Org.ID]; ok && fresh(e.fp, o) {
			continue
		}
		stale[o.Org.ID] = true
	}
	from, to := st.list.window(len(st.lines), st.listHeight())
	for i := from; i < to && len(first) < progFirstChunk; i++ {
		if l := st.lines[i]; l.row >= 0 {
			id := st.view[l.row].Org.ID
			if stale[id] {
				first = append(first, id)
				delete(stale, id)
			}
		}
	}
	for _, o := range st.orgs {
		if stale[o.Org.ID] {
			rest = append(rest, o.Org.ID)
		}
	}
	if len(first) == 0 {
		n := min(len(rest), progFirstChunk)
		first, rest = rest[:n], rest[n:]
	}
	return first, rest
}

// refresh rebuilds the rows on screen: every organisation with its figures where they are
// read, filtered by group and text, sorted, grouped under headings when sorted by a group.
func (st *startScreen) refresh() {
	var keep int64 = -1
	if r, ok := st.selected(); ok {
		keep = r.Org.ID
	}
	all := scoring.Programme{Rows: make([]scoring.ProgrammeRow, 0, len(st.orgs))}
	st.pending = map[int64]bool{}
	for _, o := range st.orgs {
		e, ok := st.rows[o.Org.ID]
		if !ok || !fresh(e.fp, o) {
			st.pending[o.Org.ID] = true
			if !ok {
				all.Rows = append(all.Rows, summaryRow(o))
				continue
			}
		}
		all.Rows = append(all.Rows, e.row)
	}
	prog := all.Filter(st.groupFilter)
	q := strings.ToLower(strings.TrimSpace(st.filter.Value()))
	st.view = st.view[:0]
	for _, r := range prog.Rows {
		if q == "" || strings.Contains(strings.ToLower(r.Org.Name+" "+r.Sector+" "+r.Country+" "+string(r.SizeBand)), q) {
			st.view = append(st.view, r)
		}
	}
	scoring.SortRows(st.view, st.sortCol, st.sortDesc)
	st.categories = st.categories[:0]
	seen := map[string]bool{}
	for _, r := range all.Rows {
		for _, c := range r.Categories {
			if !seen[c.ID] {
				seen[c.ID] = true
				st.categories = append(st.categories, catalog.Category{ID: c.ID, Name: c.Name})
			}
		}
	}
	st.lines = st.lines[:0]
	by, grouped := groupOf(st.sortCol)
	last := "\x00"
	for i, r := range st.view {
		if grouped {
			if g := r.GroupKey(by); !strings.EqualFold(g, last) {
				last = g
				st.lines = append(st.lines, dashLine{row: -1, group: g, count: st.groupSize(i, by)})
			}
		}
		st.lines = append(st.lines, dashLine{row: i})
	}
	st.list.cursor = min(max(st.list.cursor, 0), max(len(st.lines)-1, 0))
	for i, l := range st.lines {
		if l.row >= 0 && st.view[l.row].Org.ID == keep {
			st.list.cursor = i
		}
	}
	if len(st.lines) > 0 && st.lines[st.list.cursor].row < 0 && st.list.cursor+1 < len(st.lines) {
		st.list.cursor++
	}
	st.list.clamp(len(st.lines), st.listHeight())
	st.showHeading()
}

// groupSize counts the rows of the group that starts at row i.
func (st *startScreen) groupSize(i int, by scoring.GroupBy) int {
	g := st.view[i].GroupKey(by)
	n := 0
	for j := i; j < len(st.view) && strings.EqualFold(st.view[j].GroupKey(by), g); j++ {
		n++
	}
	return n
}

// groupOf says which grouping a sort column draws headings for.
func groupOf(col scoring.ProgrammeColumn) (scoring.GroupBy, bool) {
	switch col {
	case scoring.ColSector:
		return scoring.BySector, true
	case scoring.ColCountry:
		return scoring.ByCountry, true
	case scoring.ColSize:
		return scoring.BySizeBand, true
	}
	return "", false
}

// dashLine is a line of the dashboard: a row of view, or a group's heading (row -1).
type dashLine struct {
	row   int
	group string
	count int
}

// groupValues lists the values of a dimension present among the organisations, in order.
func (st *startScreen) groupValues(by scoring.GroupBy) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range st.orgs {
		v := summaryRow(o).GroupKey(by)
		if v == "" || seen[strings.ToLower(v)] {
			continue
		}
		seen[strings.ToLower(v)] = true
		out = append(out, v)
	}
	if by == scoring.BySizeBand {
		slices.SortFunc(out, func(a, b string) int {
			return slices.Index(scoring.SizeBands, scoring.SizeBand(a)) - slices.Index(scoring.SizeBands, scoring.SizeBand(b))
		})
	} else {
		slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	}
	return out
}

// defaultDesc is the natural direction of a column: names A to Z, figures highest first,
// the most recent change first.
func defaultDesc(col scoring.ProgrammeColumn) bool {
	switch col {
	case scoring.ColName, scoring.ColSector, scoring.ColCountry, scoring.ColSize:
		return false
	}
	return true
}
