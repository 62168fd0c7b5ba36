package tui

// Mode tells the root and the workspace who gets the keys.
type viewMode int

const (
	// modeNormal: global keys (q, ?, tab, [, ], esc back) work; the rest goes to the screen.
	modeNormal viewMode = iota
	// modeNested: the screen has a sub-view (details, a filter in effect); esc goes to the screen.
	modeNested
	// modeText: a text field or dialog has focus; every key but ctrl+c goes to the screen.
	modeText
)
