package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
)

// Reviews lists a cycle's reviews by date.
func (s *Store) Reviews(ctx context.Context, cycleID int64) ([]Review, error) {
	rs, err := queryReviews(ctx, s.db, "WHERE cycle_id = ? ORDER BY held_on, id", cycleID)
	return rs, s.describe(err)
}

// AddReview records a dated review note in a cycle.
func (s *Store) AddReview(ctx context.Context, r Review) (Review, error) {
	return update(ctx, s, "", func(tx *Tx) (Review, error) { return tx.AddReview(r) })
}

// AddReview records a review inside the transaction.
func (t *Tx) AddReview(r Review) (Review, error) {
	if err := r.check(); err != nil {
		return r, err
	}
	c, err := t.openCycle(r.CycleID)
	if err != nil {
		return r, err
	}
	orgID := c.OrgID
	r.UUID = newUUID()
	res, err := t.exec("INSERT INTO reviews (uuid, cycle_id, held_on, kind, notes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		r.UUID, r.CycleID, r.HeldOn, r.Kind, r.Notes, formatTime(t.at))
	if err != nil {
		return r, err
	}
	r.ID, _ = res.LastInsertId()
	r.CreatedAt = t.at
	return r, t.log(orgID, r.CycleID, EntityReview, "#"+strconv.FormatInt(r.ID, 10), FieldCreate, "", r.HeldOn+" "+r.Kind, "")
}

const reviewColumns = "id, uuid, cycle_id, held_on, kind, notes, created_at"

func queryReviews(ctx context.Context, q querier, where string, args ...any) ([]Review, error) {
	return collect(ctx, q, scanReview, "SELECT "+reviewColumns+" FROM reviews "+where, args...)
}

func scanReview(sc rowScanner) (Review, error) {
	var r Review
	var created string
	err := sc.Scan(&r.ID, &r.UUID, &r.CycleID, &r.HeldOn, &r.Kind, &r.Notes, &created)
	r.CreatedAt = parseTime(created)
	return r, err
}

func reviewByID(ctx context.Context, q querier, id int64) (Review, error) {
	r, err := scanReview(q.QueryRowContext(ctx, "SELECT "+reviewColumns+" FROM reviews WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("review %d not found", id)
	}
	return r, err
}

// Review returns one review by ID.
func (s *Store) Review(ctx context.Context, id int64) (Review, error) {
	r, err := reviewByID(ctx, s.db, id)
	return r, s.describe(err)
}

// ReviewPatch changes a review; nil fields stay as they are.
type ReviewPatch struct {
	HeldOn, Kind, Notes *string
	// Was, when set, is what the editor started from: a field that no longer matches was
	// changed elsewhere meanwhile, and nothing is written (a *ConflictError naming the
	// form's fields date, kind, notes).
	Was *ReviewPatch
}

// UpdateReview changes a review of an open cycle; each changed field is logged.
func (s *Store) UpdateReview(ctx context.Context, id int64, p ReviewPatch) (Review, error) {
	return update(ctx, s, "", func(tx *Tx) (Review, error) { return tx.UpdateReview(id, p) })
}

// UpdateReview changes a review inside the transaction.
func (t *Tx) UpdateReview(id int64, p ReviewPatch) (Review, error) {
	old, c, err := t.openReview(id)
	if err != nil {
		return old, err
	}
	if w := p.Was; w != nil {
		theirs := map[string]string{}
		for _, f := range []struct {
			key string
			was *string
			now string
		}{{"date", w.HeldOn, old.HeldOn}, {"kind", w.Kind, old.Kind}, {"notes", w.Notes, old.Notes}} {
			if f.was != nil && strings.TrimSpace(*f.was) != strings.TrimSpace(f.now) {
				theirs[f.key] = f.now
			}
		}
		if len(theirs) > 0 {
			return old, &ConflictError{Ref: "#" + strconv.FormatInt(id, 10), Theirs: theirs}
		}
	}
	r := old
	if p.HeldOn != nil {
		r.HeldOn = strings.TrimSpace(*p.HeldOn)
	}
	setIf(&r.Kind, p.Kind)
	setIf(&r.Notes, p.Notes)
	if err := r.check(); err != nil {
		return old, err
	}
	changed, err := logItemEdit(t, reviewFields, c.OrgID, r.CycleID, EntityReview, "#"+strconv.FormatInt(id, 10), old, r)
	if err != nil {
		return old, err
	}
	if !changed {
		return r, nil
	}
	_, err = t.exec("UPDATE reviews SET held_on = ?, kind = ?, notes = ? WHERE id = ?", r.HeldOn, r.Kind, r.Notes, id)
	return r, err
}

// DeleteReview removes a review of an open cycle; the change log keeps its date, kind and notes.
func (s *Store) DeleteReview(ctx context.Context, id int64) error {
	return s.Update(ctx, "", func(tx *Tx) error { return tx.DeleteReview(id) })
}

// DeleteReview removes a review inside the transaction.
func (t *Tx) DeleteReview(id int64) error {
	r, c, err := t.openReview(id)
	if err != nil {
		return err
	}
	if err := t.reviewRemovalNotes(c.OrgID, r); err != nil { // so that undo can put them back
		return err
	}
	if _, err := t.exec("DELETE FROM reviews WHERE id = ?", id); err != nil {
		return err
	}
	return t.log(c.OrgID, r.CycleID, EntityReview, "#"+strconv.FormatInt(id, 10), FieldRemove, r.HeldOn+" "+r.Kind, "", "")
}

// openReview reads a review whose cycle is still open, with that cycle.
func (t *Tx) openReview(id int64) (Review, Cycle, error) {
	r, err := t.review(id)
	if err != nil {
		return r, Cycle{}, err
	}
	c, err := t.openCycle(r.CycleID)
	return r, c, err
}

// review reads one review inside the transaction.
func (t *Tx) review(id int64) (Review, error) { return reviewByID(t.ctx, t.tx, id) }

// check validates a review's fields and puts its texts in the form they are stored in.
func (r *Review) check() error {
	if err := ValidDate("review date", r.HeldOn, false); err != nil {
		return err
	}
	if err := clean("kind", &r.Kind, MaxNameLen, false); err != nil {
		return err
	}
	if err := clean("notes", &r.Notes, MaxTextLen, true); err != nil {
		return err
	}
	if strings.TrimSpace(r.Notes) == "" && strings.TrimSpace(r.Kind) == "" {
		return errors.New("a review needs a kind or notes")
	}
	return nil
}
