package catalog

import (
	"context"
	"crypto/rsa"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// Role is what a user of a shared server may do.
type Role string

const (
	// RoleViewer reads every organisation and changes nothing.
	RoleViewer Role = "viewer"
	// RoleAssessor changes the organisations given to them.
	RoleAssessor Role = "assessor"
	// RoleAdmin changes everything, adds and removes organisations, packs and users.
	RoleAdmin Role = "admin"
)

// Roles lists the roles from least to most allowed.
var Roles = []Role{RoleViewer, RoleAssessor, RoleAdmin}

// ParseRole accepts a role name.
func ParseRole(s string) (Role, error) { return parseChoice("role", s, Roles, nil) }

// MaxUserNameLen bounds a user name; it appears in every change the user makes.
const MaxUserNameLen = 64

// minRSABits refuses RSA keys that OpenSSH itself no longer accepts.
const minRSABits = 2048

// PublicKey is one parsed SSH public key of a user.
type PublicKey struct {
	Fingerprint string    `json:"fingerprint"` // SHA256:..., as ssh-keygen -l prints it
	Type        string    `json:"type"`
	Comment     string    `json:"comment,omitempty"`
	Text        string    `json:"-"` // "type base64", the authorized_keys form without a comment
	AddedAt     time.Time `json:"added_at"`
}

// User is a person who may connect to a shared server.
type User struct {
	ID        int64          `json:"id"`
	Name      string         `json:"name"`
	Role      Role           `json:"role"`
	Keys      []PublicKey    `json:"keys"`
	Orgs      []Organisation `json:"organisations"` // the organisations an assessor may change
	CreatedAt time.Time      `json:"created_at"`
}

// ParseAuthorizedKey reads one public key in authorized_keys form ("ssh-ed25519 AAAA... comment").
// Key options, certificates, DSA keys and RSA keys shorter than 2048 bits are refused.
func ParseAuthorizedKey(line string) (PublicKey, error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return PublicKey{}, errors.New("the public key is empty")
	}
	if strings.ContainsAny(line, "\r\n") {
		return PublicKey{}, errors.New("more than one line given; add one key at a time")
	}
	if !utf8.ValidString(line) || strings.ContainsFunc(line, termtext.Control) {
		return PublicKey{}, errors.New("the public key holds control characters or is not UTF-8 text")
	}
	if len(line) > 16<<10 {
		return PublicKey{}, errors.New("the public key is longer than 16 KiB; give one key, not a file of keys")
	}
	pk, comment, options, rest, err := gossh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return PublicKey{}, fmt.Errorf("not an SSH public key (expected a line such as \"ssh-ed25519 AAAA... name@host\"): %w", err)
	}
	if strings.TrimSpace(string(rest)) != "" {
		return PublicKey{}, errors.New("more than one public key given; add one key at a time")
	}
	if len(options) > 0 {
		return PublicKey{}, fmt.Errorf("key options (%s) are not supported; give the key alone", strings.Join(options, ","))
	}
	if _, ok := pk.(*gossh.Certificate); ok {
		return PublicKey{}, errors.New("SSH certificates are not supported; give the user's public key")
	}
	switch pk.Type() {
	case "ssh-dss": // DSA, deprecated in x/crypto: named by its wire name to refuse it
		return PublicKey{}, errors.New("DSA keys are too weak and refused; use an ed25519 key (ssh-keygen -t ed25519)")
	case gossh.KeyAlgoRSA:
		if ck, ok := pk.(gossh.CryptoPublicKey); ok {
			if rk, ok := ck.CryptoPublicKey().(*rsa.PublicKey); ok && rk.N.BitLen() < minRSABits {
				return PublicKey{}, fmt.Errorf("the RSA key has %d bits; at least %d are needed (or use ssh-keygen -t ed25519)", rk.N.BitLen(), minRSABits)
			}
		}
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > MaxNameLen {
		comment = string([]rune(comment)[:MaxNameLen])
	}
	return PublicKey{
		Fingerprint: gossh.FingerprintSHA256(pk),
		Type:        pk.Type(),
		Comment:     comment,
		Text:        strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))),
	}, nil
}

// checkUserName keeps names readable in the change log and on a terminal.
func checkUserName(name string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("the user name is empty")
	}
	if name != strings.TrimSpace(name) {
		return fmt.Errorf("user name %q starts or ends with a space", name)
	}
	if !utf8.ValidString(name) || strings.ContainsFunc(name, termtext.Control) {
		return fmt.Errorf("user name %q holds control characters or is not UTF-8 text", name)
	}
	// The name also names the user's folder of report files on the server.
	if strings.ContainsAny(name, `/\:`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("user name %q may not hold / \\ or : nor start with a dot", name)
	}
	if n := utf8.RuneCountInString(name); n > MaxUserNameLen {
		return fmt.Errorf("user name is %d characters long; the limit is %d", n, MaxUserNameLen)
	}
	return nil
}

// NewUser is what AddUser needs: at least one key; organisations only for an assessor.
type NewUser struct {
	Name   string
	Role   Role
	Keys   []string // authorized_keys lines
	OrgIDs []int64
}

// UserPatch changes a user; nil or empty fields are left alone.
type UserPatch struct {
	Role       *Role
	AddKeys    []string // authorized_keys lines
	RemoveKeys []string // fingerprints
	AddOrgs    []int64
	RemoveOrgs []int64
}

// AddUser adds a user with their keys and organisations. Only an admin may.
func (s *Store) AddUser(ctx context.Context, n NewUser) (User, error) {
	var u User
	err := s.Update(ctx, "", func(tx *Tx) error {
		if err := checkUserName(n.Name); err != nil {
			return err
		}
		if _, err := ParseRole(string(n.Role)); err != nil {
			return err
		}
		if len(n.Keys) == 0 {
			return fmt.Errorf("user %s needs a public key (--key FILE or --key-string)", n.Name)
		}
		if len(n.OrgIDs) > 0 && n.Role != RoleAssessor {
			return fmt.Errorf("organisations are given to assessors only; a %s's access does not depend on them", n.Role)
		}
		var existing int64
		switch err := tx.queryRow("SELECT id FROM users WHERE name = ? COLLATE NOCASE", n.Name).Scan(&existing); {
		case err == nil:
			return fmt.Errorf("user %s already exists (cdc user set changes it)", n.Name)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		res, err := tx.exec("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)", n.Name, string(n.Role), formatTime(tx.at))
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := tx.log(0, 0, EntityUser, n.Name, FieldCreate, "", string(n.Role), ""); err != nil {
			return err
		}
		if err := tx.addKeys(id, n.Name, n.Keys); err != nil {
			return err
		}
		if err := tx.grantOrgs(id, n.Name, n.OrgIDs); err != nil {
			return err
		}
		u, err = tx.user(id)
		return err
	})
	return u, err
}

// UpdateUser changes a user's role, keys or organisations. Only an admin may.
func (s *Store) UpdateUser(ctx context.Context, name string, p UserPatch) (User, error) {
	var u User
	err := s.Update(ctx, "", func(tx *Tx) error {
		id, err := tx.userID(name)
		if err != nil {
			return err
		}
		cur, err := tx.user(id)
		if err != nil {
			return err
		}
		role := cur.Role
		if p.Role != nil {
			if _, err := ParseRole(string(*p.Role)); err != nil {
				return err
			}
			role = *p.Role
		}
		if len(p.AddOrgs) > 0 && role != RoleAssessor {
			return fmt.Errorf("organisations are given to assessors only; %s is a %s", cur.Name, role)
		}
		if role != cur.Role {
			if _, err := tx.exec("UPDATE users SET role = ? WHERE id = ?", string(role), id); err != nil {
				return err
			}
			if err := tx.log(0, 0, EntityUser, cur.Name, FieldRole, string(cur.Role), string(role), ""); err != nil {
				return err
			}
		}
		if err := tx.addKeys(id, cur.Name, p.AddKeys); err != nil {
			return err
		}
		for _, fp := range p.RemoveKeys {
			fp = strings.TrimSpace(fp)
			res, err := tx.exec("DELETE FROM user_keys WHERE user_id = ? AND fingerprint = ?", id, fp)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return notFound("user %s has no key %s (cdc user list shows the fingerprints)", cur.Name, fp)
			}
			if err := tx.log(0, 0, EntityUser, cur.Name, FieldKey, fp, "", ""); err != nil {
				return err
			}
		}
		var left int
		if err := tx.queryRow("SELECT count(*) FROM user_keys WHERE user_id = ?", id).Scan(&left); err != nil {
			return err
		}
		if left == 0 {
			return fmt.Errorf("user %s would have no key left; add another first, or remove the user", cur.Name)
		}
		if err := tx.grantOrgs(id, cur.Name, p.AddOrgs); err != nil {
			return err
		}
		for _, org := range p.RemoveOrgs {
			res, err := tx.exec("DELETE FROM user_orgs WHERE user_id = ? AND org_id = ?", id, org)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return notFound("user %s was not given organisation %d", cur.Name, org)
			}
			if err := tx.log(0, 0, EntityUser, cur.Name, FieldOrganisation, itoa(org), "", ""); err != nil {
				return err
			}
		}
		u, err = tx.user(id)
		return err
	})
	return u, err
}

// RemoveUser removes a user and their keys; the change log keeps what they did. Only an admin may.
func (s *Store) RemoveUser(ctx context.Context, name string) error {
	return s.Update(ctx, "", func(tx *Tx) error {
		id, err := tx.userID(name)
		if err != nil {
			return err
		}
		var stored string
		if err := tx.queryRow("SELECT name FROM users WHERE id = ?", id).Scan(&stored); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM users WHERE id = ?", id); err != nil {
			return err
		}
		return tx.log(0, 0, EntityUser, stored, FieldRemove, stored, "", "")
	})
}

func (t *Tx) userID(name string) (int64, error) {
	var id int64
	err := t.queryRow("SELECT id FROM users WHERE name = ? COLLATE NOCASE", strings.TrimSpace(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("user %q does not exist (cdc user list shows them)", name)
	}
	return id, err
}

func (t *Tx) addKeys(userID int64, name string, lines []string) error {
	for _, line := range lines {
		k, err := ParseAuthorizedKey(line)
		if err != nil {
			return fmt.Errorf("key for %s: %w", name, err)
		}
		var owner string
		err = t.queryRow("SELECT u.name FROM user_keys k JOIN users u ON u.id = k.user_id WHERE k.fingerprint = ?", k.Fingerprint).Scan(&owner)
		switch {
		case err == nil:
			return fmt.Errorf("key %s already belongs to user %s; each key identifies one person", k.Fingerprint, owner)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := t.exec("INSERT INTO user_keys (fingerprint, user_id, public_key, comment, added_at) VALUES (?, ?, ?, ?, ?)",
			k.Fingerprint, userID, k.Text, k.Comment, formatTime(t.at)); err != nil {
			return err
		}
		if err := t.log(0, 0, EntityUser, name, FieldKey, "", k.Fingerprint, ""); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) grantOrgs(userID int64, name string, orgIDs []int64) error {
	for _, org := range orgIDs {
		orgName, err := t.orgName(org)
		if err != nil {
			return err
		}
		res, err := t.exec("INSERT INTO user_orgs (user_id, org_id) VALUES (?, ?) ON CONFLICT DO NOTHING", userID, org)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		if err := t.log(0, 0, EntityUser, name, FieldOrganisation, "", orgName, ""); err != nil {
			return err
		}
	}
	return nil
}

// user reads one user with keys and organisations inside the transaction.
func (t *Tx) user(id int64) (User, error) {
	us, err := t.s.users(t.ctx, t.tx, "WHERE id = ?", id)
	if err != nil {
		return User{}, err
	}
	if len(us) == 0 {
		return User{}, notFound("user %d does not exist", id)
	}
	return us[0], nil
}

// Users lists the users by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var out []User
	err := s.read(ctx, func(q querier) error {
		var err error
		out, err = s.users(ctx, q, "")
		return err
	})
	return out, s.describe(err)
}

// FindUser finds a user by name (case-insensitive).
func (s *Store) FindUser(ctx context.Context, name string) (User, error) {
	return s.oneUser(ctx, notFound("user %q does not exist (cdc user list shows them)", name),
		"WHERE name = ? COLLATE NOCASE", strings.TrimSpace(name))
}

// UserByKey finds the user who owns the key with this SHA256 fingerprint.
func (s *Store) UserByKey(ctx context.Context, fingerprint string) (User, error) {
	return s.oneUser(ctx, notFound("no user has the key %s", fingerprint),
		"WHERE id = (SELECT user_id FROM user_keys WHERE fingerprint = ?)", fingerprint)
}

// oneUser reads the first user where selects, or returns missing when there is none.
func (s *Store) oneUser(ctx context.Context, missing error, where string, args ...any) (User, error) {
	var out []User
	err := s.read(ctx, func(q querier) error {
		var err error
		out, err = s.users(ctx, q, where, args...)
		return err
	})
	if err != nil {
		return User{}, s.describe(err)
	}
	if len(out) == 0 {
		return User{}, missing
	}
	return out[0], nil
}

func (s *Store) users(ctx context.Context, q querier, where string, args ...any) ([]User, error) {
	out, err := collect(ctx, q, func(sc rowScanner) (User, error) {
		var u User
		var role, created string
		err := sc.Scan(&u.ID, &u.Name, &role, &created)
		u.Role, u.CreatedAt = Role(role), parseTime(created)
		return u, err
	}, "SELECT id, name, role, created_at FROM users "+where+" ORDER BY name COLLATE NOCASE", args...)
	if err != nil || len(out) == 0 {
		return nil, err
	}
	byID := make(map[int64]*User, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	keys, err := collect(ctx, q, func(sc rowScanner) (userRow[PublicKey], error) {
		var r userRow[PublicKey]
		var added string
		err := sc.Scan(&r.user, &r.v.Fingerprint, &r.v.Text, &r.v.Comment, &added)
		r.v.Type, _, _ = strings.Cut(r.v.Text, " ")
		r.v.AddedAt = parseTime(added)
		return r, err
	}, "SELECT user_id, fingerprint, public_key, comment, added_at FROM user_keys ORDER BY added_at, fingerprint")
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if u := byID[k.user]; u != nil {
			u.Keys = append(u.Keys, k.v)
		}
	}
	orgs, err := collect(ctx, q, func(sc rowScanner) (userRow[Organisation], error) {
		var r userRow[Organisation]
		var created string
		o := &r.v
		err := sc.Scan(&r.user, &o.ID, &o.UUID, &o.Name, &o.Sector, &o.Country, &o.Size, &o.Notes, &created)
		o.CreatedAt = parseTime(created)
		return r, err
	}, "SELECT g.user_id, "+prefixed("o.", orgColumns)+" FROM user_orgs g JOIN organisations o ON o.id = g.org_id")
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if u := byID[o.user]; u != nil {
			u.Orgs = append(u.Orgs, o.v)
		}
	}
	for i := range out {
		sort.Slice(out[i].Orgs, func(a, b int) bool {
			return strings.ToLower(out[i].Orgs[a].Name) < strings.ToLower(out[i].Orgs[b].Name)
		})
	}
	return out, nil
}

// userRow is a row that belongs to the user with the ID user: one of their keys or organisations.
type userRow[T any] struct {
	user int64
	v    T
}

// prefixed qualifies each column of a comma-separated list.
func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
