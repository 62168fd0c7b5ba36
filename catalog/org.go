package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// OrgSummary is one row of the organisation list.
type OrgSummary struct {
	Organisation
	Cycles       int   `json:"cycles"`
	LatestCycle  int64 `json:"latest_cycle"`
	CurrentCycle int64 `json:"current_cycle"` // newest open cycle, 0 when all are closed
}

const orgColumns = "id, uuid, name, sector, country, size, notes, created_at"

func scanOrg(sc rowScanner) (Organisation, error) {
	var o Organisation
	var created string
	err := sc.Scan(&o.ID, &o.UUID, &o.Name, &o.Sector, &o.Country, &o.Size, &o.Notes, &created)
	o.CreatedAt = parseTime(created)
	return o, err
}

// Orgs lists organisations by name.
func (s *Store) Orgs(ctx context.Context) ([]OrgSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.uuid, o.name, o.sector, o.country, o.size, o.notes, o.created_at,
		(SELECT count(*) FROM cycles c WHERE c.org_id = o.id),
		COALESCE((SELECT id FROM cycles c WHERE c.org_id = o.id ORDER BY seq DESC LIMIT 1), 0),
		COALESCE((SELECT id FROM cycles c WHERE c.org_id = o.id AND status = 'open' ORDER BY seq DESC LIMIT 1), 0)
		FROM organisations o ORDER BY o.name COLLATE NOCASE`)
	if err != nil {
		return nil, s.describe(err)
	}
	defer rows.Close()
	var out []OrgSummary
	for rows.Next() {
		var o OrgSummary
		var created string
		if err := rows.Scan(&o.ID, &o.UUID, &o.Name, &o.Sector, &o.Country, &o.Size, &o.Notes, &created, &o.Cycles, &o.LatestCycle, &o.CurrentCycle); err != nil {
			return nil, err
		}
		o.CreatedAt = parseTime(created)
		out = append(out, o)
	}
	return out, s.describe(rows.Err())
}

// Org returns an organisation by ID.
func (s *Store) Org(ctx context.Context, id int64) (Organisation, error) {
	o, err := orgByID(ctx, s.db, id)
	return o, s.describe(err)
}

// Org returns an organisation by ID, as the transaction sees it.
func (t *Tx) Org(id int64) (Organisation, error) { return orgByID(t.ctx, t.tx, id) }

// orgName reads an organisation's name inside the transaction.
func (t *Tx) orgName(id int64) (string, error) {
	var name string
	err := t.queryRow("SELECT name FROM organisations WHERE id = ?", id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFoundID(KindOrganisation, id)
	}
	return name, err
}

func orgByID(ctx context.Context, q querier, id int64) (Organisation, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, notFoundID(KindOrganisation, id)
	}
	return o, err
}

// FindOrg finds an organisation by name (case-insensitive), UUID or ID.
func (s *Store) FindOrg(ctx context.Context, ref string) (Organisation, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Organisation{}, &NotFoundError{Kind: KindOrganisation}
	}
	o, err := scanOrg(s.db.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations WHERE name = ? COLLATE NOCASE", ref))
	if err == nil {
		return o, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return o, s.describe(err)
	}
	if _, ok := ParseUUID(ref); ok {
		return s.OrgByUUID(ctx, ref)
	}
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		if o, err := s.Org(ctx, id); err == nil {
			return o, nil
		}
	}
	// A name that reads the same (see NameKey) finds the one organisation it can mean.
	orgs, err := s.Orgs(ctx)
	if err != nil {
		return Organisation{}, err
	}
	for _, o := range orgs {
		if NameKey(o.Name) == NameKey(ref) {
			return o.Organisation, nil
		}
	}
	return Organisation{}, &NotFoundError{Kind: KindOrganisation, Ref: ref}
}

// NewOrg holds what is needed to create an organisation and its first cycle.
type NewOrg struct {
	Name, Sector, Country, Notes string
	Size                         int
	FirstCycle                   string // default "Cycle 1"
	PackRef                      int64  // 0: the built-in pack
}

// clean checks every field and puts the texts in the form they are stored in.
func (n *NewOrg) clean() error {
	var err error
	if n.Name, err = cleanName("organisation name", n.Name); err != nil {
		return err
	}
	if err := clean("sector", &n.Sector, MaxNameLen, false); err != nil {
		return err
	}
	if err := clean("country", &n.Country, MaxNameLen, false); err != nil {
		return err
	}
	if n.Size < 0 {
		return fmt.Errorf("size %d is negative", n.Size)
	}
	return clean("notes", &n.Notes, MaxTextLen, true)
}

// checkOrgName refuses a name that reads the same as another organisation's (except's, when
// renaming).
func (t *Tx) checkOrgName(name string, except int64) error {
	return orgNameTaken(t.ctx, t.tx, name, except)
}

// CheckOrgName is the rule AddOrg, RenameOrg and RestoreOrg apply to a new name, for a plan
// to apply it before anything is written: a *NameTakenError when name reads the same (see
// NameKey) as an organisation's here.
func (s *Store) CheckOrgName(ctx context.Context, name string) error {
	return s.read(ctx, func(q querier) error { return orgNameTaken(ctx, q, strings.TrimSpace(name), 0) })
}

// orgNameTaken compares name with every organisation's but except's: organisations are few.
func orgNameTaken(ctx context.Context, q querier, name string, except int64) error {
	rows, err := q.QueryContext(ctx, "SELECT name, uuid FROM organisations WHERE id <> ?", except)
	if err != nil {
		return err
	}
	defer rows.Close()
	key := NameKey(name)
	for rows.Next() {
		var other, u string
		if err := rows.Scan(&other, &u); err != nil {
			return err
		}
		if NameKey(other) == key {
			return &NameTakenError{Name: name, Existing: other, ExistingUUID: u}
		}
	}
	return rows.Err()
}

// AddOrg creates an organisation with its first, open cycle.
func (s *Store) AddOrg(ctx context.Context, n NewOrg) (Organisation, Cycle, error) {
	var o Organisation
	var c Cycle
	err := s.Update(ctx, "", func(tx *Tx) error {
		var err error
		o, c, err = tx.AddOrg(n)
		return err
	})
	return o, c, err
}

// AddOrg creates an organisation with its first cycle inside the transaction.
func (t *Tx) AddOrg(n NewOrg) (Organisation, Cycle, error) {
	if err := n.clean(); err != nil {
		return Organisation{}, Cycle{}, err
	}
	if err := t.checkOrgName(n.Name, 0); err != nil {
		return Organisation{}, Cycle{}, err
	}
	if n.PackRef == 0 {
		ref, err := t.s.findPack(t.ctx, t.tx, "")
		if err != nil {
			return Organisation{}, Cycle{}, err
		}
		n.PackRef = ref
	}
	id, err := t.nextOrgID()
	if err != nil {
		return Organisation{}, Cycle{}, err
	}
	o := Organisation{ID: id, UUID: newUUID(), Name: n.Name, Sector: n.Sector, Country: n.Country, Size: n.Size, Notes: n.Notes, CreatedAt: t.at}
	if err := t.insertOrg(o); err != nil {
		return Organisation{}, Cycle{}, err
	}
	if err := t.log(id, 0, EntityOrganisation, n.Name, FieldCreate, "", n.Name, ""); err != nil {
		return o, Cycle{}, err
	}
	name := n.FirstCycle
	if strings.TrimSpace(name) == "" {
		name = "Cycle 1"
	}
	c, err := t.insertCycle(id, 1, name, n.PackRef)
	return o, c, err
}

// nextOrgID never hands out the ID of a removed organisation: its change-log rows keep it.
func (t *Tx) nextOrgID() (int64, error) {
	var id int64
	err := t.queryRow(`SELECT max(COALESCE((SELECT max(id) FROM organisations), 0),
		COALESCE((SELECT max(org_id) FROM change_log), 0)) + 1`).Scan(&id)
	return id, err
}

// OrgPatch changes organisation details; nil fields stay as they are.
type OrgPatch struct {
	Name, Sector, Country, Notes *string
	Size                         *int
}

// UpdateOrg changes an organisation's details.
func (s *Store) UpdateOrg(ctx context.Context, id int64, p OrgPatch) error {
	return s.Update(ctx, "", func(tx *Tx) error { return tx.UpdateOrg(id, p) })
}

// UpdateOrg changes an organisation's details inside the transaction.
func (t *Tx) UpdateOrg(id int64, p OrgPatch) error {
	o, err := t.Org(id)
	if err != nil {
		return err
	}
	set := func(field Field, old string, v *string, max int) error {
		if v == nil || *v == old {
			return nil
		}
		nv := *v
		if field == FieldName {
			var err error
			if nv, err = cleanName("organisation name", nv); err != nil {
				return err
			}
			if err := t.checkOrgName(nv, id); err != nil {
				return err
			}
		} else if err := clean(string(field), &nv, max, field == FieldNotes); err != nil {
			return err
		}
		if nv == old {
			return nil
		}
		if _, err := t.exec("UPDATE organisations SET "+string(field)+" = ? WHERE id = ?", nv, id); err != nil {
			return err
		}
		return t.log(id, 0, EntityOrganisation, o.Name, field, old, nv, "")
	}
	if err := set(FieldName, o.Name, p.Name, MaxNameLen); err != nil {
		return err
	}
	if err := set(FieldSector, o.Sector, p.Sector, MaxNameLen); err != nil {
		return err
	}
	if err := set(FieldCountry, o.Country, p.Country, MaxNameLen); err != nil {
		return err
	}
	if err := set(FieldNotes, o.Notes, p.Notes, MaxTextLen); err != nil {
		return err
	}
	if p.Size != nil && *p.Size != o.Size {
		if *p.Size < 0 {
			return fmt.Errorf("size %d is negative", *p.Size)
		}
		if _, err := t.exec("UPDATE organisations SET size = ? WHERE id = ?", *p.Size, id); err != nil {
			return err
		}
		return t.log(id, 0, EntityOrganisation, o.Name, FieldSize, strconv.Itoa(o.Size), strconv.Itoa(*p.Size), "")
	}
	return nil
}

// RemoveOrg deletes an organisation with all its cycles, settings, scores, actions and reviews.
// The change log keeps the record of its removal.
func (s *Store) RemoveOrg(ctx context.Context, id int64) error {
	return s.Update(ctx, "", func(tx *Tx) error { return tx.RemoveOrg(id, "") })
}

// RemoveOrg deletes an organisation inside the transaction, logging reason with the removal.
func (t *Tx) RemoveOrg(id int64, reason string) error {
	if err := clean("reason", &reason, MaxTextLen, true); err != nil {
		return err
	}
	name, err := t.orgName(id)
	if err != nil {
		return err
	}
	if _, err := t.exec("DELETE FROM organisations WHERE id = ?", id); err != nil {
		return err
	}
	return t.log(id, 0, EntityOrganisation, name, FieldRemove, name, "", reason)
}
