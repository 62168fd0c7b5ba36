package tui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// A form remembers the values it was opened with and sends them with its save; when the
// store answers that one of them was changed elsewhere meanwhile (a *catalog.ConflictError),
// nothing was written and the form shows the conflict in its place: theirs (stored now) and
// mine (the draft), for every field concerned. The user keeps either:
//
//	m  keep mine: the same save again, now started from theirs (a third change is caught too)
//	t  keep theirs: the draft is thrown away and the form closes
//	esc back to the draft, unchanged (saving it again asks again)
//
// form and textForm do this through saveWait, so every form that sends what it started
// from (provider, level with reason, evidence, actions, reviews) gets the same dialog.

// conflictRow is one field of a refused save.
type conflictRow struct {
	label, theirs, mine string
}

// conflictSource is a dialog that can show and resolve a conflict: its rows for the stored
// values, taking those values as its new starting point, and saving again.
type conflictSource interface {
	conflictRows(theirs map[string]string) []conflictRow
	rebase(theirs map[string]string)
	resubmit() (done bool, cmd tea.Cmd)
}

// conflict is the state of a conflict on screen.
type conflict struct {
	theirs map[string]string
	rows   []conflictRow
	offset int // first body line shown, when the values do not fit
}

// asConflict returns the stored values of a save refused because they changed meanwhile.
func asConflict(err error) (map[string]string, bool) {
	var ce *catalog.ConflictError
	if errors.As(err, &ce) && ce.Theirs != nil {
		return ce.Theirs, true
	}
	return nil, false
}

func conflictKeys(c *common) (mine, theirs, back key.Binding) {
	return c.Keys.Bind([]string{"m"}, "m", "tui.conflict.key.mine"),
		c.Keys.Bind([]string{"t"}, "t", "tui.conflict.key.theirs"),
		c.Keys.Bind([]string{"esc"}, "esc", "tui.conflict.key.back")
}

// conflictKey handles a key while a conflict is shown.
func (w *saveWait) conflictKey(c *common, msg tea.KeyPressMsg, src conflictSource) (done bool, cmd tea.Cmd) {
	mine, theirs, back := conflictKeys(c)
	k := c.Keys
	switch {
	case key.Matches(msg, mine):
		src.rebase(w.conflict.theirs)
		w.conflict = nil
		return src.resubmit()
	case key.Matches(msg, theirs):
		w.conflict = nil
		return true, statusCmd(c.T("tui.conflict.kept.theirs"))
	case key.Matches(msg, back):
		w.conflict, w.err = nil, c.T("tui.conflict.back")
	case key.Matches(msg, k.Up):
		w.conflict.offset = max(w.conflict.offset-1, 0)
	case key.Matches(msg, k.Down):
		w.conflict.offset++
	case key.Matches(msg, k.PgUp):
		w.conflict.offset = max(w.conflict.offset-5, 0)
	case key.Matches(msg, k.PgDown):
		w.conflict.offset += 5
	}
	return false, nil
}

// conflictHelp is the key help while a conflict is shown.
func conflictHelp(c *common) []key.Binding {
	mine, theirs, back := conflictKeys(c)
	return []key.Binding{mine, theirs, back, c.Keys.Down}
}

// conflictView draws the conflict in a dialog of at most w×h cells.
func (w *saveWait) conflictView(c *common, width, height int) string {
	s := c.styles
	inner := max(min(width-4, 120), 20)
	head := []string{s.Warn.Render(textwidth.Truncate(c.T("tui.conflict.title"), inner)), ""}
	head = append(head, textwidth.Wrap(c.T("tui.conflict.explain"), inner)...)
	head = append(head, "")
	var body []string
	theirsLabel, mineLabel := c.T("tui.conflict.theirs"), c.T("tui.conflict.mine")
	side := inner >= 80 // wide: theirs and mine side by side
	for _, r := range w.conflict.rows {
		body = append(body, s.Label.Render(textwidth.Truncate(r.label, inner)))
		if side {
			col := (inner - 3) / 2
			lt := wrapValue(c, r.theirs, col)
			lm := wrapValue(c, r.mine, col)
			body = append(body, s.Muted.Render(textwidth.Pad(theirsLabel, col))+" │ "+s.Muted.Render(mineLabel))
			for i := 0; i < max(len(lt), len(lm)); i++ {
				a, b := "", ""
				if i < len(lt) {
					a = lt[i]
				}
				if i < len(lm) {
					b = lm[i]
				}
				body = append(body, textwidth.Pad(a, col)+" │ "+b)
			}
		} else {
			body = append(body, s.Muted.Render(theirsLabel))
			for _, l := range wrapValue(c, r.theirs, inner-2) {
				body = append(body, "  "+l)
			}
			body = append(body, s.Muted.Render(mineLabel))
			for _, l := range wrapValue(c, r.mine, inner-2) {
				body = append(body, "  "+l)
			}
		}
		body = append(body, "")
	}
	foot := []string{}
	for _, l := range textwidth.Wrap(c.T("tui.conflict.hint"), inner) {
		foot = append(foot, s.Key.Render(l))
	}
	// border and padding take 2 lines
	room := max(height-2-len(head)-len(foot), 3)
	w.conflict.offset = min(w.conflict.offset, max(len(body)-room, 0))
	shown := body[w.conflict.offset:min(w.conflict.offset+room, len(body))]
	if len(body) > room {
		more := c.T("tui.conflict.more", c.P.Count(w.conflict.offset+1), c.P.Count(w.conflict.offset+len(shown)), c.P.Count(len(body)))
		shown = append(slices.Clone(shown[:len(shown)-1]), s.Muted.Render(textwidth.Truncate(more, inner)))
	}
	lines := append(append(head, shown...), foot...)
	return s.Dialog.Width(inner + 4).Render(strings.Join(lines, "\n"))
}

// wrapValue is a stored or typed value as the conflict shows it: wrapped, made safe to print,
// an empty value named as such.
func wrapValue(c *common, v string, width int) []string {
	v = strings.TrimSpace(termtext.CleanMultiline(v))
	if v == "" {
		return []string{c.styles.Muted.Render(c.T("tui.conflict.empty"))}
	}
	var out []string
	for _, para := range strings.Split(v, "\n") {
		out = append(out, textwidth.Wrap(para, max(width, 4))...)
	}
	return out
}
