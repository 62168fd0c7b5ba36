package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// textBox shows one review or change in full, wrapped and scrollable; esc or enter closes it.
type textBox struct {
	c           *common
	title, text string
	scroll      scroller
	w           int
}

func newTextBox(c *common, title, text string) *textBox {
	return &textBox{c: c, title: termtext.Clean(title), text: termtext.CleanMultiline(text), scroll: newScroller()}
}

func (b *textBox) inner() int { return min(b.w-4, 76) }

func (b *textBox) SetSize(w, h int) {
	b.w = w
	lines := textwidth.Wrap(b.text, b.inner())
	b.scroll.SetSize(b.inner(), min(len(lines), max(h-7, 1)))
	b.scroll.SetLines(lines)
}

func (b *textBox) Update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	if key.Matches(k, b.c.Keys.Back, b.c.Keys.Enter) {
		return true, nil
	}
	b.scroll.Key(b.c.Keys, k)
	return false, nil
}

func (b *textBox) View() (string, *tea.Cursor) {
	s := b.c.styles
	inner := b.inner()
	foot := s.Muted.Render(b.c.T("tui.manage.info.hint"))
	if pos := b.scroll.Position(); pos != "" {
		foot = joinLR(foot, s.Muted.Render(pos), inner)
	}
	body := s.Title.Render(textwidth.Pad(b.title, inner)) + "\n\n" + b.scroll.View() + "\n\n" + foot
	return s.Dialog.Width(inner + 4).Render(strings.TrimRight(body, "\n")), nil
}

func (b *textBox) Help() []key.Binding {
	k := b.c.Keys
	return []key.Binding{k.Up, k.Down, k.Back}
}
