package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"
)

func init() { register(newEvalCmd) }

// evalWidth is the width the summary fits: a standard terminal.
const evalWidth = 80

// evalTopPriorities is how many priorities the summary lists.
const evalTopPriorities = 8

func newEvalCmd(a *app) *cobra.Command {
	var org, cycle string
	var asJSON, method bool
	cmd := &cobra.Command{
		Use:   "eval --org ORG [--cycle C] [--json]",
		Short: "Evaluate a cycle: catalogue coverage, profile against targets, portfolio indices",
		Long: "Evaluate a cycle the X.1060 way. Catalogue evaluation: coverage of in-scope services per\n" +
			"recommendation level, mandatory services not provided, assessment completeness. Profile\n" +
			"evaluation: per category mean current and target scores and attainment, and the services below\n" +
			"target by weight x gap. Portfolio evaluation: the maturity, target and attainment indices (0-100),\n" +
			"the provider mix, changes since the previous cycle and the trend across cycles.\n\n" +
			"Indices are empty, not 0, while nothing is assessed. --json prints every figure at full precision\n" +
			"with the services rows they are computed from; --method prints the scale, weights and formulas.",
		Example: `  cdc eval --org "Demo Agency"
  cdc eval --org "Demo Agency" --cycle FY2025 --lang ja
  cdc eval --org "Demo Agency" --json
  cdc eval --org "Demo Agency" --method`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.lang()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, o, c, err := a.orgAndCycle(ctx, org, cycle)
			if err != nil {
				return err
			}
			cur, err := s.CycleData(ctx, c.ID)
			if err != nil {
				return err
			}
			if method {
				return printMethod(a, scoring.Method(cur.Pack, lang))
			}
			history, err := s.History(ctx, o.ID)
			if err != nil {
				return err
			}
			r := scoring.Evaluate(cur, history)
			if asJSON {
				return a.printJSON(r)
			}
			_, err = lipgloss.Fprintln(a.out, renderEval(r, cur, lang))
			return err
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	cmd.Flags().BoolVar(&asJSON, "json", false, "Print the full evaluation as JSON")
	cmd.Flags().BoolVar(&method, "method", false, "Print the evaluation method: scale, weights, formulas, provenance")
	cmd.MarkFlagsMutuallyExclusive("json", "method")
	return cmd
}

// printMethod prints the method wrapped to the summary width, keeping each line's indent.
func printMethod(a *app, doc scoring.MethodDoc) error {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(doc.Text(), "\n"), "\n") {
		trimmed := strings.TrimLeft(l, " ")
		indent := len(l) - len(trimmed)
		if trimmed == "" {
			b.WriteByte('\n')
			continue
		}
		// Continuation lines hang under the text, past a score or a label.
		hang := indent + 4
		if len(trimmed) > 1 && trimmed[0] >= '0' && trimmed[0] <= '9' && trimmed[1] == ' ' {
			hang = indent + 3
		}
		b.WriteString(wrapHang(trimmed, evalWidth, indent, hang) + "\n")
	}
	_, err := fmt.Fprint(a.out, b.String())
	return err
}

// evalLabels are the summary's words in one language.
type evalLabels struct {
	title, cycle, cycleLine, packLine, open, closed, andMore, carriedBy  string
	portfolio, maturity, target, attainment, indicesNote, noIndices      string
	catalogue, level, provided, inScope, coverage, overall, completion   string
	missing, withoutTarget, noneMissing, allTargets                      string
	profile, category, current, targetCol, attainCol, changeCol, nothing string
	priorities, service, now, gap, weightGap, more, onTarget, noAssess   string
	changes, noPrevious, trend                                           string
	kinds                                                                map[scoring.ChangeKind]string
}

var evalText = map[catalog.Lang]evalLabels{
	catalog.EN: {
		title: "CDC evaluation", cycle: "Cycle", cycleLine: "Cycle %s (%s)", packLine: "Pack %s (%s)", andMore: "... and %d more", carriedBy: "Carried out by", open: "open", closed: "closed",
		portfolio: "Portfolio evaluation", maturity: "Maturity index", target: "Target index", attainment: "Attainment index",
		indicesNote: "Weighted over the %d assessed of %d in-scope services (%s).",
		noIndices:   "No in-scope service is assessed yet, so the indices are not defined.",
		catalogue:   "Catalogue evaluation", level: "Level", provided: "Provided", inScope: "In scope", coverage: "Coverage",
		overall: "Overall", completion: "Assessment completeness",
		missing: "Mandatory services not provided", withoutTarget: "Services without a target",
		noneMissing: "Every in-scope mandatory service is provided.", allTargets: "Every in-scope service has a target.",
		profile: "Profile evaluation by category", category: "Category", current: "Current", targetCol: "Target",
		attainCol: "Attainment", changeCol: "Change", nothing: "Categories with no service in scope",
		priorities: "Top priorities (weight x gap)", service: "Service", now: "Now", gap: "Gap", weightGap: "Priority",
		more: "... and %d more below target.", onTarget: "Every assessed service meets its target.",
		noAssess: "No service with a target is assessed yet.",
		changes:  "Changes since %s", noPrevious: "No previous cycle to compare with.", trend: "Trend",
		kinds: map[scoring.ChangeKind]string{
			scoring.Improved: "improved", scoring.Declined: "declined", scoring.Unchanged: "unchanged",
			scoring.CarriedOver: "carried over", scoring.NewlyAssessed: "newly assessed",
		},
	},
	catalog.JA: {
		title: "CDC評価", cycle: "サイクル", cycleLine: "サイクル %s（%s）", packLine: "パック %s（%s）", andMore: "ほか%d件", carriedBy: "実施者", open: "実施中", closed: "終了",
		portfolio: "ポートフォリオ評価", maturity: "成熟度指数", target: "目標指数", attainment: "達成度指数",
		indicesNote: "評価済みの%d件（対象%d件中）で重み付けして計算（%s）。",
		noIndices:   "対象サービスがまだ評価されていないため、指数は算出できません。",
		catalogue:   "カタログ評価", level: "レベル", provided: "実施", inScope: "対象", coverage: "カバー率",
		overall: "全体", completion: "評価完了率",
		missing: "未実施の必須サービス", withoutTarget: "目標未設定のサービス",
		noneMissing: "対象の必須サービスはすべて実施されています。", allTargets: "対象サービスはすべて目標が設定されています。",
		profile: "カテゴリ別プロファイル評価", category: "カテゴリ", current: "現状", targetCol: "目標",
		attainCol: "達成率", changeCol: "変化", nothing: "対象サービスのないカテゴリ",
		priorities: "優先課題（重み×ギャップ）", service: "サービス", now: "現状", gap: "差", weightGap: "優先度",
		more: "ほかに目標未達が%d件あります。", onTarget: "評価済みのサービスはすべて目標を達成しています。",
		noAssess: "目標のあるサービスはまだ評価されていません。",
		changes:  "%sからの変化", noPrevious: "比較できる前回のサイクルはありません。", trend: "推移",
		kinds: map[scoring.ChangeKind]string{
			scoring.Improved: "向上", scoring.Declined: "低下", scoring.Unchanged: "変化なし",
			scoring.CarriedOver: "引継ぎ（未再評価）", scoring.NewlyAssessed: "新規評価",
		},
	},
}

// evalStyles colour the summary; printing through lipgloss drops colour when the output has none.
type evalStyles struct {
	title, heading, header, dim, good, warn, bad, bar, barTarget lipgloss.Style
}

func newEvalStyles() evalStyles {
	return evalStyles{
		title:     lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#7D56F4")),
		heading:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#3C8DDE")),
		header:    lipgloss.NewStyle().Faint(true),
		dim:       lipgloss.NewStyle().Faint(true),
		good:      lipgloss.NewStyle().Foreground(lipgloss.Color("#2DA44E")),
		warn:      lipgloss.NewStyle().Foreground(lipgloss.Color("#D29922")),
		bad:       lipgloss.NewStyle().Foreground(lipgloss.Color("#E5534B")),
		bar:       lipgloss.NewStyle().Foreground(lipgloss.Color("#3C8DDE")),
		barTarget: lipgloss.NewStyle().Faint(true),
	}
}

// renderEval is the text summary of an evaluation, at most evalWidth columns wide.
func renderEval(r scoring.Result, cur *catalog.CycleData, lang catalog.Lang) string {
	L, ok := evalText[lang]
	if !ok {
		L = evalText[catalog.EN]
	}
	st := newEvalStyles()
	p := cur.Pack
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	section := func(title string) { add("", st.heading.Render(tableFit(title, evalWidth))) }
	note := func(s string) { add(wrapText(s, evalWidth, 2, st.dim)) }
	sep := ", "
	if lang == catalog.JA {
		sep = "、"
	}
	list := func(prefix string, items []string, limit, indent, hang int) {
		if len(items) > limit {
			items = append(items[:limit:limit], fmt.Sprintf(L.andMore, len(items)-limit))
		}
		add(wrapItems(prefix, items, sep, evalWidth, indent, hang))
	}

	// Header.
	status := L.open
	if cur.Cycle.Status == catalog.CycleClosed {
		status = L.closed
	}
	add(tableFit(st.title.Render(L.title+": "+tableText(r.Organisation.Name)), evalWidth))
	add(tableFit(fmt.Sprintf(L.cycleLine, tableText(r.Cycle.Name), status), evalWidth))
	add(tableFit(fmt.Sprintf(L.packLine, tableText(p.Name.In(lang)), r.Pack.ID+"@"+r.Pack.Version), evalWidth))

	// Portfolio indices.
	section(L.portfolio)
	pf := r.Portfolio
	idx := newTextTable(tableCol{}, tableCol{Right: true}, tableCol{})
	idx.indent = 2
	for _, row := range []struct {
		label string
		v     *float64
	}{{L.maturity, pf.MaturityIndex}, {L.target, pf.TargetIndex}, {L.attainment, pf.AttainmentIndex}} {
		idx.add(row.label, fmtIndex(row.v), st.bar.Render(bar(row.v, 100, 30)))
	}
	add(idx.render(evalWidth))
	if pf.MaturityIndex == nil {
		note(L.noIndices)
	} else {
		note(fmt.Sprintf(L.indicesNote, r.Catalogue.Assessed, r.Catalogue.InScope, weightsText(p, lang)))
	}

	// Catalogue coverage.
	section(L.catalogue)
	cov := newTextTable(tableCol{Header: L.level}, tableCol{Header: L.provided, Right: true}, tableCol{Header: L.inScope, Right: true}, tableCol{Header: L.coverage, Right: true}, tableCol{})
	cov.indent, cov.header = 2, st.header
	for _, l := range r.Catalogue.ByLevel {
		cov.add(p.LevelName(l.Level, lang), strconv.Itoa(l.Provided), strconv.Itoa(l.InScope), shade(st, fmtPercent(l.Coverage), l.Coverage), st.bar.Render(bar(l.Coverage, 1, 20)))
	}
	cov.add(L.overall, strconv.Itoa(r.Catalogue.Provided), strconv.Itoa(r.Catalogue.InScope),
		shade(st, fmtPercent(r.Catalogue.Coverage.Overall), r.Catalogue.Coverage.Overall), st.bar.Render(bar(r.Catalogue.Coverage.Overall, 1, 20)))
	add(cov.render(evalWidth))
	add("")
	add(fmt.Sprintf("  %s: %s (%d/%d)", L.completion, fmtPercent(r.Catalogue.AssessedRatio), r.Catalogue.Assessed, r.Catalogue.InScope))
	if mix := pf.ProviderMix; mix.Total > 0 {
		var kinds []string
		for _, k := range catalog.Assignments {
			if n := mix.Count(k); n > 0 {
				kinds = append(kinds, fmt.Sprintf("%s %d (%s)", p.AssignmentName(k, lang), n, fmtPercent(mix.Share(k))))
			}
		}
		list(L.carriedBy+": ", kinds, len(kinds), 2, 4)
	}
	if len(r.Catalogue.MissingMandatory) == 0 {
		add("  " + st.good.Render(L.noneMissing))
	} else {
		list(st.bad.Render(fmt.Sprintf("%s (%d): ", L.missing, len(r.Catalogue.MissingMandatory))), r.Catalogue.MissingMandatory, 24, 2, 4)
	}
	if len(r.Catalogue.WithoutTarget) == 0 {
		add("  " + L.allTargets)
	} else {
		list(st.warn.Render(fmt.Sprintf("%s (%d): ", L.withoutTarget, len(r.Catalogue.WithoutTarget))), r.Catalogue.WithoutTarget, 24, 2, 4)
	}

	// Profile by category.
	section(L.profile)
	catChange := map[string]scoring.CategoryChange{}
	for _, c := range pf.CategoryChanges {
		catChange[c.ID] = c
	}
	prof := newTextTable(tableCol{}, tableCol{Header: L.category, Flex: true, Min: 8}, tableCol{Header: L.current, Right: true},
		tableCol{Header: L.targetCol, Right: true}, tableCol{Header: L.attainCol, Right: true}, tableCol{}, tableCol{Header: L.changeCol, Right: true})
	prof.indent, prof.header = 2, st.header
	var notInScope []string
	for _, c := range r.Profile.Categories {
		if c.InScope == 0 {
			notInScope = append(notInScope, c.ID)
			continue
		}
		prof.add(c.ID, tableText(c.Name.In(lang)), fmtMean(c.MeanCurrent), fmtMean(c.MeanTarget),
			shade(st, fmtPercent(c.Attainment), c.Attainment), st.bar.Render(bar(c.Attainment, 1, 10)), fmtCategoryChange(st, catChange[c.ID]))
	}
	if len(notInScope) < len(r.Profile.Categories) {
		add(prof.render(evalWidth))
	}
	if len(notInScope) > 0 {
		list(st.dim.Render(L.nothing+": "), notInScope, len(notInScope), 2, 4)
	}

	// Priorities.
	section(L.priorities)
	if len(r.Profile.Priorities) == 0 {
		if pf.AttainmentIndex == nil {
			add("  " + L.noAssess)
		} else {
			add("  " + st.good.Render(L.onTarget))
		}
	} else {
		pr := newTextTable(tableCol{Right: true}, tableCol{Header: "ID"}, tableCol{Header: L.service, Flex: true, Min: 10}, tableCol{Header: L.level},
			tableCol{Header: L.now, Right: true}, tableCol{Header: L.targetCol, Right: true}, tableCol{Header: L.gap, Right: true}, tableCol{Header: L.weightGap, Right: true})
		pr.indent, pr.header = 2, st.header
		for i, x := range r.Profile.Priorities {
			if i == evalTopPriorities {
				break
			}
			lv := ""
			if row, ok := serviceRow(r, x.ID); ok {
				lv = p.LevelName(row.Level, lang)
			}
			pr.add(strconv.Itoa(i+1)+".", x.ID, tableText(x.Name.In(lang)), lv, strconv.Itoa(x.Current), strconv.Itoa(x.Target),
				st.bad.Render(strconv.Itoa(x.Gap)), formatNumber(x.Priority))
		}
		add(pr.render(evalWidth))
		if n := len(r.Profile.Priorities) - evalTopPriorities; n > 0 {
			note(fmt.Sprintf(L.more, n))
		}
	}

	// Changes.
	prev := previousName(r)
	if prev == "" {
		section(L.trend)
	} else {
		section(fmt.Sprintf(L.changes, tableText(prev)))
		counts := map[scoring.ChangeKind]int{}
		for _, c := range pf.Changes {
			counts[c.Kind]++
		}
		var parts []string
		for _, k := range []scoring.ChangeKind{scoring.Improved, scoring.Declined, scoring.Unchanged, scoring.CarriedOver, scoring.NewlyAssessed} {
			text := fmt.Sprintf("%s %d", L.kinds[k], counts[k])
			switch {
			case k == scoring.Improved && counts[k] > 0:
				text = st.good.Render(text)
			case k == scoring.Declined && counts[k] > 0:
				text = st.bad.Render(text)
			}
			parts = append(parts, text)
		}
		list("", parts, len(parts), 2, 2)
		for _, k := range []scoring.ChangeKind{scoring.Declined, scoring.Improved} {
			var ids []string
			for _, c := range pf.Changes {
				if c.Kind == k {
					ids = append(ids, fmt.Sprintf("%s %d->%d", c.ID, *c.From, *c.To))
				}
			}
			if len(ids) > 0 {
				list(L.kinds[k]+": ", ids, 16, 4, 6)
			}
		}
		section(L.trend)
	}

	// Trend.
	tr := newTextTable(tableCol{Header: L.cycle, Flex: true, Min: 8}, tableCol{Header: L.maturity, Right: true},
		tableCol{Header: L.target, Right: true}, tableCol{Header: L.attainment, Right: true}, tableCol{})
	tr.indent, tr.header = 2, st.header
	for _, t := range pf.Trend {
		name := tableText(t.Cycle)
		if t.Cycle == r.Cycle.Name {
			name = lipgloss.NewStyle().Bold(true).Render(name)
		}
		tr.add(name, fmtIndex(t.MaturityIndex), fmtIndex(t.TargetIndex), fmtIndex(t.AttainmentIndex), st.bar.Render(bar(t.MaturityIndex, 100, 20)))
	}
	add(tr.render(evalWidth))
	if prev == "" {
		note(L.noPrevious)
	}
	return strings.Join(out, "\n")
}

func serviceRow(r scoring.Result, id string) (scoring.ServiceRow, bool) {
	for _, s := range r.Services {
		if s.ID == id {
			return s, true
		}
	}
	return scoring.ServiceRow{}, false
}

// previousName is the name of the trend point just before the evaluated cycle, "" when none.
func previousName(r scoring.Result) string {
	for i, t := range r.Portfolio.Trend {
		if t.Cycle == r.Cycle.Name && i > 0 {
			return r.Portfolio.Trend[i-1].Cycle
		}
	}
	return ""
}

func weightsText(p *catalog.Pack, lang catalog.Lang) string {
	var parts []string
	for _, l := range p.Levels {
		parts = append(parts, l.Name.In(lang)+" "+formatNumber(l.Weight))
	}
	if lang == catalog.JA {
		return strings.Join(parts, "、")
	}
	return strings.Join(parts, ", ")
}

func formatNumber(v float64) string { return strconv.FormatFloat(scoring.Round(v, 2), 'f', -1, 64) }

// fmtIndex shows a 0-100 index with one decimal; "-" when undefined.
func fmtIndex(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(scoring.Round(*v, 1), 'f', 1, 64)
}

func fmtMean(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(scoring.Round(*v, 1), 'f', 1, 64)
}

// fmtPercent shows a 0-1 share as a whole percentage; "-" when undefined.
func fmtPercent(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(scoring.Round(*v*100, 0), 'f', 0, 64) + "%"
}

// shade colours a share: good from 80%, warning from 50%, bad below.
func shade(st evalStyles, text string, v *float64) string {
	switch {
	case v == nil:
		return text
	case *v >= 0.8:
		return st.good.Render(text)
	case *v >= 0.5:
		return st.warn.Render(text)
	}
	return st.bad.Render(text)
}

func fmtCategoryChange(st evalStyles, c scoring.CategoryChange) string {
	if c.ID == "" || c.From == nil || c.To == nil {
		return ""
	}
	d := scoring.Round(*c.To-*c.From, 1)
	switch {
	case d > 0:
		return st.good.Render("+" + strconv.FormatFloat(d, 'f', 1, 64))
	case d < 0:
		return st.bad.Render(strconv.FormatFloat(d, 'f', 1, 64))
	}
	return st.dim.Render("=")
}

// bar draws v of full as a bar of width cells, in eighths of a cell; blank when v is undefined.
func bar(v *float64, full float64, width int) string {
	if v == nil || full <= 0 {
		return ""
	}
	frac := math.Max(0, math.Min(1, *v/full))
	eighths := int(math.Round(frac * float64(width) * 8))
	partial := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	s := strings.Repeat("█", eighths/8) + partial[eighths%8]
	return s
}
