package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// picker chooses one value of an enumeration (assignment, level, status, ...) from a small
// menu: ↑↓ and enter, or the option's shortcut; esc cancels. One choice is one command, so
// one change-log row.
type picker struct {
	c       *common
	title   string
	options []option
	cursor  int
	pick    func(o option) tea.Cmd
	w       int
}

// newPicker opens on the option whose value is current.
func newPicker(c *common, title string, options []option, current string, pick func(o option) tea.Cmd) *picker {
	p := &picker{c: c, title: title, options: options, pick: pick}
	for i, o := range options {
		if o.Value == current {
			p.cursor = i
		}
	}
	return p
}

func (p *picker) Update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	keys := p.c.Keys
	// A shortcut shown beside an option wins over a letter that also moves the cursor (j, k):
	// what the menu shows must work; the arrow keys still move.
	for _, o := range p.options {
		if o.Key != "" && k.String() == o.Key {
			return true, p.pick(o)
		}
	}
	switch {
	case key.Matches(k, keys.Cancel):
		return true, nil
	case key.Matches(k, keys.Up):
		p.cursor = (p.cursor + len(p.options) - 1) % len(p.options)
		return false, nil
	case key.Matches(k, keys.Down):
		p.cursor = (p.cursor + 1) % len(p.options)
		return false, nil
	case key.Matches(k, keys.Choose):
		return true, p.pick(p.options[p.cursor])
	}
	return false, nil
}

func (p *picker) SetSize(w, h int) { p.w = w }

func (p *picker) View() (string, *tea.Cursor) {
	s := p.c.styles
	inner := min(p.w-4, 60)
	var b strings.Builder
	b.WriteString(s.Title.Render(textwidth.Truncate(p.title, inner)) + "\n\n")
	for i, o := range p.options {
		line := s.Key.Render(textwidth.Pad(o.Key, 2)) + " " + o.Label
		if i == p.cursor {
			line = s.Selected.Render(textwidth.Pad("› "+textwidth.Pad(o.Key, 2)+" "+o.Label, inner))
		} else {
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + s.Muted.Render(textwidth.Truncate(p.c.T("tui.picker.hint"), inner)))
	return s.Dialog.Width(inner + 4).Render(b.String()), nil
}

func (p *picker) Help() []key.Binding {
	k := p.c.Keys
	return []key.Binding{k.Up, k.Down, k.Choose, k.Cancel}
}
