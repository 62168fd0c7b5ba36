package scoring

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Programme is a view across many organisations (MODEL.md, "Programmes and benchmarks"): each
// counted once with its latest assessed cycle. The TUI dashboard, `cdc programme` and the
// programme workbook are all drawn from it, the same way:
//
//	orgs, _ := store.Programme(ctx)          // one snapshot, five queries
//	prog := scoring.BuildProgramme(orgs)      // pure; rows in name order
//	view := prog.Filter(filter)               // sector, country, size band
//	scoring.SortRows(view.Rows, col, desc)    // any column, unknown last
//	view.Distributions(), view.Ranking()      // the summary and the ranking
//	row.Category(id).MeanCurrent              // a heat map cell, per view.Categories
//	scoring.ComparePeers(prog, orgID, by)     // against a peer group, under the k rule
//	scoring.CompareCycles(base, this)         // the diff of two cycles (Store.CycleData)
type Programme struct {
	Rows []ProgrammeRow `json:"organisations"`
	// Pack is the pack most latest assessed cycles use; categories and group figures are
	// comparable only within one pack.
	Pack PackRef `json:"pack"`
	// Categories are the heat map's columns: the categories of every row's pack, Pack's first.
	Categories []catalog.Category `json:"categories"`
}

// ProgrammeRow is one organisation of a programme.
type ProgrammeRow struct {
	Org      Ref      `json:"organisation"`
	Sector   string   `json:"sector"`
	Country  string   `json:"country"`
	Size     int      `json:"size"`
	SizeBand SizeBand `json:"size_band"` // empty when the size is unknown
	Cycles   int      `json:"cycles"`
	// CurrentCycle is the newest open cycle (else the newest); Cycle the latest assessed one,
	// whose figures the row shows (nil: nothing assessed yet, no figures).
	CurrentCycle *Ref     `json:"current_cycle"`
	Cycle        *Ref     `json:"cycle"`
	Pack         PackRef  `json:"pack"`
	InScope      int      `json:"in_scope"`
	Assessed     int      `json:"assessed"`
	Completeness *float64 `json:"completeness"`
	Provisional  bool     `json:"provisional"`
	// The indices of the latest assessed cycle and their change since the cycle before it
	// (nil where either is undefined). Previous names that cycle.
	MaturityIndex    *float64 `json:"maturity_index"`
	TargetIndex      *float64 `json:"target_index"`
	AttainmentIndex  *float64 `json:"attainment_index"`
	Previous         *Ref     `json:"previous_cycle"`
	MaturityChange   *float64 `json:"maturity_change"`
	TargetChange     *float64 `json:"target_change"`
	AttainmentChange *float64 `json:"attainment_change"`
	// Categories holds the latest assessed cycle's figures per category of its pack.
	Categories        []CategoryProfile `json:"categories"`
	MandatoryCoverage *float64          `json:"mandatory_coverage"`
	Coverage          *float64          `json:"coverage"`
	MissingMandatory  []string          `json:"missing_mandatory"`
	// Trend is the indices of every cycle, oldest first.
	Trend       []TrendPoint `json:"trend"`
	LastChange  *time.Time   `json:"last_change"`
	OpenActions int          `json:"open_actions"`
}

// Index returns one of the row's indices.
func (r ProgrammeRow) Index(i Index) *float64 {
	return i.pick(r.MaturityIndex, r.TargetIndex, r.AttainmentIndex)
}

// IndexChange returns the change of one of the row's indices since the previous cycle.
func (r ProgrammeRow) IndexChange(i Index) *float64 {
	return i.pick(r.MaturityChange, r.TargetChange, r.AttainmentChange)
}

// Category returns the row's figures for a category, nil when its pack has no such category.
func (r ProgrammeRow) Category(id string) *CategoryProfile {
	for i := range r.Categories {
		if r.Categories[i].ID == id {
			return &r.Categories[i]
		}
	}
	return nil
}

// HasFigures reports whether the row has figures: a latest assessed cycle.
func (r ProgrammeRow) HasFigures() bool { return r.Cycle != nil }

// BuildProgramme evaluates every organisation's latest assessed cycle against its history.
func BuildProgramme(orgs []catalog.ProgrammeOrg) Programme {
	p := Programme{Rows: make([]ProgrammeRow, 0, len(orgs)), Categories: []catalog.Category{}}
	packs := map[PackRef]int{}
	var packOrder []*catalog.Pack
	seenPack := map[PackRef]bool{}
	for i := range orgs {
		o := &orgs[i]
		row := programmeRow(o)
		p.Rows = append(p.Rows, row)
		if d := o.LatestAssessedCycle(); d != nil && d.Pack != nil {
			ref := PackRef{ID: d.Pack.ID, Version: d.Pack.Version}
			packs[ref]++
			if !seenPack[ref] {
				seenPack[ref] = true
				packOrder = append(packOrder, d.Pack)
			}
		}
	}
	// The most used pack leads; ties go to the pack seen first.
	slices.SortStableFunc(packOrder, func(a, b *catalog.Pack) int {
		return cmp.Compare(packs[PackRef{ID: b.ID, Version: b.Version}], packs[PackRef{ID: a.ID, Version: a.Version}])
	})
	seenCat := map[string]bool{}
	for i, pk := range packOrder {
		if i == 0 {
			p.Pack = PackRef{ID: pk.ID, Version: pk.Version}
		}
		for _, c := range pk.Categories {
			if !seenCat[c.ID] {
				seenCat[c.ID] = true
				p.Categories = append(p.Categories, c)
			}
		}
	}
	return p
}

func programmeRow(o *catalog.ProgrammeOrg) ProgrammeRow {
	row := ProgrammeRow{
		Org: Ref{ID: o.Org.ID, Name: o.Org.Name}, Sector: o.Org.Sector, Country: o.Org.Country, Size: o.Org.Size,
		Cycles: len(o.Cycles), LastChange: o.LastChange, OpenActions: o.OpenActions,
		Categories: []CategoryProfile{}, MissingMandatory: []string{}, Trend: []TrendPoint{},
	}
	row.SizeBand, _ = SizeBandOf(o.Org.Size)
	if c := o.Cycle(o.CurrentCycle); c != nil {
		row.CurrentCycle = &Ref{ID: c.Cycle.ID, Name: c.Cycle.Name}
	}
	latest := o.LatestAssessedCycle()
	if latest == nil {
		for _, c := range o.Cycles {
			m, t, a := indices(serviceRows(c))
			row.Trend = append(row.Trend, TrendPoint{Cycle: c.Cycle.Name, MaturityIndex: m, TargetIndex: t, AttainmentIndex: a})
		}
		return row
	}
	r := Evaluate(latest, o.Cycles)
	row.Cycle = &Ref{ID: r.Cycle.ID, Name: r.Cycle.Name}
	row.Pack = r.Pack
	row.InScope, row.Assessed = r.Catalogue.InScope, r.Catalogue.Assessed
	row.Completeness = r.Catalogue.AssessedRatio
	row.Provisional = Provisional(row.Assessed, row.InScope)
	row.MaturityIndex, row.TargetIndex, row.AttainmentIndex = r.Portfolio.MaturityIndex, r.Portfolio.TargetIndex, r.Portfolio.AttainmentIndex
	row.Categories = r.Profile.Categories
	row.MandatoryCoverage, row.Coverage = r.Catalogue.Coverage.Mandatory, r.Catalogue.Coverage.Overall
	row.MissingMandatory = r.Catalogue.MissingMandatory
	row.Trend = r.Portfolio.Trend
	for i, t := range row.Trend {
		if t.Cycle == r.Cycle.Name && i > 0 {
			prev := row.Trend[i-1]
			for _, c := range o.Cycles {
				if c.Cycle.Name == prev.Cycle {
					row.Previous = &Ref{ID: c.Cycle.ID, Name: c.Cycle.Name}
				}
			}
			row.MaturityChange = change(prev.MaturityIndex, row.MaturityIndex)
			row.TargetChange = change(prev.TargetIndex, row.TargetIndex)
			row.AttainmentChange = change(prev.AttainmentIndex, row.AttainmentIndex)
		}
	}
	return row
}

// GroupBy is a dimension that organisations are grouped by.
type GroupBy string

const (
	BySector   GroupBy = "sector"
	ByCountry  GroupBy = "country"
	BySizeBand GroupBy = "size-band"
)

// Groupings lists the dimensions in display order.
var Groupings = []GroupBy{BySector, ByCountry, BySizeBand}

// GroupKey returns a row's group in a dimension ("" when it has none: no sector, no country,
// unknown size). Sector and country compare without case and surrounding spaces.
func (r ProgrammeRow) GroupKey(by GroupBy) string {
	switch by {
	case BySector:
		return strings.TrimSpace(r.Sector)
	case ByCountry:
		return strings.TrimSpace(r.Country)
	case BySizeBand:
		return string(r.SizeBand)
	}
	return ""
}

func sameGroup(a, b string) bool { return a != "" && strings.EqualFold(a, b) }

// ProgrammeFilter keeps the rows of one sector, country and size band; empty fields keep all.
type ProgrammeFilter struct {
	Sector   string
	Country  string
	SizeBand SizeBand
}

// Filter returns the programme with only the rows the filter keeps.
func (p Programme) Filter(f ProgrammeFilter) Programme {
	out := p
	out.Rows = []ProgrammeRow{}
	for _, r := range p.Rows {
		if f.Sector != "" && !sameGroup(r.GroupKey(BySector), strings.TrimSpace(f.Sector)) {
			continue
		}
		if f.Country != "" && !sameGroup(r.GroupKey(ByCountry), strings.TrimSpace(f.Country)) {
			continue
		}
		if f.SizeBand != "" && r.SizeBand != f.SizeBand {
			continue
		}
		out.Rows = append(out.Rows, r)
	}
	return out
}

// Figure names a figure that groups are compared on.
const (
	FigureMeanCurrent = "mean_current" // a category's mean current score (0-5)
	FigureAttainment  = "attainment"   // a category's attainment (0-1)
)

// FigureOf returns a row's value of a figure: an index (category empty) or a category figure.
func (r ProgrammeRow) FigureOf(figure, category string) *float64 {
	if category == "" {
		return r.Index(Index(figure))
	}
	c := r.Category(category)
	if c == nil {
		return nil
	}
	switch figure {
	case FigureMeanCurrent:
		return c.MeanCurrent
	case FigureAttainment:
		return c.Attainment
	}
	return nil
}

// figureKeys lists the figures of a group over pack categories: the three indices, then per
// category the mean current score and the attainment.
func figureKeys(cats []catalog.Category) [][2]string {
	var out [][2]string
	for _, ix := range Indices {
		out = append(out, [2]string{string(ix), ""})
	}
	for _, c := range cats {
		out = append(out, [2]string{FigureMeanCurrent, c.ID}, [2]string{FigureAttainment, c.ID})
	}
	return out
}

// FigureDistribution is one figure's distribution over a set of rows.
type FigureDistribution struct {
	Figure   string       `json:"figure"`
	Category string       `json:"category,omitempty"`
	Dist     Distribution `json:"distribution"`
	Defined  bool         `json:"defined"` // false when no row has the figure
}

// Distributions describes every figure over the rows with figures: the programme summary.
// Rows on another pack than p.Pack count for the indices only.
func (p Programme) Distributions() []FigureDistribution {
	var out []FigureDistribution
	for _, fk := range figureKeys(p.packCategories()) {
		var vals []*float64
		for _, r := range p.Rows {
			if !r.HasFigures() || (fk[1] != "" && r.Pack != p.Pack) {
				continue
			}
			vals = append(vals, r.FigureOf(fk[0], fk[1]))
		}
		d, ok := DescribeDefined(vals)
		out = append(out, FigureDistribution{Figure: fk[0], Category: fk[1], Dist: d, Defined: ok})
	}
	return out
}

// packCategories are the categories of the programme's pack (the leading ones of Categories).
func (p Programme) packCategories() []catalog.Category {
	for _, r := range p.Rows {
		if r.HasFigures() && r.Pack == p.Pack {
			out := make([]catalog.Category, 0, len(r.Categories))
			for _, c := range r.Categories {
				out = append(out, catalog.Category{ID: c.ID, Name: c.Name})
			}
			return out
		}
	}
	return nil
}

// Ranking lists the rows with a maturity index, highest first (ties by name); Rank is shared by
// indices equal as shown, to one decimal (1, 2, 2, 4), so two rows reading 66.6 share a rank.
func (p Programme) Ranking() []RankedRow {
	shown := func(r ProgrammeRow) float64 { return Round(*r.MaturityIndex, 1) }
	var rows []ProgrammeRow
	for _, r := range p.Rows {
		if r.MaturityIndex != nil {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b ProgrammeRow) int {
		if c := cmp.Compare(shown(b), shown(a)); c != 0 {
			return c
		}
		return cmp.Compare(strings.ToLower(a.Org.Name), strings.ToLower(b.Org.Name))
	})
	out := make([]RankedRow, len(rows))
	for i, r := range rows {
		rank := i + 1
		if i > 0 && shown(r) == shown(rows[i-1]) {
			rank = out[i-1].Rank
		}
		out[i] = RankedRow{Rank: rank, ProgrammeRow: r}
	}
	return out
}

// RankedRow is a row with its rank by maturity index.
type RankedRow struct {
	Rank int `json:"rank"`
	ProgrammeRow
}

// ---- benchmarks ----

// BenchmarkFormatVersion is the version of the benchmark contribution format (export/FORMAT.md).
const BenchmarkFormatVersion = 1

// Contribution is an anonymised benchmark built from a programme: the groups that pass the
// k rule, with the distribution of every figure that at least K of their members have.
type Contribution struct {
	Set      catalog.BenchmarkSet `json:"set"`
	Withheld []Withheld           `json:"withheld"`
	// LeftOut counts organisations not in any group: no figures, no value in the dimension,
	// or another pack than the contribution's.
	LeftOut int `json:"left_out"`
	// Figures withheld because fewer than K members of a kept group have them.
	WithheldFigures int `json:"withheld_figures"`
}

// BuildContribution groups the programme's rows with figures on its pack by one dimension and
// applies the k rule. The set carries no name, free text, provider, contract, action or
// review: only group keys (the dimension's values), counts and distributions.
func BuildContribution(p Programme, by GroupBy, now time.Time) Contribution {
	c := Contribution{Set: catalog.BenchmarkSet{
		FormatVersion: BenchmarkFormatVersion, GroupBy: string(by), K: K,
		PackID: p.Pack.ID, PackVersion: p.Pack.Version, CreatedAt: now.UTC().Truncate(time.Second),
		Groups: []catalog.BenchmarkGroup{},
	}, Withheld: []Withheld{}}
	members := map[string][]ProgrammeRow{}
	var keys []string
	canon := map[string]string{} // folded key -> first spelling
	for _, r := range p.Rows {
		key := r.GroupKey(by)
		if !r.HasFigures() || r.Pack != p.Pack || key == "" {
			c.LeftOut++
			continue
		}
		fold := strings.ToLower(key)
		if _, ok := canon[fold]; !ok {
			canon[fold] = key
			keys = append(keys, fold)
		}
		members[fold] = append(members[fold], r)
	}
	groups := make([]Group, 0, len(keys))
	for _, k := range keys {
		g := Group{Key: canon[k]}
		for _, r := range members[k] {
			g.Members = append(g.Members, r.Org.ID)
		}
		groups = append(groups, g)
	}
	kept, withheld := SafeGroups(groups)
	c.Withheld = append(c.Withheld, withheld...)
	cats := p.packCategories()
	for _, g := range kept {
		rows := members[strings.ToLower(g.Key)]
		bg := catalog.BenchmarkGroup{Key: g.Key, Organisations: len(rows), Figures: []catalog.BenchmarkFigure{}}
		for _, r := range rows {
			if r.Provisional {
				bg.Provisional++
			}
		}
		for _, fk := range figureKeys(cats) {
			vals := make([]*float64, len(rows))
			for i, r := range rows {
				vals[i] = r.FigureOf(fk[0], fk[1])
			}
			d, ok := DescribeDefined(vals)
			if !ok {
				continue
			}
			if d.N < K {
				c.WithheldFigures++
				continue
			}
			bg.Figures = append(bg.Figures, catalog.BenchmarkFigure{Figure: fk[0], Category: fk[1], Distribution: d})
		}
		c.Set.Groups = append(c.Set.Groups, bg)
	}
	slices.SortStableFunc(c.Set.Groups, func(a, b catalog.BenchmarkGroup) int { return compareGroupKeys(by, a.Key, b.Key) })
	return c
}

// compareGroupKeys orders size bands by size and other keys alphabetically.
func compareGroupKeys(by GroupBy, a, b string) int {
	if by == BySizeBand {
		ia := slices.Index(SizeBands, SizeBand(a))
		ib := slices.Index(SizeBands, SizeBand(b))
		return cmp.Compare(ia, ib)
	}
	return cmp.Compare(strings.ToLower(a), strings.ToLower(b))
}

// PeerFigure is an organisation's figure against its group's distribution.
type PeerFigure struct {
	Figure   string       `json:"figure"`
	Category string       `json:"category,omitempty"`
	Value    *float64     `json:"value"`
	Dist     Distribution `json:"distribution"`
	// PercentileRank is defined when the organisation has the figure and the group's values
	// are known individually (a group of this database, not an imported set).
	PercentileRank *float64 `json:"percentile_rank"`
}

// PeerComparison is an organisation against its peer group. When the group holds fewer than
// K others, Shown is false and nothing of the group is given but its size.
type PeerComparison struct {
	Org     Ref          `json:"organisation"`
	GroupBy GroupBy      `json:"group_by"`
	Group   string       `json:"group"`
	Others  int          `json:"others"`
	Shown   bool         `json:"shown"`
	Figures []PeerFigure `json:"figures"`
}

// ComparePeers compares one row with the other rows of the programme that share its group
// and have figures on the same pack. Each figure is given only when at least K others have it.
func ComparePeers(p Programme, orgID int64, by GroupBy) (PeerComparison, bool) {
	var me *ProgrammeRow
	for i := range p.Rows {
		if p.Rows[i].Org.ID == orgID {
			me = &p.Rows[i]
		}
	}
	if me == nil {
		return PeerComparison{}, false
	}
	pc := PeerComparison{Org: me.Org, GroupBy: by, Group: me.GroupKey(by), Figures: []PeerFigure{}}
	if !me.HasFigures() || pc.Group == "" {
		return pc, true
	}
	others := peersOf(p, *me, by)
	pc.Others = len(others)
	pc.Shown = PeerGroupShown(pc.Others)
	if !pc.Shown {
		return pc, true
	}
	cats := make([]catalog.Category, len(me.Categories))
	for i, c := range me.Categories {
		cats[i] = catalog.Category{ID: c.ID}
	}
	for _, fk := range figureKeys(cats) {
		var vals []float64
		for _, r := range others {
			if v := r.FigureOf(fk[0], fk[1]); v != nil {
				vals = append(vals, *v)
			}
		}
		if len(vals) < K {
			continue
		}
		d, _ := Describe(vals)
		pf := PeerFigure{Figure: fk[0], Category: fk[1], Value: me.FigureOf(fk[0], fk[1]), Dist: d}
		if pf.Value != nil {
			if pr, ok := PercentileRank(*pf.Value, vals); ok {
				pf.PercentileRank = &pr
			}
		}
		pc.Figures = append(pc.Figures, pf)
	}
	return pc, true
}

// CompareWithSet compares a row with its group in an imported benchmark set. The set's groups
// do not include the organisation, so the group itself must hold at least K organisations;
// percentile ranks are not known (the set holds distributions, not values).
func CompareWithSet(r ProgrammeRow, set *catalog.BenchmarkSet) PeerComparison {
	by := GroupBy(set.GroupBy)
	pc := PeerComparison{Org: r.Org, GroupBy: by, Group: r.GroupKey(by), Figures: []PeerFigure{}}
	if !r.HasFigures() || pc.Group == "" || r.Pack.ID != set.PackID || r.Pack.Version != set.PackVersion {
		return pc
	}
	for _, g := range set.Groups {
		if !sameGroup(g.Key, pc.Group) {
			continue
		}
		pc.Others = g.Organisations
		pc.Shown = PeerGroupShown(g.Organisations)
		if !pc.Shown {
			return pc
		}
		for _, f := range g.Figures {
			if f.N < K {
				continue
			}
			pc.Figures = append(pc.Figures, PeerFigure{Figure: f.Figure, Category: f.Category, Value: r.FigureOf(f.Figure, f.Category),
				Dist: f.Distribution})
		}
	}
	return pc
}

// programmeMethod lists the programme formulas in Method order, by vocabulary key
// ("programme.method.KEY.name" and ".text").
var programmeMethod = []string{"latest", "peer_group", "size_bands", "distribution", "quartiles", "percentile_rank", "k_rule", "contribution", "change", "heat_map", "ranking", "provisional"}

// ProgrammeMethod states how programme and benchmark figures are computed, in the language of
// the printer: the programme workbook's Method sheet and help print it from here.
func ProgrammeMethod(p vocab.Printer) []Formula {
	bands := make([]string, len(SizeBands))
	for i, b := range SizeBands {
		bands[i] = string(b)
	}
	args := map[string][]any{
		"size_bands":   {strings.Join(bands, ", ")},
		"k_rule":       {K, K},
		"contribution": {K},
		"provisional":  {p.Percent(ptrFloat(ProvisionalBelow))},
	}
	out := make([]Formula, 0, len(programmeMethod))
	for _, k := range programmeMethod {
		var nameArgs []any
		if k == "k_rule" {
			nameArgs = []any{K}
		}
		out = append(out, Formula{Name: p.T("programme.method."+k+".name", nameArgs...), Text: p.T("programme.method."+k+".text", args[k]...)})
	}
	return out
}

func ptrFloat(v float64) *float64 { return &v }

// ProgrammeColumn names a column a programme view sorts by.
type ProgrammeColumn string

// The sortable columns of a programme view.
const (
	ColName         ProgrammeColumn = "name"
	ColSector       ProgrammeColumn = "sector"
	ColCountry      ProgrammeColumn = "country"
	ColSize         ProgrammeColumn = "size"
	ColMaturity     ProgrammeColumn = "maturity"
	ColTarget       ProgrammeColumn = "target"
	ColAttainment   ProgrammeColumn = "attainment"
	ColChange       ProgrammeColumn = "maturity_change"
	ColCompleteness ProgrammeColumn = "completeness"
	ColLastChange   ProgrammeColumn = "last_change"
	ColOpenActions  ProgrammeColumn = "open_actions"
)

// ProgrammeColumns lists the sortable columns in display order.
var ProgrammeColumns = []ProgrammeColumn{ColName, ColSector, ColCountry, ColSize, ColMaturity, ColTarget, ColAttainment, ColChange, ColCompleteness, ColLastChange, ColOpenActions}

// SortRows orders rows by a column, descending when desc; rows whose value is unknown come
// last either way (unknown is never ranked as 0), and ties keep name order.
func SortRows(rows []ProgrammeRow, col ProgrammeColumn, desc bool) {
	text := func(r ProgrammeRow) string {
		switch col {
		case ColSector:
			return strings.ToLower(r.Sector)
		case ColCountry:
			return strings.ToLower(r.Country)
		}
		return strings.ToLower(r.Org.Name)
	}
	number := func(r ProgrammeRow) *float64 {
		switch col {
		case ColSize:
			if r.Size <= 0 {
				return nil
			}
			return ptrFloat(float64(r.Size))
		case ColMaturity:
			return r.MaturityIndex
		case ColTarget:
			return r.TargetIndex
		case ColAttainment:
			return r.AttainmentIndex
		case ColChange:
			return r.MaturityChange
		case ColCompleteness:
			return r.Completeness
		case ColLastChange:
			if r.LastChange == nil {
				return nil
			}
			return ptrFloat(float64(r.LastChange.UnixNano()))
		case ColOpenActions:
			return ptrFloat(float64(r.OpenActions))
		}
		return nil
	}
	byName := func(a, b ProgrammeRow) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Org.Name), strings.ToLower(b.Org.Name)), cmp.Compare(a.Org.ID, b.Org.ID))
	}
	slices.SortStableFunc(rows, func(a, b ProgrammeRow) int {
		var c int
		switch col {
		case ColName, ColSector, ColCountry:
			c = cmp.Compare(text(a), text(b))
			if text(a) == "" || text(b) == "" {
				if text(a) == text(b) {
					return byName(a, b)
				}
				if text(a) == "" {
					return 1
				}
				return -1
			}
		default:
			va, vb := number(a), number(b)
			switch {
			case va == nil && vb == nil:
				return byName(a, b)
			case va == nil:
				return 1
			case vb == nil:
				return -1
			}
			c = cmp.Compare(*va, *vb)
		}
		if desc {
			c = -c
		}
		if c == 0 {
			return byName(a, b)
		}
		return c
	})
}
