package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// checkin is the Report tab's check-in of an organisation file exported from another
// database (cdc import FILE.json --merge): a path, then a preview naming the organisation by
// name and UUID with what the file adds and every field it takes or meets in conflict (marked
// !). A plan without conflicts is applied with y or enter; one with conflicts only by s (apply
// the unmarked) or o (overwrite the marked), each behind a second question.
type checkin struct {
	c    *common
	data *orgData

	on         bool // the check-in is on screen
	plan       *export.ImportPlan
	problems   []string // a refused file: what was refused, then every problem
	result     string   // the outcome of an applied check-in
	lines      []string
	preview    scroller
	w, h       int
	applying   bool
	applied    int // what the plan being applied writes
	applyError string
}

// Messages of the check-in.
type (
	checkinPlanMsg struct {
		path string
		plan *export.ImportPlan
		err  error
	}
	checkinAppliedMsg struct{ plan *export.ImportPlan }
)

const checkinSave = "report.checkin"

// checkinKey opens the check-in from the Report tab's menu.
var checkinKey = []string{"c"}

func (ci *checkin) active() bool { return ci.on }

// open asks for the file to check in.
func (ci *checkin) open(c *common, d *orgData, w, h int) {
	if ci.c == nil {
		ci.preview = newWrappingScroller()
	}
	ci.c, ci.data, ci.w, ci.h = c, d, w, h
	T := c.T
	path := field{Key: "path", Label: T("tui.report.path"), Placeholder: T("tui.checkin.path.ph"), Check: func(v string) string {
		if v == "" {
			return T("tui.report.path.empty")
		}
		return ""
	}}
	c.openDialog(newForm(c, T("tui.checkin.title", termtext.Clean(d.Org.Name)), ci.submit, path))
}

func (ci *checkin) submit(f *form) tea.Cmd {
	path := expandHome(f.Value("path"))
	if ci.c.Files != "" {
		path = filepath.Join(ci.c.Files, filepath.Base(f.Value("path")))
	}
	lang := ci.c.Lang
	ci.on, ci.plan, ci.problems, ci.result, ci.lines = true, nil, nil, "", nil
	return ci.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		plan, err := export.PlanImport(ctx, s, path, export.ImportOptions{Password: os.Getenv(export.PasswordEnv), Lang: lang, Merge: true})
		return checkinPlanMsg{path: path, plan: plan, err: err}, nil
	})
}

// update handles the check-in's messages and, while it is on screen, every key; handled
// false leaves the message to the Report tab.
func (ci *checkin) update(d *orgData, msg tea.Msg) (bool, tea.Cmd) {
	ci.data = d
	switch msg := msg.(type) {
	case checkinPlanMsg:
		ci.on = true
		if msg.err != nil {
			ci.problems = ci.c.planProblems(msg.path, msg.err)
		} else {
			ci.plan, ci.applyError = msg.plan, ""
		}
		ci.layout()
		ci.preview.Top()
		return true, nil
	case checkinAppliedMsg:
		p := msg.plan
		ci.plan, ci.applying = nil, false
		ci.result = ci.c.T("tui.checkin.done", ci.c.N("tui.nchanges", ci.applied), termtext.Clean(p.Organisation.Name), termtext.Clean(p.Source()))
		if n := p.Merge.Blocked(); n > 0 {
			ci.result += " " + ci.c.N("cli.import.merge_blocked", n, n)
		}
		ci.layout()
		return true, func() tea.Msg { return reloadMsg{} }
	case savedMsg:
		if msg.Tag == checkinSave {
			ci.applying = false
			if msg.Err != nil {
				ci.applyError = ci.c.errText(msg.Err)
			}
			return true, nil
		}
	case tea.KeyPressMsg:
		if ci.on {
			return true, ci.key(msg)
		}
	}
	return false, nil
}

func (ci *checkin) key(msg tea.KeyPressMsg) tea.Cmd {
	k := ci.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		if ci.applying {
			return nil
		}
		cancelled := ci.plan != nil && !ci.plan.Empty()
		ci.close()
		if cancelled {
			return func() tea.Msg { return statusMsg{Text: ci.c.T("tui.checkin.cancelled")} }
		}
	case ci.preview.Key(k, msg):
	case ci.plan == nil || ci.applying:
		if ci.result != "" && key.Matches(msg, k.Enter) {
			ci.close()
		}
	default:
		return ci.c.planKey(msg, ci.plan, ci.close, ci.apply, ci.ask)
	}
	return nil
}

func (ci *checkin) close() {
	ci.on, ci.plan, ci.problems, ci.result, ci.lines, ci.applyError = false, nil, nil, "", nil, ""
}

// ask asks a second time before a plan with conflicts is applied.
func (ci *checkin) ask(overwrite bool) {
	ci.c.askConflictPolicy(ci.plan, overwrite, func(policy export.ConflictPolicy, n int, changes string) string {
		if policy == export.OverwriteConflicts {
			return ci.c.N("tui.checkin.confirm.overwrite", n, n, changes)
		}
		return ci.c.N("tui.checkin.confirm.skip", n, changes, n)
	}, func() *export.ImportPlan { return ci.plan }, ci.apply)
}

func (ci *checkin) apply(policy export.ConflictPolicy) tea.Cmd {
	p := ci.plan
	ci.applying, ci.applyError = true, ""
	ci.applied = p.Applying(policy)
	return ci.c.applyPlan(checkinSave, p, policy, checkinAppliedMsg{plan: p})
}

func (ci *checkin) setSize(w, h int) {
	ci.w, ci.h = w, h
	ci.layout()
}

// layout prepares the preview lines for the width and sizes the scroller under the heading.
func (ci *checkin) layout() {
	if ci.c == nil {
		return
	}
	switch {
	case ci.problems != nil:
		ci.lines = wrapProblems(ci.problems[1:], ci.w)
	case ci.plan != nil:
		ci.lines = ci.planLines(ci.plan)
	case ci.result != "":
		ci.lines = textwidth.Wrap(ci.result, max(ci.w-2, 10))
	}
	ci.preview.SetSize(ci.w, max(ci.h-len(ci.head())-2, 1))
	ci.preview.SetLines(ci.lines)
}

// head is what stands above the scrolled lines.
func (ci *checkin) head() []string {
	if ci.problems != nil {
		return textwidth.Wrap(termtext.Clean(ci.problems[0]), max(ci.w, 10))
	}
	return []string{ci.c.T("tui.checkin.heading")}
}

// value shows a field's value in the interface language: the toolkit's own words (an
// assignment, a level, a scope, no score) in words, free text as written, safe to print.
func (ci *checkin) value(f catalog.MergeField, v string) string {
	var pack *catalog.Pack
	if ci.data != nil && ci.data.Cycle != nil {
		pack = ci.data.Cycle.Pack
	}
	if v == "" {
		return ci.c.P.Unknown()
	}
	return oneLine(termtext.Clean(ci.c.changeValue(pack, f.Field, v)))
}

// planLines lists the check-in: the organisation by name and UUID, the counts, then every
// field the file changes, conflicts marked !.
func (ci *checkin) planLines(p *export.ImportPlan) []string {
	s := ci.c.styles
	c := ci.c
	mp := p.Merge
	lines := []string{
		s.Bold.Render(c.T("tui.checkin.file", termtext.Clean(filepath.Base(p.File)))),
		c.T("tui.checkin.org", termtext.Clean(mp.Organisation.Name), termtext.Clean(mp.Organisation.UUID)),
	}
	if p.FileOrganisation != "" && p.FileOrganisation != mp.Organisation.Name {
		lines = append(lines, s.Muted.Render(c.T("tui.checkin.renamed", termtext.Clean(p.FileOrganisation))))
	}
	wrapped := func(text string) {
		for _, l := range textwidth.Wrap(text, max(ci.w-2, 20)) {
			lines = append(lines, "  "+l)
		}
	}
	for _, l := range export.MergeSummary(c.P, mp) {
		wrapped(termtext.Clean(l))
	}
	for _, l := range export.MergeWarnings(c.P, mp) {
		for _, w := range textwidth.Wrap(termtext.Clean(l), max(ci.w-2, 20)) {
			lines = append(lines, "  "+s.Warn.Render(w))
		}
	}
	if p.Empty() && mp.Blocked() == 0 {
		lines = append(lines, "", s.Muted.Render(c.T("tui.checkin.empty")))
		return lines
	}
	if n := mp.Conflicts(); n > 0 {
		lines = append(lines, "", s.Warn.Render(c.N("tui.checkin.conflicts", n)))
	}
	for _, nc := range mp.NewCycles {
		lines = append(lines, "  "+s.Good.Render("+ ")+termtext.Clean(export.NewCycleLine(c.P, nc)))
	}
	for _, title := range mp.NewActions {
		lines = append(lines, "  "+s.Good.Render("+ ")+c.T("tui.checkin.newaction", oneLine(termtext.Clean(title))))
	}
	fw := 0
	for _, f := range mp.Fields {
		fw = max(fw, textwidth.Width(c.fieldName(f.Field)))
	}
	cycle := ""
	for _, f := range mp.Fields {
		if !f.Blocked() && (f.Closed || !(f.Take || f.Conflict)) {
			continue
		}
		if f.Cycle != cycle {
			cycle = f.Cycle
			lines = append(lines, "", s.Category.Render(c.T("tui.checkin.cycle", termtext.Clean(f.Cycle))))
		}
		mark := s.Good.Render("+ ")
		extra := ""
		switch {
		case f.Blocked():
			mark = s.Warn.Render("× ")
			extra = "  " + s.Muted.Render(c.T("tui.checkin.closedmark"))
		case f.Conflict:
			mark = s.Warn.Render("! ")
			extra = "  " + s.Muted.Render(c.T("tui.checkin.before", ci.value(f, f.Base)))
		}
		lines = append(lines, "  "+mark+textwidth.Pad(termtext.Clean(f.Service), 6)+" "+s.Label.Render(textwidth.Pad(c.fieldName(f.Field), fw))+" "+
			s.Bad.Render(ci.value(f, f.DB))+" → "+s.Good.Render(ci.value(f, f.File))+extra)
	}
	return lines
}

func (ci *checkin) view() string {
	s := ci.c.styles
	var b strings.Builder
	for _, l := range ci.head() {
		st := s.Title
		if ci.problems != nil {
			st = s.StatusErr
		}
		b.WriteString(st.Render(l) + "\n")
	}
	b.WriteString("\n" + ci.preview.View() + "\n")
	var foot string
	switch {
	case ci.problems != nil:
		foot = ci.c.T("tui.report.problems.foot")
	case ci.applying:
		foot = ci.c.T("tui.status.saving")
	case ci.applyError != "":
		foot = s.StatusErr.Render(ci.c.T("tui.report.apply.failed", termtext.Clean(ci.applyError)))
	case ci.result != "" || ci.plan == nil:
		foot = ci.c.T("tui.report.preview.nothing")
	case ci.plan.Empty():
		foot = ci.c.T("tui.report.preview.nothing")
	case ci.plan.Conflicts() > 0:
		foot = ci.c.T("tui.checkin.conflictfoot")
	default:
		foot = ci.c.T("tui.checkin.foot")
	}
	b.WriteString(joinLR(s.Muted.Render(foot), s.Muted.Render(ci.preview.Position()), ci.w))
	return b.String()
}

func (ci *checkin) help() []key.Binding {
	k := ci.c.Keys
	switch {
	case ci.plan != nil && ci.plan.Conflicts() > 0:
		return []key.Binding{k.Bind([]string{"s"}, "s", "tui.checkin.key.skip"), k.Bind([]string{"o"}, "o", "tui.checkin.key.overwrite"), k.Up, k.Down, k.Cancel}
	case ci.plan != nil && !ci.plan.Empty():
		return []key.Binding{k.Bind([]string{"y"}, "y/enter", "tui.checkin.key.apply"), k.Up, k.Down, k.Cancel}
	}
	return []key.Binding{k.Up, k.Down, k.Back}
}

// menuBinding is the Report menu's key to the check-in.
func (ci *checkin) menuBinding(c *common) key.Binding {
	return c.Keys.Bind(checkinKey, "c", "tui.checkin.key.open")
}

// importHint is the TUI's way past an import refusal, where there is one: never a flag.
func (c *common) importHint(code string) string {
	switch code {
	case export.CodeEncrypted:
		return c.T("tui.import.hint.encrypted")
	case export.CodeOrgHere:
		return c.T("tui.import.hint.org_here", checkinKey[0])
	case export.CodeOrgNotHere:
		return c.T("tui.import.hint.org_not_here", c.T(fmt.Sprintf("tui.report.item.%d", itemImport)))
	case export.CodeNameHere:
		return c.T("tui.import.hint.name_here", c.Keys.Rename.Help().Key)
	case export.CodeCycleNameHere:
		return c.T("tui.import.hint.cycle_name")
	case export.CodeOrgOther:
		return c.T("tui.import.hint.org_other", c.Keys.Rename.Help().Key, c.T(fmt.Sprintf("tui.report.item.%d", itemImport)))
	}
	return ""
}

// problemText is one problem of a refused file, in the interface language, safe to print.
func (c *common) problemText(p export.Problem) string {
	s := p.In(c.P)
	if h := c.importHint(p.Code); h != "" {
		s = c.T("import.with_hint", s, h)
	}
	return termtext.Clean(s)
}

// importErrText words an import's conflicts, a stale plan or a refused file in the
// interface language; ok is false for other errors.
func (c *common) importErrText(err error) (string, bool) {
	s, ok := export.ErrorText(c.P, err, c.importHint)
	return termtext.Clean(s), ok
}

// wrapProblems wraps each problem of a refused file to width w, continuation lines indented,
// so that no message is cut off at the edge.
func wrapProblems(problems []string, w int) []string {
	var lines []string
	for _, p := range problems {
		for i, l := range textwidth.Wrap(termtext.Clean(p), max(w-2, 10)) {
			if i > 0 {
				l = "  " + l
			}
			lines = append(lines, l)
		}
	}
	return lines
}
