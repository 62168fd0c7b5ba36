package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// scroller is the one scrolling view of prepared lines (a service's details, the results,
// an import preview, a long note): a bubbles viewport moved by the keyMap's keys.
type scroller struct {
	vp viewport.Model
	n  int
}

func newScroller() scroller {
	return scroller{vp: viewport.New(viewport.WithWidth(1), viewport.WithHeight(1))}
}

// newWrappingScroller is a scroller whose long lines wrap instead of being cut: for text
// that must be read whole, such as an import preview.
func newWrappingScroller() scroller {
	s := newScroller()
	s.vp.SoftWrap = true
	return s
}

// SetSize keeps the offset within the new size.
func (s *scroller) SetSize(w, h int) {
	s.vp.SetWidth(max(w, 1))
	s.vp.SetHeight(max(h, 1))
	s.vp.SetYOffset(s.vp.YOffset())
}

// SetLines replaces the content; the offset stays where it can.
func (s *scroller) SetLines(lines []string) {
	s.n = len(lines)
	off := s.vp.YOffset()
	s.vp.SetContentLines(lines)
	s.vp.SetYOffset(off)
}

// Top goes back to the first line.
func (s *scroller) Top() { s.vp.GotoTop() }

// Key scrolls for a movement key and reports whether it was one.
func (s *scroller) Key(k *keyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		s.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		s.vp.ScrollDown(1)
	case key.Matches(msg, k.PgUp):
		s.vp.PageUp()
	case key.Matches(msg, k.PgDown):
		s.vp.PageDown()
	case key.Matches(msg, k.Home):
		s.vp.GotoTop()
	case key.Matches(msg, k.End):
		s.vp.GotoBottom()
	default:
		return false
	}
	return true
}

func (s *scroller) View() string { return s.vp.View() }

// Position says which lines are shown ("12–34/80"), empty when everything fits.
func (s *scroller) Position() string {
	h := s.vp.Height()
	if s.n <= h {
		return ""
	}
	from := s.vp.YOffset() + 1
	to := min(s.vp.YOffset()+h, s.n)
	return strconv.Itoa(from) + "–" + strconv.Itoa(to) + "/" + strconv.Itoa(s.n)
}
