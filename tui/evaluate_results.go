package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// The results view of the Evaluate tab: catalogue, profile and portfolio evaluation, laid
// out once per data load, size and theme, and scrolled.

// sparkline draws values (0..100, nil as a gap) as block characters.
func sparkline(vals []*float64) string {
	blocks := []rune("▁▂▃▄▅▆▇█")
	var b strings.Builder
	for _, v := range vals {
		if v == nil {
			b.WriteRune(' ')
			continue
		}
		i := int(*v / 100 * float64(len(blocks)-1))
		b.WriteRune(blocks[min(max(i, 0), len(blocks)-1)])
	}
	return b.String()
}

func (t *evaluateTab) resultLines(w int) []string {
	s := t.c.styles
	T, P := t.c.T, t.c.P
	lang := t.c.Lang
	r := t.data.Result
	p := t.data.Cycle.Pack
	if r == nil {
		return []string{s.Muted.Render(T("tui.eval.noresult"))}
	}
	var L []string
	add := func(l ...string) { L = append(L, l...) }
	head := func(title string) { add("", s.Title.Render(title)) }
	pf := r.Portfolio
	add(joinLR(s.Bold.Render(T("tui.eval.results.title", termtext.Clean(r.Cycle.Name))), s.Muted.Render(T("tui.eval.toscoring")), w))
	head(T("tui.eval.portfolio"))
	// every index with its completeness, and "provisional" beside it below 80%
	labelW := indexLabelWidth(t.c)
	cat := r.Catalogue
	for _, ix := range scoring.Indices {
		add("  " + s.Label.Render(textwidth.Pad(T(ix.Word()), labelW)) + " " + s.Bold.Render(textwidth.PadLeft(P.Index(ix.Of(pf)), 5)) + "  " +
			indexNote(t.c, cat.Assessed, cat.InScope))
	}
	if pf.MaturityIndex == nil {
		add("  " + s.Muted.Render(T("tui.eval.undefined")))
	}
	if len(pf.Trend) > 0 {
		vals := make([]*float64, len(pf.Trend))
		names := make([]string, len(pf.Trend))
		for i, tp := range pf.Trend {
			vals[i] = tp.MaturityIndex
			names[i] = termtext.Clean(tp.Cycle) + " " + P.Index(tp.MaturityIndex)
		}
		add("  " + s.Label.Render(T("tui.eval.trend")) + " " + s.BarCurrent.Render(sparkline(vals)) + "  " + s.Muted.Render(strings.Join(names, " → ")))
	}
	mix := pf.ProviderMix
	counts := make([]int, len(catalog.Assignments))
	for i, a := range catalog.Assignments {
		counts[i] = mix.Count(a)
	}
	shares := P.Shares(counts) // largest remainder: they add up to 100%
	var mixParts []string
	for i, a := range catalog.Assignments {
		// no-break spaces keep each kind on one line when the list wraps
		mixParts = append(mixParts, p.AssignmentName(a, lang)+"\u00a0"+P.Count(counts[i])+"\u00a0("+shares[i]+")")
	}
	label := T("tui.eval.mix") + " "
	for i, l := range textwidth.Wrap(strings.Join(mixParts, " · "), max(w-4-lipgloss.Width(label), 20)) {
		if i == 0 {
			add("  " + s.Label.Render(label) + l)
		} else {
			add("  " + strings.Repeat(" ", lipgloss.Width(label)) + l)
		}
	}

	head(T("tui.eval.catalogue"))
	barW := min(max(w-50, 10), 40)
	cov := func(name string, v *float64) {
		b := strings.Repeat(" ", barW)
		if v != nil {
			b = bar(*v, 1, barW)
		}
		add(fmt.Sprintf("  %s %s %s", textwidth.Pad(name, 14), s.BarCurrent.Render(b), textwidth.PadLeft(P.Percent(v), 5)))
	}
	cov(p.LevelName(catalog.Mandatory, lang), cat.Coverage.Mandatory)
	cov(p.LevelName(catalog.Recommended, lang), cat.Coverage.Recommended)
	cov(p.LevelName(catalog.Optional, lang), cat.Coverage.Optional)
	cov(T("tui.eval.overall"), cat.Coverage.Overall)
	add("  " + T("tui.eval.assessed", cat.Assessed, cat.InScope, P.Percent(cat.AssessedRatio)) + "   " + T("tui.eval.notarget", len(cat.WithoutTarget)))
	if len(cat.MissingMandatory) > 0 {
		for _, l := range textwidth.Wrap(T("tui.eval.missing", strings.Join(cat.MissingMandatory, ", ")), max(w-4, 20)) {
			add("  " + s.Bad.Render(l))
		}
	}

	head(T("tui.eval.profile"))
	for _, l := range textwidth.Wrap(T("tui.eval.profile.legend"), max(w-4, 20)) {
		add("  " + s.Muted.Render(l))
	}
	nameW := min(max(w-barW-16, 12), 64)
	changes := map[string]scoring.CategoryChange{}
	for _, cc := range pf.CategoryChanges {
		changes[cc.ID] = cc
	}
	for _, cp := range r.Profile.Categories {
		add(fmt.Sprintf("  %s %s %s %s", textwidth.Pad(cp.ID+" "+t.c.text(cp.Name), nameW), profileBar(t.c, cp.MeanCurrent, cp.MeanTarget, barW),
			textwidth.PadLeft(P.Mean(cp.MeanCurrent)+" / "+P.Mean(cp.MeanTarget), 9), changeMark(s, changes[cp.ID])))
	}

	return append(L, t.priorityLines(w)...)
}

// priorityLines lists every priority under its heading (a blank line first).
func (t *evaluateTab) priorityLines(w int) []string {
	s := t.c.styles
	T, P := t.c.T, t.c.P
	r := t.data.Result
	L := []string{"", s.Title.Render(T("tui.eval.priorities"))}
	if len(r.Profile.Priorities) == 0 {
		L = append(L, "  "+s.Muted.Render(T("tui.eval.nopriorities")))
	}
	pn := min(max(w-40, 12), 48)
	for i, pr := range r.Profile.Priorities {
		L = append(L, fmt.Sprintf("  %3d %s %s %s", i+1, textwidth.Pad(pr.ID, 5), textwidth.Pad(t.c.text(pr.Name), pn),
			s.Muted.Render(T("tui.eval.priority.row", pr.Current, pr.Target, pr.Gap, P.Decimal(pr.Priority, 0)))))
	}
	return L
}

// resultView lays the results out for width w: from wideOverview columns the priorities
// stand beside the portfolio, coverage and profile, under the title line.
func (t *evaluateTab) resultView(w int) []string {
	if w < wideOverview || t.data.Result == nil {
		return t.resultLines(w)
	}
	longest := 0
	for _, cp := range t.data.Result.Profile.Categories {
		longest = max(longest, textwidth.Width(cp.ID+" "+t.c.text(cp.Name)))
	}
	leftW := min(longest+56, w-3-70) // 56: the bar, the figures, the change mark and margins
	left := t.resultLines(leftW)
	s := t.c.styles
	title := joinLR(s.Bold.Render(t.c.T("tui.eval.results.title", termtext.Clean(t.data.Result.Cycle.Name))), s.Muted.Render(t.c.T("tui.eval.toscoring")), w)
	left = left[:len(left)-len(t.priorityLines(leftW))] // the summary without its priorities
	right := t.priorityLines(w - leftW - 3)
	out := []string{title}
	for i := 1; i < max(len(left), len(right)+1); i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i-1 < len(right) {
			r = right[i-1]
		}
		out = append(out, strings.TrimRight(textwidth.Pad(l, leftW)+"   "+r, " "))
	}
	return out
}

// changeMark shows a category's change against the previous cycle.
func changeMark(s *styles, c scoring.CategoryChange) string {
	switch c.Kind {
	case scoring.Improved:
		return s.Good.Render("▲")
	case scoring.Declined:
		return s.Bad.Render("▼")
	case scoring.Unchanged:
		return s.Muted.Render("=")
	case scoring.CarriedOver:
		return s.Warn.Render("↺")
	case scoring.NewlyAssessed:
		return s.Info.Render("+")
	}
	return " "
}

// profileBar draws current as a solid bar and the gap up to target as a lighter one, on the
// 0-5 scale. Unknown is never drawn as zero: a category with no assessed service shows a
// dotted bar that says so.
func profileBar(c *common, cur, tgt *float64, w int) string {
	s := c.styles
	if cur == nil {
		return s.Dim.Render(textwidth.Pad("┄┄ "+c.T("figure.not_assessed")+" "+strings.Repeat("┄", w), w))
	}
	scale := float64(w) / catalog.MaxScore
	cw := min(int(*cur*scale+0.5), w)
	tw := 0
	if tgt != nil {
		tw = min(int(*tgt*scale+0.5), w)
	}
	gap := max(tw-cw, 0)
	rest := w - cw - gap
	return s.BarCurrent.Render(strings.Repeat("█", cw)) + s.BarTarget.Render(strings.Repeat("▒", gap)) + s.BarEmpty.Render(strings.Repeat("·", rest))
}
