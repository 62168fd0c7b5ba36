package tui

import (
	"errors"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// formAction is what a key did to a form or dialog.
type formAction int

const (
	formNone formAction = iota
	formSubmit
	formCancel
)

// field describes one text field of a form.
type field struct {
	Key, Label, Value, Placeholder string
	// Check validates the trimmed value; its message is shown under the form.
	Check func(string) string
}

// form is a small dialog of text fields: tab/↓ next field, shift+tab/↑ previous, enter on the
// last field (or ctrl+s anywhere) submits, esc cancels.
type form struct {
	c      *Common
	title  string
	fields []field
	inputs []textinput.Model
	focus  int
	err    string
	real   bool        // the terminal cursor is used instead of a drawn one
	cursor *tea.Cursor // where the terminal cursor goes, relative to the dialog; set by View
}

// withRealCursor makes the form use the terminal cursor, so an input method (Japanese)
// shows its composition where the text goes. The screen must then pass Cursor on, moved
// by overlayCursor, through its own Cursor method.
func (f *form) withRealCursor() *form {
	f.real = true
	for i := range f.inputs {
		f.inputs[i].SetVirtualCursor(false)
	}
	return f
}

func inputStyles(c *Common) textinput.Styles {
	st := textinput.DefaultStyles(c.Styles.Dark)
	st.Cursor.Blink = false // a static cursor: no timer messages
	return st
}

func newForm(c *Common, title string, fields ...field) *form {
	f := &form{c: c, title: title, fields: fields}
	for i, fd := range fields {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = fd.Placeholder
		in.SetStyles(inputStyles(c))
		in.CharLimit = 4000
		in.SetValue(fd.Value)
		in.CursorEnd()
		if i == 0 {
			in.Focus()
		}
		f.inputs = append(f.inputs, in)
	}
	return f
}

// Value returns the trimmed value of a field.
func (f *form) Value(key string) string {
	for i, fd := range f.fields {
		if fd.Key == key {
			return strings.TrimSpace(f.inputs[i].Value())
		}
	}
	return ""
}

// SetError shows a message under the form (a refused value, a failed save).
func (f *form) SetError(msg string) { f.err = msg }

func (f *form) setFocus(i int) {
	f.inputs[f.focus].Blur()
	f.focus = (i + len(f.inputs)) % len(f.inputs)
	f.inputs[f.focus].Focus()
}

func (f *form) validate() bool {
	for i, fd := range f.fields {
		v := strings.TrimSpace(f.inputs[i].Value())
		if msg := controlMessage(f.c, fd.Label, termtext.Check(fd.Label, v)); msg != "" {
			f.err = msg
			f.setFocus(i)
			return false
		}
		if fd.Check == nil {
			continue
		}
		if msg := fd.Check(v); msg != "" {
			f.err = msg
			f.setFocus(i)
			return false
		}
	}
	f.err = ""
	return true
}

func (f *form) Update(msg tea.Msg) (formAction, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			return formCancel, nil
		case "ctrl+s":
			if f.validate() {
				return formSubmit, nil
			}
			return formNone, nil
		case "enter":
			if f.focus == len(f.inputs)-1 {
				if f.validate() {
					return formSubmit, nil
				}
				return formNone, nil
			}
			f.setFocus(f.focus + 1)
			return formNone, nil
		case "tab", "down":
			f.setFocus(f.focus + 1)
			return formNone, nil
		case "shift+tab", "up":
			f.setFocus(f.focus - 1)
			return formNone, nil
		}
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	return formNone, cmd
}

// View renders the form as a dialog at most w cells wide.
func (f *form) View(w int) string {
	s := f.c.Styles
	inner := min(w-4, 64)
	labelW := 0
	for _, fd := range f.fields {
		labelW = max(labelW, lipgloss.Width(fd.Label))
	}
	labelW = min(labelW+1, inner/2)
	var b strings.Builder
	b.WriteString(s.Title.Render(ansi.Truncate(f.title, inner, "…")) + "\n\n")
	f.cursor = nil
	for i, fd := range f.fields {
		in := f.inputs[i]
		in.SetWidth(inner - labelW - 3)
		marker := "  "
		if i == f.focus {
			marker = s.Key.Render("› ")
		}
		if i == f.focus && f.real {
			// border and padding (2), marker (2), label and a space; title and a blank line above
			before := string([]rune(in.Value())[:in.Position()])
			x := 2 + 2 + labelW + 1 + min(ansi.StringWidth(before), in.Width())
			f.cursor = tea.NewCursor(x, 1+2+i)
		}
		b.WriteString(marker + s.Label.Render(textwidth.Pad(fd.Label, labelW)) + " " + in.View() + "\n")
	}
	b.WriteString("\n")
	if f.err != "" {
		for _, l := range textwidth.Wrap(f.err, inner) {
			b.WriteString(s.StatusErr.Render(l) + "\n")
		}
	}
	b.WriteString(s.Muted.Render(f.c.T("tui.form.hint")))
	return s.Dialog.Width(inner + 4).Render(b.String())
}

// textForm edits one long text (evidence, notes) in a text area: ctrl+s saves, esc cancels.
type textForm struct {
	c       *Common
	title   string
	area    textarea.Model
	initial string // to tell whether esc would throw typed text away
	warned  bool   // esc was pressed once over changed text
	err     string
	cursor  *tea.Cursor // terminal cursor relative to the dialog; set by View
}

// withRealCursor uses the terminal cursor (see form.withRealCursor).
func (f *textForm) withRealCursor() *textForm {
	f.area.SetVirtualCursor(false)
	return f
}

// Cursor returns the terminal cursor of the last drawn text form, relative to the dialog.
func (f *textForm) Cursor() *tea.Cursor { return f.cursor }

func newTextForm(c *Common, title, value string) *textForm {
	ta := textarea.New()
	st := textarea.DefaultStyles(c.Styles.Dark)
	st.Cursor.Blink = false
	ta.SetStyles(st)
	ta.ShowLineNumbers = false
	ta.CharLimit = 8000
	ta.SetValue(value)
	ta.Focus()
	return &textForm{c: c, title: title, area: ta, initial: value}
}

func (f *textForm) Value() string { return strings.TrimSpace(f.area.Value()) }

func (f *textForm) Update(msg tea.Msg) (formAction, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			if f.Value() != strings.TrimSpace(f.initial) && !f.warned {
				f.warned, f.err = true, f.c.T("tui.form.discard")
				return formNone, nil
			}
			return formCancel, nil
		case "ctrl+s":
			if msg := controlMessage(f.c, f.title, termtext.CheckMultiline(f.title, f.Value())); msg != "" {
				f.err = msg
				return formNone, nil
			}
			return formSubmit, nil
		}
		if f.warned {
			f.warned, f.err = false, ""
		}
	}
	var cmd tea.Cmd
	f.area, cmd = f.area.Update(msg)
	return formNone, cmd
}

func (f *textForm) View(w, h int) string {
	s := f.c.Styles
	inner := min(w-4, 76)
	f.area.SetWidth(inner)
	f.area.SetHeight(max(h-8, 3))
	var b strings.Builder
	b.WriteString(s.Title.Render(ansi.Truncate(f.title, inner, "…")) + "\n\n")
	b.WriteString(f.area.View() + "\n\n")
	f.cursor = nil
	if c := f.area.Cursor(); c != nil {
		c.Position.X += 2 // border and padding
		c.Position.Y += 3 // border, title and a blank line
		f.cursor = c
	}
	if f.err != "" {
		b.WriteString(s.StatusErr.Render(textwidth.Pad(f.err, inner)) + "\n")
	}
	b.WriteString(s.Muted.Render(f.c.T("tui.textform.hint")))
	return s.Dialog.Width(inner + 4).Render(b.String())
}

// confirm is a yes/no question: y confirms, n or esc cancels.
type confirm struct {
	c        *Common
	question string
}

func (d *confirm) Update(msg tea.Msg) formAction {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.c.Keys.Confirm):
			return formSubmit
		case k.String() == "n" || k.String() == "esc":
			return formCancel
		}
	}
	return formNone
}

func (d *confirm) View(w int) string {
	s := d.c.Styles
	inner := min(w-4, 60)
	body := strings.Join(textwidth.Wrap(d.question, inner), "\n") + "\n\n" + s.Muted.Render(d.c.T("tui.confirm.hint"))
	return s.Dialog.Width(inner + 4).Render(body)
}

// controlMessage words a refused control character for the field named label.
func controlMessage(c *Common, label string, err error) string {
	var ce *termtext.Error
	if !errors.As(err, &ce) {
		return ""
	}
	return c.T("tui.form.control", label, ce.Pos, ce.Rune)
}

// overlay centres a dialog in an area of w×h.
func overlay(dialog string, w, h int) string {
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, dialog)
}

// overlayCursor moves a cursor given relative to a dialog to where overlay puts the dialog.
func overlayCursor(dialog string, w, h int, c *tea.Cursor) *tea.Cursor {
	if c == nil {
		return nil
	}
	// lipgloss.Place centres with the odd cell on the left/top
	gapX := max(w-lipgloss.Width(dialog), 0)
	gapY := max(h-lipgloss.Height(dialog), 0)
	out := *c
	out.Position.X += gapX - int(math.Round(float64(gapX)*0.5))
	out.Position.Y += gapY - int(math.Round(float64(gapY)*0.5))
	return &out
}

// Cursor returns the terminal cursor of the last drawn form, relative to the dialog.
func (f *form) Cursor() *tea.Cursor { return f.cursor }

// cursorer is a screen or tab that shows the terminal cursor (a text field has focus).
// The position is relative to the top-left of what its View returned.
type cursorer interface {
	Cursor() *tea.Cursor
}
