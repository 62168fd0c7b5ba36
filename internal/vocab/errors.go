package vocab

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Error words an error from the store in the printer's language: the typed errors of catalog
// get their message from "error.*" keys, with the names they carry, and what wraps them (an
// "organisation X: " before) stays; any other error reads as written. English reads as the
// errors are written, which is their English wording. Callers add what only they know (a
// flag, a command) around it.
func (p Printer) Error(err error) string {
	if err == nil {
		return ""
	}
	if p.Lang() == catalog.EN {
		return err.Error()
	}
	words, inner := p.errorWords(err)
	full := err.Error()
	if inner == nil {
		return full
	}
	if in := inner.Error(); strings.HasSuffix(full, in) {
		return full[:len(full)-len(in)] + words
	}
	return words
}

// errorWords finds the typed error inside err and words it; inner is nil for other errors.
func (p Printer) errorWords(err error) (words string, inner error) {
	var (
		nf     *catalog.NotFoundError
		field  *catalog.FieldError
		taken  *catalog.NameTakenError
		closed *catalog.ClosedCycleError
		reason *catalog.LevelReasonError
		schema *catalog.SchemaError
		alien  *catalog.ForeignDatabaseError
		db     *catalog.DatabaseError
		dump   *catalog.DumpError
		choice *catalog.ChoiceError
	)
	if words, inner, ok := p.authWords(err); ok {
		return words, inner
	}
	switch {
	case errors.As(err, &field):
		name := p.fieldWord(field.Field)
		switch field.Problem {
		case catalog.TextEmpty:
			return p.T("error.text.empty", name), field
		case catalog.TextTooLong:
			return p.T("error.text.too_long", name, field.Length, field.Max), field
		case catalog.TextNotUTF8:
			return p.T("error.text.not_utf8", name), field
		case catalog.TextControl:
			return p.T("error.text.control", name, field.Control.Pos, field.Control.Rune), field
		case catalog.TextInvisible:
			return p.T("error.text.invisible", name, field.Control.Pos, field.Control.Rune), field
		}
	case errors.As(err, &choice):
		return p.T("error.choice", p.fieldWord(choice.Field), choice.Value, strings.Join(choice.Choices, ", ")), choice
	case errors.As(err, &taken):
		if taken.Name == taken.Existing {
			return p.T("error.name_taken", taken.Name), taken
		}
		return p.T("error.name_taken_as", taken.Name, taken.Existing), taken
	case errors.As(err, &nf):
		return p.notFound(nf), nf
	case errors.As(err, &closed):
		return p.T("error.cycle_closed", closed.Cycle), closed
	case errors.As(err, &reason):
		return p.T("error.level_reason", reason.Service, reason.From, reason.To), reason
	case errors.As(err, &schema):
		if schema.Found > schema.Known {
			return p.T("error.schema.newer", schema.Path, schema.Found, schema.Known), schema
		}
		return p.T("error.schema.older", schema.Path, schema.Found, schema.Known), schema
	case errors.As(err, &alien):
		return p.T("error.database.foreign", alien.Path), alien
	case errors.As(err, &dump) && len(dump.Problems) > 1:
		return p.N("error.dump", len(dump.Problems), len(dump.Problems), strings.Join(dump.Problems, "\n  ")), dump
	case errors.As(err, &db):
		key := "error.database." + strings.ReplaceAll(string(db.Problem), "-", "_")
		if p.Has(key) {
			return p.T(key, db.Path), db
		}
	}
	return p.osWords(err)
}

// osCauses are the system errors worded in the language, by vocabulary key; others read as
// the system writes them.
var osCauses = []struct {
	err error
	key string
}{
	{fs.ErrPermission, "error.os.permission"},
	{fs.ErrNotExist, "error.os.not_exist"},
	{fs.ErrExist, "error.os.exist"},
	{syscall.ENOTDIR, "error.os.not_folder"},
	{syscall.EISDIR, "error.os.is_folder"},
	{syscall.ENOSPC, "error.os.no_space"},
	{syscall.EROFS, "error.os.read_only"},
	{syscall.ENAMETOOLONG, "error.os.name_too_long"},
}

// osWords words a system error (a path's, or the bare cause) when its cause is one of osCauses.
func (p Printer) osWords(err error) (string, error) {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return "", nil
	}
	for _, c := range osCauses {
		if errors.Is(errno, c.err) {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return p.T("error.os.path", pe.Path, p.T(c.key)), pe
			}
			return p.T(c.key), errno
		}
	}
	return "", nil
}

// fieldWord is a stored field's name in the language when the vocabulary has it.
func (p Printer) fieldWord(f string) string {
	if k := "field." + strings.ReplaceAll(f, " ", "_"); p.Has(k) {
		return p.T(k)
	}
	return f
}

func (p Printer) notFound(e *catalog.NotFoundError) string {
	kind := e.Kind
	if k := "entity." + kind; p.Has(k) {
		kind = p.T(k)
	} else if k := "field." + kind; p.Has(k) {
		kind = p.T(k)
	}
	switch {
	case e.Ref == "" && e.Kind == catalog.KindCycle:
		return p.T("error.no_cycles")
	case e.Ref == "":
		return p.T("error.none_given", kind)
	case e.In != "":
		return p.T("error.not_in_pack", kind, e.Ref, e.In)
	case len(e.Known) > 0:
		return p.T("error.not_found_among", kind, e.Ref, strings.Join(e.Known, ", "))
	}
	return p.T("error.not_found", kind, e.Ref)
}
