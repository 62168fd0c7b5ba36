// Package tui is the terminal interface of CDC Toolkit: the organisation list and the
// workspace of one organisation with its Build, Manage, Evaluate and Report tabs.
package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// Minimum window size the layout is designed for.
const (
	minWidth  = 80
	minHeight = 24
)

// PollInterval is how often the database is checked for changes by other programs.
const pollInterval = 2 * time.Second

// screen is a full-window screen below the root: the start screen or a workspace.
type screen interface {
	// SetSize gives the screen its area: the window above the status and help lines.
	SetSize(w, h int)
	Update(msg tea.Msg) tea.Cmd
	View() string
	mode() viewMode
	Help() []key.Binding
	FullHelp() [][]key.Binding
	// Reload reloads what the screen shows from the store.
	Reload() tea.Cmd
}

// Model is the root model: it owns the screens and routes every message.
type Model struct {
	c        *common
	w, h     int // the window
	start    *startScreen
	ws       *workspace
	help     help.Model
	showHelp bool
	quitting bool
	status   string
	isErr    bool
	poll     time.Duration
	version  int64
	known    bool
}

// Option configures the model.
type Option func(*Model)

// WithPollInterval sets how often the database is checked for outside changes; 0 turns it off.
func WithPollInterval(d time.Duration) Option { return func(m *Model) { m.poll = d } }

// WithClock fixes the clock of the save indicator (for tests).
func WithClock(now func() time.Time) Option { return func(m *Model) { m.c.Now = now } }

// WithDatabaseLabel names the database on screen instead of its path (for tests).
func WithDatabaseLabel(label string) Option { return func(m *Model) { m.c.DBLabel = label } }

// WithFileFolder keeps the Report tab's files to one folder: a path typed there names a file in it.
func WithFileFolder(dir string) Option { return func(m *Model) { m.c.Files = dir } }

// New returns the root model for a store; lang is the interface and catalogue language.
func New(ctx context.Context, s *catalog.Store, lang catalog.Lang, opts ...Option) *Model {
	c := newCommon(ctx, s, lang)
	m := &Model{c: c, poll: pollInterval, help: help.New()}
	m.help.Styles = c.styles.Help
	m.start = newStartScreen(c)
	for _, o := range opts {
		o(m)
	}
	return m
}

func (m *Model) active() screen {
	if m.ws != nil {
		return m.ws
	}
	return m.start
}

func (m *Model) pollCmd() tea.Cmd {
	if m.poll <= 0 {
		return nil
	}
	return tea.Tick(m.poll, func(time.Time) tea.Msg { return pollMsg{} })
}

// Init asks for the background colour, loads the organisations and starts polling.
// The first data version is read at once, so a change made by another window before
// the first poll is still noticed.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.start.Reload(), m.versionCmd(true), m.pollCmd())
}

// firstVersionMsg carries the data version read at start-up; it starts no poll of its own.
type firstVersionMsg struct{ V int64 }

// versionCmd reads the store's data version; first marks the start-up read.
func (m *Model) versionCmd(first bool) tea.Cmd {
	s, ctx := m.c.Store, m.c.Ctx
	return func() tea.Msg {
		v, err := s.DataVersion(ctx)
		if err != nil {
			return errMsg{Err: err}
		}
		if first {
			return firstVersionMsg{V: v}
		}
		return versionMsg{V: v}
	}
}

func (m *Model) setStatus(text string, isErr bool) { m.status, m.isErr = text, isErr }

func (m *Model) quit() tea.Cmd {
	if m.c.Saving() {
		// The edit's transaction must commit before the process ends.
		m.quitting = true
		m.setStatus(m.c.T("tui.status.quitwait"), false)
		return nil
	}
	return tea.Quit
}

// Update routes a message to the screen on display.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.c.dialogs.setSize(msg.Width, max(msg.Height-2, 1))
		m.active().SetSize(msg.Width, max(msg.Height-2, 1))
		return m, nil
	case tea.BackgroundColorMsg:
		m.c.styles = newStyles(msg.IsDark())
		m.help.Styles = m.c.styles.Help
		// laid-out lines and text fields carry the old colours: lay them out again
		m.active().SetSize(m.w, max(m.h-2, 1))
		return m, nil
	case pollMsg:
		return m, m.versionCmd(false)
	case firstVersionMsg:
		if !m.known {
			m.version, m.known = msg.V, true
		}
		return m, nil
	case versionMsg:
		var cmd tea.Cmd
		if m.known && msg.V != m.version {
			m.setStatus(m.c.T("tui.status.refreshed"), false)
			cmd = m.active().Reload()
		}
		m.version, m.known = msg.V, true
		return m, tea.Batch(cmd, m.pollCmd())
	case savedMsg:
		m.c.saved(msg)
		if msg.Err != nil {
			m.setStatus(m.c.T("tui.status.error", m.c.errText(msg.Err)), true)
		} else if !m.quitting {
			m.setStatus("", false)
		}
		cmd := tea.Batch(m.c.dialogs.broadcast(msg), m.active().Update(msg))
		if m.quitting && !m.c.Saving() {
			return m, tea.Quit
		}
		if msg.Err == nil && msg.Next != nil {
			next := msg.Next
			cmd = tea.Batch(cmd, func() tea.Msg { return next })
		}
		return m, cmd
	case errMsg:
		m.setStatus(m.c.T("tui.status.error", m.c.errText(msg.Err)), true)
		return m, m.active().Update(msg)
	case statusMsg:
		m.setStatus(msg.Text, false)
		return m, nil
	case openOrgMsg:
		m.ws = newWorkspace(m.c, msg.OrgID, msg.CycleID)
		m.ws.SetSize(m.w, max(m.h-2, 1))
		m.showHelp = false
		m.setStatus("", false)
		return m, tea.Batch(m.ws.Reload(), m.ws.loadSettings()) // per-user settings of the tabs
	case backToStartMsg:
		m.ws = nil
		m.start.SetSize(m.w, max(m.h-2, 1))
		m.setStatus("", false)
		return m, m.start.Reload()
	case tea.PasteMsg:
		if !m.c.dialogs.empty() {
			return m, m.c.dialogs.update(msg)
		}
	case tea.MouseWheelMsg:
		if m.showHelp || m.modal() {
			return m, nil
		}
		if k, ok := wheelKey(msg); ok {
			return m, m.active().Update(k)
		}
		return m, nil
	case tea.MouseClickMsg:
		ms := msg.Mouse()
		if m.showHelp || m.tooSmall() || ms.Button != tea.MouseLeft || m.modal() {
			return m, nil
		}
		return m, m.active().Update(clickMsg{X: ms.X, Y: ms.Y})
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, m.active().Update(msg)
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.ForceQuit) {
		// an editor holding typed text asks first, as esc does
		if g, ok := m.c.dialogs.top().(quitGuard); ok && g.holdQuit() {
			return nil
		}
		return m.quit()
	}
	if m.tooSmall() {
		if key.Matches(msg, k.Quit) {
			return m.quit()
		}
		return nil
	}
	if !m.c.dialogs.empty() {
		return m.c.dialogs.update(msg)
	}
	if m.showHelp {
		switch {
		case key.Matches(msg, k.Help, k.Back):
			m.showHelp = false
		case key.Matches(msg, k.Quit):
			return m.quit()
		}
		return nil
	}
	if m.active().mode() != modeText {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help):
			m.showHelp = true
			return nil
		}
	}
	if !m.quitting {
		m.setStatus("", false) // the next key acknowledges a message
	}
	return m.active().Update(msg)
}

// quitGuard is a dialog that can hold back ctrl+c once, to say typed text would be lost.
type quitGuard interface {
	holdQuit() bool
}

// modal reports whether every key goes to a dialog or a text field.
func (m *Model) modal() bool { return !m.c.dialogs.empty() || m.active().mode() == modeText }

func (m *Model) tooSmall() bool { return m.w < minWidth || m.h < minHeight }

// View draws the screen, the status line and the key help.
func (m *Model) View() tea.View {
	content, cur := m.render()
	v := tea.NewView(content)
	v.Cursor = cur
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.c.T("tui.app.title")
	return v
}

// render draws the frame and says where the terminal cursor goes (a text field's).
func (m *Model) render() (string, *tea.Cursor) {
	w, h := m.w, m.h
	if w == 0 || h == 0 {
		return "", nil
	}
	if m.tooSmall() {
		lines := textwidth.Wrap(m.c.T("tui.too.small", w, h, minWidth, minHeight), max(w-2, 10))
		return fitLines(m.c.styles.StatusErr.Render(strings.Join(lines, "\n")), w, h), nil
	}
	bodyH := h - 2
	var body string
	var cur *tea.Cursor
	if m.showHelp {
		body = fitLines(m.fullHelp(w, bodyH), w, bodyH)
	} else {
		body, cur = m.c.dialogs.draw(fitLines(m.active().View(), w, bodyH))
	}
	return body + "\n" + m.statusLine(w) + "\n" + m.helpLine(w), cur
}

func (m *Model) statusLine(w int) string {
	s := m.c.styles
	var right string
	switch {
	case m.c.Saving():
		right = s.Saving.Render(m.c.T("tui.status.saving"))
	case !m.c.savedAt.IsZero():
		right = s.Saved.Render(m.c.T("tui.status.saved", m.c.P.Clock(m.c.savedAt)))
	}
	left := m.status
	if m.isErr {
		left = s.StatusErr.Render(left)
	} else {
		left = s.Status.Render(left)
	}
	return joinLR(left, right, w)
}

func (m *Model) helpLine(w int) string {
	return textwidth.Pad(m.help.ShortHelpView(m.shortHelp()), w)
}

// shortHelp are the bindings of the help line: those of the dialog, the text field or the
// screen on top, as they work now.
func (m *Model) shortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.showHelp:
		return []key.Binding{k.Help, k.Quit}
	case !m.c.dialogs.empty():
		return m.c.dialogs.top().Help()
	case m.active().mode() == modeText:
		return m.active().Help()
	}
	return append([]key.Binding{k.Help}, m.active().Help()...)
}

// fullHelpGroups are the groups ? shows: the screen's, then help, back and quit.
func (m *Model) fullHelpGroups() [][]key.Binding {
	k := m.c.Keys
	return append(m.active().FullHelp(), []key.Binding{k.Help, k.Back, k.Quit})
}

func (m *Model) fullHelp(w, h int) string {
	s := m.c.styles
	groups := m.fullHelpGroups()
	title := s.Title.Render(m.c.T("tui.help.title")) + "  " + s.Muted.Render(m.c.T("tui.help.close"))
	// Columns flow left to right and continue below when the window is too narrow,
	// so no binding is ever cut off.
	var rows []string
	var row []string
	roww := 0
	for _, g := range groups {
		col := helpColumn(s, g)
		cw := lipgloss.Width(col) + 3
		if roww > 0 && roww+cw > w {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, roww = nil, 0
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(3).Render(col))
		roww += cw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return title + "\n\n" + strings.Join(rows, "\n\n")
}

func helpColumn(s *styles, g []key.Binding) string {
	kw := 0
	for _, b := range g {
		if b.Enabled() {
			kw = max(kw, lipgloss.Width(b.Help().Key))
		}
	}
	var lines []string
	for _, b := range g {
		if b.Enabled() {
			lines = append(lines, s.Key.Render(textwidth.Pad(b.Help().Key, kw))+" "+s.Muted.Render(b.Help().Desc))
		}
	}
	return strings.Join(lines, "\n")
}
