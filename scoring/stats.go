package scoring

import (
	"cmp"
	"math"
	"slices"

	"github.com/cdc-toolkit/cdc/catalog"
)

// K is the smallest group whose figures are ever shown or exported: a group is shown only
// with at least K organisations (besides the one being compared, when comparing), and a
// contribution never publishes two groups whose memberships differ by fewer than K.
const K = 5

// Distribution summarises a figure over a group: its count, extremes, quartiles and median.
// The quartiles interpolate linearly between closest ranks (Excel's QUARTILE.INC). It is the
// type a benchmark set stores, so a stored figure is compared as it was computed.
type Distribution = catalog.Distribution

// Describe returns the distribution of values; ok is false when there are none (the figures
// are then undefined, never 0). NaN values are ignored.
func Describe(values []float64) (d Distribution, ok bool) {
	xs := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	if len(xs) == 0 {
		return Distribution{}, false
	}
	slices.Sort(xs)
	return Distribution{
		N:      len(xs),
		Min:    xs[0],
		Q1:     quantileSorted(xs, 0.25),
		Median: quantileSorted(xs, 0.5),
		Q3:     quantileSorted(xs, 0.75),
		Max:    xs[len(xs)-1],
	}, true
}

// DescribeDefined is Describe over the defined values of a list of optional figures.
func DescribeDefined(values []*float64) (Distribution, bool) {
	xs := make([]float64, 0, len(values))
	for _, v := range values {
		if v != nil {
			xs = append(xs, *v)
		}
	}
	return Describe(xs)
}

// Quantile is the p-quantile (0 <= p <= 1) of values by linear interpolation between closest
// ranks: with the values sorted as x[0..n-1] and h = (n-1)p, it is x[floor(h)] + (h - floor(h)) x
// (x[floor(h)+1] - x[floor(h)]). This is Excel's QUARTILE.INC and PERCENTILE.INC.
// ok is false when values is empty or p is outside 0..1.
func Quantile(values []float64, p float64) (float64, bool) {
	if len(values) == 0 || !(p >= 0 && p <= 1) {
		return 0, false
	}
	xs := slices.Clone(values)
	slices.Sort(xs)
	return quantileSorted(xs, p), true
}

func quantileSorted(xs []float64, p float64) float64 {
	h := float64(len(xs)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}

// PercentileRank places v among others: 100 x (number of others below v + 0.5 x number equal
// to v) / number of others. ok is false when others is empty.
func PercentileRank(v float64, others []float64) (float64, bool) {
	if len(others) == 0 {
		return 0, false
	}
	below, equal := 0, 0
	for _, o := range others {
		switch {
		case o < v:
			below++
		case o == v:
			equal++
		}
	}
	return 100 * (float64(below) + 0.5*float64(equal)) / float64(len(others)), true
}

// PeerGroupShown reports whether a group of others (the organisation being compared left out)
// is large enough to be shown: at least K.
func PeerGroupShown(others int) bool { return others >= K }

// SizeBand is a band of staff numbers.
type SizeBand string

// The size bands, smallest first.
const (
	SizeBand1     SizeBand = "1-99"
	SizeBand100   SizeBand = "100-999"
	SizeBand1000  SizeBand = "1000-9999"
	SizeBand10000 SizeBand = "10000+"
)

// SizeBands lists the bands in order.
var SizeBands = []SizeBand{SizeBand1, SizeBand100, SizeBand1000, SizeBand10000}

// SizeBandOf returns the band of a staff count; ok is false for 0 or less (size unknown).
func SizeBandOf(size int) (SizeBand, bool) {
	switch {
	case size <= 0:
		return "", false
	case size < 100:
		return SizeBand1, true
	case size < 1000:
		return SizeBand100, true
	case size < 10000:
		return SizeBand1000, true
	}
	return SizeBand10000, true
}

// ParseSizeBand accepts a band as written in SizeBands.
func ParseSizeBand(s string) (SizeBand, bool) { return catalog.Choose(s, SizeBands) }

// Group is a named set of organisations, by ID.
type Group struct {
	Key     string
	Members []int64
}

// WithheldReason says why a group was left out of a contribution.
type WithheldReason string

const (
	// TooSmall: fewer than K members.
	TooSmall WithheldReason = "too_small"
	// TooClose: its membership differs from a group already kept by fewer than K organisations.
	TooClose WithheldReason = "too_close"
)

// Withheld is a group left out of a contribution; Near names the kept group it was too close to.
type Withheld struct {
	Key    string         `json:"key"`
	Size   int            `json:"size"`
	Reason WithheldReason `json:"reason"`
	Near   string         `json:"near,omitempty"`
}

// SafeGroups applies the k rule for a contribution: groups with fewer than K members are
// dropped, and of two groups whose memberships differ by fewer than K organisations (the size
// of their symmetric difference) only the first is kept, so that subtracting one group's figures
// from another's reveals nobody. Larger groups are considered first, then by key; the kept
// groups are returned in that order.
func SafeGroups(groups []Group) (kept []Group, withheld []Withheld) {
	order := slices.Clone(groups)
	sets := make(map[string]map[int64]bool, len(order))
	for _, g := range order {
		m := make(map[int64]bool, len(g.Members))
		for _, id := range g.Members {
			m[id] = true
		}
		sets[g.Key] = m
	}
	slices.SortStableFunc(order, func(a, b Group) int {
		if c := cmp.Compare(len(sets[b.Key]), len(sets[a.Key])); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	for _, g := range order {
		m := sets[g.Key]
		if len(m) < K {
			withheld = append(withheld, Withheld{Key: g.Key, Size: len(m), Reason: TooSmall})
			continue
		}
		near := ""
		for _, k := range kept {
			if symmetricDifference(m, sets[k.Key]) < K {
				near = k.Key
				break
			}
		}
		if near != "" {
			withheld = append(withheld, Withheld{Key: g.Key, Size: len(m), Reason: TooClose, Near: near})
			continue
		}
		kept = append(kept, g)
	}
	return kept, withheld
}

func symmetricDifference(a, b map[int64]bool) int {
	n := 0
	for id := range a {
		if !b[id] {
			n++
		}
	}
	for id := range b {
		if !a[id] {
			n++
		}
	}
	return n
}
