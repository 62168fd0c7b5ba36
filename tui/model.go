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
	MinWidth  = 80
	MinHeight = 24
)

// PollInterval is how often the database is checked for changes by other programs.
const PollInterval = 2 * time.Second

// screen is a full-window screen below the root: the start screen or a workspace.
type screen interface {
	Update(msg tea.Msg) tea.Cmd
	View(w, h int) string
	Mode() Mode
	Help() []key.Binding
	FullHelp() [][]key.Binding
	// Reload reloads what the screen shows from the store.
	Reload() tea.Cmd
}

// Model is the root model: it owns the screens and routes every message.
type Model struct {
	c        *Common
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

// New returns the root model for a store; lang is the interface and catalogue language.
func New(ctx context.Context, s *catalog.Store, lang catalog.Lang, opts ...Option) *Model {
	c := NewCommon(ctx, s, lang)
	m := &Model{c: c, poll: PollInterval, help: help.New()}
	m.help.Styles = c.Styles.Help
	m.start = newStartScreen(c)
	for _, o := range opts {
		o(m)
	}
	return m
}

// Common exposes the shared state (for tests).
func (m *Model) Common() *Common { return m.c }

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
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.start.Reload(), m.pollCmd())
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
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		return m, nil
	case tea.BackgroundColorMsg:
		m.c.Styles = NewStyles(msg.IsDark())
		m.help.Styles = m.c.Styles.Help
		return m, nil
	case pollMsg:
		s := m.c.Store
		ctx := m.c.Ctx
		return m, func() tea.Msg {
			v, err := s.DataVersion(ctx)
			if err != nil {
				return ErrMsg{Err: err}
			}
			return versionMsg{V: v}
		}
	case versionMsg:
		var cmd tea.Cmd
		if m.known && msg.V != m.version {
			m.setStatus(m.c.T("tui.status.refreshed"), false)
			cmd = m.active().Reload()
		}
		m.version, m.known = msg.V, true
		return m, tea.Batch(cmd, m.pollCmd())
	case SavedMsg:
		m.c.saved(msg)
		if msg.Err != nil {
			m.setStatus(m.c.T("tui.status.error", m.c.P.Error(msg.Err)), true)
		} else if !m.quitting {
			m.setStatus("", false)
		}
		cmd := m.active().Update(msg)
		if m.quitting && !m.c.Saving() {
			return m, tea.Quit
		}
		if msg.Err == nil && msg.Next != nil {
			next := msg.Next
			cmd = tea.Batch(cmd, func() tea.Msg { return next })
		}
		return m, cmd
	case ErrMsg:
		m.setStatus(m.c.T("tui.status.error", m.c.P.Error(msg.Err)), true)
		return m, m.active().Update(msg)
	case StatusMsg:
		m.setStatus(msg.Text, false)
		return m, nil
	case OpenOrgMsg:
		m.ws = newWorkspace(m.c, msg.OrgID, msg.CycleID)
		m.showHelp = false
		m.setStatus("", false)
		return m, m.ws.Reload()
	case BackToStartMsg:
		m.ws = nil
		m.setStatus("", false)
		return m, m.start.Reload()
	case tea.MouseWheelMsg:
		if m.showHelp || m.active().Mode() == ModeText {
			return m, nil
		}
		if k, ok := wheelKey(msg); ok {
			return m, m.active().Update(k)
		}
		return m, nil
	case tea.MouseClickMsg:
		ms := msg.Mouse()
		if m.showHelp || m.tooSmall() || ms.Button != tea.MouseLeft || m.active().Mode() == ModeText {
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
		return m.quit()
	}
	if m.tooSmall() {
		if key.Matches(msg, k.Quit) {
			return m.quit()
		}
		return nil
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
	if m.active().Mode() != ModeText {
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

func (m *Model) tooSmall() bool { return m.c.Width < MinWidth || m.c.Height < MinHeight }

// View draws the screen, the status line and the key help.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	if c, ok := m.active().(cursorer); ok && !m.showHelp && !m.tooSmall() {
		v.Cursor = c.Cursor()
	}
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.c.T("tui.app.title")
	return v
}

func (m *Model) render() string {
	w, h := m.c.Width, m.c.Height
	if w == 0 || h == 0 {
		return ""
	}
	if m.tooSmall() {
		lines := textwidth.Wrap(m.c.T("tui.too.small", w, h, MinWidth, MinHeight), max(w-2, 10))
		return fitLines(m.c.Styles.StatusErr.Render(strings.Join(lines, "\n")), w, h)
	}
	bodyH := h - 2
	var body string
	if m.showHelp {
		body = m.fullHelp(w, bodyH)
	} else {
		body = m.active().View(w, bodyH)
	}
	return fitLines(body, w, bodyH) + "\n" + m.statusLine(w) + "\n" + m.helpLine(w)
}

func (m *Model) statusLine(w int) string {
	s := m.c.Styles
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
	k := m.c.Keys
	bindings := m.active().Help()
	if m.showHelp {
		bindings = []key.Binding{k.Help, k.Quit}
	} else if m.active().Mode() != ModeText {
		bindings = append([]key.Binding{k.Help}, bindings...)
	}
	m.help.SetWidth(w)
	return textwidth.Pad(m.help.ShortHelpView(bindings), w)
}

func (m *Model) fullHelp(w, h int) string {
	k := m.c.Keys
	s := m.c.Styles
	groups := m.active().FullHelp()
	groups = append(groups, []key.Binding{k.Help, k.Back, k.Quit})
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

func helpColumn(s *Styles, g []key.Binding) string {
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
