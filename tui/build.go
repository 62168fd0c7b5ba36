package tui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// buildRow is one line of the Build table: a category header or a service.
// Cells are prepared once per data load, never per frame.
type buildRow struct {
	serviceRow
	level, scope, assign, provider, target string
	contract                               string
	out                                    bool // out of scope
}

// buildTab is the Build tab: scope, level, assignment, provider and target of every service.
type buildTab struct {
	c    *Common
	data *Data
	all  []buildRow // services only, in catalogue order
	rows []buildRow // after filters, with category headers
	list listWindow

	filter  textinput.Model
	typing  bool
	fCat    string
	fLevel  catalog.Level
	fAssign catalog.Assignment
	catMode bool

	form      *form
	formKind  string
	formIDs   []string
	formLevel catalog.Level

	detail *buildDetail
	cursor *tea.Cursor // of the open form, set by View
}

// Cursor places the terminal cursor in the open form.
func (t *buildTab) Cursor() *tea.Cursor { return t.cursor }

// buildDetail is the detail view of one service: description and change history.
type buildDetail struct {
	id      string
	changes []catalog.Change
	loaded  bool
	scroll  int
}

// historyMsg carries a service's change history.
type historyMsg struct {
	ID      string
	Changes []catalog.Change
}

func newBuildTab(c *Common) Tab {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = c.T("tui.build.filter.ph")
	f.SetStyles(inputStyles(c))
	return &buildTab{c: c, filter: f}
}

func (t *buildTab) Title() string { return t.c.T("tui.tab.build") }

func (t *buildTab) SetData(d *Data) {
	keep := t.selectedID()
	t.data = d
	lang := t.c.Lang
	p := d.Cycle.Pack
	t.all = t.all[:0]
	for i, sv := range d.Cycle.Services {
		r := buildRow{serviceRow: serviceRow{svc: i, cat: sv.Category, id: sv.ID, name: termtext.Clean(sv.Name.In(lang))}, out: !sv.InScope}
		r.level = p.LevelName(sv.Level, lang)
		if sv.LevelOverridden {
			r.level += "*"
		}
		r.scope = "✓"
		if !sv.InScope {
			r.scope = "·"
		}
		r.assign = p.AssignmentName(sv.Assignment, lang)
		r.provider = oneLine(sv.Provider)
		r.contract = oneLine(sv.Contract)
		r.target = t.c.T("figure.unknown")
		if sv.Target != nil {
			r.target = strconv.Itoa(*sv.Target)
		}
		r.search = strings.ToLower(sv.ID + " " + sv.Name[catalog.EN] + " " + sv.Name[catalog.JA] + " " + sv.Provider + " " + sv.Contract)
		t.all = append(t.all, r)
	}
	t.refilter(keep)
}

// refilter rebuilds the visible rows from the filters and puts the cursor back on keep.
func (t *buildTab) refilter(keep string) {
	q := strings.ToLower(strings.TrimSpace(t.filter.Value()))
	sv := t.data.Cycle.Services
	t.rows, t.list.cursor = groupByCategory(t.c, t.data.Cycle.Pack, t.all, t.rows,
		func(r *buildRow) *serviceRow { return &r.serviceRow },
		func(r *buildRow) bool {
			s := sv[r.svc]
			return (t.fCat == "" || s.Category == t.fCat) && (t.fLevel == "" || s.Level == t.fLevel) &&
				(t.fAssign == "" || s.Assignment == t.fAssign) && (q == "" || strings.Contains(r.search, q))
		},
		func(h serviceRow) buildRow { return buildRow{serviceRow: h} }, keep)
}

func (t *buildTab) selectedRow() (buildRow, bool) {
	if t.list.cursor < 0 || t.list.cursor >= len(t.rows) || t.rows[t.list.cursor].header {
		return buildRow{}, false
	}
	return t.rows[t.list.cursor], true
}

func (t *buildTab) selectedID() string {
	if r, ok := t.selectedRow(); ok {
		return r.id
	}
	return ""
}

func (t *buildTab) selected() (*catalog.ServiceState, bool) {
	r, ok := t.selectedRow()
	if !ok {
		return nil, false
	}
	return &t.data.Cycle.Services[r.svc], true
}

// targetIDs are the services an edit applies to: the selected one, or in category mode
// every shown service of its category.
func (t *buildTab) targetIDs() []string {
	r, ok := t.selectedRow()
	if !ok {
		return nil
	}
	if !t.catMode {
		return []string{r.id}
	}
	var ids []string
	for _, x := range t.rows {
		if !x.header && x.cat == r.cat {
			ids = append(ids, x.id)
		}
	}
	return ids
}

func (t *buildTab) Mode() Mode {
	switch {
	case t.form != nil || t.typing:
		return ModeText
	case t.detail != nil || t.filtered() || t.catMode:
		return ModeNested
	}
	return ModeNormal
}

func (t *buildTab) filtered() bool {
	return t.filter.Value() != "" || t.fCat != "" || t.fLevel != "" || t.fAssign != ""
}

func (t *buildTab) save(ids []string, p catalog.BuildPatch) tea.Cmd {
	cycleID := t.data.Cycle.Cycle.ID
	return t.c.Save("build", func(ctx context.Context, s *catalog.Store) error {
		_, err := s.SetBuild(ctx, cycleID, ids, p)
		return err
	})
}

func (t *buildTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case historyMsg:
		if t.detail != nil && t.detail.id == msg.ID {
			t.detail.changes, t.detail.loaded = msg.Changes, true
		}
		return nil
	case SavedMsg:
		return nil
	case clickMsg:
		// the table starts under the info line and the column header
		if i := t.list.offset + msg.Y - 2; t.form == nil && t.detail == nil && !t.typing && msg.Y >= 2 && msg.Y-2 < tableHeight(t.c.Height-2-3) && i < len(t.rows) && !t.rows[i].header {
			t.list.cursor = i
		}
		return nil
	case tea.KeyPressMsg:
		if t.data == nil {
			return nil
		}
		return t.key(msg)
	}
	if t.form != nil {
		_, cmd := t.form.Update(msg)
		return cmd
	}
	return nil
}

func (t *buildTab) bodyHeight() int { return max(t.c.Height-2-3-2, 1) }

// tableHeight is the number of table rows for a tab body of h lines: tall windows keep
// room under the table for the selected service's description.
func tableHeight(h int) int {
	if h >= descPanelMin {
		return h - 2 - descPanel
	}
	return max(h-2, 1)
}

// The description panel (a rule and three lines) shows when the tab body has descPanelMin lines.
const (
	descPanel    = 4
	descPanelMin = 30
)

func (t *buildTab) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	if t.form != nil {
		act, cmd := t.form.Update(msg)
		switch act {
		case formCancel:
			t.form = nil
		case formSubmit:
			return t.submitForm()
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
	if t.detail != nil {
		switch {
		case key.Matches(msg, k.Back, k.Enter):
			t.detail = nil
		case key.Matches(msg, k.Up):
			t.detail.scroll = max(t.detail.scroll-1, 0)
		case key.Matches(msg, k.Down):
			t.detail.scroll++
		case key.Matches(msg, k.PgUp):
			t.detail.scroll = max(t.detail.scroll-t.bodyHeight(), 0)
		case key.Matches(msg, k.PgDown):
			t.detail.scroll += t.bodyHeight()
		}
		return nil
	}
	if navigate(k, msg, &t.list, len(t.rows), tableHeight(t.c.Height-2-3), func(i int) bool { return t.rows[i].header }) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		switch {
		case t.catMode:
			t.catMode = false
		case t.filtered():
			keep := t.selectedID()
			t.filter.SetValue("")
			t.fCat, t.fLevel, t.fAssign = "", "", ""
			t.refilter(keep)
		}
		return nil
	case key.Matches(msg, k.Filter):
		t.typing = true
		return t.filter.Focus()
	case key.Matches(msg, k.FilterCategory):
		t.fCat = nextOf(categoryIDs(t.data.Cycle.Pack), t.fCat)
		t.refilter(t.selectedID())
		return nil
	case key.Matches(msg, k.FilterLevel):
		t.fLevel = nextOf(catalog.Levels, t.fLevel)
		t.refilter(t.selectedID())
		return nil
	case key.Matches(msg, k.FilterAssign):
		t.fAssign = nextOf(catalog.Assignments, t.fAssign)
		t.refilter(t.selectedID())
		return nil
	case key.Matches(msg, k.Category):
		t.catMode = !t.catMode
		return nil
	case key.Matches(msg, k.Enter):
		sv, ok := t.selected()
		if !ok {
			return nil
		}
		t.detail = &buildDetail{id: sv.ID}
		return t.loadHistory(sv.ID)
	}
	sv, ok := t.selected()
	if !ok {
		return nil
	}
	isEdit := key.Matches(msg, k.Scope, k.Level, k.Assign, k.AssignBack, k.Provider, k.Target, k.ClearTarget)
	if isEdit && t.data.Closed() {
		return statusCmd(t.c.T("tui.cycle.readonly"))
	}
	ids := t.targetIDs()
	switch {
	case key.Matches(msg, k.Scope):
		in := !sv.InScope
		return t.save(ids, catalog.BuildPatch{InScope: &in})
	case key.Matches(msg, k.Assign), key.Matches(msg, k.AssignBack):
		next := cycleOf(catalog.Assignments, sv.Assignment)
		if key.Matches(msg, k.AssignBack) {
			next = prevOf(catalog.Assignments, sv.Assignment)
		}
		return t.save(ids, catalog.BuildPatch{Assignment: &next})
	case key.Matches(msg, k.Target):
		v, _ := strconv.Atoi(msg.String())
		return t.save(ids, catalog.BuildPatch{Target: &v})
	case key.Matches(msg, k.ClearTarget):
		return t.save(ids, catalog.BuildPatch{ClearTarget: true})
	case key.Matches(msg, k.Level):
		next := cycleOf(catalog.Levels, sv.Level)
		p := t.data.Cycle.Pack
		t.formKind, t.formIDs, t.formLevel = "level", ids, next
		title := t.c.T("tui.build.level.title", t.scopeLabel(ids), p.LevelName(sv.Level, t.c.Lang), p.LevelName(next, t.c.Lang))
		if len(ids) > 1 { // the services may start from different levels
			title = t.c.T("tui.build.level.title.many", t.scopeLabel(ids), p.LevelName(next, t.c.Lang))
		}
		t.form = newForm(t.c, title,
			field{Key: "reason", Label: t.c.T("tui.build.reason"), Placeholder: t.c.T("tui.build.reason.ph"), Check: func(v string) string {
				if v == "" {
					return t.c.T("tui.build.reason.empty")
				}
				return ""
			}}).withRealCursor()
	case key.Matches(msg, k.Provider):
		t.formKind, t.formIDs = "provider", ids
		t.form = newForm(t.c, t.c.T("tui.build.provider.title", t.scopeLabel(ids)),
			field{Key: "provider", Label: t.c.T("tui.build.col.provider"), Value: sv.Provider, Placeholder: t.c.T("tui.build.provider.ph")},
			field{Key: "contract", Label: t.c.T("tui.build.contract"), Value: sv.Contract, Placeholder: t.c.T("tui.build.contract.ph")}).withRealCursor()
	}
	return nil
}

// scopeLabel names what an edit applies to: a service ID or "7 services of B".
func (t *buildTab) scopeLabel(ids []string) string {
	if len(ids) == 1 {
		return ids[0]
	}
	r, _ := t.selectedRow()
	return t.c.N("tui.build.nservices", len(ids), len(ids), r.cat)
}

func (t *buildTab) submitForm() tea.Cmd {
	f, ids := t.form, t.formIDs
	t.form = nil
	switch t.formKind {
	case "level":
		lv := t.formLevel
		return t.save(ids, catalog.BuildPatch{Level: &lv, Reason: f.Value("reason")})
	case "provider":
		prov, contract := f.Value("provider"), f.Value("contract")
		return t.save(ids, catalog.BuildPatch{Provider: &prov, Contract: &contract})
	}
	return nil
}

func (t *buildTab) loadHistory(id string) tea.Cmd {
	orgID := t.data.Org.ID
	return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		out, err := s.Changes(ctx, catalog.ChangeQuery{OrgID: orgID, Service: id})
		if err != nil {
			return nil, err
		}
		return historyMsg{ID: id, Changes: out}, nil
	})
}

func statusCmd(text string) tea.Cmd { return func() tea.Msg { return StatusMsg{Text: text} } }

// nextOf steps through "all" (the zero value) and then each item in order.
func nextOf[T comparable](items []T, cur T) T {
	var zero T
	if cur == zero {
		return items[0]
	}
	i := slices.Index(items, cur)
	if i < 0 || i == len(items)-1 {
		return zero
	}
	return items[i+1]
}

// cycleOf steps forward through items, wrapping around.
func cycleOf[T comparable](items []T, cur T) T {
	i := slices.Index(items, cur)
	return items[(i+1)%len(items)]
}

// prevOf steps backwards through items, wrapping around.
func prevOf[T comparable](items []T, cur T) T {
	i := slices.Index(items, cur)
	if i <= 0 {
		return items[len(items)-1]
	}
	return items[i-1]
}

func categoryIDs(p *catalog.Pack) []string {
	ids := make([]string, len(p.Categories))
	for i, c := range p.Categories {
		ids[i] = c.ID
	}
	return ids
}

// build table column widths for a body width. On wide windows the name and provider are
// capped so the target stays near them, and the room left shows the contract.
type buildCols struct{ id, name, level, scope, assign, provider, target, contract int }

func buildWidths(w int) buildCols {
	c := buildCols{id: 5, level: 12, scope: 5, assign: 10, target: 6}
	rest := w - 2 - c.id - c.level - c.scope - c.assign - c.target - 6
	c.provider = max(rest/3, 10)
	c.name = max(rest-c.provider, 10)
	if c.name > 56 {
		c.provider += c.name - 56
		c.name = 56
	}
	if c.provider > 28 {
		extra := c.provider - 28
		c.provider = 28
		if extra > 16 {
			c.contract = min(extra-1, 40)
		}
	}
	return c
}

func (t *buildTab) View(w, h int) string {
	if t.data == nil {
		return ""
	}
	if t.detail != nil {
		t.cursor = nil
		return t.detailView(w, h)
	}
	s := t.c.Styles
	T := t.c.T
	var b strings.Builder
	b.WriteString(t.infoLine(w) + "\n")
	c := buildWidths(w)
	hdr := "  " + textwidth.Pad(T("tui.build.col.id"), c.id) + " " + textwidth.Pad(T("tui.build.col.service"), c.name) + " " + textwidth.Pad(T("tui.build.col.level"), c.level) + " " +
		textwidth.Pad(T("tui.build.col.scope"), c.scope) + " " + textwidth.Pad(T("tui.build.col.assign"), c.assign) + " " + textwidth.Pad(T("tui.build.col.provider"), c.provider) + " " +
		textwidth.PadLeft(T("tui.build.col.target"), c.target)
	if c.contract > 0 {
		hdr += " " + textwidth.Pad(T("tui.build.contract"), c.contract)
	}
	b.WriteString(s.TableHeader.Render(hdr) + "\n")
	lh := tableHeight(h)
	from, to := t.list.window(len(t.rows), lh)
	if len(t.rows) == 0 {
		b.WriteString(s.Muted.Render(T("tui.build.nomatch")))
	}
	selCat := ""
	if r, ok := t.selectedRow(); ok && t.catMode {
		selCat = r.cat
	}
	for i := from; i < to; i++ {
		r := t.rows[i]
		if r.header {
			b.WriteString(s.Category.Render(textwidth.Pad(r.name, w)) + "\n")
			continue
		}
		line := textwidth.Pad(r.id, c.id) + " " + textwidth.Pad(r.name, c.name) + " " + textwidth.Pad(r.level, c.level) + " " + textwidth.Pad(" "+r.scope, c.scope) + " " +
			textwidth.Pad(r.assign, c.assign) + " " + textwidth.Pad(r.provider, c.provider) + " " + textwidth.PadLeft(r.target, c.target)
		if c.contract > 0 {
			line += " " + textwidth.Pad(r.contract, c.contract)
		}
		switch {
		case i == t.list.cursor:
			line = s.Selected.Render("› " + line)
		case selCat != "" && r.cat == selCat:
			line = s.Info.Render("┃ " + line)
		case r.out:
			line = s.Dim.Render("  " + line)
		default:
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	t.cursor = nil
	if h >= descPanelMin {
		for n := to - from; n < lh; n++ {
			b.WriteString("\n")
		}
		b.WriteString(t.descriptionPanel(w))
	}
	if t.form != nil {
		d := t.form.View(w)
		t.cursor = overlayCursor(d, w, h, t.form.Cursor())
		return overlay(d, w, h)
	}
	return b.String()
}

// descriptionPanel shows the selected service's description under the table.
func (t *buildTab) descriptionPanel(w int) string {
	s := t.c.Styles
	sv, ok := t.selected()
	if !ok {
		return ""
	}
	lines := []string{s.Muted.Render(strings.Repeat("─", 2)) + " " + s.Bold.Render(sv.ID+"  "+termtext.Clean(sv.Name.In(t.c.Lang))) + "  " + s.Muted.Render(t.c.T("tui.build.detail.more"))}
	desc := textwidth.Wrap(termtext.CleanMultiline(sv.Description.In(t.c.Lang)), max(w-2, 10))
	if len(desc) > descPanel-1 {
		desc = desc[:descPanel-1]
		desc[len(desc)-1] = textwidth.Pad(desc[len(desc)-1]+" …", w-2)
	}
	for _, l := range desc {
		lines = append(lines, s.Muted.Render(l))
	}
	return strings.Join(lines, "\n")
}

func (t *buildTab) infoLine(w int) string {
	s := t.c.Styles
	T := t.c.T
	p := t.data.Cycle.Pack
	if t.typing {
		t.filter.SetStyles(inputStyles(t.c)) // follow the light/dark theme
		return t.filter.View()
	}
	var parts []string
	if v := t.filter.Value(); v != "" {
		parts = append(parts, "/"+v)
	}
	if t.fCat != "" {
		parts = append(parts, T("tui.build.f.cat", t.fCat))
	}
	if t.fLevel != "" {
		parts = append(parts, T("tui.build.f.level", p.LevelName(t.fLevel, t.c.Lang)))
	}
	if t.fAssign != "" {
		parts = append(parts, T("tui.build.f.assign", p.AssignmentName(t.fAssign, t.c.Lang)))
	}
	inScope, targets := 0, 0
	for _, sv := range t.data.Cycle.Services {
		if sv.InScope {
			inScope++
			if sv.Target != nil {
				targets++
			}
		}
	}
	left := s.Muted.Render(t.c.N("tui.build.summary", len(t.data.Cycle.Services), len(t.data.Cycle.Services), inScope, targets))
	if targets == 0 && !t.data.Closed() {
		left = s.Info.Render(T("tui.build.hint"))
	}
	if len(parts) > 0 {
		left = s.Warn.Render(T("tui.build.filtered", strings.Join(parts, " · "))) + s.Muted.Render("  esc")
	}
	right := ""
	if t.catMode {
		ids := t.targetIDs()
		right = s.TabActive.Render(T("tui.build.catmode", t.scopeLabel(ids)))
	}
	return joinLR(left, right, w)
}

func (t *buildTab) detailView(w, h int) string {
	s := t.c.Styles
	T := t.c.T
	lang := t.c.Lang
	sv, ok := t.data.Cycle.Service(t.detail.id)
	if !ok {
		return s.Muted.Render(T("tui.build.detail.gone", t.detail.id))
	}
	p := t.data.Cycle.Pack
	cat, _ := p.Category(sv.Category)
	var lines []string
	lines = append(lines, s.Title.Render(sv.ID+"  "+termtext.Clean(sv.Name.In(lang)))+"  "+s.Muted.Render(cat.ID+" "+termtext.Clean(cat.Name.In(lang))))
	lines = append(lines, "")
	for _, l := range textwidth.Wrap(termtext.CleanMultiline(sv.Description.In(lang)), min(w-2, 100)) {
		lines = append(lines, l)
	}
	lines = append(lines, "")
	kv := func(k, v string) { lines = append(lines, s.Label.Render(textwidth.Pad(k, 14))+" "+v) }
	lv := p.LevelName(sv.Level, lang)
	if sv.LevelOverridden {
		lv += "  " + s.Muted.Render(T("tui.build.detail.override", p.LevelName(sv.DefaultLevel, lang), oneLine(sv.LevelReason)))
	}
	kv(T("tui.build.col.level"), lv)
	scope := T("word.yes")
	if !sv.InScope {
		scope = T("word.no")
	}
	kv(T("tui.build.col.scope"), scope)
	kv(T("tui.build.col.assign"), p.AssignmentName(sv.Assignment, lang))
	kv(T("tui.build.col.provider"), orDash(oneLine(sv.Provider)))
	kv(T("tui.build.contract"), orDash(oneLine(sv.Contract)))
	kv(T("tui.build.col.target"), scoreText(sv.Target))
	kv(T("tui.eval.col.current"), scoreText(sv.Current))
	if sv.Evidence != "" {
		kv(T("tui.eval.evidence"), oneLine(sv.Evidence))
	}
	lines = append(lines, "", s.Bold.Render(T("tui.build.detail.history")))
	switch {
	case !t.detail.loaded:
		lines = append(lines, s.Muted.Render(T("tui.status.loading")))
	case len(t.detail.changes) == 0:
		lines = append(lines, s.Muted.Render(T("tui.build.detail.nohistory")))
	}
	cycleName := map[int64]string{}
	for _, c := range t.data.Cycles {
		cycleName[c.ID] = termtext.Clean(c.Name)
	}
	for _, ch := range t.detail.changes {
		l := fmt.Sprintf("%s  %s %s: %s → %s  %s", t.c.P.Time(ch.At), textwidth.Pad(cycleName[ch.CycleID], 10),
			t.c.fieldName(ch.Field), orDash(oneLine(t.c.changeValue(p, ch.Field, ch.Old))), orDash(oneLine(t.c.changeValue(p, ch.Field, ch.New))), s.Muted.Render(termtext.Clean(ch.Who+" · "+ch.Source)))
		if ch.Reason != "" {
			l += s.Muted.Render(" · " + oneLine(ch.Reason))
		}
		lines = append(lines, l)
	}
	if t.detail.scroll > len(lines)-h {
		t.detail.scroll = max(len(lines)-h, 0)
	}
	return strings.Join(lines[t.detail.scroll:min(t.detail.scroll+h, len(lines))], "\n")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

func scoreText(v *int) string {
	if v == nil {
		return "–"
	}
	return strconv.Itoa(*v)
}

func (t *buildTab) Help() []key.Binding {
	k := t.c.Keys
	switch {
	case t.form != nil:
		return []key.Binding{k.Submit, k.NextField, k.Cancel}
	case t.typing:
		return []key.Binding{k.Submit, k.Cancel}
	case t.detail != nil:
		return []key.Binding{k.Up, k.Down, k.Back}
	}
	b := []key.Binding{k.Scope, k.Level, k.Assign, k.Provider, k.Target, k.ClearTarget, k.Category, k.Enter, k.Filter}
	if t.data != nil && t.data.Closed() { // read only: no edit keys
		b = []key.Binding{k.Enter, k.Filter, k.FilterCategory, k.FilterLevel, k.FilterAssign, k.PrevCycle, k.NextCycle}
	}
	if t.Mode() == ModeNested {
		b = append(b, k.Back)
	}
	return b
}

func (t *buildTab) FullHelp() [][]key.Binding {
	k := t.c.Keys
	return [][]key.Binding{
		{k.Scope, k.Level, k.Assign, k.AssignBack, k.Provider, k.Target, k.ClearTarget, k.Category},
		{k.Enter, k.Filter, k.FilterCategory, k.FilterLevel, k.FilterAssign, k.Back},
		k.Navigation(),
	}
}
