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
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
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
	f.Placeholder = c.T("tui.build.filter.ph")
	f.SetStyles(inputStyles(c))
	return &evaluateTab{c: c, filter: f}
}

// Cursor places the terminal cursor in the evidence form.
func (t *evaluateTab) Cursor() *tea.Cursor { return t.cursor }

func (t *evaluateTab) Title() string { return t.c.T("tui.tab.evaluate") }

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
		r := evalRow{serviceRow: serviceRow{svc: i, cat: sv.Category, id: sv.ID, name: termtext.Clean(sv.Name.In(lang))}, carried: sv.CarriedOver, change: kinds[sv.ID]}
		r.assign = p.AssignmentName(sv.Assignment, lang)
		r.target = scoreText(sv.Target)
		r.current = scoreText(sv.Current)
		r.gap = "–"
		if g := scoring.Gap(sv.Target, sv.Current); g != nil {
			r.gap = strconv.Itoa(*g)
		}
		first, _, _ := strings.Cut(sv.Evidence, "\n")
		r.evidence = oneLine(first)
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
		return statusCmd(t.c.T("tui.cycle.readonly"))
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
		t.textF = newTextForm(t.c, t.c.T("tui.eval.evidence.title", id, termtext.Clean(sv.Name.In(t.c.Lang))), sv.Evidence).withRealCursor()
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
	info := s.Muted.Render(T("tui.eval.summary", len(t.all), t.outOfScope))
	if t.typing {
		t.filter.SetStyles(inputStyles(t.c)) // follow the light/dark theme
		info = t.filter.View()
	} else if t.filter.Value() != "" || t.fCat != "" {
		var parts []string
		if v := t.filter.Value(); v != "" {
			parts = append(parts, "/"+v)
		}
		if t.fCat != "" {
			parts = append(parts, T("tui.build.f.cat", t.fCat))
		}
		info = s.Warn.Render(T("tui.build.filtered", strings.Join(parts, " · "))) + s.Muted.Render("  esc")
	}
	b.WriteString(joinLR(info, s.Muted.Render(T("tui.eval.toresults")), w) + "\n")
	c := evalWidths(w)
	hdr := "  " + textwidth.Pad(T("tui.build.col.id"), c.id) + " " + textwidth.Pad(T("tui.build.col.service"), c.name) + " " + textwidth.Pad(T("tui.build.col.assign"), c.assign) + " " +
		textwidth.PadLeft(T("tui.build.col.target"), c.target) + " " + textwidth.PadLeft(T("tui.eval.col.current"), c.current) + " " + textwidth.PadLeft(T("tui.eval.col.gap"), c.gap) + " " + textwidth.Pad("", c.mark)
	if c.evidence > 0 {
		hdr += " " + textwidth.Pad(T("tui.eval.evidence"), c.evidence)
	}
	b.WriteString(s.TableHeader.Render(hdr) + "\n")
	th := max(h-2-descHeight, 1)
	from, to := t.list.window(len(t.rows), th)
	n := 0
	if len(t.rows) == 0 {
		b.WriteString(s.Muted.Render(T("tui.eval.norows")) + "\n")
		n++
	}
	for i := from; i < to; i++ {
		r := t.rows[i]
		n++
		if r.header {
			b.WriteString(s.Category.Render(textwidth.Pad(r.name, w)) + "\n")
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
		line := textwidth.Pad(r.id, c.id) + " " + textwidth.Pad(r.name, c.name) + " " + textwidth.Pad(r.assign, c.assign) + " " + textwidth.PadLeft(r.target, c.target) + " " +
			textwidth.PadLeft(r.current, c.current) + " " + textwidth.PadLeft(r.gap, c.gap) + " " + textwidth.Pad(mark, c.mark)
		if c.evidence > 0 {
			line += " " + textwidth.Pad(r.evidence, c.evidence)
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
	kind := T("tui.eval.inhouse")
	if sv.Assignment.Outsourced() {
		kind = T("tui.eval.outsourced")
	}
	title := s.Muted.Render(strings.Repeat("─", 2)) + " " + s.Bold.Render(T("tui.eval.scale", sv.ID, kind))
	if sv.CarriedOver {
		title += "  " + s.Warn.Render(T("tui.eval.carried"))
	}
	lines := []string{textwidth.Pad(title, w)}
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		d := oneLine(t.data.Cycle.Pack.Descriptor(v, sv.Assignment).In(t.c.Lang))
		line := fmt.Sprintf(" %d  %s", v, d)
		if sv.Current != nil && *sv.Current == v {
			line = s.Selected.Render(textwidth.Pad("›"+line[1:], w-1))
		} else if sv.Target != nil && *sv.Target == v {
			line = s.Warn.Render(textwidth.Pad(line+"  ("+T("tui.build.col.target")+")", w-1))
		}
		lines = append(lines, textwidth.Pad(line, w))
	}
	ev := T("tui.eval.evidence") + ": " + orDash(oneLine(sv.Evidence))
	lines = append(lines, s.Muted.Render(textwidth.Pad(strings.ReplaceAll(ev, "\n", " "), w)))
	return strings.Join(lines, "\n")
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
	add(fmt.Sprintf("  %s %s   %s %s   %s %s",
		s.Label.Render(T("index.maturity")), s.Bold.Render(P.Index(pf.MaturityIndex)),
		s.Label.Render(T("index.target")), s.Bold.Render(P.Index(pf.TargetIndex)),
		s.Label.Render(T("index.attainment")), s.Bold.Render(P.Index(pf.AttainmentIndex))))
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
	cat := r.Catalogue
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
		add("  " + s.Bad.Render(T("tui.eval.missing", strings.Join(cat.MissingMandatory, ", "))))
	}

	head(T("tui.eval.profile"))
	add("  " + s.Muted.Render(T("tui.eval.profile.legend")))
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
		add(fmt.Sprintf("  %s %s %s %s", textwidth.Pad(cp.ID+" "+termtext.Clean(cp.Name.In(lang)), nameW), profileBar(s, cur, tgt, barW),
			textwidth.PadLeft(P.Mean(cp.MeanCurrent)+" / "+P.Mean(cp.MeanTarget), 9), changeMark(s, changes[cp.ID])))
	}

	head(T("tui.eval.priorities"))
	if len(r.Profile.Priorities) == 0 {
		add("  " + s.Muted.Render(T("tui.eval.nopriorities")))
	}
	pn := min(max(w-40, 12), 48)
	for i, pr := range r.Profile.Priorities {
		add(fmt.Sprintf("  %3d %s %s %s", i+1, textwidth.Pad(pr.ID, 5), textwidth.Pad(termtext.Clean(pr.Name.In(lang)), pn),
			s.Muted.Render(T("tui.eval.priority.row", pr.Current, pr.Target, pr.Gap, P.Decimal(pr.Priority, 0)))))
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
