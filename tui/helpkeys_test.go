package tui

import (
	"context"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// helpScene is a place in a workspace, reached from a fresh window by keys.
type helpScene struct {
	name   string
	keys   []string
	typing bool // a filter line has focus: printable keys type
}

// The help of every tab, in every state, names exactly the keys that do something there.
// For each scene, every key of the universe (each key of every binding and every letter,
// digit and sign a user may press) is pressed in a fresh window brought to that scene: a key
// works when the screen changes, other than by a "read only" refusal. The keys of ? must be
// the keys that work, movement aside; the short help line may show fewer, never others.
func TestHelpNamesTheKeysThatWork(t *testing.T) {
	if testing.Short() {
		t.Skip("opens a window for every key of every scene")
	}
	scenes := []helpScene{
		{name: "overview"},
		{name: "build", keys: []string{"tab"}},
		{name: "build filtered", keys: []string{"tab", "/", "m", "o", "n", "enter"}},
		{name: "build typing", keys: []string{"tab", "/"}, typing: true},
		{name: "build detail", keys: []string{"tab", "enter"}},
		{name: "build closed", keys: []string{"tab", "["}},
		{name: "evaluate", keys: []string{"tab", "tab", "tab"}},
		{name: "evaluate results", keys: []string{"tab", "tab", "tab", "r"}},
		{name: "evaluate closed", keys: []string{"tab", "tab", "tab", "["}},
		{name: "manage actions", keys: []string{"tab", "tab"}},
		{name: "manage actions filtered", keys: []string{"tab", "tab", "f", "h", "s"}},
		{name: "manage actions typing", keys: []string{"tab", "tab", "/"}, typing: true},
		{name: "manage reviews", keys: []string{"tab", "tab", "right"}},
		{name: "manage cycles", keys: []string{"tab", "tab", "right", "right"}},
		{name: "manage cycles other", keys: []string{"tab", "tab", "right", "right", "up"}},
		{name: "manage change log", keys: []string{"tab", "tab", "left"}},
	}
	universe := keyUniverse(newKeyMap(catalog.EN))
	for _, sc := range scenes {
		t.Run(sc.name, func(t *testing.T) {
			s := newStore(t)
			if _, err := s.LoadDemo(context.Background()); err != nil {
				t.Fatal(err)
			}
			open := func() *harness {
				h := newHarnessStore(t, s, 120, 40, catalog.EN)
				h.press("enter")
				h.workspace()
				h.press(sc.keys...)
				return h
			}
			h := open()
			short, full := helpKeys([][]key.Binding{h.m.shortHelp()}), helpKeys(h.m.fullHelpGroups())
			if sc.typing {
				full = short // ? is typed into the field: the help line is all there is
			}
			for k := range short {
				if !full[k] && !isMovement(k) {
					t.Errorf("the help line shows %q, which ? does not", k)
				}
			}
			// refusals say why a key does nothing here
			refusals := []string{h.m.c.T("tui.cycle.readonly")}
			for _, c := range h.workspace().data.Cycles {
				refusals = append(refusals, h.m.c.T("tui.manage.cycle.already", c.Name))
			}
			refused := func(view string) bool {
				return slices.ContainsFunc(refusals, func(r string) bool { return strings.Contains(statusLineOf(view), r) })
			}
			var works, idle []string
			for _, k := range universe {
				if sc.typing && !full[k] {
					continue // printable keys type into the field
				}
				h := open()
				before := h.view()
				h.send(parseKey(k))
				after := h.view()
				if h.quit || (after != before && !refused(after)) {
					works = append(works, k)
				} else {
					idle = append(idle, k)
				}
			}
			for _, k := range works {
				if !full[k] && !isMovement(k) {
					t.Errorf("%q works here but the help does not name it", k)
				}
			}
			for _, k := range idle {
				if full[k] && !isMovement(k) && !invisibleKeys[k] {
					t.Errorf("the help names %q, which does nothing here", k)
				}
			}
			if t.Failed() {
				t.Logf("screen:\n%s", h.view())
			}
		})
	}
}

// invisibleKeys work without changing the screen: r reloads the Manage lists from the store.
var invisibleKeys = map[string]bool{"r": true}

// isMovement reports whether k moves in a list: every list has them, ? lists them apart.
func isMovement(k string) bool {
	km := newKeyMap(catalog.EN)
	for _, b := range km.Navigation() {
		if slices.Contains(b.Keys(), k) {
			return true
		}
	}
	return false
}

// statusLineOf is the status line of a screen: the last line but one.
func statusLineOf(view string) string {
	lines := strings.Split(view, "\n")
	if len(lines) < 2 {
		return ""
	}
	return lines[len(lines)-2]
}

// helpKeys are the keys of the enabled bindings in groups.
func helpKeys(groups [][]key.Binding) map[string]bool {
	out := map[string]bool{}
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() {
				for _, k := range b.Keys() {
					out[k] = true
				}
			}
		}
	}
	return out
}

// keyUniverse is every key of every binding of km, and every letter, digit and sign.
func keyUniverse(km *keyMap) []string {
	set := map[string]bool{}
	v := reflect.ValueOf(km).Elem()
	for i := 0; i < v.NumField(); i++ {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		if b, ok := v.Field(i).Interface().(key.Binding); ok {
			for _, k := range b.Keys() {
				set[k] = true
			}
		}
	}
	for r := 'a'; r <= 'z'; r++ {
		set[string(r)] = true
		set[strings.ToUpper(string(r))] = true
	}
	for _, r := range "0123456789/=<>[]-+*!#." {
		set[string(r)] = true
	}
	for _, k := range []string{"enter", "esc", "tab", "shift+tab", "space", "left", "right", "delete", "backspace", "ctrl+s"} {
		set[k] = true
	}
	var out []string
	for k := range set {
		if !isMovement(k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// parseKey builds the key press a binding's key string names ("alt+d", "shift+tab", "D").
func parseKey(k string) tea.KeyPressMsg {
	codes := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "space": tea.KeySpace, "up": tea.KeyUp,
		"down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "delete": tea.KeyDelete, "backspace": tea.KeyBackspace}
	var msg tea.KeyPressMsg
	parts := strings.Split(k, "+")
	if k == "+" {
		parts = []string{"+"}
	}
	for _, m := range parts[:len(parts)-1] {
		switch m {
		case "ctrl":
			msg.Mod |= tea.ModCtrl
		case "alt":
			msg.Mod |= tea.ModAlt
		case "shift":
			msg.Mod |= tea.ModShift
		}
	}
	last := parts[len(parts)-1]
	if c, ok := codes[last]; ok {
		msg.Code = c
		if last == "space" && msg.Mod == 0 {
			msg.Text = " "
		}
		return msg
	}
	msg.Code = []rune(last)[0]
	if msg.Mod == 0 {
		msg.Text = last
	}
	return msg
}

// parseKey names the same key as the binding does: the test presses what help shows.
func TestParseKeyMatchesBindings(t *testing.T) {
	for _, k := range keyUniverse(newKeyMap(catalog.EN)) {
		if got := parseKey(k).String(); got != k {
			t.Errorf("parseKey(%q) is %q", k, got)
		}
	}
}
