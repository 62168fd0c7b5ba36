// Package export writes evaluation reports, fillable questionnaires and JSON exchange files,
// and imports questionnaires and JSON files back, using the catalogue types and scoring.
package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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

// WriteFileAtomic writes through a temporary file in the same folder, created exclusively
// with an unpredictable name and mode 0600, and renames it into place, so a failure never
// leaves a partial file behind and a link planted in the folder is never followed. It never
// replaces a SQLite database or its -wal, -shm or -journal file.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
	}
	if err := refuseDatabaseFile(path); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = write(f); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
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
		return fmt.Errorf("%s is a database; an export never replaces a database (choose another file)", path)
	}
	for _, suf := range databaseSuffixes {
		if base, ok := strings.CutSuffix(path, suf); ok && isDatabase(base) {
			return fmt.Errorf("%s belongs to the database %s; an export never replaces it (choose another file)", path, base)
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
		return fmt.Errorf("%s is the open database itself; choose another file", target)
	}
	return fmt.Errorf("%s is the %s file of the open database %s; choose another file", target, strings.TrimPrefix(suf, "-"), dbPath)
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
