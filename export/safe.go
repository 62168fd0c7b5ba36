// Package export writes evaluation reports, fillable questionnaires and JSON exchange files,
// and imports questionnaires and JSON files back, using the catalogue types and scoring.
package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// formulaTriggers start text that a spreadsheet could read as a formula.
const formulaTriggers = "=+-@\t\r"

// SafeText escapes text written to a workbook so that it is always data, never a formula:
// a leading = + - @, tab or CR gets a leading apostrophe. Text that already starts with an
// apostrophe gets one too, so that UnsafeText gives back exactly what was written.
func SafeText(s string) string {
	if s != "" && (s[0] == '\'' || strings.ContainsRune(formulaTriggers, rune(s[0]))) {
		return "'" + s
	}
	return s
}

// UnsafeText removes exactly the escape SafeText adds.
func UnsafeText(s string) string {
	if len(s) >= 2 && s[0] == '\'' && (s[1] == '\'' || strings.ContainsRune(formulaTriggers, rune(s[1]))) {
		return s[1:]
	}
	return s
}

// WriteError is an output file that was not written: Problem says why, Database names the
// database it would have replaced and Companion which of its files (wal, shm or journal),
// Err is the system's cause of a failed write.
type WriteError struct {
	Path      string
	Problem   WriteProblem
	Database  string
	Companion string
	Err       error
}

// WriteProblem says why an output file was not written; its vocabulary key is "export.write."
// followed by it.
type WriteProblem string

const (
	WriteNoFolder        WriteProblem = "no_folder"          // the file's folder does not exist
	WriteIsDatabase      WriteProblem = "database"           // the file is a SQLite database
	WriteIsDatabaseFile  WriteProblem = "database_file"      // the file is a -wal, -shm or -journal file of one
	WriteIsOpenDatabase  WriteProblem = "open_database"      // the file is the database cdc has open
	WriteIsOpenCompanion WriteProblem = "open_database_file" // ... or one of its -wal, -shm, -journal files
	WriteFailed          WriteProblem = "failed"             // creating, writing or renaming failed: see Err
)

// Code is the error's vocabulary key.
func (e *WriteError) Code() string { return "export.write." + string(e.Problem) }

func (e *WriteError) Error() string {
	switch e.Problem {
	case WriteNoFolder:
		return fmt.Sprintf("cannot write %s: folder %s does not exist", e.Path, filepath.Dir(e.Path))
	case WriteIsDatabase:
		return fmt.Sprintf("%s is a database; an export never replaces a database (choose another file)", e.Path)
	case WriteIsDatabaseFile:
		return fmt.Sprintf("%s belongs to the database %s; an export never replaces it (choose another file)", e.Path, e.Database)
	case WriteIsOpenDatabase:
		return fmt.Sprintf("%s is the open database itself; choose another file", e.Path)
	case WriteIsOpenCompanion:
		return fmt.Sprintf("%s is the %s file of the open database %s; choose another file", e.Path, e.Companion, e.Database)
	}
	return fmt.Sprintf("cannot write %s: %v", e.Path, e.Err)
}

func (e *WriteError) Unwrap() error { return e.Err }

// words is the error in the printer's language.
func (e *WriteError) words(pr vocab.Printer) string {
	switch e.Problem {
	case WriteNoFolder:
		return pr.T(e.Code(), e.Path, filepath.Dir(e.Path))
	case WriteIsDatabase, WriteIsOpenDatabase:
		return pr.T(e.Code(), e.Path)
	case WriteIsDatabaseFile:
		return pr.T(e.Code(), e.Path, e.Database)
	case WriteIsOpenCompanion:
		return pr.T(e.Code(), e.Path, e.Companion, e.Database)
	}
	return pr.T(e.Code(), e.Path, pr.Error(e.Err))
}

// writeFailed is a failed write of path; the temporary file's name, which a path error
// carries, is left out: the user named path.
func writeFailed(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &WriteError{Path: path, Problem: WriteFailed, Err: err}
}

// WriteFileAtomic writes through a temporary file in the same folder, created exclusively
// with an unpredictable name and mode 0600, and renames it into place, so a failure never
// leaves a partial file behind and a link planted in the folder is never followed. It never
// replaces a SQLite database or its -wal, -shm or -journal file.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return &WriteError{Path: path, Problem: WriteNoFolder}
	}
	if err := refuseDatabaseFile(path); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return writeFailed(path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return writeFailed(path, err)
	}
	if err = write(f); err != nil {
		return writeFailed(path, err)
	}
	if err = f.Sync(); err != nil {
		return writeFailed(path, err)
	}
	if err = f.Close(); err != nil {
		return writeFailed(path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return writeFailed(path, err)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// databaseSuffixes are the files SQLite keeps beside a database.
var databaseSuffixes = []string{"-wal", "-shm", "-journal"}

// refuseDatabaseFile refuses to replace a SQLite database, or a file SQLite keeps beside one.
func refuseDatabaseFile(path string) error {
	if isDatabase(path) {
		return &WriteError{Path: path, Problem: WriteIsDatabase}
	}
	for _, suf := range databaseSuffixes {
		if base, ok := strings.CutSuffix(path, suf); ok && isDatabase(base) {
			return &WriteError{Path: path, Problem: WriteIsDatabaseFile, Database: base, Companion: strings.TrimPrefix(suf, "-")}
		}
	}
	return nil
}

func isDatabase(path string) bool {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return false
	}
	head := make([]byte, len(sqliteMagic))
	n, _ := io.ReadFull(f, head)
	return n == len(head) && string(head) == string(sqliteMagic)
}

// CheckNotDatabase refuses an output file that is the database at dbPath or one of its
// -wal, -shm and -journal files, after resolving links, whether or not they exist yet.
func CheckNotDatabase(dbPath, target string) error {
	if dbPath == "" {
		return nil
	}
	t := resolve(target)
	tst, terr := os.Stat(target)
	for _, suf := range append([]string{""}, databaseSuffixes...) {
		p := dbPath + suf
		if t == resolve(p) {
			return sameDatabase(target, dbPath, suf)
		}
		if terr == nil {
			if st, err := os.Stat(p); err == nil && os.SameFile(tst, st) {
				return sameDatabase(target, dbPath, suf)
			}
		}
	}
	return nil
}

func sameDatabase(target, dbPath, suf string) error {
	if suf == "" {
		return &WriteError{Path: target, Problem: WriteIsOpenDatabase}
	}
	return &WriteError{Path: target, Problem: WriteIsOpenCompanion, Database: dbPath, Companion: strings.TrimPrefix(suf, "-")}
}

// resolve makes a path absolute with every link resolved, as far as it exists.
func resolve(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
