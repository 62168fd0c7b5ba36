package tui

// Mode tells the root and the workspace who gets the keys.
type Mode int

const (
	// ModeNormal: global keys (q, ?, tab, [, ], esc back) work; the rest goes to the screen.
	ModeNormal Mode = iota
	// ModeNested: the screen has a sub-view (details, a filter in effect); esc goes to the screen.
	ModeNested
	// ModeText: a text field or dialog has focus; every key but ctrl+c goes to the screen.
	ModeText
)
