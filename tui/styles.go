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
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	return theme{
		Fg: c("#1F2328", "#E6EDF3"), Muted: c("#656D76", "#8B949E"), Subtle: c("#D0D7DE", "#30363D"),
		Accent: c("#0969DA", "#58A6FF"), AccentFg: c("#FFFFFF", "#0D1117"), Border: c("#8C959F", "#484F58"),
		Good: c("#1A7F37", "#3FB950"), Warn: c("#9A6700", "#D29922"), Bad: c("#CF222E", "#F85149"),
		Info: c("#8250DF", "#BC8CFF"), SelectedBg: c("#DDF4FF", "#1F3A5F"), HeaderBg: c("#F6F8FA", "#161B22"),
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
