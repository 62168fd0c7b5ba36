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
		return "", fmt.Errorf("cannot find the home folder for the default database (set %s): %w", DBEnv, err)
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

	readOnly  bool
	auth      *principal // the user of a shared server; nil for the owner's command line
	mu        sync.Mutex
	packs     map[int64]*Pack
	decoding  map[int64]func() (*Pack, error) // packs being decoded by packLater, until cached
	closed    map[int64]*closedEntry          // closed cycles read by History; they never change
	closedUse uint64                          // use counter of the closed-cycle cache
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
	s, err := openDSN(ctx, abs, "_pragma=synchronous(NORMAL)&_txlock=immediate")
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
	if err := s.installBuiltin(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// installBuiltin installs this build's pack unless the database already holds it byte for
// byte, which is the case on every open but the first: then nothing is decoded or marshalled.
func (s *Store) installBuiltin(ctx context.Context) error {
	id, version, _ := strings.Cut(builtinRef(), "@")
	var existing string
	err := s.db.QueryRowContext(ctx, "SELECT body FROM packs WHERE pack_id = ? AND version = ?", id, version).Scan(&existing)
	if err == nil && existing == builtinBody() {
		return nil
	}
	_, _, err = s.installPack(ctx, BuiltinPack(), true)
	return err
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
	// Opened for writing where the file allows it, with writes refused: only such a connection
	// removes the -wal and -shm files when it closes, so a look leaves the folder as it was.
	s, err := openDSN(ctx, abs, "mode=rw&_pragma=query_only(1)")
	if err != nil {
		if s, err = openDSN(ctx, abs, "mode=ro&_pragma=query_only(1)"); err != nil {
			return nil, err
		}
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

// openDSN opens abs with the busy timeout and foreign keys every connection has, and the
// options of its mode.
func openDSN(ctx context.Context, abs, options string) (*Store, error) {
	dsn := "file:" + uriPath(abs) + "?_pragma=busy_timeout(" + strconv.FormatInt(busyTimeout.Milliseconds(), 10) +
		")&_pragma=foreign_keys(1)&" + options
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
		return &ReadOnlyFileError{Path: path, Err: err}
	}
	if err := canWrite(dir); err != nil {
		return &ReadOnlyFileError{Path: path, Folder: dir, Err: err}
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

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
