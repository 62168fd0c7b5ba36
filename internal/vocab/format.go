package vocab

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The one formatter of figures (MODEL.md, "Showing figures"): rounding is half away from zero,
// means and indices to one decimal, ratios to whole percent, shares of a whole by the largest
// remainder so that they add up to 100%. Unknown values (nil) show as the "figure.unknown" word,
// never as 0.

// Round rounds v to decimals places, half away from zero. The product is first settled to
// nine decimals so that a value such as 2.25, stored as 2.2499999..., still rounds up.
func Round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	x := math.Round(v*p*1e6) / 1e6
	return math.Round(x) / p
}

// decimalSep is the decimal separator of the printer's language.
func (p Printer) decimalSep() string {
	switch p.lang {
	case catalog.FR, catalog.ES:
		return ","
	}
	return "."
}

// Decimal formats v with the given number of decimals.
func (p Printer) Decimal(v float64, decimals int) string {
	r := Round(v, decimals)
	if r == 0 {
		r = 0 // no "-0.0"
	}
	s := strconv.FormatFloat(r, 'f', decimals, 64)
	if sep := p.decimalSep(); sep != "." {
		s = strings.Replace(s, ".", sep, 1)
	}
	return s
}

// Unknown is the word shown for a figure that cannot be computed.
func (p Printer) Unknown() string { return p.T("figure.unknown") }

// OrUnknown is s, or the unknown mark when s is blank: an empty provider, note or value
// shows the same mark as an unknown figure.
func (p Printer) OrUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		return p.Unknown()
	}
	return s
}

// Index formats an index (0-100) to one decimal; nil is unknown.
func (p Printer) Index(v *float64) string {
	if v == nil {
		return p.Unknown()
	}
	return p.Decimal(*v, 1)
}

// Mean formats a mean score (0-5) to one decimal; nil is unknown.
func (p Printer) Mean(v *float64) string { return p.Index(v) }

// Percent formats a ratio (0-1) as a whole percentage; nil is unknown.
func (p Printer) Percent(ratio *float64) string {
	if ratio == nil {
		return p.Unknown()
	}
	return p.PercentOf(Round(*ratio*100, 0))
}

// PercentOf formats a whole percentage already computed (such as a share).
func (p Printer) PercentOf(pct float64) string {
	return strconv.FormatFloat(Round(pct, 0), 'f', 0, 64) + p.percentSign()
}

// percentSign is what follows a percentage: French and Spanish typography put a no-break
// space before the sign ("96 %", as the French thousands separator is one), English and
// Japanese none ("96%").
func (p Printer) percentSign() string {
	switch p.lang {
	case catalog.FR, catalog.ES:
		return "\u00a0%"
	}
	return "%"
}

// PercentNumFmt is the spreadsheet number format of a ratio shown as a whole percentage, so
// that a workbook cell reads as PercentOf does ("96 %" in French and Spanish, "96%" otherwise).
func (p Printer) PercentNumFmt() string {
	if sp := strings.TrimSuffix(p.percentSign(), "%"); sp != "" {
		return `0"` + sp + `"%`
	}
	return "0%"
}

// Score formats a score (0-5); nil is unknown.
func (p Printer) Score(v *int) string {
	if v == nil {
		return p.Unknown()
	}
	return strconv.Itoa(*v)
}

// Signed formats a change with its sign ("+9.8", "-1.0", "0.0").
func (p Printer) Signed(v float64, decimals int) string {
	s := p.Decimal(v, decimals)
	if Round(v, decimals) > 0 {
		return "+" + s
	}
	return s
}

// Count formats a whole number with the language's thousands separator.
func (p Printer) Count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	switch p.lang {
	case catalog.FR:
		sep = "\u00a0"
	case catalog.ES:
		sep = "."
	}
	if len(s) > 4 || (len(s) == 4 && p.lang != catalog.ES) {
		var b strings.Builder
		pre := len(s) % 3
		if pre > 0 {
			b.WriteString(s[:pre])
		}
		for i := pre; i < len(s); i += 3 {
			if b.Len() > 0 {
				b.WriteString(sep)
			}
			b.WriteString(s[i : i+3])
		}
		s = b.String()
	}
	if neg {
		return "-" + s
	}
	return s
}

// SharePercents turns counts into whole percentages that add up to 100 (largest remainder;
// ties go to the earlier entry). All zero counts give all zero shares.
func SharePercents(counts []int) []int {
	total := 0
	for _, c := range counts {
		total += c
	}
	out := make([]int, len(counts))
	if total == 0 {
		return out
	}
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(counts))
	given := 0
	for i, c := range counts {
		exact := float64(c) * 100 / float64(total)
		out[i] = int(math.Floor(exact))
		given += out[i]
		rems[i] = rem{i, exact - float64(out[i])}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; given < 100 && k < len(rems); k++ {
		out[rems[k].i]++
		given++
	}
	return out
}

// Shares formats counts as percentages that add up to 100%.
func (p Printer) Shares(counts []int) []string {
	pcts := SharePercents(counts)
	out := make([]string, len(pcts))
	for i, v := range pcts {
		out[i] = p.PercentOf(float64(v))
	}
	return out
}

// Date formats a day in local time (ISO 8601, the same in every language).
func (p Printer) Date(t time.Time) string {
	if t.IsZero() {
		return p.Unknown()
	}
	return t.Local().Format("2006-01-02")
}

// Time formats an instant in local time with its zone named ("2026-04-15 14:02 CEST").
func (p Printer) Time(t time.Time) string {
	if t.IsZero() {
		return p.Unknown()
	}
	return t.Local().Format("2006-01-02 15:04 MST")
}

// Clock formats a time of day in local time with its zone ("14:02:11 CEST"), for the save indicator.
func (p Printer) Clock(t time.Time) string { return t.Local().Format("15:04:05 MST") }

// Completeness says how many in-scope services are assessed ("57 of 62 assessed").
func (p Printer) Completeness(assessed, inScope int) string {
	return p.N("figure.completeness", inScope, assessed, inScope)
}

// Provisional is the word that stands beside an index whose completeness is below the
// threshold (the rule is scoring.Provisional).
func (p Printer) Provisional() string { return p.T("figure.provisional") }

// Labelled is "label: value" in the printer's language (French puts a space before the colon).
func (p Printer) Labelled(label, value string) string { return p.T("label.value", label, value) }

// Reason shows a change-log reason: the reasons the toolkit itself writes are worded in the
// printer's language, a person's own reason is shown as written.
func (p Printer) Reason(r string) string {
	switch r {
	case catalog.ReasonUndo:
		return p.T("change.reason.undo")
	case catalog.ReasonReassessed:
		return p.T("change.reassessed")
	}
	return r
}
