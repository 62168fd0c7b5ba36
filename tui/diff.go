package tui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/difftext"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
)

// The diff view (`=` in a workspace) compares the cycle on screen with a base: the previous
// cycle by default, another cycle of the organisation, or a cycle of another organisation.
// The figures are scoring.CompareCycles', as `cdc diff` prints them.

// diffReadyMsg carries a diff to show, with the cycles of the organisation on screen.
type diffReadyMsg struct {
	This, Base *catalog.CycleData
	Cycles     []catalog.Cycle
	Diff       scoring.Diff
}

// diffMessage shows a diff that arrived (in the open diff view, else in a new one) and
// answers the choice of another organisation; it reports whether msg was one of these.
func diffMessage(c *common, msg tea.Msg) bool {
	switch msg := msg.(type) {
	case diffReadyMsg:
		if v, ok := c.dialogs.top().(*diffView); ok {
			v.msg = msg
			v.scroll.Top()
			v.SetSize(v.w, v.h)
		} else {
			c.openDialog(newDiffView(c, msg))
		}
		return true
	case diffOrgCyclesMsg:
		msg.View.pickOrgCycle(msg)
		return true
	case diffOrgMatchesMsg:
		msg.View.pickOrg(msg)
		return true
	}
	return false
}

// diffKey opens the diff view, and inside it the choice of another base.
func diffKey(c *common) key.Binding { return c.Keys.Bind([]string{"="}, "=", "tui.diff.key") }

// loadDiff reads the base cycle and compares the cycle on screen with it.
func loadDiff(c *common, this *catalog.CycleData, cycles []catalog.Cycle, baseID int64) tea.Cmd {
	return c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		base, err := s.CycleData(ctx, baseID)
		if err != nil {
			return nil, err
		}
		return diffReadyMsg{This: this, Base: base, Cycles: cycles, Diff: scoring.CompareCycles(base, this)}, nil
	})
}

// openDiff compares the cycle on screen with the one before it.
func openDiff(c *common, d *orgData) tea.Cmd {
	i := d.CycleIndex()
	if i <= 0 {
		return statusCmd(c.T("tui.diff.noprevious"))
	}
	return loadDiff(c, d.Cycle, d.Cycles, d.Cycles[i-1].ID)
}

// diffView is the diff as a scrolling overlay; = chooses another base.
type diffView struct {
	c      *common
	msg    diffReadyMsg
	scroll scroller
	w, h   int
	key    key.Binding
}

func newDiffView(c *common, m diffReadyMsg) *diffView {
	return &diffView{c: c, msg: m, scroll: newScroller(), key: diffKey(c)}
}

func (v *diffView) inner() int { return max(v.w-4, 20) }

func (v *diffView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.scroll.SetSize(v.inner(), max(h-6, 1))
	v.scroll.SetLines(v.lines())
}

func (v *diffView) Update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	switch {
	case key.Matches(k, v.c.Keys.Back):
		return true, nil
	case key.Matches(k, v.key):
		v.openBasePicker()
		return false, nil
	}
	v.scroll.Key(v.c.Keys, k)
	return false, nil
}

// openBasePicker offers the organisation's other cycles and "another organisation…".
func (v *diffView) openBasePicker() {
	T := v.c.T
	this := v.msg.This
	cycles := v.msg.Cycles
	var opts []option
	n := 0
	for i := len(cycles) - 1; i >= 0; i-- {
		cy := cycles[i]
		if cy.ID == this.Cycle.ID {
			continue
		}
		k := ""
		if n < 9 {
			k = string(rune('1' + n))
		}
		n++
		opts = append(opts, option{Key: k, Label: termtext.Clean(cy.Name), Value: cycleValue(cy.ID)})
	}
	opts = append(opts, option{Key: "o", Label: T("tui.diff.otherorg"), Value: "org"})
	cur := cycleValue(v.msg.Base.Cycle.ID)
	v.c.openDialog(newPicker(v.c, T("tui.diff.pick"), opts, cur, func(o option) tea.Cmd {
		if o.Value == "org" {
			v.openOrgForm()
			return nil
		}
		return v.rebase(parseCycleValue(o.Value))
	}))
}

// openOrgForm asks for another organisation by name, then for one of its cycles.
func (v *diffView) openOrgForm() {
	T := v.c.T
	v.c.openDialog(newForm(v.c, T("tui.diff.otherorg"), func(f *form) tea.Cmd {
		name, self := f.Value("org"), v.msg.This.Org.ID
		return v.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			o, err := s.FindOrg(ctx, name)
			if errors.As(err, new(*catalog.NotFoundError)) {
				// Not one name: offer the organisations whose names hold what was typed.
				orgs, err := s.Orgs(ctx)
				m := diffOrgMatchesMsg{Query: name, View: v}
				for _, x := range orgs {
					if x.ID != self && strings.Contains(strings.ToLower(x.Name), strings.ToLower(strings.TrimSpace(name))) {
						m.Matches = append(m.Matches, x.Organisation)
					}
				}
				return m, err
			}
			if err != nil {
				return nil, err
			}
			cs, err := s.Cycles(ctx, o.ID)
			return diffOrgCyclesMsg{Org: o, Cycles: cs, View: v}, err
		})
	}, field{Key: "org", Label: T("tui.org.name")}))
}

// diffOrgMatchesMsg carries the organisations whose names hold what was typed, when no
// organisation has that name.
type diffOrgMatchesMsg struct {
	Query   string
	Matches []catalog.Organisation
	View    *diffView
}

// pickOrg offers the organisations that match a typed name, or says that none does.
func (v *diffView) pickOrg(m diffOrgMatchesMsg) {
	T := v.c.T
	if len(m.Matches) == 0 {
		v.c.openDialog(newTextBox(v.c, T("tui.diff.otherorg"), T("tui.diff.noorg", termtext.Clean(m.Query))))
		return
	}
	var opts []option
	for i, o := range m.Matches {
		k := ""
		if i < 9 {
			k = string(rune('1' + i))
		}
		opts = append(opts, option{Key: k, Label: termtext.Clean(o.Name), Value: strconv.FormatInt(o.ID, 10)})
	}
	v.c.openDialog(newPicker(v.c, T("tui.diff.pickorg", termtext.Clean(m.Query)), opts, "", func(o option) tea.Cmd {
		id, _ := strconv.ParseInt(o.Value, 10, 64) // an organisation's ID, written by the option above
		return v.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			org, err := s.Org(ctx, id)
			if err != nil {
				return nil, err
			}
			cs, err := s.Cycles(ctx, id)
			return diffOrgCyclesMsg{Org: org, Cycles: cs, View: v}, err
		})
	}))
}

// diffOrgCyclesMsg carries another organisation's cycles to choose a base from.
type diffOrgCyclesMsg struct {
	Org    catalog.Organisation
	Cycles []catalog.Cycle
	View   *diffView
}

// pickOrgCycle offers another organisation's cycles, newest first.
func (v *diffView) pickOrgCycle(m diffOrgCyclesMsg) {
	var opts []option
	for i := len(m.Cycles) - 1; i >= 0; i-- {
		k := ""
		if j := len(m.Cycles) - 1 - i; j < 9 {
			k = string(rune('1' + j))
		}
		opts = append(opts, option{Key: k, Label: termtext.Clean(m.Cycles[i].Name), Value: cycleValue(m.Cycles[i].ID)})
	}
	if len(opts) == 0 {
		v.c.openDialog(newTextBox(v.c, termtext.Clean(m.Org.Name), v.c.T("tui.diff.nocycles")))
		return
	}
	v.c.openDialog(newPicker(v.c, v.c.T("tui.diff.pickof", termtext.Clean(m.Org.Name)), opts, "", func(o option) tea.Cmd {
		return v.rebase(parseCycleValue(o.Value))
	}))
}

// rebase compares with another base; the answer replaces what this view shows.
func (v *diffView) rebase(baseID int64) tea.Cmd {
	return loadDiff(v.c, v.msg.This, v.msg.Cycles, baseID)
}

func cycleValue(id int64) string { return strconv.FormatInt(id, 10) }

func parseCycleValue(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func (v *diffView) View() (string, *tea.Cursor) {
	s := v.c.styles
	inner := v.inner()
	foot := s.Muted.Render(textwidth.Truncate(v.c.T("tui.diff.hint"), inner))
	if pos := v.scroll.Position(); pos != "" {
		foot = joinLR(foot, s.Muted.Render(pos), inner)
	}
	title := s.Title.Render(textwidth.Pad(textwidth.Truncate(v.c.T("programme.diff.title"), inner), inner))
	body := title + "\n" + v.scroll.View() + "\n" + foot
	return s.Dialog.Width(inner + 4).Render(strings.TrimRight(body, "\n")), nil
}

func (v *diffView) Help() []key.Binding {
	k := v.c.Keys
	return []key.Binding{k.Up, k.Down, k.PgDown, v.key, k.Back}
}

// lines are the diff in words: the two cycles, the indices, the categories, the services.
func (v *diffView) lines() []string {
	s := v.c.styles
	T, P := v.c.T, v.c.P
	d := v.msg.Diff
	w := v.inner()
	var out []string
	add := func(l ...string) { out = append(out, l...) }
	wrap := func(text string) {
		for _, l := range textwidth.Wrap(text, w) {
			add(l)
		}
	}
	side := func(x scoring.DiffSide) string {
		return termtext.Clean(x.Organisation.Name) + " / " + termtext.Clean(x.Cycle.Name)
	}
	wrap(T("programme.diff.this", side(d.B), P.Completeness(d.B.Assessed, d.B.InScope)))
	wrap(T("programme.diff.base", side(d.A), P.Completeness(d.A.Assessed, d.A.InScope)))
	prov := func(x scoring.DiffSide) string {
		if scoring.Provisional(x.Assessed, x.InScope) {
			return " " + s.Warn.Render(P.Provisional())
		}
		return ""
	}

	add("", s.Bold.Render(T("programme.diff.indices")))
	labelW := indexLabelWidth(v.c)
	bw := max(8, textwidth.Width(T("programme.diff.col_base")))
	tw := max(8, textwidth.Width(T("programme.diff.col_this")))
	add(s.TableHeader.Render("  " + textwidth.Pad("", labelW) + " " + textwidth.PadLeft(T("programme.diff.col_base"), bw) + " " +
		textwidth.PadLeft(T("programme.diff.col_this"), tw) + " " + textwidth.PadLeft(T("programme.col.change"), 6)))
	for _, ix := range d.Indices {
		add("  " + textwidth.Pad(v.c.T(ix.Index.Word()), labelW) + " " + textwidth.PadLeft(P.Index(ix.A), bw) + " " +
			textwidth.PadLeft(P.Index(ix.B), tw) + " " + textwidth.PadLeft(signed(v.c, ix.Change), 6) + prov(d.B))
	}

	add("", s.Bold.Render(T("programme.diff.categories")))
	nameW := min(max(w-44, 12), 60)
	add(s.TableHeader.Render("  " + textwidth.Pad(T("programme.diff.col_category"), nameW) + " " +
		textwidth.PadLeft(T("programme.diff.col_current"), 13) + " " + textwidth.PadLeft(T("programme.col.change"), 5) + " " +
		textwidth.PadLeft(T("programme.diff.col_target"), 13) + " " + textwidth.PadLeft(T("programme.col.change"), 5)))
	for _, c := range d.Categories {
		add("  " + textwidth.Pad(textwidth.Truncate(c.ID+" "+v.c.text(c.Name), nameW), nameW) + " " +
			textwidth.PadLeft(P.Mean(c.A.Current())+" → "+P.Mean(c.B.Current()), 13) + " " + textwidth.PadLeft(signed(v.c, c.MeanCurrentChange), 5) + " " +
			textwidth.PadLeft(P.Mean(c.A.Target())+" → "+P.Mean(c.B.Target()), 13) + " " + textwidth.PadLeft(signed(v.c, c.MeanTargetChange), 5))
	}

	add("", s.Bold.Render(v.c.N("programme.diff.services", len(d.Services), P.Count(len(d.Services)))))
	if len(d.Services) == 0 {
		add("  " + T("programme.diff.no_services"))
	}
	wide := w >= 140 // a wide screen gives each service one line
	for _, sv := range d.Services {
		if wide && sv.A != nil && sv.B != nil {
			change := ""
			if c := sv.CurrentChange; c != nil && *c != 0 {
				change = P.Signed(float64(*c), 0)
				if *c > 0 {
					change = s.Good.Render(textwidth.PadLeft(change, 3))
				} else {
					change = s.Bad.Render(textwidth.PadLeft(change, 3))
				}
			}
			var fields []string
			for _, f := range sv.Changed {
				fields = append(fields, difftext.FieldName(P, f)+" "+diffValue(P, v.msg.Base.Pack, f, *sv.A)+" → "+diffValue(P, v.msg.This.Pack, f, *sv.B))
			}
			add(textwidth.Truncate("  "+textwidth.Pad(textwidth.Truncate(sv.ID+"  "+v.c.text(sv.Name), 56), 56)+" "+textwidth.PadLeft(change, 3)+"  "+strings.Join(fields, " · "), w))
			continue
		}
		add("  " + difftext.Heading(P, sv, v.c.text(sv.Name), w-2, s.Good.Render, s.Bad.Render))
		if note, ok := difftext.OneSide(P, sv); ok {
			add("      " + s.Dim.Render(note))
			continue
		}
		fieldW := 0
		for _, f := range sv.Changed {
			fieldW = max(fieldW, textwidth.Width(difftext.FieldName(P, f)))
		}
		for _, f := range sv.Changed {
			add(textwidth.Truncate("      "+textwidth.Pad(difftext.FieldName(P, f), fieldW)+"  "+
				diffValue(P, v.msg.Base.Pack, f, *sv.A)+" → "+diffValue(P, v.msg.This.Pack, f, *sv.B), w))
		}
	}
	add("")
	wrap(v.c.N("programme.diff.same", d.Same, P.Count(d.Same)))
	return out
}

func signed(c *common, v *float64) string {
	if v == nil {
		return ""
	}
	return c.P.Signed(*v, 1)
}

// diffValue is one side's value of a field, cleaned for the screen.
func diffValue(p vocab.Printer, pack *catalog.Pack, f string, s scoring.DiffState) string {
	return termtext.Clean(difftext.Value(p, pack, f, s))
}
