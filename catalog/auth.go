package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// ErrForbidden is wrapped by every write the store's user may not make.
var ErrForbidden = errors.New("not allowed")

// AuthReason says why a write was refused; the vocabulary words each one.
type AuthReason string

const (
	AuthStopping      AuthReason = "stopping"        // the server began to stop
	AuthRemoved       AuthReason = "removed"         // the user was removed
	AuthViewer        AuthReason = "viewer"          // viewers change nothing
	AuthAdminOnly     AuthReason = "admin_only"      // a change that is not an organisation's (packs, users)
	AuthOrgsAdminOnly AuthReason = "orgs_admin_only" // adding, renaming, removing or importing organisations
	AuthNotGranted    AuthReason = "not_granted"     // an organisation not given to the assessor
)

// AuthError is a write refused by the user's role. Nothing of the transaction was changed.
type AuthError struct {
	Reason AuthReason
	User   string
	Entity string // AuthAdminOnly: what was to change
	Org    string // AuthNotGranted: the organisation's name
}

// Error is the English wording; internal/vocab words it in other languages (error.auth.*).
func (e *AuthError) Error() string {
	switch e.Reason {
	case AuthStopping:
		return "the server is stopping; not saved"
	case AuthRemoved:
		return fmt.Sprintf("%s is no longer a user of this server; not saved", e.User)
	case AuthViewer:
		return fmt.Sprintf("%s is a viewer and may not change anything; not saved", e.User)
	case AuthAdminOnly:
		return fmt.Sprintf("only an admin may change this (%s is an assessor); not saved", e.User)
	case AuthOrgsAdminOnly:
		return "only an admin may change which organisations exist; not saved"
	}
	return fmt.Sprintf("%s may not change %s (not one of theirs); not saved", e.User, e.Org)
}

func (e *AuthError) Is(target error) bool { return target == ErrForbidden }

// principal is the user a store acts for. A store without one is the server owner's
// own command line, which may do everything.
type principal struct {
	id   int64
	name string
	gate *WriteGate
}

// permission is what the principal may do in one transaction, read inside it so that
// a role or grant changed by an admin applies from the next write on.
type permission struct {
	role Role
	orgs map[int64]bool
}

// OpenAs opens the database for one user of a shared server. Every write checks the
// user's current role and organisations, and the change log names the user. The store
// must not be shared between users. gate, when not nil, lets a stopping server refuse
// new writes and wait for those under way.
func OpenAs(ctx context.Context, path, user string, gate *WriteGate) (*Store, error) {
	s, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	u, err := s.FindUser(ctx, user)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.auth = &principal{id: u.ID, name: u.Name, gate: gate}
	s.Actor, s.Source = u.Name, "ssh"
	return s, nil
}

// User names the user the store acts for; empty for the owner's command line.
func (s *Store) User() string {
	if s.auth == nil {
		return ""
	}
	return s.auth.name
}

// inFlight counts a write under way so that a closing gate can wait for it.
func (s *Store) inFlight() func() {
	if s.auth == nil || s.auth.gate == nil {
		return func() {}
	}
	return s.auth.gate.enter()
}

// authorize reads the principal's role and organisations at the start of a write
// transaction and refuses viewers, removed users and writes after the server began to stop.
func (t *Tx) authorize() error {
	p := t.s.auth
	if p == nil {
		return nil
	}
	if p.gate != nil && p.gate.isClosed() {
		return &AuthError{Reason: AuthStopping, User: p.name}
	}
	var role string
	err := t.queryRow("SELECT role FROM users WHERE id = ?", p.id).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return &AuthError{Reason: AuthRemoved, User: p.name}
	}
	if err != nil {
		return err
	}
	perm := &permission{role: Role(role), orgs: map[int64]bool{}}
	switch perm.role {
	case RoleAdmin:
	case RoleAssessor:
		rows, err := t.tx.QueryContext(t.ctx, "SELECT org_id FROM user_orgs WHERE user_id = ?", p.id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			perm.orgs[id] = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
	default:
		return &AuthError{Reason: AuthViewer, User: p.name}
	}
	t.perm = perm
	return nil
}

// adminOnly lists the organisation changes that are an admin's: what exists and what it is called.
var adminOnly = map[string]bool{"create": true, "remove": true, "import": true, "name": true}

// mayChange checks one logged change against the permission. Every write is logged
// with the organisation it touches in the same transaction, so checking here covers
// every write, and a refusal rolls the whole transaction back.
func (t *Tx) mayChange(orgID int64, entity, field string) error {
	if t.perm == nil || t.perm.role == RoleAdmin {
		return nil
	}
	name := t.s.auth.name
	if orgID == 0 {
		return &AuthError{Reason: AuthAdminOnly, User: name, Entity: entity}
	}
	if entity == "organisation" && adminOnly[field] {
		return &AuthError{Reason: AuthOrgsAdminOnly, User: name}
	}
	if !t.perm.orgs[orgID] {
		org, err := t.orgName(orgID)
		if err != nil {
			org = fmt.Sprintf("organisation %d", orgID)
		}
		return &AuthError{Reason: AuthNotGranted, User: name, Org: org}
	}
	return nil
}

// WriteGate lets a stopping server refuse new writes and wait for the ones under way.
type WriteGate struct {
	mu     sync.Mutex
	closed bool
	n      int
	idle   chan struct{}
}

func (g *WriteGate) enter() func() {
	g.mu.Lock()
	g.n++
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.n--
			if g.closed && g.n == 0 && g.idle != nil {
				close(g.idle)
				g.idle = nil
			}
			g.mu.Unlock()
		})
	}
}

func (g *WriteGate) isClosed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closed
}

// Close refuses every write that has not begun and waits until those under way have
// committed or rolled back, or until ctx ends.
func (g *WriteGate) Close(ctx context.Context) error {
	g.mu.Lock()
	g.closed = true
	if g.n == 0 {
		g.mu.Unlock()
		return nil
	}
	if g.idle == nil {
		g.idle = make(chan struct{})
	}
	idle := g.idle
	g.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("writes still under way after waiting: %w", ctx.Err())
	}
}
