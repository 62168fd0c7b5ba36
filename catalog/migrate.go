package catalog

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema step.
type migration struct {
	name string
	sql  string
}

// migrations lists the schema steps in order; schema N is the first N applied.
// A variable so tests can simulate a later schema.
var migrations = loadMigrations()

func loadMigrations() []migration {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		panic(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	out := make([]migration, len(names))
	for i, n := range names {
		body, err := migrationFiles.ReadFile("migrations/" + n)
		if err != nil {
			panic(err)
		}
		out[i] = migration{name: n, sql: string(body)}
	}
	return out
}

// SchemaVersion is the schema this build writes.
func SchemaVersion() int { return len(migrations) }

// checkSchema reads the schema version, refusing a file with tables but no version: it was
// not made by cdc. Both are read by one statement, from one snapshot.
func (s *Store) checkSchema(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v, tables int
	err := q.QueryRowContext(ctx, "SELECT user_version, (SELECT count(*) FROM sqlite_schema) FROM pragma_user_version").Scan(&v, &tables)
	if err != nil {
		return 0, s.describe(err)
	}
	if v == 0 && tables > 0 {
		return 0, &ForeignDatabaseError{Path: s.path}
	}
	return v, nil
}

// migrate brings the file to this build's schema. Every pending step runs in one EXCLUSIVE
// transaction that first reads the schema version again: any number of programs may open a
// new or old database at once, and whichever comes second finds the work done. A failing step
// leaves the file as it was. An existing schema is backed up first (VACUUM INTO cannot run
// inside a transaction, so the backup precedes it; a program that then finds the work done
// has made a spare backup, never a wrong one).
func (s *Store) migrate(ctx context.Context) error {
	current, err := s.checkSchema(ctx, s.db)
	if err != nil {
		return err
	}
	if current > len(migrations) {
		return &SchemaError{Path: s.path, Found: current, Known: len(migrations)}
	}
	if current == len(migrations) {
		return nil
	}
	if current > 0 {
		backup := fmt.Sprintf("%s.v%d-%s.bak", s.path, current, now().Format("20060102T150405Z"))
		if err := s.Backup(ctx, backup); err != nil {
			return fmt.Errorf("backup before migrating %s: %w", s.path, err)
		}
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.describe(err)
	}
	defer conn.Close()
	if current == 0 {
		// WAL before the first schema, so no rollback journal is ever used. The journal mode
		// cannot change inside a transaction; setting it twice is harmless.
		if err := s.setWAL(ctx, conn); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		return s.describe(err)
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if current, err = s.checkSchema(ctx, conn); err != nil {
		return err
	}
	if current > len(migrations) {
		return &SchemaError{Path: s.path, Found: current, Known: len(migrations)}
	}
	for i := current; i < len(migrations); i++ {
		m := migrations[i]
		if _, err := conn.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migrate %s to schema %d (%s): %w", s.path, i+1, m.name, s.describe(err))
		}
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return s.describe(err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return s.describe(err)
	}
	committed = true
	return nil
}

// setWAL switches the file to write-ahead logging. The switch needs the file to itself and
// SQLite does not wait for it (another program opening the file at the same moment holds a
// shared lock), so it is tried again until the busy timeout.
func (s *Store) setWAL(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) error {
	deadline := time.Now().Add(busyTimeout)
	for {
		var mode string
		err := q.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return s.describe(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// Backup writes a consistent copy of the database to dest (mode 0600). The copy is made in a
// temporary file created exclusively, with an unpredictable name, beside dest, and renamed
// over dest only when complete: a failure never leaves a partial backup, and a link planted
// under a temporary name is never followed.
func (s *Store) Backup(ctx context.Context, dest string) error {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	dir := filepath.Dir(dest)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("backup folder %s does not exist", dir)
	}
	if st, err := os.Lstat(dest); err == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("backup to %s: it exists and is not a regular file", dest)
		}
		for _, own := range []string{s.path, s.path + "-wal", s.path + "-shm"} {
			if o, err := os.Stat(own); err == nil && os.SameFile(o, st) {
				return fmt.Errorf("backup to %s: that is the database's own file %s", dest, own)
			}
		}
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	tmp := f.Name()
	defer f.Close()
	fail := func(err error) error {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	// VACUUM INTO accepts the empty file; it writes through the name, so check afterwards
	// that the name still leads to the file created here.
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fail(s.describe(err))
	}
	mine, err := f.Stat()
	if err != nil {
		return fail(err)
	}
	named, err := os.Lstat(tmp)
	if err != nil || !os.SameFile(mine, named) {
		return fail(errors.New("the temporary file was replaced while it was written"))
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fail(err)
	}
	return nil
}
