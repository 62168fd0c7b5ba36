package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/cdc-toolkit/cdc/catalog"
)

// KeyMap is every key binding of the interface. Help texts are in the interface language.
type KeyMap struct {
	lang catalog.Lang

	// everywhere
	Quit, ForceQuit, Help, Back                    key.Binding
	Up, Down, PgUp, PgDown, Home, End, Enter       key.Binding
	Filter, NextTab, PrevTab, PrevCycle, NextCycle key.Binding

	// start screen
	New, Rename, Delete, Demo key.Binding

	// build
	Scope, Level, Assign, AssignBack, Provider, Target, ClearTarget, Category key.Binding
	FilterCategory, FilterLevel, FilterAssign                                 key.Binding

	// evaluate
	Score, ClearScore, Evidence, Results key.Binding

	// manage and report
	Add, Edit, Status, SubNext, SubPrev key.Binding

	// forms
	Submit, Cancel, NextField, Confirm key.Binding
}

// Bind makes a binding whose help description is the message descKey in the KeyMap's language.
func (k *KeyMap) Bind(keys []string, helpKey, descKey string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, tr(k.lang, descKey)))
}

// NewKeyMap builds the bindings with help in lang.
func NewKeyMap(lang catalog.Lang) *KeyMap {
	k := &KeyMap{lang: lang}
	b := k.Bind
	k.Quit = b([]string{"q", "ctrl+c"}, "q", "key.quit")
	k.ForceQuit = b([]string{"ctrl+c"}, "ctrl+c", "key.quit")
	k.Help = b([]string{"?"}, "?", "key.help")
	k.Back = b([]string{"esc"}, "esc", "key.back")
	k.Up = b([]string{"up", "k"}, "↑/k", "key.up")
	k.Down = b([]string{"down", "j"}, "↓/j", "key.down")
	k.PgUp = b([]string{"pgup", "ctrl+u"}, "pgup", "key.pgup")
	k.PgDown = b([]string{"pgdown", "ctrl+d"}, "pgdn", "key.pgdown")
	k.Home = b([]string{"home", "g"}, "g/home", "key.home")
	k.End = b([]string{"end", "G"}, "G/end", "key.end")
	k.Enter = b([]string{"enter"}, "enter", "key.open")
	k.Filter = b([]string{"/"}, "/", "key.filter")
	k.NextTab = b([]string{"tab"}, "tab", "key.nexttab")
	k.PrevTab = b([]string{"shift+tab"}, "shift+tab", "key.prevtab")
	k.PrevCycle = b([]string{"["}, "[", "key.prevcycle")
	k.NextCycle = b([]string{"]"}, "]", "key.nextcycle")

	k.New = b([]string{"n"}, "n", "key.new")
	k.Rename = b([]string{"r"}, "r", "key.rename")
	k.Delete = b([]string{"D", "delete"}, "D", "key.delete")
	k.Demo = b([]string{"d"}, "d", "key.demo")

	k.Scope = b([]string{"space"}, "space", "key.scope")
	k.Level = b([]string{"l"}, "l", "key.level")
	k.Assign = b([]string{"a"}, "a", "key.assign")
	k.AssignBack = b([]string{"A"}, "A", "key.assignback")
	k.Provider = b([]string{"p"}, "p", "key.provider")
	k.Target = b([]string{"0", "1", "2", "3", "4", "5"}, "0-5", "key.target")
	k.ClearTarget = b([]string{"x"}, "x", "key.cleartgt")
	k.Category = b([]string{"c"}, "c", "key.category")
	k.FilterCategory = b([]string{"f"}, "f", "key.fcat")
	k.FilterLevel = b([]string{"v"}, "v", "key.flevel")
	k.FilterAssign = b([]string{"w"}, "w", "key.fassign")

	k.Score = b([]string{"0", "1", "2", "3", "4", "5"}, "0-5", "key.score")
	k.ClearScore = b([]string{"x"}, "x", "key.clearscore")
	k.Evidence = b([]string{"e"}, "e", "key.evidence")
	k.Results = b([]string{"r"}, "r", "key.results")

	k.Add = b([]string{"n"}, "n", "key.add")
	k.Edit = b([]string{"e"}, "e", "key.edit")
	k.Status = b([]string{"s"}, "s", "key.status")
	k.SubNext = b([]string{"right", "L"}, "→", "key.subnext")
	k.SubPrev = b([]string{"left", "H"}, "←", "key.subprev")

	k.Submit = b([]string{"enter"}, "enter", "key.submit")
	k.Cancel = b([]string{"esc"}, "esc", "key.cancel")
	k.NextField = b([]string{"tab", "down"}, "tab", "key.field")
	k.Confirm = b([]string{"y"}, "y", "key.confirm")
	return k
}

// Navigation returns the list movement bindings, for help.
func (k *KeyMap) Navigation() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PgUp, k.PgDown, k.Home, k.End}
}
