package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// serviceDetail is the detail view of one service, opened with enter in Build and Evaluate:
// description, settings, score and evidence, and change history.
type serviceDetail struct {
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

// openServiceDetail opens the detail of service id of data's cycle and reads its history.
func openServiceDetail(c *common, data *orgData, id string, w, h int) (*serviceDetail, tea.Cmd) {
	d := &serviceDetail{id: id, scroll: newScroller()}
	d.refresh(c, data, w, h)
	orgID := data.Org.ID
	return d, c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		out, err := s.Changes(ctx, catalog.ChangeQuery{OrgID: orgID, Service: id})
		if err != nil {
			return nil, err
		}
		return historyMsg{ID: id, Changes: out}, nil
	})
}

// history takes the service's history when msg carries it; it reports whether it did.
func (d *serviceDetail) history(c *common, data *orgData, w, h int, msg tea.Msg) bool {
	m, ok := msg.(historyMsg)
	if !ok || m.ID != d.id {
		return false
	}
	d.changes, d.loaded = m.Changes, true
	d.refresh(c, data, w, h)
	return true
}

// key scrolls the detail; it reports whether the key closes it (esc or enter).
func (d *serviceDetail) key(k *keyMap, msg tea.KeyPressMsg) (closed bool) {
	if key.Matches(msg, k.Back, k.Enter) {
		return true
	}
	d.scroll.Key(k, msg)
	return false
}

// detailHelp is the help of an open detail: its keys and the scrolling.
func detailHelp(k *keyMap) [][]key.Binding {
	return [][]key.Binding{{k.Bind([]string{"esc", "enter"}, "esc/enter", "tui.key.back")}}
}

// refresh lays the detail out again after new data, history or size.
func (d *serviceDetail) refresh(c *common, data *orgData, w, h int) {
	d.scroll.SetSize(w, h)
	d.scroll.SetLines(d.lines(c, data, w))
}

func (d *serviceDetail) lines(c *common, data *orgData, w int) []string {
	s := c.styles
	T := c.T
	lang := c.Lang
	sv, ok := data.Cycle.Service(d.id)
	if !ok {
		return []string{s.Muted.Render(T("tui.build.detail.gone", d.id))}
	}
	p := data.Cycle.Pack
	cat, _ := p.Category(sv.Category)
	var lines []string
	name := c.text(sv.Name)
	if sv.WorkingName() {
		name += " " + T("catalog.mark.working")
	}
	lines = append(lines, s.Title.Render(sv.ID+"  "+name)+"  "+s.Muted.Render(cat.ID+" "+c.text(cat.Name)))
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
	kv(T("tui.build.col.provider"), c.P.OrUnknown(oneLine(sv.Provider)))
	kv(T("tui.build.contract"), c.P.OrUnknown(oneLine(sv.Contract)))
	kv(T("tui.build.detail.target"), c.P.Score(sv.Target))
	kv(T("tui.build.detail.current"), c.P.Score(sv.Current))
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
	for _, cy := range data.Cycles {
		cycleName[cy.ID] = termtext.Clean(cy.Name)
	}
	for _, ch := range d.changes {
		head := c.P.Time(ch.At) + "  " + textwidth.Pad(cycleName[ch.CycleID], 10) + " "
		l := c.P.Labelled(c.fieldName(ch.Field), c.P.OrUnknown(oneLine(c.changeValue(p, ch.Field, ch.Old)))+" → "+
			c.P.OrUnknown(oneLine(c.changeValue(p, ch.Field, ch.New)))) + "  " + oneLine(ch.Who+" · "+c.P.SourceName(ch))
		if ch.Reason != "" {
			l += " · " + c.reasonText(ch.Reason)
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
