package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

// evalRow is one line of the scoring table, prepared once per data load.
type evalRow struct {
	serviceRow
	assign, target, current, gap string
	carried                      bool
	change                       scoring.ChangeKind // against the previous cycle
	evidence                     string             // first line of the evidence note
}

// evaluateTab scores the services (0-5, not assessed, evidence) and shows the evaluation results.
type evaluateTab struct {
	c          *Common
	data       *Data
	all        []evalRow
	rows       []evalRow
	list       listWindow
	filter     textinput.Model
	typing     bool
	fCat       string
	results    bool
	scroll     int
	textF      *textForm
	textWas    string      // the evidence the editor started from
	cursor     *tea.Cursor // of the evidence form, set by View
	textID     string
	outOfScope int
	resLines   []string // results view lines, cached per data load and width
	resW       int
	resDark    bool
}

func newEvaluateTab(c *Common) Tab {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = c.T("build.filter.ph")
	f.SetStyles(inputStyles(c))
	return &evaluateTab{c: c, filter: f}
}

// Cursor places the terminal cursor in the evidence form.
func (t *evaluateTab) Cursor() *tea.Cursor { return t.cursor }

func (t *evaluateTab) Title() string { return t.c.T("tab.evaluate") }

func (t *evaluateTab) SetData(d *Data) {
	keep := t.selectedID()
	t.data = d
	t.resLines = nil
	lang := t.c.Lang
	p := d.Cycle.Pack
	t.all = t.all[:0]
	t.outOfScope = 0
	kinds := map[string]scoring.ChangeKind{}
	if d.Result != nil {
		for _, ch := range d.Result.Portfolio.Changes {
			kinds[ch.ID] = ch.Kind
		}
	}
	for i, sv := range d.Cycle.Services {
		if !sv.InScope {
			t.outOfScope++
			continue
		}
		r := evalRow{serviceRow: serviceRow{svc: i, cat: sv.Category, id: sv.ID, name: sv.Name.In(lang)}, carried: sv.CarriedOver, change: kinds[sv.ID]}
		r.assign = p.AssignmentName(sv.Assignment, lang)
		r.target = scoreText(sv.Target)
		r.current = scoreText(sv.Current)
		r.gap = "–"
		if g := scoring.Gap(sv.Target, sv.Current); g != nil {
			r.gap = strconv.Itoa(*g)
		}
		r.evidence, _, _ = strings.Cut(sv.Evidence, "\n")
		r.search = strings.ToLower(sv.ID + " " + sv.Name[catalog.EN] + " " + sv.Name[catalog.JA] + " " + sv.Provider + " " + sv.Evidence)
		t.all = append(t.all, r)
	}
	t.refilter(keep)
}

func (t *evaluateTab) refilter(keep string) {
	q := strings.ToLower(strings.TrimSpace(t.filter.Value()))
	t.rows, t.list.cursor = groupByCategory(t.c, t.data.Cycle.Pack, t.all, t.rows,
		func(r *evalRow) *serviceRow { return &r.serviceRow },
		func(r *evalRow) bool {
			return (t.fCat == "" || r.cat == t.fCat) && (q == "" || strings.Contains(r.search, q))
		},
		func(h serviceRow) evalRow { return evalRow{serviceRow: h} }, keep)
}

func (t *evaluateTab) selectedRow() (evalRow, bool) {
	if t.list.cursor < 0 || t.list.cursor >= len(t.rows) || t.rows[t.list.cursor].header {
		return evalRow{}, false
	}
	return t.rows[t.list.cursor], true
}

func (t *evaluateTab) selectedID() string {
	r, _ := t.selectedRow()
	return r.id
}

func (t *evaluateTab) selected() (*catalog.ServiceState, bool) {
	r, ok := t.selectedRow()
	if !ok {
		return nil, false
	}
	return &t.data.Cycle.Services[r.svc], true
}

func (t *evaluateTab) Mode() Mode {
	switch {
	case t.textF != nil || t.typing:
		return ModeText
	case t.results || t.filter.Value() != "" || t.fCat != "":
		return ModeNested
	}
	return ModeNormal
}

// descHeight is the height of the score descriptor panel under the table.
const descHeight = 8

func (t *evaluateTab) tableHeight() int { return max(t.c.Height-2-3-2-descHeight, 1) }

func (t *evaluateTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case SavedMsg:
		if msg.Tag == "evaluate.evidence" {
			if msg.Err != nil && t.textF != nil {
				t.textF.err = msg.Err.Error()
			} else {
				t.textF = nil
			}
		}
		return nil
	case clickMsg:
		// the table starts under the info line and the column header
		if i := t.list.offset + msg.Y - 2; t.textF == nil && !t.results && !t.typing && msg.Y >= 2 && msg.Y-2 < t.tableHeight() && i < len(t.rows) && !t.rows[i].header {
			t.list.cursor = i
		}
		return nil
	case tea.KeyPressMsg:
		if t.data == nil {
			return nil
		}
		return t.key(msg)
	}
	if t.textF != nil {
		_, cmd := t.textF.Update(msg)
		return cmd
	}
	return nil
}

func (t *evaluateTab) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	if t.textF != nil {
		act, cmd := t.textF.Update(msg)
		switch act {
		case formCancel:
			t.textF = nil
		case formSubmit:
			id, v, was, cycleID := t.textID, t.textF.Value(), t.textWas, t.data.Cycle.Cycle.ID
			return t.c.Save("evaluate.evidence", func(ctx context.Context, s *catalog.Store) error {
				_, err := s.SetAssessment(ctx, cycleID, id, catalog.AssessmentPatch{Evidence: &v, EvidenceWas: &was})
				return err
			})
		}
		return cmd
	}
	if t.typing {
		cmd, changed, cleared := typeFilter(&t.filter, &t.typing, msg)
		switch {
		case cleared:
			t.refilter(t.selectedID())
		case changed:
			t.refilter("")
		}
		return cmd
	}
	if key.Matches(msg, k.Results) {
		t.results = !t.results
		return nil
	}
	if t.results {
		switch {
		case key.Matches(msg, k.Back):
			t.results = false
		case key.Matches(msg, k.Up):
			t.scroll = max(t.scroll-1, 0)
		case key.Matches(msg, k.Down):
			t.scroll++
		case key.Matches(msg, k.PgUp):
			t.scroll = max(t.scroll-t.tableHeight(), 0)
		case key.Matches(msg, k.PgDown):
			t.scroll += t.tableHeight()
		case key.Matches(msg, k.Home):
			t.scroll = 0
		case key.Matches(msg, k.End):
			t.scroll = 1 << 30 // clamped to the last page when drawn
		}
		return nil
	}
	if navigate(k, msg, &t.list, len(t.rows), t.tableHeight(), func(i int) bool { return t.rows[i].header }) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		keep := t.selectedID()
		t.filter.SetValue("")
		t.fCat = ""
		t.refilter(keep)
		return nil
	case key.Matches(msg, k.Filter):
		t.typing = true
		return t.filter.Focus()
	case key.Matches(msg, k.FilterCategory):
		t.fCat = nextOf(categoryIDs(t.data.Cycle.Pack), t.fCat)
		t.refilter(t.selectedID())
		return nil
	}
	sv, ok := t.selected()
	if !ok {
		return nil
	}
	if key.Matches(msg, k.Score, k.ClearScore, k.Evidence) && t.data.Closed() {
		return statusCmd(t.c.T("cycle.readonly"))
	}
	cycleID, id := t.data.Cycle.Cycle.ID, sv.ID
	switch {
	case key.Matches(msg, k.Score):
		v, _ := strconv.Atoi(msg.String())
		return t.c.Save("evaluate.score", func(ctx context.Context, s *catalog.Store) error {
			_, err := s.SetAssessment(ctx, cycleID, id, catalog.AssessmentPatch{Score: &v})
			return err
		})
	case key.Matches(msg, k.ClearScore):
		return t.c.Save("evaluate.score", func(ctx context.Context, s *catalog.Store) error {
			_, err := s.SetAssessment(ctx, cycleID, id, catalog.AssessmentPatch{ClearScore: true})
			return err
		})
	case key.Matches(msg, k.Evidence):
		t.textID, t.textWas = id, sv.Evidence
		t.textF = newTextForm(t.c, t.c.T("eval.evidence.title", id, sv.Name.In(t.c.Lang)), sv.Evidence).withRealCursor()
	}
	return nil
}

func (t *evaluateTab) View(w, h int) string {
	if t.data == nil {
		return ""
	}
	t.cursor = nil
	if t.textF != nil {
		d := t.textF.View(w, h)
		t.cursor = overlayCursor(d, w, h, t.textF.Cursor())
		return overlay(d, w, h)
	}
	if t.results {
		return t.resultsView(w, h)
	}
	return t.scoringView(w, h)
}

type evalCols struct{ id, name, assign, target, current, gap, mark, evidence int }

// evalWidths caps the name so the scores stay near it on wide windows; the room left
// shows the evidence note.
func evalWidths(w int) evalCols {
	c := evalCols{id: 5, assign: 10, target: 6, current: 7, gap: 4, mark: 2}
	c.name = max(w-2-c.id-c.assign-c.target-c.current-c.gap-c.mark-6, 10)
	if c.name > 48 {
		if rest := c.name - 48 - 1; rest >= 20 {
			c.name, c.evidence = 48, rest
		}
	}
	return c
}

func (t *evaluateTab) scoringView(w, h int) string {
	s := t.c.Styles
	T := t.c.T
	var b strings.Builder
	info := s.Muted.Render(T("eval.summary", len(t.all), t.outOfScope))
	if t.typing {
		t.filter.SetStyles(inputStyles(t.c)) // follow the light/dark theme
		info = t.filter.View()
	} else if t.filter.Value() != "" || t.fCat != "" {
		var parts []string
		if v := t.filter.Value(); v != "" {
			parts = append(parts, "/"+v)
		}
		if t.fCat != "" {
			parts = append(parts, T("build.f.cat", t.fCat))
		}
		info = s.Warn.Render(T("build.filtered", strings.Join(parts, " · "))) + s.Muted.Render("  esc")
	}
	b.WriteString(joinLR(info, s.Muted.Render(T("eval.toresults")), w) + "\n")
	c := evalWidths(w)
	hdr := "  " + cell(T("build.col.id"), c.id) + " " + cell(T("build.col.service"), c.name) + " " + cell(T("build.col.assign"), c.assign) + " " +
		cellRight(T("build.col.target"), c.target) + " " + cellRight(T("eval.col.current"), c.current) + " " + cellRight(T("eval.col.gap"), c.gap) + " " + cell("", c.mark)
	if c.evidence > 0 {
		hdr += " " + cell(T("eval.evidence"), c.evidence)
	}
	b.WriteString(s.TableHeader.Render(hdr) + "\n")
	th := max(h-2-descHeight, 1)
	from, to := t.list.window(len(t.rows), th)
	n := 0
	if len(t.rows) == 0 {
		b.WriteString(s.Muted.Render(T("eval.norows")) + "\n")
		n++
	}
	for i := from; i < to; i++ {
		r := t.rows[i]
		n++
		if r.header {
			b.WriteString(s.Category.Render(cell(r.name, w)) + "\n")
			continue
		}
		mark := ""
		switch {
		case r.carried:
			mark = "↺"
		case r.change == scoring.Improved:
			mark = "▲"
		case r.change == scoring.Declined:
			mark = "▼"
		}
		line := cell(r.id, c.id) + " " + cell(r.name, c.name) + " " + cell(r.assign, c.assign) + " " + cellRight(r.target, c.target) + " " +
			cellRight(r.current, c.current) + " " + cellRight(r.gap, c.gap) + " " + cell(mark, c.mark)
		if c.evidence > 0 {
			line += " " + cell(r.evidence, c.evidence)
		}
		if i == t.list.cursor {
			line = s.Selected.Render("› " + line)
		} else {
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	for ; n < th; n++ {
		b.WriteString("\n")
	}
	b.WriteString(t.descriptorPanel(w))
	return b.String()
}

// descriptorPanel shows what each score means for the selected service's assignment kind.
func (t *evaluateTab) descriptorPanel(w int) string {
	s := t.c.Styles
	T := t.c.T
	sv, ok := t.selected()
	if !ok {
		return ""
	}
	kind := T("eval.inhouse")
	if sv.Assignment.Outsourced() {
		kind = T("eval.outsourced")
	}
	title := s.Muted.Render(strings.Repeat("─", 2)) + " " + s.Bold.Render(T("eval.scale", sv.ID, kind))
	if sv.CarriedOver {
		title += "  " + s.Warn.Render(T("eval.carried"))
	}
	lines := []string{cell(title, w)}
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		d := t.data.Cycle.Pack.Descriptor(v, sv.Assignment).In(t.c.Lang)
		line := fmt.Sprintf(" %d  %s", v, d)
		if sv.Current != nil && *sv.Current == v {
			line = s.Selected.Render(cell("›"+line[1:], w-1))
		} else if sv.Target != nil && *sv.Target == v {
			line = s.Warn.Render(cell(line+"  ("+T("build.col.target")+")", w-1))
		}
		lines = append(lines, cell(line, w))
	}
	ev := T("eval.evidence") + ": " + orDash(sv.Evidence)
	lines = append(lines, s.Muted.Render(cell(strings.ReplaceAll(ev, "\n", " "), w)))
	return strings.Join(lines, "\n")
}

func pct(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", *v*100)
}

func idx(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f", *v)
}

func mean(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f", *v)
}

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

func (t *evaluateTab) resultsView(w, h int) string {
	// The lines depend only on the data, the width and the theme: build them once, not every frame.
	if t.resLines == nil || t.resW != w || t.resDark != t.c.Styles.Dark {
		t.resLines, t.resW, t.resDark = t.resultLines(w), w, t.c.Styles.Dark
	}
	lines := t.resLines
	if t.scroll > len(lines)-h {
		t.scroll = max(len(lines)-h, 0)
	}
	return strings.Join(lines[t.scroll:min(t.scroll+h, len(lines))], "\n")
}

func (t *evaluateTab) resultLines(w int) []string {
	s := t.c.Styles
	T := t.c.T
	lang := t.c.Lang
	r := t.data.Result
	p := t.data.Cycle.Pack
	if r == nil {
		return []string{s.Muted.Render(T("eval.noresult"))}
	}
	var L []string
	add := func(l ...string) { L = append(L, l...) }
	head := func(title string) { add("", s.Title.Render(title)) }
	pf := r.Portfolio
	add(joinLR(s.Bold.Render(T("eval.results.title", r.Cycle.Name)), s.Muted.Render(T("eval.toscoring")), w))
	head(T("eval.portfolio"))
	add(fmt.Sprintf("  %s %s   %s %s   %s %s",
		s.Label.Render(T("eval.maturity")), s.Bold.Render(idx(pf.MaturityIndex)),
		s.Label.Render(T("eval.targetidx")), s.Bold.Render(idx(pf.TargetIndex)),
		s.Label.Render(T("eval.attainidx")), s.Bold.Render(idx(pf.AttainmentIndex))))
	if pf.MaturityIndex == nil {
		add("  " + s.Muted.Render(T("eval.undefined")))
	}
	if len(pf.Trend) > 0 {
		vals := make([]*float64, len(pf.Trend))
		names := make([]string, len(pf.Trend))
		for i, tp := range pf.Trend {
			vals[i] = tp.MaturityIndex
			names[i] = tp.Cycle + " " + idx(tp.MaturityIndex)
		}
		add("  " + s.Label.Render(T("eval.trend")) + " " + s.BarCurrent.Render(sparkline(vals)) + "  " + s.Muted.Render(strings.Join(names, " → ")))
	}
	mix := pf.ProviderMix
	var mixParts []string
	for _, a := range catalog.Assignments {
		// no-break spaces keep each kind on one line when the list wraps
		mixParts = append(mixParts, fmt.Sprintf("%s\u00a0%d\u00a0(%s)", p.AssignmentName(a, lang), mix.Count(a), pct(mix.Share(a))))
	}
	label := T("eval.mix") + " "
	for i, l := range wrap(strings.Join(mixParts, " · "), max(w-4-lipgloss.Width(label), 20)) {
		if i == 0 {
			add("  " + s.Label.Render(label) + l)
		} else {
			add("  " + strings.Repeat(" ", lipgloss.Width(label)) + l)
		}
	}

	head(T("eval.catalogue"))
	cat := r.Catalogue
	barW := min(max(w-50, 10), 40)
	cov := func(name string, v *float64) {
		b := strings.Repeat(" ", barW)
		if v != nil {
			b = bar(*v, 1, barW)
		}
		add(fmt.Sprintf("  %s %s %s", cell(name, 14), s.BarCurrent.Render(b), cellRight(pct(v), 5)))
	}
	cov(p.LevelName(catalog.Mandatory, lang), cat.Coverage.Mandatory)
	cov(p.LevelName(catalog.Recommended, lang), cat.Coverage.Recommended)
	cov(p.LevelName(catalog.Optional, lang), cat.Coverage.Optional)
	cov(T("eval.overall"), cat.Coverage.Overall)
	add("  " + T("eval.assessed", cat.Assessed, cat.InScope, pct(cat.AssessedRatio)) + "   " + T("eval.notarget", len(cat.WithoutTarget)))
	if len(cat.MissingMandatory) > 0 {
		add("  " + s.Bad.Render(T("eval.missing", strings.Join(cat.MissingMandatory, ", "))))
	}

	head(T("eval.profile"))
	add("  " + s.Muted.Render(T("eval.profile.legend")))
	nameW := min(max(w-barW-16, 12), 40)
	changes := map[string]scoring.CategoryChange{}
	for _, cc := range pf.CategoryChanges {
		changes[cc.ID] = cc
	}
	for _, cp := range r.Profile.Categories {
		cur, tgt := 0.0, 0.0
		if cp.MeanCurrent != nil {
			cur = *cp.MeanCurrent
		}
		if cp.MeanTarget != nil {
			tgt = *cp.MeanTarget
		}
		add(fmt.Sprintf("  %s %s %s %s", cell(cp.ID+" "+cp.Name.In(lang), nameW), profileBar(s, cur, tgt, barW),
			cellRight(mean(cp.MeanCurrent)+" / "+mean(cp.MeanTarget), 9), changeMark(s, changes[cp.ID])))
	}

	head(T("eval.priorities"))
	if len(r.Profile.Priorities) == 0 {
		add("  " + s.Muted.Render(T("eval.nopriorities")))
	}
	pn := min(max(w-40, 12), 48)
	for i, pr := range r.Profile.Priorities {
		add(fmt.Sprintf("  %3d %s %s %s", i+1, cell(pr.ID, 5), cell(pr.Name.In(lang), pn),
			s.Muted.Render(T("eval.priority.row", pr.Current, pr.Target, pr.Gap, pr.Priority))))
	}
	return L
}

// changeMark shows a category's change against the previous cycle.
func changeMark(s *Styles, c scoring.CategoryChange) string {
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

// profileBar draws current as a solid bar and the gap up to target as a lighter one, on the 0-5 scale.
func profileBar(s *Styles, cur, tgt float64, w int) string {
	scale := float64(w) / catalog.MaxScore
	c := int(cur*scale + 0.5)
	t := int(tgt*scale + 0.5)
	c, t = min(c, w), min(t, w)
	gap := max(t-c, 0)
	rest := w - c - gap
	return s.BarCurrent.Render(strings.Repeat("█", c)) + s.BarTarget.Render(strings.Repeat("▒", gap)) + s.BarEmpty.Render(strings.Repeat("·", rest))
}

func (t *evaluateTab) Help() []key.Binding {
	k := t.c.Keys
	switch {
	case t.textF != nil:
		return []key.Binding{k.Cancel}
	case t.typing:
		return []key.Binding{k.Submit, k.Cancel}
	case t.results:
		return []key.Binding{k.Results, k.Up, k.Down, k.Back}
	}
	b := []key.Binding{k.Score, k.ClearScore, k.Evidence, k.Results, k.Filter}
	if t.data != nil && t.data.Closed() { // read only: no edit keys
		b = []key.Binding{k.Results, k.Filter, k.FilterCategory, k.PrevCycle, k.NextCycle}
	}
	if t.Mode() == ModeNested {
		b = append(b, k.Back)
	}
	return b
}

func (t *evaluateTab) FullHelp() [][]key.Binding {
	k := t.c.Keys
	return [][]key.Binding{{k.Score, k.ClearScore, k.Evidence, k.Results}, {k.Filter, k.FilterCategory, k.Back}, k.Navigation()}
}

func init() {
	AddMessages(map[string][2]string{
		"eval.col.current":    {"Current", "現状"},
		"eval.col.gap":        {"Gap", "差"},
		"eval.summary":        {"%d in scope · %d out of scope hidden · ↺ carried ▲▼ vs last cycle", "対象 %d · 対象外 %d 非表示 · ↺ 引継ぎ ▲▼ 前サイクル比"},
		"eval.toresults":      {"r results", "r 結果"},
		"eval.toscoring":      {"r back to scoring", "r 評価入力へ戻る"},
		"eval.norows":         {"No service in scope matches (esc clears the filters).", "一致する対象サービスがありません（esc で解除）。"},
		"eval.inhouse":        {"in-house", "自組織で実施"},
		"eval.outsourced":     {"outsourced", "外部委託"},
		"eval.scale":          {"Scores for %s (%s)", "%s の評価基準（%s）"},
		"eval.carried":        {"↺ carried over: press a score to confirm it", "↺ 前サイクルから引継ぎ: 点数を押して確定"},
		"eval.evidence":       {"Evidence", "根拠"},
		"eval.evidence.title": {"Evidence for %s %s", "%s %s の根拠"},
		"eval.noresult":       {"No evaluation available.", "評価結果がありません。"},
		"eval.results.title":  {"Evaluation of %s", "%s の評価"},
		"eval.portfolio":      {"Portfolio", "ポートフォリオ評価"},
		"eval.maturity":       {"Maturity index", "成熟度指数"},
		"eval.targetidx":      {"Target index", "目標指数"},
		"eval.attainidx":      {"Attainment index", "達成度指数"},
		"eval.undefined":      {"Indices are undefined until a service in scope is assessed.", "対象サービスを評価するまで指数は算出されません。"},
		"eval.trend":          {"Trend", "推移"},
		"eval.mix":            {"Providers", "実施主体"},
		"eval.catalogue":      {"Catalogue coverage", "カタログ評価（提供率）"},
		"eval.overall":        {"Overall", "全体"},
		"eval.assessed":       {"Assessed %d of %d (%s)", "評価済み %d/%d（%s）"},
		"eval.notarget":       {"%d without a target", "目標未設定 %d"},
		"eval.missing":        {"Mandatory services not provided: %s", "提供されていない必須サービス: %s"},
		"eval.profile":        {"Profile: current vs target by category", "プロファイル評価: カテゴリ別 現状と目標"},
		"eval.profile.legend": {"█ current  ▒ gap to target  (0-5)   vs previous cycle: ▲ up ▼ down = same ↺ carried over + new", "█ 現状  ▒ 目標との差  (0-5)   前サイクル比: ▲ 向上 ▼ 低下 = 同じ ↺ 引継ぎ + 新規"},
		"eval.priorities":     {"Priorities (weight × gap)", "優先順位（重み × 差）"},
		"eval.nopriorities":   {"No assessed service is below its target.", "目標を下回る評価済みサービスはありません。"},
		"eval.priority.row":   {"%d → %d  gap %d  priority %.0f", "%d → %d  差 %d  優先度 %.0f"},
	})
}
