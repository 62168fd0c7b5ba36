package tui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// buildTab is the Build tab: scope, level, assignment, provider and target of every service.
type buildTab struct {
	c     *common
	data  *orgData
	table serviceTable
	w, h  int

	catMode bool

	detail *serviceDetail
}

func newBuildTab(c *common) tabScreen {
	return &buildTab{c: c, table: newServiceTable(c)}
}

func (t *buildTab) Title() string { return t.c.T("tui.tab.build") }

func (t *buildTab) SetData(d *orgData) {
	t.data = d
	lang := t.c.Lang
	p := d.Cycle.Pack
	all := make([]serviceRow, 0, len(d.Cycle.Services))
	for i, sv := range d.Cycle.Services {
		level := p.LevelName(sv.Level, lang)
		if sv.LevelOverridden {
			level += t.c.T("catalog.mark.overridden")
		}
		scope := " ✓"
		if !sv.InScope {
			scope = " ·"
		}
		target := t.c.T("figure.unknown")
		if sv.Target != nil {
			target = strconv.Itoa(*sv.Target)
		}
		name := t.c.text(sv.Name)
		// The mark goes on the ID so a truncated name keeps it.
		idCell := sv.ID
		if sv.WorkingName() {
			idCell += t.c.T("catalog.mark.working")
		}
		all = append(all, serviceRow{svc: i, cat: sv.Category, id: sv.ID, name: name, dim: !sv.InScope,
			search: strings.ToLower(sv.ID + " " + t.c.searchText(sv.Name) + " " + sv.Provider + " " + sv.Contract),
			cells:  []string{idCell, name, level, scope, p.AssignmentName(sv.Assignment, lang), oneLine(sv.Provider), target, oneLine(sv.Contract)}})
	}
	t.table.SetRows(d, all, nil)
	t.layout()
	if t.detail != nil {
		t.detail.refresh(t.c, t.data, t.w, t.h)
	}
}

// focus shows the service j names, with every filter cleared.
func (t *buildTab) focus(j jumpMsg) tea.Cmd {
	t.detail, t.catMode = nil, false
	if !j.restore {
		t.table.clearFilters()
	}
	t.table.refilter(j.service)
	return nil
}

// The description panel (a rule and three lines) shows when the tab body has descPanelMin lines.
const (
	descPanel    = 4
	descPanelMin = 30
)

func (t *buildTab) SetSize(w, h int) {
	t.w, t.h = w, h
	t.layout()
	if t.detail != nil {
		t.detail.refresh(t.c, t.data, t.w, t.h)
	}
}

// layout sizes the table: the info line above it, the description panel below on tall windows.
func (t *buildTab) layout() {
	th := t.h - 2 // the info line above, the legend line below
	if t.h >= descPanelMin {
		th -= descPanel
	}
	t.table.SetSize(t.w, th, t.columns())
}

// columns of the Build table for the tab's width. On wide windows the name and provider are
// capped so the target stays near them, and the room left shows the contract.
func (t *buildTab) columns() []column {
	T := t.c.T
	id, level, scope, assign, target := 6, 12, 5, 10, 6
	rest := t.w - 2 - id - level - scope - assign - target - 6
	provider := max(rest/3, 10)
	name := max(rest-provider, 10)
	if name > 56 {
		provider += name - 56
		name = 56
	}
	contract := 0
	if provider > 28 {
		extra := provider - 28
		provider = 28
		if extra > 16 {
			contract = min(extra-1, 40)
		}
	}
	cols := []column{{T("tui.build.col.id"), id, false}, {T("tui.build.col.service"), name, false}, {T("tui.build.col.level"), level, false},
		{T("tui.build.col.scope"), scope, false}, {T("tui.build.col.assign"), assign, false}, {T("tui.build.col.provider"), provider, false},
		{T("tui.build.col.target"), target, true}}
	if contract > 0 {
		cols = append(cols, column{T("tui.build.contract"), contract, false})
	}
	return cols
}

func (t *buildTab) selected() (*catalog.ServiceState, bool) { return t.table.service(t.data) }

// targetIDs are the services an edit applies to: the selected one, or in category mode
// every shown service of its category.
func (t *buildTab) targetIDs() []string {
	r, ok := t.table.selected()
	if !ok {
		return nil
	}
	if !t.catMode {
		return []string{r.id}
	}
	var ids []string
	for _, x := range t.table.rows {
		if !x.header && x.cat == r.cat {
			ids = append(ids, x.id)
		}
	}
	return ids
}

func (t *buildTab) mode() viewMode {
	switch {
	case t.table.typing:
		return modeText
	case t.detail != nil || t.filtered() || t.catMode:
		return modeNested
	}
	return modeNormal
}

func (t *buildTab) filtered() bool { return t.table.filtered() }

// save writes one Build edit; the tag ties the answer to the dialog that waits for it.
func (t *buildTab) save(ids []string, p catalog.BuildPatch) tea.Cmd {
	cycleID := t.data.Cycle.Cycle.ID
	return t.c.Save("build", func(ctx context.Context, s *catalog.Store) error {
		_, err := s.SetBuild(ctx, cycleID, ids, p)
		return err
	})
}

func (t *buildTab) Update(msg tea.Msg) tea.Cmd {
	if t.detail != nil && t.detail.history(t.c, t.data, t.w, t.h, msg) {
		return nil
	}
	return t.table.route(msg, t.detail != nil, t.data != nil, t.key)
}

func (t *buildTab) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	if t.detail != nil {
		if t.detail.key(k, msg) {
			t.detail = nil
		}
		return nil
	}
	if ok, cmd := t.table.Key(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		switch {
		case t.catMode:
			t.catMode = false
		case t.filtered():
			t.table.clearFilters()
		}
		return nil
	case key.Matches(msg, k.Category) && t.data.Closed():
		return statusCmd(t.c.T("tui.cycle.readonly"))
	case key.Matches(msg, k.Category):
		t.catMode = !t.catMode
		return nil
	case key.Matches(msg, k.Enter):
		sv, ok := t.selected()
		if !ok {
			return nil
		}
		var cmd tea.Cmd
		t.detail, cmd = openServiceDetail(t.c, t.data, sv.ID, t.w, t.h)
		return cmd
	}
	sv, ok := t.selected()
	if !ok {
		return nil
	}
	if key.Matches(msg, k.Scope, k.Level, k.Assign, k.Provider, k.Target, k.ClearTarget) && t.data.Closed() {
		return statusCmd(t.c.T("tui.cycle.readonly"))
	}
	ids := t.targetIDs()
	switch {
	case key.Matches(msg, k.History): // the service's change log, on the Manage tab
		return func() tea.Msg { return jumpMsg{tab: tabManage, service: sv.ID, back: true, from: tabBuild} }
	case key.Matches(msg, k.Scope):
		in := !sv.InScope
		return t.save(ids, catalog.BuildPatch{InScope: &in})
	case key.Matches(msg, k.Target):
		v, _ := strconv.Atoi(msg.String())
		return t.save(ids, catalog.BuildPatch{Target: &v})
	case key.Matches(msg, k.ClearTarget):
		return t.save(ids, catalog.BuildPatch{ClearTarget: true})
	case key.Matches(msg, k.Assign):
		t.c.openDialog(newPicker(t.c, t.c.T("tui.build.assign.title", t.scopeLabel(ids)), assignmentOptions(t.c, t.data.Cycle.Pack), string(sv.Assignment),
			func(o option) tea.Cmd {
				a := catalog.Assignment(o.Value)
				return t.save(ids, catalog.BuildPatch{Assignment: &a})
			}))
	case key.Matches(msg, k.Level):
		t.c.openDialog(newPicker(t.c, t.c.T("tui.build.level.pick", t.scopeLabel(ids)), levelOptions(t.c, t.data.Cycle.Pack), string(sv.Level),
			func(o option) tea.Cmd {
				t.openReason(ids, sv, catalog.Level(o.Value))
				return nil
			}))
	case key.Matches(msg, k.Provider):
		t.c.openDialog(newForm(t.c, t.c.T("tui.build.provider.title", t.scopeLabel(ids)), func(f *form) tea.Cmd {
			prov, contract := f.Value("provider"), f.Value("contract")
			p := catalog.BuildPatch{Provider: &prov, Contract: &contract}
			if len(ids) == 1 { // a category starts from each service's own values
				wasProv, wasContract := f.Was("provider"), f.Was("contract")
				p.Was = &catalog.BuildWas{Provider: &wasProv, Contract: &wasContract}
			}
			return t.save(ids, p)
		},
			field{Key: "provider", Label: t.c.T("tui.build.col.provider"), Value: sv.Provider, Placeholder: t.c.T("tui.build.provider.ph"), Max: catalog.MaxNameLen},
			field{Key: "contract", Label: t.c.T("tui.build.contract"), Value: sv.Contract, Placeholder: t.c.T("tui.build.contract.ph"), Max: catalog.MaxNameLen}).waitFor("build"))
	}
	return nil
}

// openReason asks why the level changes; the level and its reason are one change.
func (t *buildTab) openReason(ids []string, sv *catalog.ServiceState, next catalog.Level) {
	p := t.data.Cycle.Pack
	title := t.c.T("tui.build.level.title", t.scopeLabel(ids), p.LevelName(sv.Level, t.c.Lang), p.LevelName(next, t.c.Lang))
	if len(ids) > 1 { // the services may start from different levels
		title = t.c.T("tui.build.level.title.many", t.scopeLabel(ids), p.LevelName(next, t.c.Lang))
	}
	f := newForm(t.c, title, func(f *form) tea.Cmd {
		patch := catalog.BuildPatch{Level: &next, Reason: f.Value("reason")}
		if len(ids) == 1 { // a category starts from each service's own level
			wasLevel, wasReason := catalog.Level(f.Was("level")), f.Was("reason")
			patch.Was = &catalog.BuildWas{Level: &wasLevel, Reason: &wasReason}
		}
		return t.save(ids, patch)
	}, field{Key: "reason", Label: t.c.T("tui.build.reason"), Placeholder: t.c.T("tui.build.reason.ph"), Max: catalog.MaxTextLen, Check: func(v string) string {
		if v == "" {
			return t.c.T("tui.build.reason.empty")
		}
		return ""
	}}).waitFor("build")
	showLevel := func(v string) string { return p.LevelName(catalog.Level(v), t.c.Lang) }
	f.with("level", t.c.T("tui.build.col.level"), string(sv.Level), string(next), showLevel).from("reason", sv.LevelReason)
	t.c.openDialog(f)
}

// assignmentOptions are the assignment kinds with their shortcuts.
func assignmentOptions(c *common, p *catalog.Pack) []option {
	out := make([]option, len(catalog.Assignments))
	for i, a := range catalog.Assignments {
		out[i] = option{Key: string(a)[:1], Label: p.AssignmentName(a, c.Lang), Value: string(a)}
	}
	return out
}

// levelOptions are the levels with their shortcuts.
func levelOptions(c *common, p *catalog.Pack) []option {
	out := make([]option, len(catalog.Levels))
	for i, l := range catalog.Levels {
		out[i] = option{Key: string(l)[:1], Label: p.LevelName(l, c.Lang), Value: string(l)}
	}
	return out
}

// scopeLabel names what an edit applies to: a service ID or "7 services of B".
func (t *buildTab) scopeLabel(ids []string) string {
	if len(ids) == 1 {
		return ids[0]
	}
	r, _ := t.table.selected()
	return t.c.N("tui.build.nservices", len(ids), len(ids), r.cat)
}

func statusCmd(text string) tea.Cmd { return func() tea.Msg { return statusMsg{Text: text} } }

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

func (t *buildTab) View() string {
	if t.data == nil {
		return ""
	}
	if t.detail != nil {
		return t.detail.scroll.View()
	}
	var b strings.Builder
	b.WriteString(t.infoLine() + "\n")
	mark := ""
	if r, ok := t.table.selected(); ok && t.catMode {
		mark = r.cat
	}
	b.WriteString(t.table.View(t.c.T("tui.build.nomatch"), mark))
	b.WriteString("\n" + t.legendLine())
	if t.h >= descPanelMin {
		b.WriteString("\n" + t.descriptionPanel())
	}
	return b.String()
}

// legendLine says what the marks of the table mean: the working name on a service name and
// the overridden level.
func (t *buildTab) legendLine() string {
	T := t.c.T
	return t.c.styles.Muted.Render(textwidth.Truncate(T("catalog.mark.working")+" "+T("catalog.mark.legend")+" · "+
		T("catalog.mark.overridden")+" "+T("catalog.mark.overridden.legend"), t.w))
}

// descriptionPanel shows the selected service's description under the table.
func (t *buildTab) descriptionPanel() string {
	s := t.c.styles
	w := t.w
	sv, ok := t.selected()
	if !ok {
		return ""
	}
	lines := []string{s.Muted.Render(strings.Repeat("─", 2)) + " " + s.Bold.Render(sv.ID+"  "+t.c.text(sv.Name)) + "  " + s.Muted.Render(t.c.T("tui.build.detail.more"))}
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

func (t *buildTab) infoLine() string {
	s := t.c.styles
	T := t.c.T
	if t.table.typing {
		return t.table.filterView()
	}
	parts := t.table.filterParts()
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
	right := s.Muted.Render(t.table.position())
	if t.catMode {
		right = s.TabActive.Render(T("tui.build.catmode", t.scopeLabel(t.targetIDs()))) + " " + right
	}
	return joinLR(left, right, t.w)
}

// helpGroups are the keys that work in the tab's present state, grouped as ? shows them; the
// short help line shows the same keys but movement.
func (t *buildTab) helpGroups() [][]key.Binding {
	k := t.c.Keys
	switch {
	case t.table.typing:
		return [][]key.Binding{typingKeys(k)}
	case t.detail != nil:
		return detailHelp(k)
	}
	lists := []key.Binding{k.Filter, t.table.filterKey(), t.table.sortKey()}
	if t.mode() == modeNested {
		lists = append(lists, k.Back)
	}
	open := []key.Binding{k.Enter, k.History}
	if t.data != nil && t.data.Closed() { // read only: no edit keys
		return [][]key.Binding{open, lists}
	}
	edit := []key.Binding{k.Scope, k.Level, k.Assign, k.Provider, k.Target, k.ClearTarget, k.Category}
	return [][]key.Binding{edit, open, lists}
}

func (t *buildTab) Help() []key.Binding {
	if t.detail != nil {
		return append([]key.Binding{t.c.Keys.Up, t.c.Keys.Down}, flatten(t.helpGroups())...)
	}
	return flatten(t.helpGroups())
}

func (t *buildTab) FullHelp() [][]key.Binding {
	return withNavigation(t.c.Keys, t.helpGroups(), t.table.typing)
}
