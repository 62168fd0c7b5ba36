// Package export writes evaluation reports, fillable questionnaires and JSON exchange files,
// and imports questionnaires and JSON files back, using the catalogue types and scoring.
package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
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

// safeValue escapes a string value and leaves numbers and other values alone.
func safeValue(v any) any {
	switch x := v.(type) {
	case string:
		return SafeText(x)
	case excelize.Cell:
		if str, ok := x.Value.(string); ok {
			x.Value = SafeText(str)
		}
		return x
	}
	return v
}

// safeRow escapes every string of a row about to be written; writers call it on every row
// so that no text, whatever its origin (organisation data, an imported pack), becomes a formula.
func safeRow(vals []any) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = safeValue(v)
	}
	return out
}

// WriteFileAtomic writes through a temporary file in the same folder, mode 0600, and renames
// it into place, so a failure never leaves a partial file behind.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
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
