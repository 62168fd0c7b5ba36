package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestTooSmall(t *testing.T) {
	tests := []struct {
		w, h int
		want string
	}{
		{79, 24, "79×24"},
		{80, 23, "80×23"},
		{40, 10, "40×10"},
	}
	for _, tt := range tests {
		h := newHarness(t, tt.w, tt.h, catalog.EN)
		h.wantView(tt.want, "80×24")
		lines := strings.Split(h.view(), "\n")
		if len(lines) != tt.h {
			t.Errorf("%dx%d: %d lines", tt.w, tt.h, len(lines))
		}
		h.press("q")
		if !h.quit {
			t.Errorf("%dx%d: q did not quit", tt.w, tt.h)
		}
	}
}

func TestViewFitsWindow(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
			h := newHarness(t, size[0], size[1], lang)
			h.press("d") // demo
			h.workspace()
			for tab := 0; tab < 4; tab++ {
				content := h.m.View().Content
				lines := strings.Split(content, "\n")
				if len(lines) != size[1] {
					t.Fatalf("%v %s tab %d: %d lines, want %d", size, lang, tab, len(lines), size[1])
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Fatalf("%v %s tab %d line %d is %d cells wide: %q", size, lang, tab, i, w, ansi.Strip(l))
					}
				}
				h.press("tab")
			}
		}
	}
}

func TestHelpAndBack(t *testing.T) {
	h := newHarness(t, 100, 30, catalog.EN)
	h.press("d", "tab")
	h.press("?")
	h.wantView("Keys", "whole category")
	h.press("esc")
	h.wantView("Build", "Demo Agency")
	h.press("esc")
	if h.m.ws != nil {
		t.Fatal("esc in the workspace did not return to the organisation list")
	}
	h.wantView("Organisations", "Demo Agency")
}

func TestMouseWheelMovesCursor(t *testing.T) {
	h := newHarness(t, 100, 30, catalog.EN)
	h.press("d", "tab")
	b := h.workspace().tabs[tabBuild].(*buildTab)
	before := b.table.selectedID()
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if after := b.table.selectedID(); after == before {
		t.Fatalf("wheel down left the cursor on %s", after)
	}
}

func TestThemeFollowsBackground(t *testing.T) {
	h := newHarness(t, 80, 24, catalog.EN)
	tests := []struct {
		bg   string
		dark bool
	}{
		{"#ffffff", false},
		{"#000000", true},
	}
	for _, tt := range tests {
		h.send(tea.BackgroundColorMsg{Color: lipgloss.Color(tt.bg)})
		if h.m.c.styles.Dark != tt.dark {
			t.Errorf("background %s: dark styles %v, want %v", tt.bg, h.m.c.styles.Dark, tt.dark)
		}
	}
}

func TestJapaneseNames(t *testing.T) {
	h := newHarness(t, 80, 24, catalog.JA)
	h.press("n")
	h.typeText("東京セキュリティ株式会社")
	h.press("tab")
	h.typeText("金融")
	h.press("ctrl+s")
	h.workspace()
	h.wantView("東京セキュリティ株式会社", "リスクマネジメント", "必須")
	h.press("esc")
	h.wantView("東京セキュリティ株式会社", "金融")
	for i, l := range strings.Split(h.m.View().Content, "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Fatalf("line %d is %d cells wide", i, w)
		}
	}
}

// TestCursorAtInsertionPoint checks that the terminal cursor sits right after the typed text,
// where an input method draws its composition.
func TestCursorAtInsertionPoint(t *testing.T) {
	tests := []struct {
		name string
		org  bool
		keys []string
		text string
		last string // the cell content just left of the cursor
	}{
		{"new organisation", false, []string{"n"}, "東京Bank", "k"},
		{"japanese", false, []string{"n"}, "東京", "京"},
		{"provider in the workspace", true, []string{"p"}, "X社", "社"},
		{"evidence", true, []string{"tab", "tab", "e"}, "根拠メモ", "モ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h *harness
			if tt.org {
				h = newFixtureHarness(t, 100, 30, catalog.JA)
			} else {
				h = newHarness(t, 100, 30, catalog.JA)
			}
			h.press(tt.keys...)
			if tt.org {
				for range 30 {
					h.press("backspace")
				}
			}
			h.typeText(tt.text)
			v := h.m.View()
			if v.Cursor == nil {
				t.Fatal("no terminal cursor while a form is open")
			}
			lines := strings.Split(ansi.Strip(v.Content), "\n")
			x, y := v.Cursor.Position.X, v.Cursor.Position.Y
			lw := ansi.StringWidth(tt.last)
			if got := ansi.Cut(lines[y], x-lw, x); got != tt.last {
				t.Fatalf("cursor at %d,%d follows %q, want %q\n%s", x, y, got, tt.last, lines[y])
			}
		})
	}
	h := newHarness(t, 100, 30, catalog.EN)
	if h.m.View().Cursor != nil {
		t.Fatal("a cursor is shown with no text field open")
	}
}

func TestMouseClick(t *testing.T) {
	h := newFixtureHarness(t, 100, 30, catalog.EN)
	click := func(x, y int) { h.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft}) }
	lines := strings.Split(h.view(), "\n")
	for y, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "A-4 ") {
			click(5, y)
			break
		}
	}
	if got := h.workspace().tabs[tabBuild].(*buildTab).table.selectedID(); got != "A-4" {
		t.Fatalf("click on A-4 selected %s", got)
	}
	x := strings.Index(lines[1], "Evaluate")
	click(x+1, 1)
	if h.workspace().active != tabEvaluate {
		t.Fatalf("click on the Evaluate tab shows tab %d", h.workspace().active)
	}
	h.press("esc")
	click(3, 3) // first organisation row
	h.press("enter")
	h.wantView(fixtureName, "FY2026")
}
