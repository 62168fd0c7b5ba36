package catalog

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DBEnv is the environment variable naming the database file.
const DBEnv = "CDC_DB"

// AssessorEnv names who is recorded in the change log; the OS user otherwise.
const AssessorEnv = "CDC_ASSESSOR"

// DefaultPath resolves the database path: flag, else CDC_DB, else
// $XDG_DATA_HOME/cdc/cdc.db (when absolute), else ~/.local/share/cdc/cdc.db.
func DefaultPath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if env := os.Getenv(DBEnv); env != "" {
		return env, nil
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
		return filepath.Join(xdg, "cdc", "cdc.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the home folder for the default database (set --db or %s): %w", DBEnv, err)
	}
	return filepath.Join(home, ".local", "share", "cdc", "cdc.db"), nil
}

// Store is the organisation catalogue kept in one SQLite file.
type Store struct {
	db   *sql.DB
	path string
	// Actor is recorded as "who" in the change log.
	Actor string
	// Source is recorded with each change (cli, tui, import FILE, demo).
	Source string

	readOnly bool
	auth     *principal // the user of a shared server; nil for the owner's command line
	mu       sync.Mutex
	packs    map[int64]*Pack
	closed   map[int64]*CycleData // closed cycles read by History; they never change
}

// Path returns the database file path.
func (s *Store) Path() string { return s.path }

// DB exposes the handle for tests and tools in this module.
func (s *Store) DB() *sql.DB { return s.db }

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// busyTimeout is how long a write waits for another program's transaction; tests shorten it.
var busyTimeout = 5 * time.Second

// Open opens (creating if needed) the database at path, migrates it to the
// current schema (taking a backup first) and installs the built-in pack.
// A database the user may not write is refused with a clear message; use
// OpenReadOnly to read it.
func Open(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database path %q: %w", path, err)
	}
	if err := prepareFile(abs); err != nil {
		return nil, err
	}
	dsn := "file:" + uriPath(abs) + "?_pragma=busy_timeout(" + strconv.FormatInt(busyTimeout.Milliseconds(), 10) +
		")&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	s, err := openDSN(ctx, abs, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	// WAL is set only once the file is known to be ours: it rewrites the header.
	// It persists in the file; a restored VACUUM INTO backup comes back without it.
	if err := s.setWAL(ctx, s.db); err != nil {
		s.db.Close()
		return nil, err
	}
	if _, _, err := s.installPack(ctx, BuiltinPack(), true); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// OpenReadOnly opens an existing database for reading only: nothing is created,
// migrated or written, and every write fails with a read-only message.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database path %q: %w", path, err)
	}
	st, err := os.Stat(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("database %s does not exist", abs)
	}
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", abs, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("database %s is a folder, not a file", abs)
	}
	if err := checkHeader(abs); err != nil {
		return nil, err
	}
	dsn := "file:" + uriPath(abs) + "?mode=ro&_pragma=busy_timeout(" + strconv.FormatInt(busyTimeout.Milliseconds(), 10) +
		")&_pragma=query_only(1)&_pragma=foreign_keys(1)"
	s, err := openDSN(ctx, abs, dsn)
	if err != nil {
		return nil, err
	}
	s.readOnly = true
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		s.db.Close()
		return nil, s.describe(err)
	}
	switch {
	case current != len(migrations):
		s.db.Close()
		return nil, &SchemaError{Path: abs, Found: current, Known: len(migrations)}
	}
	return s, nil
}

func openDSN(ctx context.Context, abs, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	// One connection: the tool is single-user, and it removes in-process lock contention.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	s := &Store{db: db, path: abs, Actor: defaultActor(), Source: "cli", packs: map[int64]*Pack{}}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, s.describe(err)
	}
	return s, nil
}

// uriPath escapes the characters that would end the path part of a file: URI.
func uriPath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(filepath.ToSlash(p))
}

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// prepareFile creates the folder 0700 and the file 0600 so that SQLite's
// -wal and -shm files inherit the mode, rejects files that are not SQLite,
// and refuses a file or folder the user may not write.
func prepareFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create database folder %s: %w", dir, err)
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := canWrite(dir); err != nil {
			return fmt.Errorf("cannot create database %s: the folder %s is read-only: %w", path, dir, err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, os.ErrExist) {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("cannot create database %s: the folder %s is read-only", path, dir)
		}
		return fmt.Errorf("create database %s: %w", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	if st.IsDir() {
		return fmt.Errorf("database %s is a folder, not a file", path)
	}
	if st.Size() > 0 {
		if err := checkHeader(path); err != nil {
			return err
		}
	}
	// SQLite would silently open a read-only file read-only and fail at the first write.
	if err := canWrite(path); err != nil {
		return fmt.Errorf("database %s is read-only (no write permission on the file); ask its owner, or copy it: %w", path, err)
	}
	if err := canWrite(dir); err != nil {
		return fmt.Errorf("database %s is read-only: its folder %s has no write permission (SQLite needs to create the -wal and -shm files there): %w", path, dir, err)
	}
	return nil
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("database %s cannot be read (no read permission)", path)
		}
		return fmt.Errorf("database %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("database %s is not a SQLite database (wrong file, or damaged)", path)
	}
	return nil
}

func defaultActor() string {
	if v := strings.TrimSpace(os.Getenv(AssessorEnv)); v != "" {
		return v
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// dbError is a driver error already turned into a user message.
type dbError struct {
	msg string
	err error
}

func (e *dbError) Error() string { return e.msg }
func (e *dbError) Unwrap() error { return e.err }

// describe turns driver errors into messages a user can act on.
func (s *Store) describe(err error) error {
	if err == nil {
		return nil
	}
	var done *dbError
	if errors.As(err, &done) {
		return err
	}
	if d := s.describeDriver(err); d != err {
		return &dbError{msg: d.Error(), err: err}
	}
	return err
}

func (s *Store) describeDriver(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_READONLY:
			if s.readOnly {
				return fmt.Errorf("database %s is open read-only; nothing was changed", s.path)
			}
			return fmt.Errorf("database %s is read-only; nothing was changed: %w", s.path, err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("database %s is locked by another program (waited %s); try again in a moment: %w", s.path, busyTimeout, err)
		case sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("database %s is not a SQLite database (wrong file, or damaged)", s.path)
		case sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("database %s is damaged; restore it from a backup: %w", s.path, err)
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("the disk holding %s is full: %w", s.path, err)
		case sqlite3.SQLITE_IOERR:
			return fmt.Errorf("cannot write database %s: the disk may be full or failing; nothing was changed: %w", s.path, err)
		case sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("cannot open database %s: %w", s.path, err)
		}
	}
	return err
}

// DataVersion changes whenever another connection commits to the database;
// the TUI polls it to refresh.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, s.describe(err)
}

// IntegrityCheck runs PRAGMA integrity_check and returns its first line.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&v)
	return v, s.describe(err)
}

// timestamps are stored as RFC 3339 UTC text so they sort and compare.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// now is replaceable in tests.
var now = func() time.Time { return time.Now().UTC() }

// Tx is one write transaction; every change it makes is logged in the same transaction.
type Tx struct {
	tx     *sql.Tx
	s      *Store
	ctx    context.Context
	at     time.Time
	source string
	actor  string // who, recorded with every change
	// build caches each cycle's services by ID for SetBuild, so a batch of
	// per-service calls reads the cycle once instead of once per call.
	build map[int64]map[string]*ServiceState
	stmts map[string]*sql.Stmt
	perm  *permission // what the store's user may change; nil: everything
}

// Update runs fn in one immediate transaction tagged with source (empty: the store's Source).
// Nothing is written unless fn returns nil.
func (s *Store) Update(ctx context.Context, source string, fn func(*Tx) error) error {
	if source == "" {
		source = s.Source
	}
	// Who and where are stored with every change: they are text from outside too.
	actor, err := cleanName("assessor", s.Actor)
	if err != nil {
		return err
	}
	if source, err = cleanText("source", source, MaxNameLen+MaxTextLen, false); err != nil {
		return err
	}
	defer s.inFlight()()
	sqltx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.describe(err)
	}
	tx := &Tx{tx: sqltx, s: s, ctx: ctx, at: now(), source: source, actor: actor}
	committed := false
	// A panic in fn must not leave the only connection inside a transaction.
	defer func() {
		if !committed {
			sqltx.Rollback()
		}
	}()
	if err := tx.authorize(); err != nil {
		return s.describe(err)
	}
	if err := fn(tx); err != nil {
		return s.describe(err)
	}
	committed = true
	if err := sqltx.Commit(); err != nil {
		return s.describe(err)
	}
	return nil
}

// prepared returns q prepared once per transaction: parsing SQL is most of the
// cost of a statement, and imports run the same few statements per service.
func (t *Tx) prepared(q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(t.ctx, q)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

func (t *Tx) exec(q string, args ...any) (sql.Result, error) {
	st, err := t.prepared(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(t.ctx, args...)
}

// queryRow runs a prepared single-row query; errors surface from Scan.
func (t *Tx) queryRow(q string, args ...any) rowScanner {
	st, err := t.prepared(q)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(t.ctx, args...)
}

type rowScanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// ---- packs ----

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
		if existing != string(body) {
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
		res, err := tx.exec("INSERT INTO packs (pack_id, version, body, builtin, imported_at) VALUES (?, ?, ?, ?, ?)",
			p.ID, p.Version, string(body), boolInt(builtin), formatTime(tx.at))
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
	s.mu.Lock()
	p, ok := s.packs[ref]
	s.mu.Unlock()
	if ok {
		return p, nil
	}
	var body string
	err := q.QueryRowContext(ctx, "SELECT body FROM packs WHERE ref = ?", ref).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("pack %d does not exist", ref)
	}
	if err != nil {
		return nil, s.describe(err)
	}
	p, err = ParsePack([]byte(body))
	if err != nil {
		return nil, fmt.Errorf("installed pack %d: %w", ref, err)
	}
	s.mu.Lock()
	s.packs[ref] = p
	s.mu.Unlock()
	return p, nil
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
		return 0, notFound("pack %q is not installed (see cdc catalog list --packs)", name)
	}
	return ref, s.describe(err)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
