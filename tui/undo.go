package tui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// undoTag names the write an undo makes: it is not itself put on the undo stack.
const undoTag = "undo"

// undoStack is this window's own changes: one group per save, newest last, each with the
// organisation it was made in. u undoes the newest group of the organisation on screen;
// pressing it again walks further back.
type undoStack struct {
	groups []undoGroup
	// own is every change-log ID this window wrote, undos included: a later change to the same
	// value that is not among them is someone else's, and undo refuses to overwrite it.
	own []int64
}

type undoGroup struct {
	org int64
	ids []int64
}

// maxUndo bounds the stack: a long session keeps its last changes, not all of them.
const maxUndo = 200

// saved books the change-log IDs of a finished write made in organisation org.
func (u *undoStack) saved(org int64, m savedMsg) {
	if m.Err != nil || len(m.Changes) == 0 {
		return
	}
	u.own = append(u.own, m.Changes...)
	if m.Tag == undoTag {
		return
	}
	u.groups = append(u.groups, undoGroup{org: org, ids: m.Changes})
	if len(u.groups) > maxUndo {
		u.groups = u.groups[len(u.groups)-maxUndo:]
	}
}

// pop takes the newest group of org off the stack.
func (u *undoStack) pop(org int64) ([]int64, bool) {
	for i := len(u.groups) - 1; i >= 0; i-- {
		if u.groups[i].org == org {
			ids := u.groups[i].ids
			u.groups = append(u.groups[:i], u.groups[i+1:]...)
			return ids, true
		}
	}
	return nil, false
}

// undoneMsg reports an undo: the entries undone, or why nothing was.
type undoneMsg struct {
	Done    []catalog.Change
	Refused error // an UndoConflictError or NotUndoableError: nothing was written
}

// undoLast undoes this window's newest change in the organisation on screen. The group
// leaves the stack at once, so quick presses walk back without waiting for each write.
func (c *common) undoLast(d *orgData) tea.Cmd {
	if d == nil {
		return nil
	}
	ids, ok := c.undo.pop(d.Org.ID)
	if !ok {
		return statusCmd(c.T("tui.undo.nothing"))
	}
	own := append([]int64(nil), c.undo.own...)
	return c.SaveThen(undoTag, func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		done, err := s.Undo(ctx, ids, own)
		var conflict *catalog.UndoConflictError
		var never *catalog.NotUndoableError
		if errors.As(err, &conflict) || errors.As(err, &never) {
			return undoneMsg{Refused: err}, nil
		}
		return undoneMsg{Done: done}, err
	})
}

// undone says in the status line what an undo did; d gives the words of the pack.
func (c *common) undone(m undoneMsg, d *orgData) tea.Cmd {
	var p *catalog.Pack
	if d != nil {
		p = d.Cycle.Pack
	}
	var conflict *catalog.UndoConflictError
	var never *catalog.NotUndoableError
	switch {
	case errors.As(m.Refused, &conflict):
		ch := conflict.Change
		return statusCmd(c.T("tui.undo.conflict", c.changeWhat(ch), c.fieldName(ch.Field), c.changeValue(p, ch.Field, conflict.Now)))
	case errors.As(m.Refused, &never):
		ch := never.Change
		return statusCmd(c.T("tui.undo.never", c.changeWhat(ch), c.fieldName(ch.Field)))
	case len(m.Done) == 0:
		return nil
	}
	ch := m.Done[0]
	text := c.T("tui.undo.done", c.changeWhat(ch), c.fieldName(ch.Field), c.P.OrUnknown(oneLine(c.changeValue(p, ch.Field, ch.New))), c.P.OrUnknown(oneLine(c.changeValue(p, ch.Field, ch.Old))))
	switch ch.Field {
	case catalog.FieldCreate:
		text = c.T("tui.undo.removed", c.changeWhat(ch))
	case catalog.FieldRemove:
		text = c.T("tui.undo.restored", c.changeWhat(ch))
	}
	if n := len(m.Done) - 1; n > 0 {
		text += " " + c.N("tui.undo.more", n)
	}
	return statusCmd(text)
}

// changeWhat names what a change is about: "Build B-1", "action #12".
func (c *common) changeWhat(ch catalog.Change) string {
	return c.entityName(ch.Entity) + " " + oneLine(ch.Key)
}

// reasonText shows a logged reason in the interface language where it is one of the toolkit's own.
func (c *common) reasonText(reason string) string {
	return oneLine(c.P.Reason(reason))
}
