package export

import (
	"context"
	"fmt"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
)

// peersSheet is the report's sheet key of the peer comparison.
const peersSheet = "peers"

// ComparePeers reads what a peer comparison needs from the store and compares cycle cycleID
// with its organisation's peer group by `by`, or, when benchmark names a stored benchmark set,
// with that set's matching group (by is then ignored). The report's Peers sheet shows the
// result; the TUI Overview can call it from a command and show PeerSentences and Lines.
func ComparePeers(ctx context.Context, store *catalog.Store, cycleID int64, by scoring.GroupBy, benchmark string) (scoring.Peers, error) {
	c, err := store.Cycle(ctx, cycleID)
	if err != nil {
		return scoring.Peers{}, err
	}
	var set *catalog.BenchmarkSet
	if benchmark != "" {
		if set, err = store.BenchmarkSet(ctx, benchmark); err != nil {
			return scoring.Peers{}, err
		}
	}
	orgs, err := store.Programme(ctx)
	if err != nil {
		return scoring.Peers{}, err
	}
	var p scoring.Peers
	var ok bool
	if set != nil {
		p, ok = scoring.CompareCycleWithSet(orgs, c.OrgID, cycleID, set)
	} else {
		p, ok = scoring.ComparePeersAt(orgs, c.OrgID, cycleID, by)
	}
	if !ok {
		return scoring.Peers{}, fmt.Errorf("cycle %d: %w", cycleID, catalog.ErrNotFound)
	}
	return p, nil
}

// GroupByName is a grouping in words ("sector", "size band").
func GroupByName(pr vocab.Printer, by scoring.GroupBy) string {
	return pr.T("programme.group_by." + strings.ReplaceAll(string(by), "-", "_"))
}

// groupByFlag is the option of cdc org set that records a grouping's value.
func groupByFlag(by scoring.GroupBy) string {
	if by == scoring.BySizeBand {
		return "size"
	}
	return string(by)
}

// PeerSentences says in words what a comparison is made against and whether its group is
// shown: below K they say how many peers there are and that at least K are needed. The
// report's Peers sheet, the CLI and the Overview print the same sentences.
func PeerSentences(pr vocab.Printer, p scoring.Peers) []string {
	by := p.GroupBy
	var out []string
	if p.Set != nil {
		by = p.Set.GroupBy
		out = append(out, pr.T("report.peers.against.set", p.Set.Name, GroupByName(pr, by), p.Set.Pack.ID+"@"+p.Set.Pack.Version, pr.Date(p.Set.CreatedAt)))
	} else {
		out = append(out, pr.T("report.peers.against.group", GroupByName(pr, by), p.Pack.ID+"@"+p.Pack.Version))
	}
	dim := GroupByName(pr, by)
	switch p.Status {
	case scoring.PeersShown:
		key := "report.peers.shown.group"
		if p.Set != nil {
			key = "report.peers.shown.set"
		}
		out = append(out, pr.T(key, dim, p.Group, pr.Count(p.Others), pr.Count(p.OthersProvisional)))
	case scoring.PeersTooFew:
		key := "report.peers.too_few.group"
		if p.Set != nil {
			key = "report.peers.too_few.set"
		}
		out = append(out, pr.N(key, p.Others, dim, p.Group, pr.Count(p.Others), scoring.K))
	case scoring.PeersNoFigures:
		out = append(out, pr.T("report.peers.no_figures"))
	case scoring.PeersNoGroup:
		out = append(out, pr.T("report.peers.no_group", dim, groupByFlag(by)))
	case scoring.PeersNotInSet:
		out = append(out, pr.T("report.peers.not_in_set", p.Set.Name, dim, p.Group, scoring.K))
	case scoring.PeersOtherPack:
		out = append(out, pr.T("report.peers.other_pack", p.Set.Name, p.Set.Pack.ID+"@"+p.Set.Pack.Version, p.Pack.ID+"@"+p.Pack.Version))
	}
	if p.Provisional && p.Status != scoring.PeersNoFigures {
		out = append(out, pr.T("report.peers.provisional", pr.Percent(p.Completeness)))
	}
	return out
}

// PeerFigureName names a line of a comparison: an index, or a category by the given label.
func PeerFigureName(pr vocab.Printer, l scoring.PeerLine, categoryLabel func(id string) string) string {
	if l.Category == "" {
		return pr.T(scoring.Index(l.Figure).Word())
	}
	return categoryLabel(l.Category)
}

// PeerPositionName is a line's position against the quartiles in words ("" when unknown).
func PeerPositionName(pr vocab.Printer, pos scoring.PeerPosition) string {
	if pos == scoring.PositionUnknown {
		return ""
	}
	return pr.T("report.peers.position." + string(pos))
}

// peersWidths are the Peers sheet's columns: figure, this organisation, n, q1, median, q3,
// percentile rank, position, note.
var peersWidths = []float64{44, 13, 12, 12, 10, 12, 12, 14, 30}

func (rd *reportData) peersSheet(sh string) error {
	b, st, pr, p := rd.b, rd.b.st, rd.pr, rd.peers
	for i, w := range peersWidths {
		b.f.SetColWidth(sh, colName(i+1), colName(i+1), w)
	}
	total := 0.0
	for _, w := range peersWidths {
		total += w
	}
	row := 1
	b.set(sh, 1, row, pr.T("report.peers.title", rd.d.Org.Name, rd.d.Cycle.Name), st.title)
	b.f.SetRowHeight(sh, row, 26)
	row += 2
	sentence := func(text string, style int) {
		b.set(sh, 1, row, text, style)
		b.f.MergeCell(sh, cellName(1, row), cellName(len(peersWidths), row))
		b.f.SetRowHeight(sh, row, b.rowH(lines(text, total), sizeBody))
		row++
	}
	for _, s := range PeerSentences(pr, *p) {
		sentence(s, st.plainWrap)
	}
	row++
	header := row
	if p.Status == scoring.PeersShown {
		heads := []string{pr.T("report.peers.col.figure"), pr.T("report.peers.col.value"), pr.T("report.peers.col.n"),
			pr.T("report.peers.col.q1"), pr.T("report.peers.col.median"), pr.T("report.peers.col.q3"),
			pr.T("report.peers.col.rank"), pr.T("report.peers.col.position"), pr.T("report.peers.col.note")}
		n := 1
		for i, h := range heads {
			b.set(sh, i+1, row, h, st.header)
			n = max(n, lines(h, peersWidths[i]))
		}
		b.f.SetRowHeight(sh, row, b.rowH(n, sizeBody))
		row++
		section := ""
		for _, l := range p.Lines {
			s := "report.peers.section.indices"
			if l.Category != "" {
				s = "report.peers.section.categories"
			}
			if s != section {
				section = s
				b.set(sh, 1, row, pr.T(s), st.label)
				b.f.MergeCell(sh, cellName(1, row), cellName(len(peersWidths), row))
				row++
			}
			rd.peerLine(sh, row, l)
			row++
		}
		row++
		notes := []string{pr.T("report.peers.reading", scoring.K)}
		if p.Set != nil {
			notes = append(notes, pr.T("report.peers.rank_set"))
		}
		for _, n := range notes {
			sentence(n, st.muted)
		}
	}
	sentence(pr.T("report.peers.method_ref", rd.sheetName("method")), st.muted)
	pg := rd.page(1, 1, false)
	if p.Status == scoring.PeersShown {
		pg.titleRows = [2]int{header, header}
	}
	return b.printSetup(sh, pg)
}

// peerLine writes one figure: the organisation's value, the group's n, quartiles and median,
// the percentile rank and the position, each rounded once as the Printer rounds it.
func (rd *reportData) peerLine(sh string, row int, l scoring.PeerLine) {
	b, st, pr := rd.b, rd.b.st, rd.pr
	name := PeerFigureName(pr, l, rd.categoryName)
	b.set(sh, 1, row, name, st.wrap)
	num := func(col int, v *float64, decimals, style int) {
		if v == nil {
			b.set(sh, col, row, pr.Unknown(), st.int_)
			return
		}
		b.set(sh, col, row, vocab.Round(*v, decimals), style)
	}
	num(2, l.Value, scoring.PeerDecimals, st.dec1)
	note := ""
	if l.Group == nil {
		for c := 3; c <= 8; c++ {
			b.set(sh, c, row, pr.Unknown(), st.int_)
		}
		note = pr.T("report.peers.note.few", scoring.K)
	} else {
		g := l.Group
		b.set(sh, 3, row, g.Dist.N, st.int_)
		num(4, &g.Dist.Q1, scoring.PeerDecimals, st.dec1)
		num(5, &g.Dist.Median, scoring.PeerDecimals, st.dec1)
		num(6, &g.Dist.Q3, scoring.PeerDecimals, st.dec1)
		num(7, g.PercentileRank, scoring.PercentileRankDecimals, st.int_)
		pos := PeerPositionName(pr, l.Position())
		if pos == "" {
			pos = pr.Unknown()
		}
		b.set(sh, 8, row, pos, st.int_)
	}
	if l.Value == nil {
		if note != "" {
			note += pr.T("report.list_sep")
		}
		note += pr.T("report.peers.note.no_value")
	}
	b.set(sh, 9, row, note, st.wrap)
	b.fit(sh, row, peersWidths, map[int]string{1: name, 9: note})
}

// peerMethod writes the peer comparison's formulas on the Method sheet from row on, in the
// sheet's three columns; it returns the next free row.
func (rd *reportData) peerMethod(sh string, row int) int {
	b, st := rd.b, rd.b.st
	row++
	b.set(sh, 1, row, rd.pr.T("report.peers.method.heading"), st.heading)
	row++
	return b.formulaRows(sh, row, scoring.PeerMethod(rd.pr, rd.peers.Set != nil))
}
