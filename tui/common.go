package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Common is shared by every screen: size, styles, keys, store and language.
// Screens hold a pointer, so a resize or theme change reaches all of them.
type Common struct {
	Ctx    context.Context
	Store  *catalog.Store
	Lang   catalog.Lang
	Width  int
	Height int
	Styles *Styles
	Keys   *KeyMap
	// Now is the clock used for the save indicator; tests fix it.
	Now func() time.Time
	// DBLabel is how the database is named on screen (its path by default).
	DBLabel string

	pending int       // store writes issued but not yet reported
	savedAt time.Time // when the last write committed
}

// NewCommon prepares the shared state for a store and language.
func NewCommon(ctx context.Context, s *catalog.Store, lang catalog.Lang) *Common {
	return &Common{Ctx: ctx, Store: s, Lang: lang, Styles: NewStyles(true), Keys: NewKeyMap(lang), Now: time.Now, DBLabel: s.Path()}
}

// T returns the interface text of key in the current language.
func (c *Common) T(key string, args ...any) string { return tr(c.Lang, key, args...) }

// Saving reports whether a write is still running.
func (c *Common) Saving() bool { return c.pending > 0 }

// Save runs one store write as a command and reports it with a SavedMsg carrying tag.
// Call it from Update: it marks the write pending at once, so the footer shows "saving…"
// and quitting waits for it.
func (c *Common) Save(tag string, fn func(ctx context.Context, s *catalog.Store) error) tea.Cmd {
	c.pending++
	ctx, s := c.Ctx, c.Store
	return func() tea.Msg {
		err := fn(ctx, s)
		return SavedMsg{Tag: tag, Err: err, At: time.Now()}
	}
}

// SaveThen is Save for a write whose result leads somewhere: fn's message is delivered
// after the SavedMsg when the write succeeds.
func (c *Common) SaveThen(tag string, fn func(ctx context.Context, s *catalog.Store) (tea.Msg, error)) tea.Cmd {
	c.pending++
	ctx, s := c.Ctx, c.Store
	return func() tea.Msg {
		next, err := fn(ctx, s)
		return SavedMsg{Tag: tag, Err: err, At: time.Now(), Next: next}
	}
}

// Load runs a store read as a command; fn's message is delivered, or an ErrMsg when it fails.
func (c *Common) Load(fn func(ctx context.Context, s *catalog.Store) (tea.Msg, error)) tea.Cmd {
	ctx, s := c.Ctx, c.Store
	return func() tea.Msg {
		msg, err := fn(ctx, s)
		if err != nil {
			return ErrMsg{Err: err}
		}
		return msg
	}
}

// saved books a finished write; the root model calls it once per SavedMsg.
func (c *Common) saved(m SavedMsg) {
	if c.pending > 0 {
		c.pending--
	}
	if m.Err == nil {
		c.savedAt = c.Now()
	}
}
