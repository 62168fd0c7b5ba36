package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ReasonUndo is the reason recorded with every change-log entry an undo writes.
const ReasonUndo = "undo"

// ReasonReassessed is the reason recorded when a carried-over score is confirmed unchanged.
const ReasonReassessed = "re-assessed (was carried over)"

type recorderKey struct{}

// RecordChanges returns a context under which every committed write appends the IDs of the
// change-log entries it wrote to *ids. A window keeps its own changes this way, to undo them.
func RecordChanges(ctx context.Context, ids *[]int64) context.Context {
	return context.WithValue(ctx, recorderKey{}, ids)
}

func recordChanges(ctx context.Context, logged []int64) {
	if ids, ok := ctx.Value(recorderKey{}).(*[]int64); ok && ids != nil {
		*ids = append(*ids, logged...)
	}
}

// UndoConflictError refuses an undo: the value was changed by someone else since (Now is
// what it holds now), so undoing would overwrite their work.
type UndoConflictError struct {
	Change Change
	Now    string
}

func (e *UndoConflictError) Error() string {
	return fmt.Sprintf("%s %s %s was changed elsewhere since (now %q); nothing was undone", e.Change.Entity, e.Change.Key, e.Change.Field, e.Now)
}

func (e *UndoConflictError) Is(target error) bool { return target == ErrConflict }

// NotUndoableError refuses an undo of a change that has no reverse (a cycle started or
// closed, an import, a deletion).
type NotUndoableError struct{ Change Change }

func (e *NotUndoableError) Error() string {
	return fmt.Sprintf("%s %s %s cannot be undone", e.Change.Entity, e.Change.Key, e.Change.Field)
}

// Undo reverses the change-log entries ids, newest first, in one transaction: each value goes
// back to what the entry found, logged with reason "undo". own are further entries written by
// the same window (its earlier undos among them): any later entry of the same value that is
// neither in ids nor in own is someone else's work, and the undo is refused with an
// UndoConflictError, as it is when the value no longer holds what the entry wrote.
// It returns the entries undone, newest first.
func (s *Store) Undo(ctx context.Context, ids, own []int64) ([]Change, error) {
	return update(ctx, s, "", func(tx *Tx) ([]Change, error) { return tx.Undo(ids, own) })
}

// Undo reverses change-log entries inside the transaction.
func (t *Tx) Undo(ids, own []int64) ([]Change, error) {
	mine := make(map[int64]bool, len(ids)+len(own))
	for _, id := range own {
		mine[id] = true
	}
	for _, id := range ids {
		mine[id] = true
	}
	order := slices.Clone(ids)
	slices.Sort(order)
	slices.Reverse(order)
	order = t.reopensFirst(order) // undo_more.go
	var done []Change
	for _, id := range order {
		ch, err := scanChange(t.queryRow("SELECT "+changeColumns+" FROM change_log WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("change %d not found", id)
		}
		if err != nil {
			return nil, err
		}
		if ch.ImportedFrom != "" {
			return nil, &NotUndoableError{Change: ch}
		}
		if err := t.othersSince(ch, mine); err != nil {
			return nil, err
		}
		before := len(t.logged)
		t.undoing = true
		err = t.reverse(ch)
		t.undoing = false
		if err != nil {
			return nil, err
		}
		for _, w := range t.logged[before:] {
			mine[w] = true // this undo's own entries are no one else's work
		}
		done = append(done, ch)
	}
	return done, nil
}

// othersSince refuses when an entry after ch, about the same value, was written by someone else.
func (t *Tx) othersSince(ch Change, mine map[int64]bool) error {
	q := "SELECT id, new FROM change_log WHERE org_id = ? AND cycle_id = ? AND entity = ? AND key = ? AND id > ?"
	args := []any{ch.OrgID, ch.CycleID, string(ch.Entity), ch.Key, ch.ID}
	if ch.Field != FieldCreate { // undoing a creation removes the whole item: every field counts
		q += " AND field = ?"
		args = append(args, string(ch.Field))
	}
	rows, err := t.tx.QueryContext(t.ctx, q+" ORDER BY id DESC", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var now string
		if err := rows.Scan(&id, &now); err != nil {
			return err
		}
		if !mine[id] {
			return &UndoConflictError{Change: ch, Now: now}
		}
	}
	return rows.Err()
}

// reversers undo a change to each kind of entity that can be undone.
var reversers = map[Entity]func(*Tx, Change) error{
	EntityBuild:      (*Tx).reverseBuild,
	EntityAssessment: (*Tx).reverseAssessment,
	EntityAction:     (*Tx).reverseAction,
	EntityReview:     (*Tx).reverseReview,
}

// reverse writes ch's old value back, after checking the value still holds ch's new one.
func (t *Tx) reverse(ch Change) error {
	if ok, err := t.reverseMore(ch); ok { // a cycle's closing, a carry-over, a review's deletion: undo_more.go
		return err
	}
	if ch.Field == FieldRemove || ch.Field == FieldCarryOver { // what was removed or moved is not kept to put back
		return &NotUndoableError{Change: ch}
	}
	if undo, ok := reversers[ch.Entity]; ok {
		return undo(t, ch)
	}
	return &NotUndoableError{Change: ch}
}

func conflictUnless(ch Change, now string) error {
	if now != ch.New {
		return &UndoConflictError{Change: ch, Now: now}
	}
	return nil
}

func (t *Tx) reverseBuild(ch Change) error {
	_, pack, err := t.openCyclePack(ch.CycleID)
	if err != nil {
		return err
	}
	byID, err := t.buildStates(pack, ch.CycleID)
	if err != nil {
		return err
	}
	st, ok := byID[ch.Key]
	if !ok {
		return &NotFoundError{Kind: KindService, Ref: ch.Key, In: pack.Ref()}
	}
	var now string
	var p BuildPatch
	switch ch.Field {
	case FieldScope:
		now = scopeWord(st.InScope)
		in := ch.Old == scopeWord(true)
		p.InScope = &in
	case FieldLevel:
		now = string(st.Level)
		l := Level(ch.Old)
		p.Level = &l
		if l != st.DefaultLevel {
			p.Reason = t.levelReason(ch)
		}
	case FieldAssignment:
		now = string(st.Assignment)
		a := Assignment(ch.Old)
		p.Assignment = &a
	case FieldProvider:
		now = st.Provider
		p.Provider = &ch.Old
	case FieldContract:
		now = st.Contract
		p.Contract = &ch.Old
	case FieldTarget:
		now = scoreWord(st.Target)
		if p.Target, p.ClearTarget, err = oldScore(ch); err != nil {
			return err
		}
	default:
		return &NotUndoableError{Change: ch}
	}
	if err := conflictUnless(ch, now); err != nil {
		return err
	}
	_, err = t.SetBuild(ch.CycleID, []string{ch.Key}, p)
	return err
}

// levelReason is the reason the level ch left was given when it was set, so that undoing a
// change back to an overridden level restores the override's reason too.
func (t *Tx) levelReason(ch Change) string {
	var reason string
	err := t.queryRow(`SELECT reason FROM change_log WHERE org_id = ? AND cycle_id = ? AND entity = ? AND key = ? AND field = ? AND new = ? AND id < ?
		AND reason <> '' AND reason <> ? ORDER BY id DESC LIMIT 1`,
		ch.OrgID, ch.CycleID, string(EntityBuild), ch.Key, string(FieldLevel), ch.Old, ch.ID, ReasonUndo).Scan(&reason)
	if err != nil || strings.TrimSpace(reason) == "" {
		return ReasonUndo
	}
	return reason
}

func (t *Tx) reverseAssessment(ch Change) error {
	_, pack, err := t.openCyclePack(ch.CycleID)
	if err != nil {
		return err
	}
	states, err := loadStates(t.ctx, t.tx, pack, ch.CycleID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(states, func(st ServiceState) bool { return st.ID == ch.Key })
	if i < 0 {
		return &NotFoundError{Kind: KindService, Ref: ch.Key, In: pack.Ref()}
	}
	st := states[i]
	var p AssessmentPatch
	var now string
	switch ch.Field {
	case FieldCurrent:
		now = scoreWord(st.Current)
		if p.Score, p.ClearScore, err = oldScore(ch); err != nil {
			return err
		}
		p.CarriedOver = ch.Reason == ReasonReassessed && p.Score != nil
	case FieldEvidence:
		now = st.Evidence
		p.Evidence, p.EvidenceWas = &ch.Old, &ch.New
	default:
		return &NotUndoableError{Change: ch}
	}
	if err := conflictUnless(ch, now); err != nil {
		return err
	}
	_, err = t.SetAssessment(ch.CycleID, ch.Key, p)
	return err
}

// oldScore reads the score ch left, as a patch asks for it: the score, or clear when there was none.
func oldScore(ch Change) (score *int, clear bool, err error) {
	if ch.Old == scoreWord(nil) {
		return nil, true, nil
	}
	v, err := strconv.Atoi(ch.Old)
	if err != nil {
		return nil, false, &NotUndoableError{Change: ch}
	}
	return &v, false, nil
}

// itemID reads the ID of an action or review from its change-log key "#12".
func itemID(ch Change) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(ch.Key, "#"), 10, 64)
	if err != nil {
		return 0, &NotUndoableError{Change: ch}
	}
	return id, nil
}

func (t *Tx) reverseAction(ch Change) error {
	return reverseItem(ch, actionFields, t.action,
		func(_ int64, a Action) error { return t.removeAction(a) },
		func(id int64, p ActionPatch) error { _, err := t.UpdateAction(id, p); return err })
}

func (t *Tx) reverseReview(ch Change) error {
	return reverseItem(ch, reviewFields, t.review,
		func(id int64, _ Review) error { return t.DeleteReview(id) },
		func(id int64, p ReviewPatch) error { _, err := t.UpdateReview(id, p); return err })
}
