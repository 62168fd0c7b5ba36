package tui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// field describes one field of a form: a line of text, or, with Options, a choice among
// fixed values (an enumeration is chosen, never typed and parsed).
type field struct {
	Key, Label, Value, Placeholder string
	// Check validates the trimmed value; its message is shown under the form.
	Check func(string) string
	// Options makes a choice field; Value is the option selected at first.
	Options []option
	// Max is the most characters the store takes for the field (0: catalog.MaxTextLen);
	// typing stops there with a word. A counter shows how close the value is when Max is
	// given, and for any field once the value nears its limit.
	Max int
}

// option is one value of a choice field or a picker: Key is its shortcut.
type option struct {
	Key, Label, Value string
}

// form is a dialog of fields: tab/↓ next field, shift+tab/↑ previous, ←/→ or a shortcut
// change a choice, enter on the last field (or ctrl+s anywhere) submits, esc cancels.
// A form that waits for its save stays open until the save answers, showing the error
// in place if the write fails.
type form struct {
	c          *common
	title      string
	fields     []field
	inputs     []textinput.Model
	choice     []int // selected option of each choice field
	focus      int
	w          int
	quitWarned bool // ctrl+c was pressed once over changed values

	submit func(f *form) tea.Cmd
	saveWait

	// base is what each value was when the form opened (by key): the save sends it, so the
	// store can tell whether someone else changed it meanwhile.
	base map[string]string
	// hidden are values the form saves without a field (the level chosen in a picker before it).
	hidden []hiddenValue
	h      int
	// quietLimit: the field's limit is the default one, counted only near it
	quietLimit []bool
}

// hiddenValue is a value a form saves without showing a field for it; show words a value.
type hiddenValue struct {
	key, label, mine string
	show             func(v string) string
}

// saveWait is a dialog that stays open until its save answers, showing a failure in place.
type saveWait struct {
	wait   string // tag of the save the dialog waits for; empty: close at once
	saving bool
	err    string // shown under the dialog: a refused value or a failed save
	// conflict, when set, is a save refused because what the dialog started from was
	// changed elsewhere: theirs and mine are shown in place of the dialog (conflict.go).
	conflict *conflict
}

// intercept handles what a waiting dialog answers by itself: the report of its save (done
// when it succeeded, a conflict shown when the stored value changed meanwhile, else the
// error shown), keys while the save runs (ignored) and keys while a conflict is shown.
func (w *saveWait) intercept(c *common, msg tea.Msg, src conflictSource) (handled, done bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case savedMsg:
		if !w.saving || msg.Tag != w.wait {
			return true, false, nil
		}
		w.saving = false
		if theirs, ok := asConflict(msg.Err); ok {
			w.err = ""
			w.conflict = &conflict{theirs: theirs, rows: src.conflictRows(theirs)}
			return true, false, nil
		}
		if msg.Err != nil {
			w.err = c.errText(msg.Err)
			return true, false, nil
		}
		return true, true, nil
	case tea.KeyPressMsg:
		if w.saving {
			return true, false, nil
		}
		if w.conflict != nil {
			done, cmd := w.conflictKey(c, msg, src)
			return true, done, cmd
		}
	case tea.PasteMsg:
		return w.saving || w.conflict != nil, false, nil
	}
	return false, false, nil
}

// started marks the save under way; the dialog closes at once when it waits for none.
func (w *saveWait) started(cmd tea.Cmd) (bool, tea.Cmd) {
	if w.wait == "" {
		return true, cmd
	}
	w.saving = true
	return false, cmd
}

// newForm builds a form; submit turns the validated values into a command (a save).
func newForm(c *common, title string, submit func(f *form) tea.Cmd, fields ...field) *form {
	f := &form{c: c, title: title, fields: fields, submit: submit, choice: make([]int, len(fields)), base: map[string]string{}, quietLimit: make([]bool, len(fields))}
	for i, fd := range fields {
		f.base[fd.Key] = fd.Value
		in := newTextInput(c, fd.Placeholder)
		if fd.Max <= 0 {
			fields[i].Max, f.quietLimit[i] = catalog.MaxTextLen, true
		}
		in.CharLimit = max(fields[i].Max, len([]rune(fd.Value))) // a stored value is never cut
		in.SetValue(fd.Value)
		in.CursorEnd()
		f.inputs = append(f.inputs, in)
		for j, o := range fd.Options {
			if o.Value == fd.Value {
				f.choice[i] = j
			}
		}
	}
	f.setFocus(0)
	return f
}

// waitFor keeps the form open until the save tagged tag answers.
func (f *form) waitFor(tag string) *form {
	f.wait = tag
	return f
}

// from sets what a value was in the store when the form opened, when the field starts from
// something else (a new reason typed for a level change starts empty).
func (f *form) from(key, was string) *form {
	f.base[key] = was
	return f
}

// with adds a value the form saves without a field: what it was, what it becomes, and how a
// value is worded in a conflict.
func (f *form) with(key, label, was, mine string, show func(string) string) *form {
	f.base[key] = was
	f.hidden = append(f.hidden, hiddenValue{key: key, label: label, mine: mine, show: show})
	return f
}

// Was is the value key had in the store when the form opened (or, after the user kept
// theirs-then-mine in a conflict, the value stored then).
func (f *form) Was(key string) string { return f.base[key] }

// conflictRows lists the fields the store reports changed: theirs and mine, worded.
func (f *form) conflictRows(theirs map[string]string) []conflictRow {
	var rows []conflictRow
	seen := map[string]bool{}
	for _, hv := range f.hidden {
		v, ok := theirs[hv.key]
		if !ok {
			continue
		}
		seen[hv.key] = true
		mine := hv.mine
		if hv.show != nil {
			v, mine = hv.show(v), hv.show(mine)
		}
		rows = append(rows, conflictRow{label: hv.label, theirs: v, mine: mine})
	}
	for i, fd := range f.fields {
		v, ok := theirs[fd.Key]
		if !ok {
			continue
		}
		seen[fd.Key] = true
		mine := f.Value(fd.Key)
		if fd.Options != nil {
			v, mine = optionLabel(fd.Options, v), fd.Options[f.choice[i]].Label
		}
		rows = append(rows, conflictRow{label: fd.Label, theirs: v, mine: mine})
	}
	// a field the store names but the form does not show: theirs alone, under its name
	var rest []string
	for k := range theirs {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		rows = append(rows, conflictRow{label: k, theirs: theirs[k]})
	}
	return rows
}

// rebase takes the stored values as the form's starting point: keeping mine overwrites them.
func (f *form) rebase(theirs map[string]string) {
	for k, v := range theirs {
		f.base[k] = v
	}
}

func (f *form) resubmit() (bool, tea.Cmd) { return f.trySubmit() }

// optionIndex is the position of the option of value v (the first when none has it).
func optionIndex(opts []option, v string) int {
	for i, o := range opts {
		if o.Value == v {
			return i
		}
	}
	return 0
}

func optionLabel(opts []option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// Value returns the trimmed value of a field, or the value of the option chosen.
func (f *form) Value(key string) string {
	for i, fd := range f.fields {
		if fd.Key != key {
			continue
		}
		if fd.Options != nil {
			return fd.Options[f.choice[i]].Value
		}
		return strings.TrimSpace(f.inputs[i].Value())
	}
	return ""
}

func (f *form) setFocus(i int) {
	f.inputs[f.focus].Blur()
	f.focus = (i + len(f.inputs)) % len(f.inputs)
	if f.fields[f.focus].Options == nil {
		f.inputs[f.focus].Focus()
	}
}

func (f *form) validate() bool {
	for i, fd := range f.fields {
		if fd.Options != nil {
			continue
		}
		v := strings.TrimSpace(f.inputs[i].Value())
		msg := controlMessage(f.c, fd.Label, termtext.Check(fd.Label, v))
		if msg == "" && fd.Check != nil {
			msg = fd.Check(v)
		}
		if msg != "" {
			f.err = msg
			f.setFocus(i)
			return false
		}
	}
	f.err = ""
	return true
}

func (f *form) trySubmit() (bool, tea.Cmd) {
	if !f.validate() {
		return false, nil
	}
	return f.started(f.submit(f))
}

func (f *form) Update(msg tea.Msg) (bool, tea.Cmd) {
	if handled, done, cmd := f.intercept(f.c, msg, f); handled {
		return done, cmd
	}
	k := f.c.Keys
	if _, ok := msg.(tea.KeyPressMsg); ok && f.quitWarned {
		f.quitWarned, f.err = false, ""
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		fd := f.fields[f.focus]
		switch {
		case key.Matches(msg, k.Cancel):
			return true, nil
		case key.Matches(msg, k.Save):
			return f.trySubmit()
		case key.Matches(msg, k.Submit):
			if f.focus == len(f.inputs)-1 {
				return f.trySubmit()
			}
			f.setFocus(f.focus + 1)
			return false, nil
		case key.Matches(msg, k.NextField):
			f.setFocus(f.focus + 1)
			return false, nil
		case key.Matches(msg, k.PrevField):
			f.setFocus(f.focus - 1)
			return false, nil
		}
		if fd.Options != nil {
			n := len(fd.Options)
			switch {
			case key.Matches(msg, k.ChoiceNext):
				f.choice[f.focus] = (f.choice[f.focus] + 1) % n
			case key.Matches(msg, k.ChoicePrev):
				f.choice[f.focus] = (f.choice[f.focus] + n - 1) % n
			default:
				for j, o := range fd.Options {
					if o.Key != "" && msg.String() == o.Key {
						f.choice[f.focus] = j
					}
				}
			}
			return false, nil
		}
	case tea.PasteMsg:
	default:
		return false, nil
	}
	if f.fields[f.focus].Options != nil {
		return false, nil
	}
	in := &f.inputs[f.focus]
	if overLimit(len([]rune(in.Value())), insertLen(msg), in.CharLimit) {
		f.err = f.c.T("tui.form.limit", f.fields[f.focus].Label, f.c.P.Count(in.CharLimit))
		return false, nil
	}
	if f.err == f.c.T("tui.form.limit", f.fields[f.focus].Label, f.c.P.Count(in.CharLimit)) {
		f.err = ""
	}
	return false, updateTextInput(f.c, in, msg)
}

// changed reports whether a value differs from the one the form opened with.
func (f *form) changed() bool {
	for i, fd := range f.fields {
		if fd.Options != nil {
			if f.choice[i] != optionIndex(fd.Options, fd.Value) {
				return true
			}
			continue
		}
		if strings.TrimSpace(f.inputs[i].Value()) != strings.TrimSpace(fd.Value) {
			return true
		}
	}
	return false
}

// holdQuit asks before ctrl+c quits over changed values: the first press warns, the second quits.
func (f *form) holdQuit() bool {
	if !f.changed() || f.quitWarned {
		return false
	}
	f.quitWarned, f.err = true, f.c.T("tui.form.quitwarn")
	return true
}

// insertLen is how many characters a key or a paste would add to a text.
func insertLen(msg tea.Msg) int {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		return len([]rune(msg.Content))
	case tea.KeyPressMsg:
		if msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
			return 0
		}
		return len([]rune(msg.Text))
	}
	return 0
}

// overLimit reports whether adding n characters to a text of have would pass limit: the
// text is then refused whole, never cut to fit.
func overLimit(have, n, limit int) bool { return limit > 0 && n > 0 && have+n > limit }

// inner is the width of the form's content.
func (f *form) inner() int { return min(f.w-4, 64) }

func (f *form) labelWidth() int {
	w := 0
	for _, fd := range f.fields {
		w = max(w, textwidth.Width(fd.Label))
	}
	return min(w+1, f.inner()/2)
}

// SetSize fits the inputs to the dialog, so a long value scrolls inside its field.
func (f *form) SetSize(w, h int) {
	f.w, f.h = w, h
	iw := f.inner() - f.labelWidth() - 3
	for i := range f.inputs {
		in := &f.inputs[i]
		in.SetWidth(iw)
		// textinput cuts and pads its placeholder by runes, which breaks wide (Japanese)
		// ones: the form draws every field's hint itself (View), in any language.
		in.Placeholder = ""
		pos := in.Position()
		in.SetValue(in.Value()) // recomputes the visible window for the width
		in.SetCursor(pos)
	}
}

// View renders the form, with the terminal cursor in the focused text field (so an input
// method composes Japanese where the text goes).
func (f *form) View() (string, *tea.Cursor) {
	if f.conflict != nil {
		return f.conflictView(f.c, f.w, f.h), nil
	}
	s := f.c.styles
	inner, labelW := f.inner(), f.labelWidth()
	var b strings.Builder
	b.WriteString(s.Title.Render(textwidth.Truncate(f.title, inner)) + "\n\n")
	var cur *tea.Cursor
	for i, fd := range f.fields {
		marker := "  "
		if i == f.focus {
			marker = s.Key.Render("› ")
		}
		value := ""
		if fd.Options != nil {
			value = f.choiceView(i)
		} else {
			in := f.inputs[i]
			value = in.View()
			if i != f.focus {
				// a field not being edited shows its beginning, not the end the cursor left
				value = textwidth.Pad(textwidth.Truncate(oneLine(in.Value()), in.Width()), in.Width())
			}
			if in.Value() == "" && fd.Placeholder != "" {
				value = s.Muted.Render(textwidth.Pad(textwidth.Truncate(fd.Placeholder, in.Width()), in.Width()))
			}
			if i == f.focus {
				// border and padding (2), marker (2), label and a space; title and a blank line above
				before := string([]rune(in.Value())[:in.Position()])
				cur = tea.NewCursor(2+2+labelW+1+min(textwidth.Width(before), in.Width()), 1+2+i)
			}
		}
		b.WriteString(marker + s.Label.Render(textwidth.Pad(fd.Label, labelW)) + " " + value + "\n")
	}
	b.WriteString("\n")
	formStatus(&b, f.c, f.saving, f.err, inner)
	// the keys of the focused field, from the KeyMap as the help line has them
	keys := keyHints(f.Help())
	hint := s.Muted.Render(textwidth.Truncate(keys, inner))
	in := f.inputs[f.focus]
	n := len([]rune(in.Value()))
	if f.fields[f.focus].Options == nil && (!f.quietLimit[f.focus] || n*5 >= in.CharLimit*4) {
		// the focused field's length against its limit: typing stops there, nothing is cut
		counter := lengthCounter(f.c, n, in.CharLimit)
		hint = s.Muted.Render(textwidth.Truncate(keys, max(inner-textwidth.Width(counter)-1, 0)))
		hint = joinLR(hint, counter, inner)
	}
	b.WriteString(hint)
	return s.Dialog.Width(inner + 4).Render(b.String()), cur
}

// formStatus writes what a form is doing below its fields: saving, or the error of the last
// try, wrapped to inner.
func formStatus(b *strings.Builder, c *common, saving bool, err string, inner int) {
	s := c.styles
	switch {
	case saving:
		b.WriteString(s.Saving.Render(c.T("tui.status.saving")) + "\n")
	case err != "":
		for _, l := range textwidth.Wrap(err, inner) {
			b.WriteString(s.StatusErr.Render(l) + "\n")
		}
	}
}

// lengthCounter is a text's length against its limit, warning once it is reached.
func lengthCounter(c *common, n, limit int) string {
	count := c.T("tui.textform.count", c.P.Count(n), c.P.Count(limit))
	if n >= limit {
		return c.styles.Warn.Render(count)
	}
	return c.styles.Muted.Render(count)
}

// choiceView draws a choice field's options in a line, the chosen one marked with ● so it
// stays visible without colour.
func (f *form) choiceView(i int) string {
	s := f.c.styles
	var parts []string
	for j, o := range f.fields[i].Options {
		if j == f.choice[i] {
			mark := s.Bold
			if i == f.focus {
				mark = s.Selected
			}
			parts = append(parts, mark.Render("● "+o.Label))
		} else {
			parts = append(parts, s.Muted.Render("○ "+o.Label))
		}
	}
	return strings.Join(parts, " ")
}

func (f *form) Help() []key.Binding {
	if f.conflict != nil {
		return conflictHelp(f.c)
	}
	k := f.c.Keys
	var b []key.Binding
	if f.fields[f.focus].Options != nil {
		b = append(b, k.ChoiceNext)
	}
	if f.focus < len(f.inputs)-1 {
		// enter moves to the next field; ctrl+s saves from anywhere
		b = append(b, k.Bind([]string{"enter"}, "enter", "tui.key.field"), k.Save)
	} else {
		b = append(b, k.Submit)
		if len(f.inputs) > 1 {
			b = append(b, k.NextField)
		}
	}
	return append(b, k.Cancel)
}

// textForm edits one long text (evidence, notes) in a text area: ctrl+s saves, esc cancels,
// asking first when typed text would be thrown away.
type textForm struct {
	c       *common
	title   string
	area    textarea.Model
	initial string // as stored: to tell whether esc would throw typed text away, and sent with the save
	label   string // what the text is, in a conflict
	limit   int    // the most characters the store takes
	warned  bool   // esc was pressed once over changed text
	// quitWarned: ctrl+c was pressed once over changed text
	quitWarned bool
	w, h       int
	submit     func(value string) tea.Cmd
	saveWait
}

func (f *textForm) Value() string { return strings.TrimSpace(f.area.Value()) }

// Was is the text as stored when the editor opened (or as stored when a conflict showed it):
// the save sends it, so the store can tell whether someone else changed it meanwhile.
func (f *textForm) Was() string { return f.initial }

func (f *textForm) conflictRows(theirs map[string]string) []conflictRow {
	var rows []conflictRow
	for _, v := range theirs {
		rows = append(rows, conflictRow{label: f.label, theirs: v, mine: f.Value()})
	}
	return rows
}

func (f *textForm) rebase(theirs map[string]string) {
	for _, v := range theirs {
		f.initial = v
	}
}

func (f *textForm) resubmit() (bool, tea.Cmd) { return f.started(f.submit(f.Value())) }

func (f *textForm) Update(msg tea.Msg) (bool, tea.Cmd) {
	if handled, done, cmd := f.intercept(f.c, msg, f); handled {
		return done, cmd
	}
	if _, paste := msg.(tea.PasteMsg); !paste {
		k, ok := msg.(tea.KeyPressMsg)
		if !ok {
			return false, nil
		}
		if done, cmd, used := f.key(k); used {
			return done, cmd
		}
	}
	n := insertLen(msg)
	if k, ok := msg.(tea.KeyPressMsg); ok && k.Code == tea.KeyEnter && k.Mod == 0 {
		n = 1
	}
	if overLimit(f.length(), n, f.limit) {
		f.err = f.c.T("tui.form.limit", f.label, f.c.P.Count(f.limit))
		return false, nil
	}
	var cmd tea.Cmd
	f.area, cmd = f.area.Update(msg)
	return false, cmd
}

// key handles the text form's own keys: esc (asking first over changed text) and ctrl+s.
func (f *textForm) key(msg tea.KeyPressMsg) (done bool, cmd tea.Cmd, used bool) {
	k := f.c.Keys
	switch {
	case key.Matches(msg, k.Cancel):
		if f.Value() != strings.TrimSpace(f.initial) && !f.warned {
			f.warned, f.err = true, f.c.T("tui.form.discard")
			return false, nil, true
		}
		return true, nil, true
	case key.Matches(msg, k.Save):
		if m := controlMessage(f.c, f.title, termtext.CheckMultiline(f.title, f.Value())); m != "" {
			f.err = m
			return false, nil, true
		}
		done, cmd := f.started(f.submit(f.Value()))
		return done, cmd, true
	}
	if f.warned || f.quitWarned {
		f.warned, f.quitWarned, f.err = false, false, ""
	}
	return false, nil, false
}

// holdQuit asks before ctrl+c quits over changed text: the first press warns, the second quits.
func (f *textForm) holdQuit() bool {
	if f.Value() == strings.TrimSpace(f.initial) || f.quitWarned {
		return false
	}
	f.quitWarned, f.err = true, f.c.T("tui.form.quitwarn")
	return true
}

// length counts characters as the store does (a Japanese character is one).
func (f *textForm) length() int { return len([]rune(f.area.Value())) }

func (f *textForm) inner() int { return min(f.w-4, 76) }

func (f *textForm) SetSize(w, h int) {
	f.w, f.h = w, h
	f.area.SetWidth(f.inner())
	f.area.SetHeight(max(h-8, 3))
}

func (f *textForm) View() (string, *tea.Cursor) {
	if f.conflict != nil {
		return f.conflictView(f.c, f.w, f.h), nil
	}
	s := f.c.styles
	inner := f.inner()
	var b strings.Builder
	b.WriteString(s.Title.Render(textwidth.Truncate(f.title, inner)) + "\n\n")
	b.WriteString(f.area.View() + "\n\n")
	cur := f.area.Cursor()
	if cur != nil {
		cur.Position.X += 2 // border and padding
		cur.Position.Y += 3 // border, title and a blank line
	}
	formStatus(&b, f.c, f.saving, f.err, inner)
	// the limit is shown and typing stops at it; nothing is ever cut silently
	b.WriteString(joinLR(s.Muted.Render(f.c.T("tui.textform.hint")), lengthCounter(f.c, f.length(), f.limit), inner))
	return s.Dialog.Width(inner + 4).Render(b.String()), cur
}

func (f *textForm) Help() []key.Binding {
	if f.conflict != nil {
		return conflictHelp(f.c)
	}
	return []key.Binding{f.c.Keys.Save, f.c.Keys.Cancel}
}

// ask is a question: y answers yes; n answers no when the question has a no (else it
// cancels, like esc).
type ask struct {
	c        *common
	question string
	hint     string
	yes, no  func() tea.Cmd
	w        int
}

// newConfirm asks a yes/no question; yes runs onYes.
func newConfirm(c *common, question string, onYes func() tea.Cmd) *ask {
	return &ask{c: c, question: question, hint: c.T("tui.confirm.hint"), yes: onYes}
}

func (d *ask) Update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	switch {
	case key.Matches(k, d.c.Keys.Confirm):
		return true, d.yes()
	case key.Matches(k, d.c.Keys.Deny):
		if d.no != nil {
			return true, d.no()
		}
		return true, nil
	case key.Matches(k, d.c.Keys.Cancel):
		return true, nil
	}
	return false, nil
}

func (d *ask) SetSize(w, h int) { d.w = w }

func (d *ask) View() (string, *tea.Cursor) {
	s := d.c.styles
	inner := min(d.w-4, 60)
	body := strings.Join(textwidth.Wrap(d.question, inner), "\n") + "\n\n" + s.Muted.Render(d.hint)
	return s.Dialog.Width(inner + 4).Render(body), nil
}

func (d *ask) Help() []key.Binding {
	return []key.Binding{d.c.Keys.Confirm, d.c.Keys.Deny, d.c.Keys.Cancel}
}

// controlMessage words a refused control character for the field named label.
func controlMessage(c *common, label string, err error) string {
	var ce *termtext.Error
	if !errors.As(err, &ce) {
		return ""
	}
	return c.T("tui.form.control", label, ce.Pos, ce.Rune)
}

// errText is an error as the status line and the forms show it: safe to print.
func (c *common) errText(err error) string {
	if s, ok := c.importErrText(err); ok {
		return s
	}
	return termtext.Clean(c.P.Error(err))
}
