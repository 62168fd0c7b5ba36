package tui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
)

// -update rewrites the golden files; teatest's golden package may define the flag already.
func init() {
	time.Local = time.UTC // times on screen are local: fix the zone for the goldens
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// fixedNow is the clock of every test, so "saved 14:02:11" is stable.
var fixedNow = time.Date(2026, 3, 2, 14, 2, 11, 0, time.UTC)

// harness drives the root model like the program does, but synchronously: every command
// returned by Update is run and its message fed back until none is left.
type harness struct {
	t     testing.TB
	m     *Model
	store *catalog.Store
	quit  bool
}

func newStore(t testing.TB) *catalog.Store {
	t.Helper()
	s, err := catalog.Open(context.Background(), filepath.Join(t.TempDir(), "cdc.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Actor, s.Source = "tester", "tui"
	t.Cleanup(func() { s.Close() })
	return s
}

func newHarness(t testing.TB, w, h int, lang catalog.Lang) *harness {
	return newHarnessStore(t, newStore(t), w, h, lang)
}

func newHarnessStore(t testing.TB, s *catalog.Store, w, h int, lang catalog.Lang) *harness {
	t.Helper()
	m := New(context.Background(), s, lang, WithPollInterval(0), WithClock(func() time.Time { return fixedNow }), WithDatabaseLabel("test.db"))
	hs := &harness{t: t, m: m, store: s}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(m.Init())
	return hs
}

// send delivers one message and runs what follows from it.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// commandTimeout is how long a command may take before the test fails: the model starts no
// timer in tests (polling off, cursors static), so a command that does not answer is stuck.
var commandTimeout = 10 * time.Second

// run executes cmd and feeds its message back, recursively, the commands of a batch or
// sequence one after the other. A command that does not answer fails the test.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(commandTimeout):
		h.t.Fatalf("a command did not answer within %s: stuck (a lost message or a deadlock)", commandTimeout)
	}
	if msg == nil {
		return
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		h.quit = true
		return
	}
	// tea.Batch and tea.Sequence deliver lists of commands.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := 0; i < v.Len(); i++ {
			h.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	h.send(msg)
}

// keyMsg builds a key press from a name ("enter", "ctrl+c", "space") or a single character.
func keyMsg(k string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEsc},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"space":     {Code: tea.KeySpace, Text: " "},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"pgdown":    {Code: tea.KeyPgDown},
		"pgup":      {Code: tea.KeyPgUp},
		"backspace": {Code: tea.KeyBackspace},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
	}
	if m, ok := special[k]; ok {
		return m
	}
	r, _ := utf8.DecodeRuneInString(k)
	return tea.KeyPressMsg{Code: r, Text: k}
}

// press sends key presses one after the other.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// typeText types text character by character.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// view is the screen without colours.
func (h *harness) view() string { return ansi.Strip(h.m.View().Content) }

// wantView fails unless the screen shows every one of wants.
func (h *harness) wantView(wants ...string) {
	h.t.Helper()
	v := h.view()
	for _, w := range wants {
		if !strings.Contains(v, w) {
			h.t.Fatalf("screen does not show %q:\n%s", w, v)
		}
	}
}

// golden compares the screen with testdata/name.golden; -update rewrites it.
func (h *harness) golden(name string) {
	h.t.Helper()
	got := h.view()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			h.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			h.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		h.t.Fatalf("%v (run go test ./tui -run %s -update to create it)", err, h.t.Name())
	}
	if string(want) != got {
		h.t.Fatalf("screen differs from %s (run with -update if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// workspace returns the open workspace or fails.
func (h *harness) workspace() *workspace {
	h.t.Helper()
	if h.m.ws == nil {
		h.t.Fatalf("no organisation is open:\n%s", h.view())
	}
	return h.m.ws
}
