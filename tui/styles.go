package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Theme is the palette; Styles are derived from it.
type theme struct {
	Fg, Muted, Subtle, Accent, AccentFg, Border color.Color
	Good, Warn, Bad, Info                       color.Color
	SelectedBg, HeaderBg                        color.Color
}

// NewTheme returns the palette for a dark or light terminal background.
func newTheme(dark bool) theme {
	ld := lipgloss.LightDark(dark)
	return theme{
		Fg:         ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6EDF3")),
		Muted:      ld(lipgloss.Color("#656D76"), lipgloss.Color("#8B949E")),
		Subtle:     ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D")),
		Accent:     ld(lipgloss.Color("#0969DA"), lipgloss.Color("#58A6FF")),
		AccentFg:   ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#0D1117")),
		Border:     ld(lipgloss.Color("#8C959F"), lipgloss.Color("#484F58")),
		Good:       ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#3FB950")),
		Warn:       ld(lipgloss.Color("#9A6700"), lipgloss.Color("#D29922")),
		Bad:        ld(lipgloss.Color("#CF222E"), lipgloss.Color("#F85149")),
		Info:       ld(lipgloss.Color("#8250DF"), lipgloss.Color("#BC8CFF")),
		SelectedBg: ld(lipgloss.Color("#DDF4FF"), lipgloss.Color("#1F3A5F")),
		HeaderBg:   ld(lipgloss.Color("#F6F8FA"), lipgloss.Color("#161B22")),
	}
}

// Styles holds every style the screens use, so colours live in one place.
type styles struct {
	Dark  bool
	theme theme

	Header, HeaderOrg, HeaderCycle, HeaderMuted lipgloss.Style
	tabScreen, TabActive                        lipgloss.Style
	Title, Muted, Bold, Key                     lipgloss.Style
	Good, Warn, Bad, Info                       lipgloss.Style
	TableHeader, Selected, Category, Dim        lipgloss.Style
	Status, StatusErr, Saved, Saving            lipgloss.Style
	Box, Dialog, Label, Input                   lipgloss.Style
	BarCurrent, BarTarget, BarEmpty             lipgloss.Style
	Help                                        help.Styles
}

// NewStyles builds the styles for a dark or light background.
func newStyles(dark bool) *styles {
	t := newTheme(dark)
	s := &styles{Dark: dark, theme: t}
	base := lipgloss.NewStyle()
	s.Header = base.Bold(true).Foreground(t.Fg)
	s.HeaderOrg = base.Bold(true).Foreground(t.Accent)
	s.HeaderCycle = base.Foreground(t.Fg)
	s.HeaderMuted = base.Foreground(t.Muted)
	s.tabScreen = base.Foreground(t.Muted).Padding(0, 1)
	s.TabActive = base.Bold(true).Foreground(t.AccentFg).Background(t.Accent).Padding(0, 1)
	s.Title = base.Bold(true).Foreground(t.Accent)
	s.Muted = base.Foreground(t.Muted)
	s.Bold = base.Bold(true)
	s.Key = base.Bold(true).Foreground(t.Accent)
	s.Good = base.Foreground(t.Good)
	s.Warn = base.Foreground(t.Warn)
	s.Bad = base.Foreground(t.Bad)
	s.Info = base.Foreground(t.Info)
	s.TableHeader = base.Bold(true).Foreground(t.Muted).Underline(true)
	s.Selected = base.Bold(true).Foreground(t.Fg).Background(t.SelectedBg)
	s.Category = base.Bold(true).Foreground(t.Info)
	s.Dim = base.Foreground(t.Muted).Faint(true)
	s.Status = base.Foreground(t.Muted)
	s.StatusErr = base.Bold(true).Foreground(t.Bad)
	s.Saved = base.Foreground(t.Good)
	s.Saving = base.Foreground(t.Warn)
	s.Box = base.Border(lipgloss.RoundedBorder()).BorderForeground(t.Border).Padding(0, 1)
	s.Dialog = base.Border(lipgloss.RoundedBorder()).BorderForeground(t.Accent).Padding(0, 1)
	s.Label = base.Foreground(t.Muted)
	s.Input = base.Foreground(t.Fg)
	s.BarCurrent = base.Foreground(t.Accent)
	s.BarTarget = base.Foreground(t.Warn)
	s.BarEmpty = base.Foreground(t.Subtle)
	s.Help = help.DefaultStyles(dark)
	return s
}
