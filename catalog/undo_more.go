package catalog

import (
	"database/sql"
	"errors"
	"strings"
)

// Undo of what closing a cycle does and of a review's deletion. A closed cycle reopens; its
// short-term actions then go back to how they were (their status, or back from the cycle
// they were carried to). A deleted review comes back under its own number, with its date,
// kind and notes (the deletion logs the notes it clears).

// reopensFirst puts the closing of a cycle before everything else of an undo: what closing it
// did to its actions can only be put back in an open cycle. The order is otherwise kept; an
// entry that cannot be read is left where it is, for Undo to report.
func (t *Tx) reopensFirst(order []int64) []int64 {
	var first, rest []int64
	for _, id := range order {
		var entity, field, now string
		err := t.queryRow("SELECT entity, field, new FROM change_log WHERE id = ?", id).Scan(&entity, &field, &now)
		if err == nil && Entity(entity) == EntityCycle && Field(field) == FieldStatus && now == string(CycleClosed) {
			first = append(first, id)
		} else {
			rest = append(rest, id)
		}
	}
	return append(first, rest...)
}

// reverseMore reverses the entries this file knows; ok is false for any other entry.
func (t *Tx) reverseMore(ch Change) (ok bool, err error) {
	switch {
	case ch.Entity == EntityCycle && ch.Field == FieldStatus && ch.New == string(CycleClosed):
		return true, t.reopenCycle(ch)
	case ch.Entity == EntityAction && ch.Field == FieldCarryOver:
		return true, t.carryBack(ch)
	case ch.Entity == EntityReview && ch.Field == FieldRemove:
		return true, t.restoreReview(ch)
	}
	return false, nil
}

// reopenCycle undoes the closing of a cycle. A cycle started after it was closed rests on it
// being closed (it copied its settings and scores), so then the closing stays.
func (t *Tx) reopenCycle(ch Change) error {
	c, err := t.Cycle(ch.CycleID)
	if err != nil {
		return err
	}
	if err := conflictUnless(ch, string(c.Status)); err != nil {
		return err
	}
	var started int
	if err := t.queryRow("SELECT count(*) FROM change_log WHERE org_id = ? AND entity = ? AND field = ? AND id > ?",
		c.OrgID, string(EntityCycle), string(FieldStart), ch.ID).Scan(&started); err != nil {
		return err
	}
	if started > 0 {
		return &NotUndoableError{Change: ch}
	}
	if _, err := t.exec("UPDATE cycles SET status = 'open', closed_at = NULL WHERE id = ?", c.ID); err != nil {
		return err
	}
	return t.log(c.OrgID, c.ID, EntityCycle, c.Name, FieldStatus, string(CycleClosed), string(CycleOpen), "")
}

// carryBack undoes the carrying over of an action: it goes back to the cycle it came from,
// which must be open again (Undo reopens it first when the carry was part of its closing).
func (t *Tx) carryBack(ch Change) error {
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
	if a.CycleID != ch.CycleID { // moved on since: name where it is now
		now, err := t.Cycle(a.CycleID)
		if err != nil {
			return err
		}
		return &UndoConflictError{Change: ch, Now: now.Name}
	}
	var fromID int64
	err = t.queryRow("SELECT id FROM cycles WHERE org_id = ? AND name = ?", a.OrgID, ch.Old).Scan(&fromID)
	if errors.Is(err, sql.ErrNoRows) {
		return &NotUndoableError{Change: ch}
	}
	if err != nil {
		return err
	}
	from, err := t.Cycle(fromID)
	if err != nil {
		return err
	}
	if from.Status != CycleOpen { // back in a closed cycle it would be on no cycle's list
		return &NotUndoableError{Change: ch}
	}
	if _, err := t.exec("UPDATE actions SET cycle_id = ?, updated_at = ? WHERE id = ?", from.ID, formatTime(t.at), id); err != nil {
		return err
	}
	return t.log(a.OrgID, from.ID, EntityAction, ch.Key, FieldCarryOver, ch.New, ch.Old, "")
}

// restoreReview undoes a review's deletion: it comes back under its number in its cycle,
// which must be open, with the date and kind its removal logged. Its notes come back with
// the undo of the entry the deletion logged for them, which is part of the same change.
func (t *Tx) restoreReview(ch Change) error {
	id, err := itemID(ch)
	if err != nil {
		return err
	}
	c, err := t.openCycle(ch.CycleID)
	if err != nil {
		return err
	}
	var taken int
	if err := t.queryRow("SELECT count(*) FROM reviews WHERE id = ?", id).Scan(&taken); err != nil {
		return err
	}
	if taken > 0 { // another review has its number now
		return &UndoConflictError{Change: ch, Now: ch.Key}
	}
	held, kind, _ := strings.Cut(ch.Old, " ")
	r := Review{ID: id, CycleID: c.ID, HeldOn: held, Kind: kind}
	if err := ValidDate("review date", r.HeldOn, false); err != nil {
		return &NotUndoableError{Change: ch}
	}
	created := t.at
	var at string
	if err := t.queryRow("SELECT at FROM change_log WHERE org_id = ? AND entity = ? AND key = ? AND field = ? AND id < ? ORDER BY id DESC LIMIT 1",
		c.OrgID, string(EntityReview), ch.Key, string(FieldCreate), ch.ID).Scan(&at); err == nil {
		created = parseTime(at)
	}
	if _, err := t.exec("INSERT INTO reviews (id, uuid, cycle_id, held_on, kind, notes, created_at) VALUES (?, ?, ?, ?, ?, '', ?)",
		r.ID, newUUID(), r.CycleID, r.HeldOn, r.Kind, formatTime(created)); err != nil {
		return err
	}
	return t.log(c.OrgID, c.ID, EntityReview, ch.Key, FieldCreate, "", ch.Old, "")
}

// reviewRemovalNotes logs the notes a review's deletion clears, so that undoing the deletion
// puts them back; nothing is logged for a review without notes.
func (t *Tx) reviewRemovalNotes(orgID int64, r Review) error {
	if strings.TrimSpace(r.Notes) == "" {
		return nil
	}
	return t.log(orgID, r.CycleID, EntityReview, "#"+itoa(r.ID), FieldNotes, r.Notes, "", "")
}
