package catalog

import (
	"errors"
	"fmt"
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
