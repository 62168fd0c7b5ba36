package tui

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// typeFilter handles a key while a screen's filter line has focus: esc clears and
// leaves it, enter or an arrow leaves it keeping the text, anything else edits it.
// changed reports an edit; cleared reports that esc emptied it.
func typeFilter(in *textinput.Model, typing *bool, msg tea.KeyPressMsg) (cmd tea.Cmd, changed, cleared bool) {
	switch msg.String() {
	case "esc":
		*typing = false
		in.Blur()
		in.SetValue("")
		return nil, false, true
	case "enter", "up", "down":
		*typing = false
		in.Blur()
		return nil, false, false
	}
	*in, cmd = in.Update(msg)
	return cmd, true, false
}
