package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The store's errors are typed so that the CLI and the TUI can word them in the user's
// language (internal/vocab, Printer.Error); Error() is the English wording, for logs and as
// the fallback. None of them names a command or a flag: that is for the caller to add.

// ErrNotFound is wrapped by errors for unknown organisations, cycles, actions and packs.
var ErrNotFound = errors.New("not found")

// ErrConflict is wrapped by errors for edits that another program overtook.
var ErrConflict = errors.New("changed elsewhere")

// ErrOrgExists is wrapped when a restore meets an organisation of the same name or identity.
var ErrOrgExists = errors.New("organisation already exists")

// SchemaError is a database whose schema this build cannot use as it is: newer than it
// knows (Found > Known), or older and opened read-only (Found < Known).
type SchemaError struct {
	Path         string
	Found, Known int
}

func (e *SchemaError) Error() string {
	if e.Found > e.Known {
		return fmt.Sprintf("database %s has schema %d, newer than this cdc understands (%d); use a newer cdc. Nothing was changed", e.Path, e.Found, e.Known)
	}
	return fmt.Sprintf("database %s has schema %d and needs upgrading to %d; open it once with write access", e.Path, e.Found, e.Known)
}

// ReadOnlyFileError is an existing database that this user may not write: the file, or its
// folder (SQLite creates the -wal and -shm files there). OpenReadOnly can still read it.
type ReadOnlyFileError struct {
	Path   string
	Folder string // the folder without write permission; "" when it is the file
	Err    error
}

func (e *ReadOnlyFileError) Error() string {
	if e.Folder != "" {
		return fmt.Sprintf("database %s is read-only: its folder %s has no write permission (SQLite needs to create the -wal and -shm files there): %v", e.Path, e.Folder, e.Err)
	}
	return fmt.Sprintf("database %s is read-only (no write permission on the file); ask its owner, or copy it: %v", e.Path, e.Err)
}

func (e *ReadOnlyFileError) Unwrap() error { return e.Err }

// ForeignDatabaseError is a SQLite file with tables but no cdc schema.
type ForeignDatabaseError struct{ Path string }

func (e *ForeignDatabaseError) Error() string {
	return fmt.Sprintf("database %s is a SQLite database of another program (it has tables but no cdc schema); nothing was changed", e.Path)
}

// notFoundError reads as its message alone and matches ErrNotFound with errors.Is.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string        { return e.msg }
func (e *notFoundError) Is(target error) bool { return target == ErrNotFound }

func notFound(format string, args ...any) error {
	return &notFoundError{msg: fmt.Sprintf(format, args...)}
}

// DatabaseProblem says what is wrong with the database file or its disk.
type DatabaseProblem string

const (
	DBOpenReadOnly DatabaseProblem = "open-read-only" // opened with OpenReadOnly
	DBReadOnly     DatabaseProblem = "read-only"      // the file or its folder may not be written
	DBLocked       DatabaseProblem = "locked"         // another program holds the lock
	DBNotSQLite    DatabaseProblem = "not-sqlite"
	DBDamaged      DatabaseProblem = "damaged"
	DBDiskFull     DatabaseProblem = "disk-full"
	DBIO           DatabaseProblem = "io" // the disk may be full or failing
	DBCannotOpen   DatabaseProblem = "cannot-open"
)

// DatabaseError is a driver error turned into what the user can act on; nothing was changed.
type DatabaseError struct {
	Path    string
	Problem DatabaseProblem
	Err     error // the driver's error
}

func (e *DatabaseError) Error() string {
	switch e.Problem {
	case DBOpenReadOnly:
		return fmt.Sprintf("database %s is open read-only; nothing was changed", e.Path)
	case DBReadOnly:
		return fmt.Sprintf("database %s is read-only; nothing was changed: %v", e.Path, e.Err)
	case DBLocked:
		return fmt.Sprintf("database %s is locked by another program (waited %s); try again in a moment: %v", e.Path, busyTimeout, e.Err)
	case DBNotSQLite:
		return fmt.Sprintf("database %s is not a SQLite database (wrong file, or damaged)", e.Path)
	case DBDamaged:
		return fmt.Sprintf("database %s is damaged; restore it from a backup: %v", e.Path, e.Err)
	case DBDiskFull:
		return fmt.Sprintf("the disk holding %s is full: %v", e.Path, e.Err)
	case DBIO:
		return fmt.Sprintf("cannot write database %s: the disk may be full or failing; nothing was changed: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("cannot open database %s: %v", e.Path, e.Err)
}

func (e *DatabaseError) Unwrap() error { return e.Err }

// describe turns driver errors into DatabaseErrors; other errors pass unchanged.
func (s *Store) describe(err error) error {
	if err == nil {
		return nil
	}
	var done *DatabaseError
	if errors.As(err, &done) {
		return err
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	problem := DatabaseProblem("")
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_READONLY:
		problem = DBReadOnly
		if s.readOnly {
			problem = DBOpenReadOnly
		}
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		problem = DBLocked
	case sqlite3.SQLITE_NOTADB:
		problem = DBNotSQLite
	case sqlite3.SQLITE_CORRUPT:
		problem = DBDamaged
	case sqlite3.SQLITE_FULL:
		problem = DBDiskFull
	case sqlite3.SQLITE_IOERR:
		problem = DBIO
	case sqlite3.SQLITE_CANTOPEN:
		problem = DBCannotOpen
	default:
		return err
	}
	return &DatabaseError{Path: s.path, Problem: problem, Err: err}
}

// The kinds of thing NotFoundError names.
const (
	KindOrganisation = "organisation"
	KindCycle        = "cycle"
	KindAction       = "action"
	KindPack         = "pack"
	KindService      = "service"
)

// ChoiceError refuses a value that is not one of a fixed set: Field names what was asked
// (level, assignment, status, horizon, role...), Choices what it may be.
type ChoiceError struct {
	Field   string
	Value   string
	Choices []string
}

func (e *ChoiceError) Error() string {
	return fmt.Sprintf("%s %q is not one of %s", e.Field, e.Value, strings.Join(e.Choices, ", "))
}

// NotFoundError is something asked for that is not here. It matches ErrNotFound.
type NotFoundError struct {
	Kind  string   // KindOrganisation, KindCycle, ...
	Ref   string   // what was asked for: a name, number or UUID; "" when nothing was given
	In    string   // where it was looked for, when that matters: the pack of a service
	Known []string // what there is instead (the organisation's cycles); empty Known with no Ref: there is none
	byID  bool     // Ref is a row's number
}

func (e *NotFoundError) Error() string {
	ref := e.Ref
	if _, isUUID := ParseUUID(ref); !e.byID && !isUUID {
		ref = strconv.Quote(ref)
	}
	switch {
	case e.Ref == "" && e.Kind == KindCycle:
		return "the organisation has no cycles"
	case e.Ref == "":
		return "no " + e.Kind + " given"
	case e.In != "":
		return fmt.Sprintf("%s %s is not in %s %s", e.Kind, ref, KindPack, e.In)
	case e.Kind == KindPack && !e.byID:
		return fmt.Sprintf("pack %s is not installed", ref)
	case len(e.Known) > 0:
		return fmt.Sprintf("%s %s does not exist (%ss: %s)", e.Kind, ref, e.Kind, strings.Join(e.Known, ", "))
	}
	return fmt.Sprintf("%s %s does not exist", e.Kind, ref)
}

func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

func notFoundID(kind string, id int64) error {
	return &NotFoundError{Kind: kind, Ref: strconv.FormatInt(id, 10), byID: true}
}

// ClosedCycleError is a change to a closed cycle, which never changes again.
type ClosedCycleError struct{ Cycle string }

func (e *ClosedCycleError) Error() string {
	return fmt.Sprintf("cycle %q is closed; start a new cycle to make changes", e.Cycle)
}

// LevelReasonError is a recommendation level changed away from the pack's default without a reason.
type LevelReasonError struct {
	Service  string
	From, To Level
}

func (e *LevelReasonError) Error() string {
	return fmt.Sprintf("service %s: changing the level from %s to %s needs a reason", e.Service, e.From, e.To)
}

// NameTakenError is an organisation name that another organisation here already has, or that
// reads the same (see NameKey).
type NameTakenError struct {
	Name     string // the name given
	Existing string // the organisation's name as stored
	// ExistingUUID identifies the organisation here, so a message can tell it from the
	// file's organisation of the same name.
	ExistingUUID string
}

func (e *NameTakenError) Error() string {
	if e.Name == e.Existing {
		return fmt.Sprintf("organisation %q already exists", e.Name)
	}
	return fmt.Sprintf("organisation %q already exists as %q (the names differ only in case, width, invisible or look-alike characters)", e.Name, e.Existing)
}

func (e *NameTakenError) Is(target error) bool { return target == ErrOrgExists }
