package catalog

import (
	"context"
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
	if err := ValidDate("review date", r.HeldOn, false); err != nil {
		return r, err
	}
	if err := clean("kind", &r.Kind, MaxNameLen, false); err != nil {
		return r, err
	}
	if err := clean("notes", &r.Notes, MaxTextLen, true); err != nil {
		return r, err
	}
	if strings.TrimSpace(r.Notes) == "" && strings.TrimSpace(r.Kind) == "" {
		return r, errors.New("a review needs a kind or notes")
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
