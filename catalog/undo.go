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

// reverse writes ch's old value back, after checking the value still holds ch's new one.
func (t *Tx) reverse(ch Change) error {
	if ok, err := t.reverseMore(ch); ok { // a cycle's closing, a carry-over, a review's deletion: undo_more.go
		return err
	}
	if ch.Field == FieldRemove || ch.Field == FieldCarryOver { // what was removed or moved is not kept to put back
		return &NotUndoableError{Change: ch}
	}
	switch ch.Entity {
	case EntityBuild:
		return t.reverseBuild(ch)
	case EntityAssessment:
		return t.reverseAssessment(ch)
	case EntityAction:
		return t.reverseAction(ch)
	case EntityReview:
		return t.reverseReview(ch)
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
		if ch.Old == scoreWord(nil) {
			p.ClearTarget = true
		} else {
			v, err := strconv.Atoi(ch.Old)
			if err != nil {
				return &NotUndoableError{Change: ch}
			}
			p.Target = &v
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
		if ch.Old == scoreWord(nil) {
			p.ClearScore = true
		} else {
			v, err := strconv.Atoi(ch.Old)
			if err != nil {
				return &NotUndoableError{Change: ch}
			}
			p.Score = &v
		}
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

// itemID reads the ID of an action or review from its change-log key "#12".
func itemID(ch Change) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(ch.Key, "#"), 10, 64)
	if err != nil {
		return 0, &NotUndoableError{Change: ch}
	}
	return id, nil
}

func (t *Tx) reverseAction(ch Change) error {
	id, err := itemID(ch)
	if err != nil {
		return err
	}
	a, err := scanAction(t.queryRow("SELECT "+actionColumns+" FROM actions WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return notFoundID(KindAction, id)
	}
	if err != nil {
		return err
	}
	var p ActionPatch
	var now string
	old := ch.Old
	switch ch.Field {
	case FieldCreate:
		return t.removeAction(a)
	case FieldTitle:
		now, p.Title = a.Title, &old
	case FieldOwner:
		now, p.Owner = a.Owner, &old
	case FieldDue:
		now, p.Due = a.Due, &old
	case FieldNotes:
		now, p.Notes = a.Notes, &old
	case FieldService:
		now, p.ServiceID = a.ServiceID, &old
	case FieldHorizon:
		h := Horizon(old)
		now, p.Horizon = string(a.Horizon), &h
	case FieldStatus:
		st := ActionStatus(old)
		now, p.Status = string(a.Status), &st
	default:
		return &NotUndoableError{Change: ch}
	}
	if err := conflictUnless(ch, now); err != nil {
		return err
	}
	_, err = t.UpdateAction(id, p)
	return err
}

func (t *Tx) reverseReview(ch Change) error {
	id, err := itemID(ch)
	if err != nil {
		return err
	}
	r, err := scanReview(t.queryRow("SELECT "+reviewColumns+" FROM reviews WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("review %d not found", id)
	}
	if err != nil {
		return err
	}
	old := ch.Old
	var p ReviewPatch
	var now string
	switch ch.Field {
	case FieldCreate:
		return t.DeleteReview(id)
	case FieldDate:
		now, p.HeldOn = r.HeldOn, &old
	case FieldTitle:
		now, p.Kind = r.Kind, &old
	case FieldNotes:
		now, p.Notes = r.Notes, &old
	default:
		return &NotUndoableError{Change: ch}
	}
	if err := conflictUnless(ch, now); err != nil {
		return err
	}
	_, err = t.UpdateReview(id, p)
	return err
}
