package tui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// buildDetail is the detail view of one service: description, settings and change history.
type buildDetail struct {
	id      string
	changes []catalog.Change
	loaded  bool
	scroll  scroller
}

// historyMsg carries a service's change history.
type historyMsg struct {
	ID      string
	Changes []catalog.Change
}

func newBuildDetail(id string) *buildDetail { return &buildDetail{id: id, scroll: newScroller()} }

// refresh lays the detail out again after new data, history or size.
func (d *buildDetail) refresh(t *buildTab) {
	d.scroll.SetSize(t.w, t.h)
	d.scroll.SetLines(d.lines(t))
}

func (d *buildDetail) lines(t *buildTab) []string {
	s := t.c.styles
	T := t.c.T
	lang := t.c.Lang
	w := t.w
	sv, ok := t.data.Cycle.Service(d.id)
	if !ok {
		return []string{s.Muted.Render(T("tui.build.detail.gone", d.id))}
	}
	p := t.data.Cycle.Pack
	cat, _ := p.Category(sv.Category)
	var lines []string
	name := t.c.text(sv.Name)
	if sv.WorkingName() {
		name += " " + T("catalog.mark.working")
	}
	lines = append(lines, s.Title.Render(sv.ID+"  "+name)+"  "+s.Muted.Render(cat.ID+" "+t.c.text(cat.Name)))
	if sv.WorkingName() {
		lines = append(lines, s.Muted.Render(T("catalog.mark.working")+" "+T("catalog.mark.legend")))
	}
	lines = append(lines, "")
	lines = append(lines, textwidth.Wrap(termtext.CleanMultiline(sv.Description.In(lang)), min(w-2, 100))...)
	lines = append(lines, "")
	const labelW = 14
	// kv wraps a value under its label, so nothing the view exists to show is cut.
	kv := func(k, v string) {
		for i, l := range textwidth.Wrap(v, max(w-labelW-1, 10)) {
			label := ""
			if i == 0 {
				label = k
			}
			lines = append(lines, s.Label.Render(textwidth.Pad(label, labelW))+" "+l)
		}
	}
	lv := p.LevelName(sv.Level, lang)
	if sv.LevelOverridden {
		lv += "  " + T("tui.build.detail.override", p.LevelName(sv.DefaultLevel, lang), oneLine(sv.LevelReason))
	}
	kv(T("tui.build.col.level"), lv)
	scope := T("word.yes")
	if !sv.InScope {
		scope = T("word.no")
	}
	kv(T("tui.build.detail.scope"), scope)
	kv(T("tui.build.detail.assign"), p.AssignmentName(sv.Assignment, lang))
	kv(T("tui.build.col.provider"), orDash(oneLine(sv.Provider)))
	kv(T("tui.build.contract"), orDash(oneLine(sv.Contract)))
	kv(T("tui.build.detail.target"), t.c.P.Score(sv.Target))
	kv(T("tui.build.detail.current"), t.c.P.Score(sv.Current))
	if sv.Evidence != "" {
		for i, para := range strings.Split(termtext.CleanMultiline(sv.Evidence), "\n") {
			label := ""
			if i == 0 {
				label = T("tui.eval.evidence")
			}
			kv(label, para)
		}
	}
	lines = append(lines, "", s.Bold.Render(T("tui.build.detail.history")))
	switch {
	case !d.loaded:
		lines = append(lines, s.Muted.Render(T("tui.status.loading")))
	case len(d.changes) == 0:
		lines = append(lines, s.Muted.Render(T("tui.build.detail.nohistory")))
	}
	cycleName := map[int64]string{}
	for _, c := range t.data.Cycles {
		cycleName[c.ID] = termtext.Clean(c.Name)
	}
	for _, ch := range d.changes {
		head := t.c.P.Time(ch.At) + "  " + textwidth.Pad(cycleName[ch.CycleID], 10) + " "
		l := t.c.P.Labelled(t.c.fieldName(ch.Field), orDash(oneLine(t.c.changeValue(p, ch.Field, ch.Old)))+" → "+
			orDash(oneLine(t.c.changeValue(p, ch.Field, ch.New)))) + "  " + oneLine(ch.Who+" · "+t.c.P.SourceName(ch))
		if ch.Reason != "" {
			l += " · " + t.c.reasonText(ch.Reason)
		}
		// wrapped under the change, so the reason is never cut
		indent := textwidth.Width(head)
		for i, part := range textwidth.Wrap(l, max(w-indent, 20)) {
			if i == 0 {
				lines = append(lines, s.Muted.Render(head)+part)
			} else {
				lines = append(lines, strings.Repeat(" ", indent)+part)
			}
		}
	}
	return lines
}

// loadHistory reads the changes of one service.
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

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}
