package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// dialog is one overlay on the root's stack: a form, a question, a picker or a text box.
// While a dialog is open it gets every key, paste and save report; the screen under it
// gets nothing, so screens never dispatch to their own dialogs.
type dialog interface {
	// Update handles a message while the dialog is on top; done closes it.
	Update(msg tea.Msg) (done bool, cmd tea.Cmd)
	// SetSize gives the dialog the area it is centred in.
	SetSize(w, h int)
	// View draws the dialog in at most the area given, with the terminal cursor relative
	// to the dialog's top-left corner (nil: none).
	View() (string, *tea.Cursor)
	// Help is the key help shown while the dialog is on top.
	Help() []key.Binding
}

// overlay is the stack of open dialogs; the last one is on top.
type overlay struct {
	dialogs []dialog
	w, h    int
}

func (o *overlay) open(d dialog) {
	d.SetSize(o.w, o.h)
	o.dialogs = append(o.dialogs, d)
}

// setSize is the area dialogs are centred in: the window above the status and help lines.
func (o *overlay) setSize(w, h int) {
	o.w, o.h = w, h
	for _, d := range o.dialogs {
		d.SetSize(w, h)
	}
}

func (o *overlay) empty() bool { return len(o.dialogs) == 0 }

func (o *overlay) top() dialog {
	if len(o.dialogs) == 0 {
		return nil
	}
	return o.dialogs[len(o.dialogs)-1]
}

// update hands msg to the dialog on top and closes it when it is done. A dialog that opens
// another one (a picker followed by a reason) does so before it reports done, so the
// new one is found above it and kept.
func (o *overlay) update(msg tea.Msg) tea.Cmd {
	d := o.top()
	if d == nil {
		return nil
	}
	done, cmd := d.Update(msg)
	if done {
		for i := len(o.dialogs) - 1; i >= 0; i-- {
			if o.dialogs[i] == d {
				o.dialogs = append(o.dialogs[:i], o.dialogs[i+1:]...)
				break
			}
		}
	}
	return cmd
}

// broadcast hands a message every dialog may wait for (a save report) to all of them.
func (o *overlay) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	kept := o.dialogs[:0]
	for _, d := range o.dialogs {
		done, cmd := d.Update(msg)
		cmds = append(cmds, cmd)
		if !done {
			kept = append(kept, d)
		}
	}
	o.dialogs = kept
	return tea.Batch(cmds...)
}

// draw composes the open dialogs, centred, over body (w×h), and returns where the top
// dialog wants the terminal cursor.
func (o *overlay) draw(body string) (string, *tea.Cursor) {
	if o.empty() {
		return body, nil
	}
	w, h := o.w, o.h
	layers := []*lipgloss.Layer{lipgloss.NewLayer(body)}
	var cur *tea.Cursor
	for i, d := range o.dialogs {
		view, c := d.View()
		dw, dh := lipgloss.Size(view)
		x, y := max((w-dw)/2, 0), max((h-dh)/2, 0)
		layers = append(layers, lipgloss.NewLayer(view).X(x).Y(y).Z(i+1))
		cur = nil
		if c != nil {
			moved := *c
			moved.Position.X += x
			moved.Position.Y += y
			cur = &moved
		}
	}
	canvas := lipgloss.NewCanvas(w, h)
	canvas.Compose(lipgloss.NewCompositor(layers...))
	return canvas.Render(), cur
}

// openDialog puts d on top of the stack; call it from Update.
func (c *common) openDialog(d dialog) { c.dialogs.open(d) }
