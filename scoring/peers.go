package scoring

import (
	"slices"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Peers compares one cycle of an organisation with its peer group or with an imported
// benchmark set (MODEL.md, "Programmes and benchmarks"). The evaluation report's Peers sheet
// and the TUI Overview both show it; the data comes from the catalogue, everything here is pure:
//
//	orgs, _ := store.Programme(ctx)                                    // every organisation, one snapshot
//	peers, ok := scoring.ComparePeersAt(orgs, orgID, cycleID, scoring.BySector)
//	set, _ := store.BenchmarkSet(ctx, name)                            // or against an imported set
//	peers, ok = scoring.CompareCycleWithSet(orgs, orgID, cycleID, set)
//	switch peers.Status { case scoring.PeersShown: range peers.Lines; default: say why (peers.Others) }
//
// export.ComparePeers does the two reads and the call in one. The organisation's figures are
// those of the given cycle (a report of an earlier cycle compares that cycle); its peers are
// counted once each with their latest assessed cycle on the same pack. Below K nothing of the
// group is given but its size.
type Peers struct {
	PeerComparison
	Status PeerStatus `json:"status"`
	Cycle  Ref        `json:"cycle"`
	Pack   PackRef    `json:"pack"`
	// The organisation's completeness in this cycle, and whether its figures are provisional.
	Completeness *float64 `json:"completeness"`
	Provisional  bool     `json:"provisional"`
	// OthersProvisional counts the group's members whose figures are provisional (shown groups only).
	OthersProvisional int `json:"others_provisional"`
	// Set is the benchmark set compared with; nil for the peer group of this database.
	Set *PeerSet `json:"set,omitempty"`
	// Lines are what is shown, in order: the indices, then each category's mean current score.
	// Empty unless Status is PeersShown.
	Lines []PeerLine `json:"lines"`
}

// PeerSet names the imported benchmark set a comparison is made against.
type PeerSet struct {
	Name      string    `json:"name"`
	GroupBy   GroupBy   `json:"group_by"`
	Pack      PackRef   `json:"pack"`
	CreatedAt time.Time `json:"created_at"`
}

// PeerStatus says whether a comparison shows its group and, if not, why.
type PeerStatus string

const (
	// PeersShown: the group is large enough; Lines hold the figures.
	PeersShown PeerStatus = "shown"
	// PeersTooFew: the group holds fewer than K others (K organisations for a set's group);
	// Others gives its size and nothing else is shown.
	PeersTooFew PeerStatus = "too_few"
	// PeersNoFigures: the cycle has no assessed in-scope service, so there is nothing to compare.
	PeersNoFigures PeerStatus = "no_figures"
	// PeersNoGroup: the organisation has no value in the dimension (no sector, no country,
	// unknown size).
	PeersNoGroup PeerStatus = "no_group"
	// PeersNotInSet: the benchmark set has no group for the organisation's value.
	PeersNotInSet PeerStatus = "not_in_set"
	// PeersOtherPack: the benchmark set was built on another pack than the cycle's.
	PeersOtherPack PeerStatus = "other_pack"
)

// PeerLine is one figure of a comparison: an index (Category empty) or a category's mean
// current score, the organisation's value, and the group's figure when at least K peers have
// it (Group nil otherwise: the line then shows the organisation's value alone).
type PeerLine struct {
	Figure   string      `json:"figure"`
	Category string      `json:"category,omitempty"`
	Value    *float64    `json:"value"`
	Group    *PeerFigure `json:"group"`
}

// PeerPosition places a value against its group's quartiles.
type PeerPosition string

const (
	PositionUnknown PeerPosition = ""            // no value or no group figure
	BelowQ1         PeerPosition = "below_q1"    // below the first quartile
	MiddleHalf      PeerPosition = "middle_half" // from q1 to q3, both included
	AboveQ3         PeerPosition = "above_q3"    // above the third quartile
)

// PeerDecimals is the number of decimals every figure of a comparison is shown and placed
// with: indices and mean scores to one decimal, percentile ranks to whole numbers.
const (
	PeerDecimals           = 1
	PercentileRankDecimals = 0
)

// Position places the line's value against the group's q1 and q3 as they are shown (rounded
// to PeerDecimals), so that a value shown equal to a quartile is never called below or above it.
func (l PeerLine) Position() PeerPosition {
	if l.Value == nil || l.Group == nil {
		return PositionUnknown
	}
	v := vocab.Round(*l.Value, PeerDecimals)
	switch {
	case v < vocab.Round(l.Group.Dist.Q1, PeerDecimals):
		return BelowQ1
	case v > vocab.Round(l.Group.Dist.Q3, PeerDecimals):
		return AboveQ3
	}
	return MiddleHalf
}

// ProgrammeRowAt is an organisation's programme row with the figures of one of its cycles
// rather than of its latest assessed one (no figures when that cycle has no assessed in-scope
// service). ok is false when the organisation has no such cycle.
func ProgrammeRowAt(o catalog.ProgrammeOrg, cycleID int64) (ProgrammeRow, bool) {
	if o.Cycle(cycleID) == nil {
		return ProgrammeRow{}, false
	}
	o.LatestAssessed = cycleID
	row := programmeRow(&o)
	if row.Assessed == 0 {
		o.LatestAssessed = 0
		row = programmeRow(&o)
	}
	return row, true
}

// rowOf finds organisation orgID in orgs, with its row at cycle cycleID; ok is false when
// either is missing.
func rowOf(orgs []catalog.ProgrammeOrg, orgID, cycleID int64) (i int, me ProgrammeRow, ok bool) {
	i = slices.IndexFunc(orgs, func(o catalog.ProgrammeOrg) bool { return o.Org.ID == orgID })
	if i < 0 {
		return i, ProgrammeRow{}, false
	}
	me, ok = ProgrammeRowAt(orgs[i], cycleID)
	return i, me, ok
}

// ComparePeersAt compares cycle cycleID of organisation orgID with the organisations of orgs
// (Store.Programme) that share its group in one dimension, each with its latest assessed
// cycle on the same pack. ok is false when orgs holds no such organisation or cycle.
func ComparePeersAt(orgs []catalog.ProgrammeOrg, orgID, cycleID int64, by GroupBy) (Peers, bool) {
	i, me, ok := rowOf(orgs, orgID, cycleID)
	if !ok {
		return Peers{}, false
	}
	prog := BuildProgramme(orgs)
	prog.Rows[i] = me // BuildProgramme keeps the order of orgs
	pc, _ := ComparePeers(prog, orgID, by)
	p := newPeers(me, cycleID, orgs[i], pc)
	switch {
	case !me.HasFigures():
		p.Status = PeersNoFigures
	case pc.Group == "":
		p.Status = PeersNoGroup
	case !pc.Shown:
		p.Status = PeersTooFew
	default:
		p.Status = PeersShown
		for _, r := range peersOf(prog, me, by) {
			if r.Provisional {
				p.OthersProvisional++
			}
		}
	}
	p.finish(me)
	return p, true
}

// CompareCycleWithSet compares cycle cycleID of organisation orgID with the group of an
// imported benchmark set that matches it (its sector, country or size band, as the set is
// grouped). The set's groups leave the organisation out, so a group is shown when it holds
// at least K organisations; percentile ranks are unknown (a set holds distributions, not
// values). ok is false when orgs holds no such organisation or cycle.
func CompareCycleWithSet(orgs []catalog.ProgrammeOrg, orgID, cycleID int64, set *catalog.BenchmarkSet) (Peers, bool) {
	i, me, ok := rowOf(orgs, orgID, cycleID)
	if !ok || set == nil {
		return Peers{}, false
	}
	pc := CompareWithSet(me, set)
	p := newPeers(me, cycleID, orgs[i], pc)
	p.Set = &PeerSet{Name: set.Name, GroupBy: GroupBy(set.GroupBy), Pack: PackRef{ID: set.PackID, Version: set.PackVersion}, CreatedAt: set.CreatedAt}
	var group *catalog.BenchmarkGroup
	for j := range set.Groups {
		if sameGroup(set.Groups[j].Key, pc.Group) {
			group = &set.Groups[j]
		}
	}
	switch {
	case !me.HasFigures():
		p.Status = PeersNoFigures
	case pc.Group == "":
		p.Status = PeersNoGroup
	case me.Pack != p.Set.Pack:
		p.Status = PeersOtherPack
	case group == nil:
		p.Status = PeersNotInSet
	case !pc.Shown:
		p.Status = PeersTooFew
	default:
		p.Status = PeersShown
		p.Group = group.Key
		p.OthersProvisional = group.Provisional
	}
	p.finish(me)
	return p, true
}

func newPeers(me ProgrammeRow, cycleID int64, o catalog.ProgrammeOrg, pc PeerComparison) Peers {
	p := Peers{PeerComparison: pc, Lines: []PeerLine{}, Pack: me.Pack, Completeness: me.Completeness, Provisional: me.HasFigures() && me.Provisional}
	d := o.Cycle(cycleID)
	p.Cycle = Ref{ID: d.Cycle.ID, Name: d.Cycle.Name}
	if d.Pack != nil {
		p.Pack = PackRef{ID: d.Pack.ID, Version: d.Pack.Version}
	}
	return p
}

// finish fills the lines of a shown comparison and clears the group's figures otherwise.
func (p *Peers) finish(me ProgrammeRow) {
	if p.Status != PeersShown {
		p.Figures = []PeerFigure{}
		return
	}
	add := func(figure, category string) {
		l := PeerLine{Figure: figure, Category: category, Value: me.FigureOf(figure, category)}
		for i := range p.Figures {
			if p.Figures[i].Figure == figure && p.Figures[i].Category == category {
				f := p.Figures[i]
				l.Group = &f
			}
		}
		p.Lines = append(p.Lines, l)
	}
	for _, ix := range Indices {
		add(string(ix), "")
	}
	for _, c := range me.Categories {
		add(FigureMeanCurrent, c.ID)
	}
}

// peersOf lists the rows that a row is compared with in one dimension: the other rows with
// figures on the same pack that share its group.
func peersOf(p Programme, me ProgrammeRow, by GroupBy) []ProgrammeRow {
	var out []ProgrammeRow
	group := me.GroupKey(by)
	for _, r := range p.Rows {
		if r.Org.ID != me.Org.ID && r.HasFigures() && r.Pack == me.Pack && sameGroup(r.GroupKey(by), group) {
			out = append(out, r)
		}
	}
	return out
}

// peerMethod names the programme formulas a peer comparison rests on, in Method order.
var peerMethod = []string{"latest", "peer_group", "size_bands", "distribution", "quartiles", "percentile_rank", "k_rule", "provisional"}

// PeerMethod states how a peer comparison is made, in the language of the printer: the
// programme formulas it rests on (the k rule, quartiles, percentile rank), then how a value is
// placed against the quartiles and, for an imported set, what such a set can give. The
// report's Method sheet prints it from here.
func PeerMethod(p vocab.Printer, withSet bool) []Formula {
	all := ProgrammeMethod(p)
	var out []Formula
	for i, k := range programmeMethod {
		if slices.Contains(peerMethod, k) {
			out = append(out, all[i])
		}
	}
	out = append(out, Formula{Name: p.T("report.peers.method.position.name"), Text: p.T("report.peers.method.position.text", PeerDecimals)})
	if withSet {
		out = append(out, Formula{Name: p.T("report.peers.method.set.name"), Text: p.T("report.peers.method.set.text", K)})
	}
	return out
}
