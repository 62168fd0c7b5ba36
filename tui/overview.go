package tui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/scoring"
)

// overviewTab is where the CDC stands: the indices with their completeness, change and trend,
// a verdict, mandatory services not provided, the categories against their targets, overdue
// actions, the last review and the top priorities. Every item leads somewhere.
type overviewTab struct {
	c       *common
	data    *orgData
	w, h    int
	actions []catalog.Action
	reviews []catalog.Review
	loaded  int64 // the cycle the actions and reviews were read for
	lines   []overviewLine
	split   int // on a wide window, the first line of the right column (0: one column)
	leftW   int // the left column's width when there are two
	list    listWindow
	newKey  key.Binding
	peerKey key.Binding

	// the peer comparison: by a grouping, or against an imported benchmark set ("set:NAME")
	peerBy    string
	peers     *scoring.Peers
	peersFor  int64 // the cycle the comparison was made for
	peersWith string
	sets      []string // the imported benchmark sets
}

// overviewPeersMsg carries a peer comparison of the cycle on screen.
type overviewPeersMsg struct {
	CycleID int64
	With    string
	Peers   scoring.Peers
	Sets    []string
}

// dueSoonDays is how far ahead the Overview lists open actions falling due.
const dueSoonDays = 14

// overviewLine is one line of the overview; a line with a jump can be selected.
type overviewLine struct {
	text    string
	jump    *jumpMsg
	service string // a priority's service: n makes an action for it
	pick    bool   // the peer comparison's heading: enter chooses the peer group
	cont    bool   // the second line of the item above it, shown with it
}

// selectable reports whether the cursor can rest on the line.
func (l overviewLine) selectable() bool { return l.jump != nil || l.pick }

// jumpMsg shows a tab with a service, a category or an action under the cursor.
type jumpMsg struct {
	tab      int
	service  string
	category string
	action   int64
	newFor   string // open the new action form for this service
	// back: esc on the screen jumped to goes back to tab from (a service's history opened
	// from Build or Evaluate returns there).
	back bool
	from int
	// restore: the jump goes back to a tab as it was left, its filters kept
	restore bool
}

// overviewListsMsg carries the actions of the organisation and the reviews of the cycle on screen.
type overviewListsMsg struct {
	CycleID int64
	Actions []catalog.Action
	Reviews []catalog.Review
}

// The tabs of the workspace, in order.
const (
	tabOverview = iota
	tabBuild
	tabManage
	tabEvaluate
	tabReport
)

// topPriorities is how many priorities the overview lists.
const topPriorities = 5

func newOverviewTab(c *common) tabScreen {
	return &overviewTab{c: c, newKey: c.Keys.Bind([]string{"n"}, "n", "tui.overview.key.action"),
		peerKey: c.Keys.Bind([]string{"b"}, "b", "tui.overview.key.peers"), peerBy: string(scoring.BySector)}
}

func (t *overviewTab) Title() string { return t.c.T("tui.tab.overview") }

func (t *overviewTab) SetData(d *orgData) {
	t.data = d
	t.layout()
}

func (t *overviewTab) SetSize(w, h int) {
	t.w, t.h = w, h
	t.layout()
}

// Load reads the actions and reviews the overview lists.
func (t *overviewTab) Load() tea.Cmd {
	if t.data == nil {
		return nil
	}
	orgID, cycleID := t.data.Org.ID, t.data.Cycle.Cycle.ID
	return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		as, err := s.Actions(ctx, orgID, catalog.ActionFilter{})
		if err != nil {
			return nil, err
		}
		rs, err := s.Reviews(ctx, cycleID)
		return overviewListsMsg{CycleID: cycleID, Actions: as, Reviews: rs}, err
	})
}

// loadPeers compares the cycle on screen with its peer group or a benchmark set; it reads
// every organisation, so it runs on its own after the rest of the Overview is shown.
func (t *overviewTab) loadPeers() tea.Cmd {
	if t.data == nil {
		return nil
	}
	cycleID, with := t.data.Cycle.Cycle.ID, t.peerBy
	return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		sets, err := s.BenchmarkSets(ctx)
		if err != nil {
			return nil, err
		}
		m := overviewPeersMsg{CycleID: cycleID, With: with}
		for _, set := range sets {
			m.Sets = append(m.Sets, set.Name)
		}
		by, set := scoring.GroupBy(with), ""
		if name, ok := strings.CutPrefix(with, "set:"); ok {
			set = name
		}
		m.Peers, err = export.ComparePeers(ctx, s, cycleID, by, set)
		return m, err
	})
}

// openPeerPicker chooses the peer group: a grouping, or an imported benchmark set.
func (t *overviewTab) openPeerPicker() {
	T := t.c.T
	var opts []option
	for i, by := range scoring.Groupings {
		opts = append(opts, option{Key: string(rune('1' + i)), Label: T("tui.programme.group." + string(by)), Value: string(by)})
	}
	for _, name := range t.sets {
		opts = append(opts, option{Label: T("tui.overview.peers.set", termtext.Clean(name)), Value: "set:" + name})
	}
	t.c.openDialog(newPicker(t.c, T("tui.overview.peers.pick"), opts, t.peerBy, func(o option) tea.Cmd {
		t.peerBy = o.Value
		t.layout()
		return t.loadPeers()
	}))
}

func (t *overviewTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case overviewListsMsg:
		if t.data != nil && msg.CycleID == t.data.Cycle.Cycle.ID {
			t.actions, t.reviews, t.loaded = msg.Actions, msg.Reviews, msg.CycleID
			t.layout()
			if t.peersFor != msg.CycleID {
				return t.loadPeers()
			}
		}
	case overviewPeersMsg:
		t.sets = msg.Sets
		if t.data != nil && msg.CycleID == t.data.Cycle.Cycle.ID && msg.With == t.peerBy {
			p := msg.Peers
			t.peers, t.peersFor, t.peersWith = &p, msg.CycleID, msg.With
			t.layout()
		}
	case tea.KeyPressMsg:
		if t.data == nil {
			return nil
		}
		k := t.c.Keys
		if navigate(k, msg, &t.list, len(t.lines), t.h, func(i int) bool { return !t.lines[i].selectable() }) {
			return nil
		}
		if key.Matches(msg, t.peerKey) {
			t.openPeerPicker()
			return nil
		}
		l, ok := t.selected()
		switch {
		case !ok:
		case key.Matches(msg, k.Enter) && l.pick:
			t.openPeerPicker()
		case key.Matches(msg, k.Enter):
			j := *l.jump
			return func() tea.Msg { return j }
		case key.Matches(msg, t.newKey) && l.service != "":
			if t.data.Closed() {
				return statusCmd(t.c.T("tui.cycle.readonly"))
			}
			j := jumpMsg{tab: tabManage, newFor: l.service}
			return func() tea.Msg { return j }
		}
	}
	return nil
}

func (t *overviewTab) selected() (overviewLine, bool) {
	if t.list.cursor < 0 || t.list.cursor >= len(t.lines) || !t.lines[t.list.cursor].selectable() {
		return overviewLine{}, false
	}
	return t.lines[t.list.cursor], true
}

// layout prepares the lines for the data, the lists and the width; when the item under the
// cursor is gone the cursor takes the nearest item above it (a peer group chosen below k
// leaves it on the comparison's heading, with the refusal in view), else the first.
func (t *overviewTab) layout() {
	if t.data == nil || t.w == 0 {
		return
	}
	t.lines, t.split = t.build()
	if _, ok := t.selected(); !ok {
		above := t.lines[:min(max(t.list.cursor, 0), len(t.lines)-1)+1]
		t.list.cursor = -1
		for i := len(above) - 1; i >= 0; i-- {
			if above[i].selectable() {
				t.list.cursor = i
				break
			}
		}
		if t.list.cursor < 0 {
			t.list.cursor = max(slices.IndexFunc(t.lines, overviewLine.selectable), 0)
		}
	}
	t.list.clamp(len(t.lines), t.h)
}

// wideOverview is the width from which the Overview shows two columns: where the CDC stands
// (indices, services, categories) on the left, what to do (actions, review, priorities,
// peers) on the right.
const wideOverview = 160

// columnWidths splits a wide window: the left column as wide as the longest category line
// needs, leaving the right one at least 70 columns; 0 when the window is not wide.
func (t *overviewTab) columnWidths() (left, right int) {
	if t.w < wideOverview || t.data == nil || t.data.Result == nil {
		return 0, t.w
	}
	longest := 0
	for _, cp := range t.data.Result.Profile.Categories {
		longest = max(longest, textwidth.Width(cp.ID+" "+t.c.text(cp.Name)))
	}
	left = min(longest+56, t.w-3-70) // 56: the bar, the figures and the margins of a category line
	return left, t.w - left - 3
}

// build makes the lines of the Overview and says where the right column starts (0: one
// column): the cursor walks the left column, then the right one.
func (t *overviewTab) build() ([]overviewLine, int) {
	s := t.c.styles
	T, P := t.c.T, t.c.P
	r := t.data.Result
	leftW, rightW := t.columnWidths()
	t.leftW = leftW
	w := t.w
	if leftW > 0 {
		w = leftW
	}
	split := 0
	var out []overviewLine
	add := func(text string) { out = append(out, overviewLine{text: text}) }
	item := func(text string, j jumpMsg, service string) {
		out = append(out, overviewLine{text: text, jump: &j, service: service})
	}
	head := func(title string) { add(""); add(s.Title.Render(title)) }
	add(s.Bold.Render(T("tui.overview.title", termtext.Clean(t.data.Org.Name), termtext.Clean(t.data.Cycle.Cycle.Name))))
	if r == nil {
		add(s.Muted.Render(T("tui.eval.noresult")))
		return out, 0
	}
	cat, pf := r.Catalogue, r.Portfolio

	// the three indices: value, change since the previous cycle, trend, completeness
	labelW := indexLabelWidth(t.c)
	for _, ix := range scoring.Indices {
		vals := make([]*float64, len(pf.Trend))
		for i, p := range pf.Trend {
			vals[i] = ix.InTrend(p)
		}
		change := ""
		if n := len(vals); n >= 2 {
			if c := scoring.ShownChange(vals[n-2], vals[n-1]); c != nil {
				change = P.Signed(*c, 1)
			}
		}
		item("  "+s.Label.Render(textwidth.Pad(T(ix.Word()), labelW))+" "+s.Bold.Render(textwidth.PadLeft(P.Index(ix.Of(pf)), 5))+" "+
			textwidth.PadLeft(change, 5)+"  "+s.BarCurrent.Render(sparkline(vals))+"  "+indexNote(t.c, cat.Assessed, cat.InScope),
			jumpMsg{tab: tabEvaluate}, "")
	}
	verdict := T("tui.overview.verdict", P.Percent(cat.Coverage.Mandatory), len(r.Profile.Priorities))
	if len(cat.MissingMandatory) > 0 {
		verdict = s.Bad.Render(verdict)
	}
	for _, l := range textwidth.Wrap(verdict, max(w-2, 20)) {
		add("  " + l)
	}

	// serviceList lists services under a heading when there are any, each marked and opening tab.
	serviceList := func(title string, ids []string, mark string, tab int) {
		if len(ids) == 0 {
			return
		}
		head(title)
		for _, id := range ids {
			name := id
			if sv, ok := t.data.Cycle.Service(id); ok {
				name = id + "  " + t.c.text(sv.Name)
			}
			item("  "+mark+textwidth.Truncate(name, w-6), jumpMsg{tab: tab, service: id}, id)
		}
	}
	serviceList(T("tui.overview.missing"), cat.MissingMandatory, s.Bad.Render("✗ "), tabBuild)
	serviceList(T("tui.overview.notperformed"), cat.AssignedNotPerformed, s.Warn.Render("0 "), tabEvaluate)

	head(T("tui.overview.categories"))
	barW := min(max(w-50, 10), 40)
	longest := 0
	for _, cp := range r.Profile.Categories {
		longest = max(longest, textwidth.Width(cp.ID+" "+t.c.text(cp.Name)))
	}
	nameW := min(max(w-barW-16, 12), max(longest, 12))
	for _, cp := range r.Profile.Categories {
		name := cp.ID + " " + t.c.text(cp.Name)
		figures := textwidth.PadLeft(P.Mean(cp.MeanCurrent)+" / "+P.Mean(cp.MeanTarget), 9)
		j := jumpMsg{tab: tabEvaluate, category: cp.ID}
		if longest > nameW { // a name would be cut: names on their own line, the bars under them
			item("  "+textwidth.Truncate(name, w-4), j, "")
			out = append(out, overviewLine{text: "    " + profileBar(t.c, cp.MeanCurrent, cp.MeanTarget, min(w-16, 40)) + " " + figures, cont: true})
			continue
		}
		item("  "+textwidth.Pad(name, nameW)+" "+profileBar(t.c, cp.MeanCurrent, cp.MeanTarget, barW)+" "+figures, j, "")
	}

	// actionList lists the open actions that fall in one section, their due dates styled by due.
	actionList := func(title string, in func(catalog.Action) bool, due lipgloss.Style, none string) {
		head(title)
		n := 0
		for _, a := range t.actions {
			if !in(a) {
				continue
			}
			n++
			item("  "+due.Render(textwidth.Pad(a.Due, 10))+" #"+strconv.FormatInt(a.ID, 10)+" "+textwidth.Truncate(oneLine(a.Title), max(w-24, 10)),
				jumpMsg{tab: tabManage, action: a.ID}, "")
		}
		switch {
		case t.loaded != t.data.Cycle.Cycle.ID:
			add("  " + s.Muted.Render(T("tui.status.loading")))
		case n == 0:
			add("  " + s.Muted.Render(none))
		}
	}
	if leftW > 0 { // the right column: its first heading at the top, without the blank line
		split, w = len(out), rightW
		head = func(title string) {
			if len(out) > split {
				add("")
			}
			add(s.Title.Render(title))
		}
	}
	today := P.Date(t.c.Now())
	actionList(T("tui.overview.overdue"), func(a catalog.Action) bool { return a.Overdue(today) }, s.Bad, T("tui.overview.nooverdue"))
	horizon := P.Date(t.c.Now().AddDate(0, 0, dueSoonDays))
	actionList(T("tui.overview.duesoon", dueSoonDays), func(a catalog.Action) bool { return a.DueSoon(today, horizon) }, s.Warn,
		T("tui.overview.noduesoon", dueSoonDays))

	head(T("tui.overview.review"))
	if len(t.reviews) == 0 {
		add("  " + s.Muted.Render(T("tui.overview.noreview")))
	} else {
		last := t.reviews[len(t.reviews)-1]
		// on two lines: the notes are what a review says
		lines := textwidth.Wrap(oneLine(last.HeldOn+"  "+last.Kind+" · "+last.Notes), max(w-4, 10))
		item("  "+strings.Join(lines[:min(len(lines), 1)], ""), jumpMsg{tab: tabManage}, "")
		if len(lines) > 1 {
			more := lines[1]
			if len(lines) > 2 {
				more += " " + lines[2] // cut with an ellipsis
			}
			out = append(out, overviewLine{text: "  " + textwidth.Truncate(more, max(w-4, 10)), cont: true})
		}
	}

	head(T("tui.overview.priorities"))
	if len(r.Profile.Priorities) == 0 {
		add("  " + s.Muted.Render(T("tui.eval.nopriorities")))
	}
	pn := min(max(w-40, 12), 48)
	for i, pr := range r.Profile.Priorities {
		if i == topPriorities {
			break
		}
		item("  "+textwidth.Pad(pr.ID, 5)+" "+textwidth.Pad(t.c.text(pr.Name), pn)+" "+
			s.Muted.Render(T("tui.eval.priority.row", pr.Current, pr.Target, pr.Gap, P.Decimal(pr.Priority, 0))), jumpMsg{tab: tabEvaluate, service: pr.ID}, pr.ID)
	}
	out = append(out, t.peerLines(w)...)
	add("")
	add(s.Muted.Render(textwidth.Truncate(T("tui.overview.hint"), w)))
	return out, split
}

func (t *overviewTab) View() string {
	if t.data == nil {
		return ""
	}
	if t.split > 0 {
		return t.twoColumns()
	}
	from, to := t.list.window(len(t.lines), t.h)
	if c := t.list.cursor; c == to-1 && to < len(t.lines) && t.lines[to].cont {
		from, to = from+1, to+1 // the item's second line comes into view with it
	}
	if !slices.ContainsFunc(t.lines[min(t.list.cursor+1, len(t.lines)):], overviewLine.selectable) {
		// Nothing below can take the cursor (the peer group's sentences, the hint): bring it
		// into view as far as the cursor stays on screen, or it could never be read.
		shift := max(min(len(t.lines)-to, t.list.cursor-from), 0)
		from, to = from+shift, to+shift
	}
	if c := max(t.list.cursor, 0); !slices.ContainsFunc(t.lines[:min(c, len(t.lines))], overviewLine.selectable) && from > 0 {
		// Nothing above can take the cursor (the heading): back at the first item, the top shows.
		shift := min(from, to-1-c)
		from, to = from-shift, to-shift
	}
	var b strings.Builder
	for i := from; i < to; i++ {
		b.WriteString(t.lineText(i) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// lineText is line i as drawn, the cursor marked.
func (t *overviewTab) lineText(i int) string {
	l := t.lines[i].text
	if i == t.list.cursor && t.lines[i].selectable() {
		l = t.c.styles.Key.Render("›") + l[1:]
	}
	return l
}

// twoColumns draws the left lines beside the right ones; a column longer than the window
// scrolls to keep the cursor in view, the other stays at its top.
func (t *overviewTab) twoColumns() string {
	window := func(from, to int) (int, int) {
		h := max(t.h, 1)
		if to-from <= h {
			return from, to
		}
		start := from
		if c := t.list.cursor; c >= from && c < to {
			start = min(max(from, c-h+2), to-h) // the cursor's line and the one under it
		}
		return start, start + h
	}
	lf, lt := window(0, t.split)
	rf, rt := window(t.split, len(t.lines))
	var b strings.Builder
	for row := range max(lt-lf, rt-rf) {
		left := ""
		if i := lf + row; i < lt {
			left = t.lineText(i)
		}
		line := textwidth.Pad(left, t.leftW) + "   "
		if i := rf + row; i < rt {
			line += t.lineText(i)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (t *overviewTab) mode() viewMode { return modeNormal }

// own are the keys that work on the line under the cursor.
func (t *overviewTab) own() []key.Binding {
	var b []key.Binding
	if l, ok := t.selected(); ok {
		b = append(b, t.c.Keys.Enter)
		if l.service != "" && t.data != nil && !t.data.Closed() {
			b = append(b, t.newKey)
		}
	}
	return append(b, t.peerKey)
}

func (t *overviewTab) Help() []key.Binding {
	k := t.c.Keys
	return append([]key.Binding{k.Up, k.Down}, t.own()...)
}

func (t *overviewTab) FullHelp() [][]key.Binding {
	return [][]key.Binding{t.own(), t.c.Keys.Navigation()}
}

// peerLines are the peer comparison: what it is made against, why nothing is shown below k,
// or per index and category the organisation against the group's median and quartiles.
func (t *overviewTab) peerLines(w int) []overviewLine {
	s := t.c.styles
	T, P := t.c.T, t.c.P
	var out []overviewLine
	add := func(text string) { out = append(out, overviewLine{text: text}) }
	add("")
	out = append(out, overviewLine{text: "  " + s.Title.Render(T("tui.overview.peers")) + s.Muted.Render("  "+T("tui.overview.peers.hint")), pick: true})
	if t.peers == nil || t.peersFor != t.data.Cycle.Cycle.ID || t.peersWith != t.peerBy {
		add("  " + s.Muted.Render(T("tui.status.loading")))
		return out
	}
	p := *t.peers
	for _, sentence := range export.PeerSentences(t.c.P, p) {
		for _, l := range textwidth.Wrap(termtext.Clean(sentence), max(w-4, 20)) {
			add("  " + s.Muted.Render(l))
		}
	}
	if p.Status != scoring.PeersShown {
		return out
	}
	nameW := min(max(w-60, 16), 48)
	add("  " + s.TableHeader.Render(textwidth.Pad(T("report.peers.col.figure"), nameW)+" "+textwidth.PadLeft(T("tui.overview.peers.value"), 7)+" "+
		textwidth.PadLeft(T("report.peers.col.median"), 7)+" "+textwidth.PadLeft(T("tui.overview.peers.quartiles"), 13)+" "+
		textwidth.PadLeft(T("tui.overview.peers.rank"), 6)+"  "+T("report.peers.col.position")))
	catName := func(id string) string {
		for _, c := range t.data.Cycle.Pack.Categories {
			if c.ID == id {
				return id + " " + t.c.text(c.Name)
			}
		}
		return id
	}
	for _, l := range p.Lines {
		name := textwidth.Pad(textwidth.Truncate(export.PeerFigureName(t.c.P, l, catName), nameW), nameW)
		val := P.Unknown()
		if l.Value != nil {
			val = P.Decimal(*l.Value, scoring.PeerDecimals)
		}
		j := jumpMsg{tab: tabEvaluate, category: l.Category}
		item := func(text string) { out = append(out, overviewLine{text: text, jump: &j}) }
		if l.Group == nil {
			item("  " + name + " " + textwidth.PadLeft(val, 7) + "  " + s.Muted.Render(T("report.peers.note.few", scoring.K)))
			continue
		}
		d := l.Group.Dist
		rank := P.Unknown() // a benchmark set holds no values to rank against
		if l.Group.PercentileRank != nil {
			rank = P.Decimal(*l.Group.PercentileRank, scoring.PercentileRankDecimals)
		}
		pos := export.PeerPositionName(t.c.P, l.Position())
		switch l.Position() {
		case scoring.BelowQ1:
			pos = s.Bad.Render(pos)
		case scoring.AboveQ3:
			pos = s.Good.Render(pos)
		}
		item("  " + name + " " + textwidth.PadLeft(val, 7) + " " + textwidth.PadLeft(P.Decimal(d.Median, scoring.PeerDecimals), 7) + " " +
			textwidth.PadLeft(P.Decimal(d.Q1, scoring.PeerDecimals)+"–"+P.Decimal(d.Q3, scoring.PeerDecimals), 13) + " " + textwidth.PadLeft(rank, 6) + "  " + pos)
	}
	return out
}
