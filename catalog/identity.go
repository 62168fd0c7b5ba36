package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/google/uuid"
)

// newUUID returns a fresh random (version 4) UUID in its canonical lower-case form.
func newUUID() string { return uuid.NewString() }

// ParseUUID accepts a UUID in any of the usual spellings and returns its canonical
// lower-case form; ok is false for anything else (the nil UUID included).
func ParseUUID(s string) (canonical string, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) != 36 {
		return "", false // only the hyphenated form: files and flags spell it so
	}
	u, err := uuid.Parse(s)
	if err != nil || u == uuid.Nil {
		return "", false
	}
	return u.String(), true
}

// OrgByUUID returns the organisation with this UUID.
func (s *Store) OrgByUUID(ctx context.Context, id string) (Organisation, error) {
	u, ok := ParseUUID(id)
	if !ok {
		return Organisation{}, &NotFoundError{Kind: KindOrganisation, Ref: id}
	}
	o, err := scanOrg(s.db.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations WHERE uuid = ?", u))
	if errors.Is(err, sql.ErrNoRows) {
		return o, &NotFoundError{Kind: KindOrganisation, Ref: u}
	}
	return o, s.describe(err)
}

// CycleByUUID returns the cycle with this UUID.
func (s *Store) CycleByUUID(ctx context.Context, id string) (Cycle, error) {
	u, ok := ParseUUID(id)
	if !ok {
		return Cycle{}, &NotFoundError{Kind: KindCycle, Ref: id}
	}
	c, err := scanCycle(s.db.QueryRowContext(ctx, "SELECT "+cycleColumns+cycleFrom+"WHERE c.uuid = ?", u))
	if errors.Is(err, sql.ErrNoRows) {
		return c, &NotFoundError{Kind: KindCycle, Ref: u}
	}
	return c, s.describe(err)
}

// insertOrg writes a new organisation row with o's ID and UUID.
func (t *Tx) insertOrg(o Organisation) error {
	_, err := t.exec("INSERT INTO organisations (id, uuid, name, sector, country, size, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		o.ID, o.UUID, o.Name, o.Sector, o.Country, o.Size, o.Notes, formatTime(o.CreatedAt))
	return err
}

// freshUUID keeps a file's UUID for a new row of table when it is well formed and not used
// here yet; otherwise the row gets a new one.
func (t *Tx) freshUUID(table, want string) (string, error) {
	u, ok := ParseUUID(want)
	if !ok {
		return newUUID(), nil
	}
	var n int
	if err := t.queryRow("SELECT count(*) FROM "+table+" WHERE uuid = ?", u).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return newUUID(), nil
	}
	return u, nil
}

// idOfUUID is the ID of table's row with this UUID; 0 when there is none.
func (t *Tx) idOfUUID(table, want string) (int64, error) {
	u, ok := ParseUUID(want)
	if !ok {
		return 0, nil
	}
	var id int64
	err := t.queryRow("SELECT id FROM "+table+" WHERE uuid = ?", u).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}
