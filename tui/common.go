package tui

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// common is shared by every screen: styles, keys, store, language and the dialog stack.
// Screens hold a pointer, so a resize or theme change reaches all of them.
type common struct {
	Ctx   context.Context
	Store *catalog.Store
	Lang  catalog.Lang
	// P speaks the interface language: every word and figure on screen goes through it.
	P      vocab.Printer
	styles *styles
	Keys   *keyMap
	// Now is the clock used for the save indicator; tests fix it.
	Now func() time.Time
	// DBLabel is how the database is named on screen (its path by default).
	DBLabel string
	// Files, when set, is the one folder the Report tab reads and writes (a session served over SSH).
	Files string

	dialogs *overlay // the root's dialog stack

	pending int       // store writes issued but not yet reported
	savedAt time.Time // when the last write committed
	writes  writeQueue
	undo    undoStack // this window's own changes, newest last
}

// writeQueue runs store writes in the order they were issued: commands run on their own
// goroutines, and two quick edits of one service must not commit the wrong way round.
type writeQueue struct {
	mu         sync.Mutex
	cond       *sync.Cond
	next, done uint64
}

// ticket reserves the next place; called from Update only.
func (q *writeQueue) ticket() uint64 {
	q.next++
	return q.next
}

// run waits for the writes issued before ticket t, then runs fn.
func (q *writeQueue) run(t uint64, fn func()) {
	q.mu.Lock()
	if q.cond == nil {
		q.cond = sync.NewCond(&q.mu)
	}
	for q.done != t-1 {
		q.cond.Wait()
	}
	q.mu.Unlock()
	defer func() {
		q.mu.Lock()
		q.done = t
		q.cond.Broadcast()
		q.mu.Unlock()
	}()
	fn()
}

// newCommon prepares the shared state for a store and language.
func newCommon(ctx context.Context, s *catalog.Store, lang catalog.Lang) *common {
	return &common{Ctx: ctx, Store: s, Lang: lang, P: vocab.For(lang), styles: newStyles(true), Keys: newKeyMap(lang), Now: time.Now, DBLabel: s.Path(), dialogs: &overlay{}}
}

// T returns the interface text of key in the current language.
func (c *common) T(key string, args ...any) string { return c.P.T(key, args...) }

// N returns the plural form of key for the count n in the current language.
func (c *common) N(key string, n int, args ...any) string { return c.P.N(key, n, args...) }

// Saving reports whether a write is still running.
func (c *common) Saving() bool { return c.pending > 0 }

// Save runs one store write as a command and reports it with a savedMsg carrying tag.
// Call it from Update: it marks the write pending at once, so the footer shows "saving…"
// and quitting waits for it.
func (c *common) Save(tag string, fn func(ctx context.Context, s *catalog.Store) error) tea.Cmd {
	c.pending++
	ctx, s, t := c.Ctx, c.Store, c.writes.ticket()
	return func() tea.Msg {
		var err error
		var ids []int64 // the change-log entries written, for undo
		c.writes.run(t, func() { err = fn(catalog.RecordChanges(ctx, &ids), s) })
		return savedMsg{Tag: tag, Err: err, At: time.Now(), Changes: ids}
	}
}

// SaveThen is Save for a write whose result leads somewhere: fn's message is delivered
// after the savedMsg when the write succeeds.
func (c *common) SaveThen(tag string, fn func(ctx context.Context, s *catalog.Store) (tea.Msg, error)) tea.Cmd {
	c.pending++
	ctx, s, t := c.Ctx, c.Store, c.writes.ticket()
	return func() tea.Msg {
		var next tea.Msg
		var err error
		var ids []int64 // the change-log entries written, for undo
		c.writes.run(t, func() { next, err = fn(catalog.RecordChanges(ctx, &ids), s) })
		return savedMsg{Tag: tag, Err: err, At: time.Now(), Next: next, Changes: ids}
	}
}

// Load runs a store read as a command; fn's message is delivered, or an errMsg when it fails.
func (c *common) Load(fn func(ctx context.Context, s *catalog.Store) (tea.Msg, error)) tea.Cmd {
	ctx, s := c.Ctx, c.Store
	return func() tea.Msg {
		msg, err := fn(ctx, s)
		if err != nil {
			return errMsg{Err: err}
		}
		return msg
	}
}

// saved books a finished write; the root model calls it once per savedMsg.
func (c *common) saved(m savedMsg) {
	if c.pending > 0 {
		c.pending--
	}
	if m.Err == nil {
		c.savedAt = c.Now()
	}
}
