package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// keyMap is every key binding of the interface. Help texts are in the interface language.
type keyMap struct {
	lang catalog.Lang

	// everywhere
	Quit, ForceQuit, Help, Back                    key.Binding
	Up, Down, PgUp, PgDown, Home, End, Enter       key.Binding
	Filter, NextTab, PrevTab, PrevCycle, NextCycle key.Binding

	// start screen
	New, Rename, Delete, Demo key.Binding

	// build
	Scope, Level, Assign, Provider, Target, ClearTarget, Category key.Binding
	FilterCategory                                                key.Binding

	// evaluate
	Score, ClearScore, Evidence, Results, NextUnscored key.Binding

	// manage and report
	Add, Edit, Status, SubNext, SubPrev key.Binding

	// every tab of a workspace: undo this window's last change; history of the service
	Undo, History key.Binding

	// dialogs and text fields
	Submit, Save, Cancel, NextField, PrevField, ChoiceNext, ChoicePrev key.Binding
	Choose, Confirm, Deny, DeleteWordForward                           key.Binding

	// a list's filter line while it is typed in
	FilterApply, FilterCancel, FilterLeave key.Binding
}

// Bind makes a binding whose help description is the message descKey in the keyMap's language.
func (k *keyMap) Bind(keys []string, helpKey, descKey string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, vocab.For(k.lang).T(descKey)))
}

// newKeyMap builds the bindings with help in lang.
func newKeyMap(lang catalog.Lang) *keyMap {
	k := &keyMap{lang: lang}
	b := k.Bind
	k.Quit = b([]string{"q", "ctrl+c"}, "q", "tui.key.quit")
	k.ForceQuit = b([]string{"ctrl+c"}, "ctrl+c", "tui.key.quit")
	k.Help = b([]string{"?"}, "?", "tui.key.help")
	k.Back = b([]string{"esc"}, "esc", "tui.key.back")
	k.Up = b([]string{"up", "k"}, "↑/k", "tui.key.up")
	k.Down = b([]string{"down", "j"}, "↓/j", "tui.key.down")
	k.PgUp = b([]string{"pgup", "ctrl+u"}, "pgup", "tui.key.pgup")
	k.PgDown = b([]string{"pgdown", "ctrl+d"}, "pgdn", "tui.key.pgdown")
	k.Home = b([]string{"home", "g"}, "g/home", "tui.key.home")
	k.End = b([]string{"end", "G"}, "G/end", "tui.key.end")
	k.Enter = b([]string{"enter"}, "enter", "tui.key.open")
	k.Filter = b([]string{"/"}, "/", "tui.key.filter")
	k.NextTab = b([]string{"tab"}, "tab", "tui.key.nexttab")
	k.PrevTab = b([]string{"shift+tab"}, "shift+tab", "tui.key.prevtab")
	k.PrevCycle = b([]string{"["}, "[", "tui.key.prevcycle")
	k.NextCycle = b([]string{"]"}, "]", "tui.key.nextcycle")

	k.New = b([]string{"n"}, "n", "tui.key.new")
	k.Rename = b([]string{"r"}, "r", "tui.key.rename")
	k.Delete = b([]string{"D", "delete"}, "D", "tui.key.delete")
	k.Demo = b([]string{"d"}, "d", "tui.key.demo")

	k.Scope = b([]string{"space"}, "space", "tui.key.scope")
	k.Level = b([]string{"l"}, "l", "tui.key.level")
	k.Assign = b([]string{"a"}, "a", "tui.key.assign")
	k.Provider = b([]string{"p"}, "p", "tui.key.provider")
	k.Target = b([]string{"0", "1", "2", "3", "4", "5"}, "0-5", "tui.key.target")
	k.ClearTarget = b([]string{"x"}, "x", "tui.key.cleartgt")
	k.Category = b([]string{"c"}, "c", "tui.key.category")
	k.FilterCategory = b([]string{"f"}, "f", "tui.key.fcat")

	k.Score = b([]string{"0", "1", "2", "3", "4", "5"}, "0-5", "tui.key.score")
	k.ClearScore = b([]string{"x"}, "x", "tui.key.clearscore")
	k.Evidence = b([]string{"e"}, "e", "tui.key.evidence")
	k.Results = b([]string{"r"}, "r", "tui.key.results")
	k.NextUnscored = b([]string{"n"}, "n", "tui.key.nextunscored")

	k.Add = b([]string{"n"}, "n", "tui.key.add")
	k.Edit = b([]string{"e"}, "e", "tui.key.edit")
	k.Status = b([]string{"s"}, "s", "tui.key.status")
	k.SubNext = b([]string{"right", "L"}, "→", "tui.key.subnext")
	k.SubPrev = b([]string{"left", "H"}, "←", "tui.key.subprev")

	k.Undo = b([]string{"u"}, "u", "tui.undo.key")
	k.History = b([]string{"h"}, "h", "tui.undo.key.history")

	k.Submit = b([]string{"enter"}, "enter", "tui.key.submit")
	k.Cancel = b([]string{"esc"}, "esc", "tui.key.cancel")
	k.Save = b([]string{"ctrl+s"}, "ctrl+s", "tui.key.submit")
	k.NextField = b([]string{"tab", "down"}, "tab", "tui.key.field")
	k.PrevField = b([]string{"shift+tab", "up"}, "shift+tab", "tui.key.prevfield")
	k.ChoiceNext = b([]string{"right", "space"}, "←/→", "tui.key.choose")
	k.ChoicePrev = b([]string{"left"}, "←", "tui.key.choose")
	k.Choose = b([]string{"enter"}, "enter", "tui.key.choose")
	k.Confirm = b([]string{"y", "Y"}, "y", "tui.key.confirm")
	k.Deny = b([]string{"n", "N"}, "n", "word.no")
	k.FilterApply = b([]string{"enter"}, "enter", "tui.key.apply")
	k.FilterCancel = b([]string{"esc"}, "esc", "tui.key.cancel")
	k.FilterLeave = b([]string{"up", "down"}, "↑/↓", "tui.key.applymove")
	k.DeleteWordForward = b([]string{"alt+delete", "alt+d", "ctrl+delete"}, "alt+d", "tui.key.delword")
	return k
}

// Navigation returns the list movement bindings, for help.
func (k *keyMap) Navigation() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PgUp, k.PgDown, k.Home, k.End}
}

// typingKeys are the keys of a list's filter line while it is typed in.
func typingKeys(k *keyMap) []key.Binding {
	return []key.Binding{k.FilterApply, k.FilterCancel, k.FilterLeave}
}

// keyHints is a line of key hints ("enter save · esc cancel") for inside a dialog: bubbles
// help's short view of the same bindings as the help line, unstyled (the dialog dims it).
func keyHints(bs []key.Binding) string {
	h := help.New()
	h.ShortSeparator, h.Styles = " · ", help.Styles{}
	return h.ShortHelpView(bs)
}

// flatten lists the bindings of help groups in order, for the short help line.
func flatten(groups [][]key.Binding) []key.Binding {
	var out []key.Binding
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// withNavigation adds the movement keys to help groups, unless a text field has the keys.
func withNavigation(k *keyMap, groups [][]key.Binding, typing bool) [][]key.Binding {
	if typing {
		return groups
	}
	return append(groups, k.Navigation())
}
