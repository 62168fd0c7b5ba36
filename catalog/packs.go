package catalog

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// PackInfo describes an installed pack version.
type PackInfo struct {
	Ref        int64     `json:"ref"`
	ID         string    `json:"id"`
	Version    string    `json:"version"`
	Name       Text      `json:"name"`
	Builtin    bool      `json:"builtin"`
	Services   int       `json:"services"`
	ImportedAt time.Time `json:"imported_at"`
}

// installPack adds p unless the same version is installed; added says whether it was new.
// The lookup runs first outside a transaction so that opening a database does not write.
func (s *Store) installPack(ctx context.Context, p *Pack, builtin bool) (ref int64, added bool, err error) {
	body, err := p.Marshal()
	if err != nil {
		return 0, false, err
	}
	check := func(q querier) (int64, bool, error) {
		var ref int64
		var existing string
		err := q.QueryRowContext(ctx, "SELECT ref, body FROM packs WHERE pack_id = ? AND version = ?", p.ID, p.Version).Scan(&ref, &existing)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		if err != nil {
			return 0, false, s.describe(err)
		}
		if existing != string(body) && !sameStoredPack(existing, p) {
			if builtin {
				return 0, false, fmt.Errorf("database %s holds a different pack %s than this build; it was not changed", s.path, p.Ref())
			}
			return 0, false, fmt.Errorf("pack %s is already installed with different content; give the pack a new version (the \"version\" field)", p.Ref())
		}
		return ref, true, nil
	}
	if ref, found, err := check(s.db); err != nil || found {
		return ref, false, err
	}
	err = s.Update(ctx, "", func(tx *Tx) error {
		var found bool
		var err error
		// Another program may have installed it since the lookup.
		if ref, found, err = check(tx.tx); err != nil || found {
			return err
		}
		res, err := tx.exec("INSERT INTO packs (pack_id, version, body, builtin, imported_at, body_sha256) VALUES (?, ?, ?, ?, ?, ?)",
			p.ID, p.Version, string(body), boolInt(builtin), formatTime(tx.at), bodyHash(body))
		if err != nil {
			return err
		}
		if ref, err = res.LastInsertId(); err != nil {
			return err
		}
		added = true
		if builtin {
			return nil
		}
		return tx.log(0, 0, EntityPack, p.Ref(), FieldImport, "", fmt.Sprintf("%d categories, %d services", len(p.Categories), len(p.Services)), "")
	})
	if err != nil {
		return 0, false, err
	}
	return ref, added, nil
}

// ImportPack installs a validated custom pack as a new pack version and returns its reference.
// Importing the same pack again returns the existing reference.
func (s *Store) ImportPack(ctx context.Context, p *Pack) (int64, error) {
	ref, _, err := s.InstallPack(ctx, p)
	return ref, err
}

// InstallPack is ImportPack that also reports whether the pack was new (false: the
// identical pack version was already installed).
func (s *Store) InstallPack(ctx context.Context, p *Pack) (ref int64, added bool, err error) {
	if probs := p.Validate(); len(probs) > 0 {
		return 0, false, &PackError{Problems: probs}
	}
	return s.installPack(ctx, p, false)
}

// Packs lists installed pack versions, oldest first.
func (s *Store) Packs(ctx context.Context) ([]PackInfo, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT ref, builtin, imported_at FROM packs ORDER BY ref")
	if err != nil {
		return nil, s.describe(err)
	}
	type row struct {
		ref     int64
		builtin int
		at      string
	}
	var rs []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.ref, &r.builtin, &r.at); err != nil {
			rows.Close()
			return nil, err
		}
		rs = append(rs, r)
	}
	rows.Close()
	var out []PackInfo
	for _, r := range rs {
		p, err := s.Pack(ctx, r.ref)
		if err != nil {
			return nil, err
		}
		out = append(out, PackInfo{Ref: r.ref, ID: p.ID, Version: p.Version, Name: p.Name, Builtin: r.builtin == 1, Services: len(p.Services), ImportedAt: parseTime(r.at)})
	}
	return out, nil
}

// Pack returns an installed pack by reference. Packs never change once installed, so they are cached.
func (s *Store) Pack(ctx context.Context, ref int64) (*Pack, error) {
	return s.pack(ctx, s.db, ref)
}

// pack loads a pack through q, which inside a transaction must be the transaction:
// the pool has one connection.
func (s *Store) pack(ctx context.Context, q querier, ref int64) (*Pack, error) {
	return s.packLater(ctx, q, ref)()
}

// packLater reads the body of pack ref through q now and decodes it on another goroutine,
// returning a function that waits for the pack: a read that also needs rows of its cycles
// steps them while the pack decodes (a 1,000-service pack takes about as long to decode as
// the rows of seven cycles take to read). A pack already cached, or being decoded for an
// earlier call, is not read again.
func (s *Store) packLater(ctx context.Context, q querier, ref int64) func() (*Pack, error) {
	s.mu.Lock()
	p, ok := s.packs[ref]
	wait, decoding := s.decoding[ref]
	s.mu.Unlock()
	if ok {
		return func() (*Pack, error) { return p, nil }
	}
	if decoding {
		return wait
	}
	var body []byte // one copy of a body of up to MaxPackSize, not a string and then bytes
	var hash string
	err := q.QueryRowContext(ctx, "SELECT body, body_sha256 FROM packs WHERE ref = ?", ref).Scan(&body, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		err = notFoundID(KindPack, ref)
	} else if err != nil {
		err = s.describe(err)
	}
	if err != nil {
		return func() (*Pack, error) { return nil, err }
	}
	var perr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if p, perr = loadStoredPack(body, hash); perr != nil {
			perr = fmt.Errorf("installed pack %d: %w", ref, perr)
		}
	}()
	wait = sync.OnceValues(func() (*Pack, error) {
		<-done
		s.mu.Lock()
		if perr == nil {
			s.packs[ref] = p
		}
		delete(s.decoding, ref)
		s.mu.Unlock()
		return p, perr
	})
	s.mu.Lock()
	if s.decoding == nil {
		s.decoding = map[int64]func() (*Pack, error){}
	}
	s.decoding[ref] = wait
	s.mu.Unlock()
	return wait
}

// FindPack resolves "id@version", or "id" for its newest installed version, or "" for the built-in pack.
func (s *Store) FindPack(ctx context.Context, name string) (int64, error) {
	return s.findPack(ctx, s.db, name)
}

func (s *Store) findPack(ctx context.Context, q querier, name string) (int64, error) {
	if name == "" {
		name = builtinRef()
	}
	id, version, hasVersion := strings.Cut(strings.TrimSpace(name), "@")
	id = strings.ToLower(id) // pack IDs are lower case; versions are compared exactly
	query := "SELECT ref FROM packs WHERE pack_id = ? ORDER BY ref DESC LIMIT 1"
	args := []any{id}
	if hasVersion {
		query = "SELECT ref FROM packs WHERE pack_id = ? AND version = ?"
		args = append(args, version)
	}
	var ref int64
	err := q.QueryRowContext(ctx, query, args...).Scan(&ref)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &NotFoundError{Kind: KindPack, Ref: name}
	}
	return ref, s.describe(err)
}

// installPack installs a pack inside the transaction, or returns the installed identical version.
func (t *Tx) installPack(p *Pack) (int64, error) {
	body, err := p.Marshal()
	if err != nil {
		return 0, err
	}
	var ref int64
	var existing string
	err = t.queryRow("SELECT ref, body FROM packs WHERE pack_id = ? AND version = ?", p.ID, p.Version).Scan(&ref, &existing)
	if err == nil {
		if sameStoredPack(existing, p) {
			return ref, nil
		}
		return 0, fmt.Errorf("pack %s is installed here with different content than the file's; it was not changed", p.Ref())
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	res, err := t.exec("INSERT INTO packs (pack_id, version, body, builtin, imported_at, body_sha256) VALUES (?, ?, ?, 0, ?, ?)", p.ID, p.Version, string(body), formatTime(t.at), bodyHash(body))
	if err != nil {
		return 0, err
	}
	if ref, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	return ref, t.log(0, 0, EntityPack, p.Ref(), FieldImport, "", fmt.Sprintf("%d categories, %d services", len(p.Categories), len(p.Services)), "")
}

// bodyHash is the hex SHA-256 of a pack body, stored with the body once it was validated.
func bodyHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// loadStoredPack decodes a stored pack body into the pack it is used as (see served). A body
// whose hash matches the one stored at installation was validated then and is only decoded;
// any other body (changed since, or stored by an earlier build) is validated in full and
// refused when bad. This build's own built-in pack is served as it is: comparing it with
// itself took a third of a small report.
func loadStoredPack(body []byte, hash string) (*Pack, error) {
	if string(body) == builtinBody() {
		return BuiltinPack(), nil
	}
	var p *Pack
	var err error
	if hash == "" || hash != bodyHash(body) {
		p, err = ParsePack(body)
	} else {
		p, err = decodeValidPack(body)
	}
	if err != nil {
		return nil, err
	}
	return served(p), nil
}
