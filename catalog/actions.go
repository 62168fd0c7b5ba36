package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ValidDate checks a YYYY-MM-DD date; empty is allowed where optional says so.
func ValidDate(field, v string, optional bool) error {
	if v == "" && optional {
		return nil
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		return fmt.Errorf("%s %q is not a date like 2026-03-31", field, v)
	}
	return nil
}

const actionColumns = "id, uuid, org_id, cycle_id, service_id, title, horizon, owner, due, status, notes, created_at, updated_at"

func scanAction(sc rowScanner) (Action, error) {
	var a Action
	var horizon, status, created, updated string
	err := sc.Scan(&a.ID, &a.UUID, &a.OrgID, &a.CycleID, &a.ServiceID, &a.Title, &horizon, &a.Owner, &a.Due, &status, &a.Notes, &created, &updated)
	a.Horizon, a.Status = Horizon(horizon), ActionStatus(status)
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return a, err
}

// ActionFilter narrows an action listing; zero values match everything.
type ActionFilter struct {
	CycleID int64
	Horizon Horizon
	Status  ActionStatus
	Service string
}

// Actions lists an organisation's improvement actions, oldest first.
func (s *Store) Actions(ctx context.Context, orgID int64, f ActionFilter) ([]Action, error) {
	q := "SELECT " + actionColumns + " FROM actions WHERE org_id = ?"
	args := []any{orgID}
	if f.CycleID != 0 {
		q += " AND cycle_id = ?"
		args = append(args, f.CycleID)
	}
	if f.Horizon != "" {
		q += " AND horizon = ?"
		args = append(args, string(f.Horizon))
	}
	if f.Status != "" {
		q += " AND status = ?"
		args = append(args, string(f.Status))
	}
	if f.Service != "" {
		q += " AND service_id = ?"
		args = append(args, f.Service)
	}
	out, err := collect(ctx, s.db, scanAction, q+" ORDER BY id", args...)
	return out, s.describe(err)
}

func actionByID(ctx context.Context, q querier, id int64) (Action, error) {
	a, err := scanAction(q.QueryRowContext(ctx, "SELECT "+actionColumns+" FROM actions WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFoundID(KindAction, id)
	}
	return a, err
}

// action reads one action inside the transaction.
func (t *Tx) action(id int64) (Action, error) { return actionByID(t.ctx, t.tx, id) }

// Action returns one action by ID.
func (s *Store) Action(ctx context.Context, id int64) (Action, error) {
	a, err := actionByID(ctx, s.db, id)
	return a, s.describe(err)
}

func (t *Tx) checkService(cycleID int64, serviceID string) error {
	if serviceID == "" {
		return nil
	}
	var ref int64
	if err := t.queryRow("SELECT pack_ref FROM cycles WHERE id = ?", cycleID).Scan(&ref); err != nil {
		return notFoundID(KindCycle, cycleID)
	}
	pack, err := t.s.pack(t.ctx, t.tx, ref)
	if err != nil {
		return err
	}
	if _, ok := pack.Service(serviceID); !ok {
		return &NotFoundError{Kind: KindService, Ref: serviceID, In: pack.Ref()}
	}
	return nil
}

// clean checks an action's fields and puts its texts in the form they are stored in.
func (a *Action) clean() error {
	var err error
	if a.Title, err = cleanName("title", a.Title); err != nil {
		return err
	}
	if _, err := ParseHorizon(string(a.Horizon)); err != nil {
		return err
	}
	if _, err := ParseActionStatus(string(a.Status)); err != nil {
		return err
	}
	if err := clean("owner", &a.Owner, MaxNameLen, false); err != nil {
		return err
	}
	if err := clean("notes", &a.Notes, MaxTextLen, true); err != nil {
		return err
	}
	return ValidDate("due date", a.Due, true)
}

// AddAction records a new improvement action in the given cycle.
func (s *Store) AddAction(ctx context.Context, a Action) (Action, error) {
	return update(ctx, s, "", func(tx *Tx) (Action, error) { return tx.AddAction(a) })
}

// AddAction records a new improvement action inside the transaction.
func (t *Tx) AddAction(a Action) (Action, error) {
	if a.Status == "" {
		a.Status = ActionPlanned
	}
	if a.Horizon == "" {
		a.Horizon = ShortTerm
	}
	a.Title = strings.TrimSpace(a.Title)
	if err := a.clean(); err != nil {
		return a, err
	}
	a.ServiceID = strings.ToUpper(strings.TrimSpace(a.ServiceID))
	c, err := t.openCycle(a.CycleID)
	if err != nil {
		return a, err
	}
	a.OrgID = c.OrgID
	if err := t.checkService(a.CycleID, a.ServiceID); err != nil {
		return a, err
	}
	a.UUID = newUUID()
	res, err := t.exec(`INSERT INTO actions (uuid, org_id, cycle_id, service_id, title, horizon, owner, due, status, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.UUID, a.OrgID, a.CycleID, a.ServiceID, a.Title, string(a.Horizon), a.Owner, a.Due, string(a.Status), a.Notes,
		formatTime(t.at), formatTime(t.at))
	if err != nil {
		return a, err
	}
	a.ID, _ = res.LastInsertId()
	a.CreatedAt, a.UpdatedAt = t.at, t.at
	return a, t.log(a.OrgID, a.CycleID, EntityAction, "#"+itoa(a.ID), FieldCreate, "", a.Title, "")
}

// ActionPatch changes an action; nil fields stay as they are.
type ActionPatch struct {
	Title, Owner, Due, Notes, ServiceID *string
	Horizon                             *Horizon
	Status                              *ActionStatus
	// Was, when set, is what the editor started from: a field set there that no longer
	// matches the stored one was changed elsewhere meanwhile, and nothing is written
	// (a *ConflictError naming the form's fields: title, service, horizon, owner, due, notes, status).
	Was *ActionPatch
}

// check compares an editor's starting point with the stored action.
func (w *ActionPatch) check(a Action) error {
	theirs := map[string]string{}
	for _, f := range []struct {
		key        string
		was        *string
		now        string
		ignoreCase bool
	}{{"title", w.Title, a.Title, false}, {"service", w.ServiceID, a.ServiceID, true}, {"owner", w.Owner, a.Owner, false}, {"due", w.Due, a.Due, false}, {"notes", w.Notes, a.Notes, false}} {
		if f.was == nil {
			continue
		}
		was := strings.TrimSpace(*f.was)
		if f.ignoreCase {
			was = strings.ToUpper(was)
		}
		if was != strings.TrimSpace(f.now) {
			theirs[f.key] = f.now
		}
	}
	if w.Horizon != nil && *w.Horizon != a.Horizon {
		theirs["horizon"] = string(a.Horizon)
	}
	if w.Status != nil && *w.Status != a.Status {
		theirs["status"] = string(a.Status)
	}
	if len(theirs) == 0 {
		return nil
	}
	return &ConflictError{Ref: "#" + itoa(a.ID), Theirs: theirs}
}

// UpdateAction changes an improvement action.
func (s *Store) UpdateAction(ctx context.Context, id int64, p ActionPatch) (Action, error) {
	return update(ctx, s, "", func(tx *Tx) (Action, error) { return tx.UpdateAction(id, p) })
}

// UpdateAction changes an improvement action inside the transaction.
func (t *Tx) UpdateAction(id int64, p ActionPatch) (Action, error) {
	old, err := t.action(id)
	if err != nil {
		return old, err
	}
	if p.Was != nil {
		if err := p.Was.check(old); err != nil {
			return old, err
		}
	}
	a := old
	if p.Title != nil {
		a.Title = strings.TrimSpace(*p.Title)
	}
	setIf(&a.Owner, p.Owner)
	setIf(&a.Due, p.Due)
	setIf(&a.Notes, p.Notes)
	if p.ServiceID != nil {
		a.ServiceID = strings.ToUpper(strings.TrimSpace(*p.ServiceID))
	}
	setIf(&a.Horizon, p.Horizon)
	setIf(&a.Status, p.Status)
	if err := a.clean(); err != nil {
		return old, err
	}
	// Long-term actions run across cycles, so they stay editable after their cycle closes.
	if old.Horizon != LongTerm || a.Horizon != LongTerm {
		if _, err := t.openCycle(a.CycleID); err != nil {
			return old, fmt.Errorf("action %d: %w", id, err)
		}
	}
	if err := t.checkService(a.CycleID, a.ServiceID); err != nil {
		return old, err
	}
	changed, err := logItemEdit(t, actionFields, a.OrgID, a.CycleID, EntityAction, "#"+itoa(id), old, a)
	if err != nil {
		return old, err
	}
	if !changed {
		return a, nil
	}
	a.UpdatedAt = t.at
	_, err = t.exec(`UPDATE actions SET title = ?, owner = ?, due = ?, notes = ?, service_id = ?, horizon = ?, status = ?, updated_at = ? WHERE id = ?`,
		a.Title, a.Owner, a.Due, a.Notes, a.ServiceID, string(a.Horizon), string(a.Status), formatTime(t.at), id)
	return a, err
}

// Open reports whether the action is still to be done (planned or in progress).
func (a Action) Open() bool { return a.Status == ActionPlanned || a.Status == ActionInProgress }

// Overdue reports whether the action is open and its due date (YYYY-MM-DD) is before today,
// a local calendar day in the same form.
func (a Action) Overdue(today string) bool { return a.Open() && a.Due != "" && a.Due < today }

// DueSoon reports whether an open action falls due from today to horizon, both included (YYYY-MM-DD).
func (a Action) DueSoon(today, horizon string) bool {
	return a.Open() && a.Due != "" && a.Due >= today && a.Due <= horizon
}

// OnCycle reports whether the action is on cycle cur's list: the cycle's own actions, and the
// open mid/long-term actions of earlier cycles, which run across cycles. A short-term action
// belongs to its own cycle only (MODEL.md: short-term is within this cycle). cycles are the
// organisation's cycles; an action of a cycle not among them is on no other cycle's list.
func (a Action) OnCycle(cur Cycle, cycles []Cycle) bool {
	if a.CycleID == cur.ID {
		return true
	}
	if a.Horizon != LongTerm || !a.Open() {
		return false
	}
	for _, c := range cycles {
		if c.ID == a.CycleID {
			return c.OrgID == cur.OrgID && c.Seq < cur.Seq
		}
	}
	return false
}

// CycleActions keeps the actions of all that are on cycle cur's list (see Action.OnCycle), in order.
func CycleActions(all []Action, cur Cycle, cycles []Cycle) []Action {
	var out []Action
	for _, a := range all {
		if a.OnCycle(cur, cycles) {
			out = append(out, a)
		}
	}
	return out
}

// CycleActions lists the actions on a cycle's list (see Action.OnCycle), oldest first.
func (s *Store) CycleActions(ctx context.Context, cycleID int64) ([]Action, error) {
	cur, err := s.Cycle(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	cycles, err := s.Cycles(ctx, cur.OrgID)
	if err != nil {
		return nil, err
	}
	all, err := s.Actions(ctx, cur.OrgID, ActionFilter{})
	if err != nil {
		return nil, err
	}
	return CycleActions(all, cur, cycles), nil
}

// removeAction deletes an action inside the transaction (the undo of its creation); the
// change log keeps its title.
func (t *Tx) removeAction(a Action) error {
	if _, err := t.openCycle(a.CycleID); err != nil {
		return fmt.Errorf("action %d: %w", a.ID, err)
	}
	if _, err := t.exec("DELETE FROM actions WHERE id = ?", a.ID); err != nil {
		return err
	}
	return t.log(a.OrgID, a.CycleID, EntityAction, "#"+itoa(a.ID), FieldRemove, a.Title, "", "")
}
