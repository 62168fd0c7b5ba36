package tui

import (
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Text inputs are built here and nowhere else, so every field behaves the same: a static
// cursor (no timer messages), the real terminal cursor (input methods compose in place),
// styles from the theme, and the word-deletion keys handled by deleteWordForward.

// newTextInput builds a one-line text field.
func newTextInput(c *common, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.SetStyles(inputStyles(c))
	in.SetVirtualCursor(false)
	in.CharLimit = 4000
	// textinput's own deleteWordForward indexes past the value when the cursor is on the
	// last character (charmbracelet/bubbles#1056); updateTextInput does it instead.
	in.KeyMap.DeleteWordForward = key.NewBinding(key.WithDisabled())
	return in
}

func inputStyles(c *common) textinput.Styles {
	st := textinput.DefaultStyles(c.styles.Dark)
	st.Cursor.Blink = false
	return st
}

// updateTextInput hands a message to a text field.
func updateTextInput(c *common, in *textinput.Model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, c.Keys.DeleteWordForward) {
		deleteWordForward(in)
		return nil
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return cmd
}

// deleteWordForward deletes the spaces and the word right of the cursor.
func deleteWordForward(in *textinput.Model) {
	v := []rune(in.Value())
	pos := in.Position()
	end := pos
	for end < len(v) && unicode.IsSpace(v[end]) {
		end++
	}
	for end < len(v) && !unicode.IsSpace(v[end]) {
		end++
	}
	if end == pos {
		return
	}
	in.SetValue(string(v[:pos]) + string(v[end:]))
	in.SetCursor(pos)
}

// newTextForm builds the text-area dialog for a long text; submit saves the value.
func newTextForm(c *common, title, value string, submit func(value string) tea.Cmd) *textForm {
	ta := textarea.New()
	st := textarea.DefaultStyles(c.styles.Dark)
	st.Cursor.Blink = false
	ta.SetStyles(st)
	ta.SetVirtualCursor(false)
	ta.ShowLineNumbers = false
	// the limit is the form's: textarea counts cells (a Japanese character twice) and cuts pastes
	ta.CharLimit = 0
	ta.SetValue(value)
	ta.Focus()
	return &textForm{c: c, title: title, label: title, area: ta, initial: value, submit: submit, limit: catalog.MaxEvidenceLen}
}
