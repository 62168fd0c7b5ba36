package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// typeFilter handles a key while a list's filter line has focus: esc clears and leaves it,
// enter or an arrow leaves it keeping the text, anything else edits it. changed reports
// an edit; cleared reports that esc emptied it.
func typeFilter(c *common, in *textinput.Model, typing *bool, msg tea.KeyPressMsg) (cmd tea.Cmd, changed, cleared bool) {
	k := c.Keys
	switch {
	case key.Matches(msg, k.FilterCancel):
		*typing = false
		in.Blur()
		in.SetValue("")
		return nil, false, true
	case key.Matches(msg, k.FilterApply, k.FilterLeave):
		*typing = false
		in.Blur()
		return nil, false, false
	}
	return updateTextInput(c, in, msg), true, false
}
