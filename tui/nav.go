package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// navigate moves l for a movement key over n rows shown h at a time; rows for which skip
// returns true (category headers) are stepped over. It reports whether msg was a movement key.
func navigate(k *keyMap, msg tea.KeyPressMsg, l *listWindow, n, h int, skip func(int) bool) bool {
	if n == 0 {
		return key.Matches(msg, k.Up, k.Down, k.PgUp, k.PgDown, k.Home, k.End)
	}
	var step, target int
	switch {
	case key.Matches(msg, k.Up):
		target, step = l.cursor-1, -1
	case key.Matches(msg, k.Down):
		target, step = l.cursor+1, 1
	case key.Matches(msg, k.PgUp):
		target, step = l.cursor-max(h-1, 1), -1
	case key.Matches(msg, k.PgDown):
		target, step = l.cursor+max(h-1, 1), 1
	case key.Matches(msg, k.Home):
		target, step = 0, 1
	case key.Matches(msg, k.End):
		target, step = n-1, -1
	default:
		return false
	}
	target = min(max(target, 0), n-1)
	if skip != nil {
		t := target
		for t >= 0 && t < n && skip(t) {
			t += step
		}
		if t < 0 || t >= n { // nothing selectable that way: try the other direction
			t = target
			for t >= 0 && t < n && skip(t) {
				t -= step
			}
		}
		if t < 0 || t >= n {
			return true
		}
		target = t
	}
	l.cursor = target
	l.clamp(n, h)
	return true
}

// wheelKey turns a mouse wheel event into the matching movement key.
func wheelKey(m tea.MouseWheelMsg) (tea.KeyPressMsg, bool) {
	switch m.Mouse().Button {
	case tea.MouseWheelUp:
		return tea.KeyPressMsg{Code: tea.KeyUp}, true
	case tea.MouseWheelDown:
		return tea.KeyPressMsg{Code: tea.KeyDown}, true
	}
	return tea.KeyPressMsg{}, false
}
