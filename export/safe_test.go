package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSafeText(t *testing.T) {
	tests := []struct{ in, out string }{
		{"=1+1", "'=1+1"}, {"+cmd", "'+cmd"}, {"-2+3", "'-2+3"}, {"@SUM(1)", "'@SUM(1)"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"plain", "plain"}, {"", ""}, {"'quoted", "''quoted"}, {"a=b", "a=b"},
	}
	for _, tc := range tests {
		if got := SafeText(tc.in); got != tc.out {
			t.Errorf("SafeText(%q) = %q, want %q", tc.in, got, tc.out)
		}
		if got := UnsafeText(SafeText(tc.in)); got != tc.in {
			t.Errorf("UnsafeText(SafeText(%q)) = %q", tc.in, got)
		}
	}
	// Only the escape is removed: an apostrophe before ordinary text stays.
	if got := UnsafeText("'quoted"); got != "'quoted" {
		t.Errorf("UnsafeText removed a real apostrophe: %q", got)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.xlsx")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk on fire")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		w.Write([]byte("partial"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed write replaced the file with %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a failed write left %d files behind", len(entries)-1)
	}
	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if b, _ := os.ReadFile(path); string(b) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v", b, st.Mode().Perm())
	}
}

// An export never replaces a SQLite database or a file SQLite keeps beside one, even one
// reached through a link; nor the open database's -wal or -shm file, existing or not.
func TestWriteFileAtomicRefusesDatabases(t *testing.T) {
	fx := newFixture(t)
	dir := t.TempDir()
	link := filepath.Join(dir, "report.xlsx")
	if err := os.Symlink(fx.dbPath, link); err != nil {
		t.Skip("no symlinks:", err)
	}
	before, _ := os.ReadFile(fx.dbPath)
	for _, target := range []string{fx.dbPath, link, fx.dbPath + "-wal", fx.dbPath + "-shm"} {
		err := WriteFileAtomic(target, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err })
		if err == nil {
			t.Errorf("%s was replaced", target)
		}
		if err := CheckNotDatabase(fx.dbPath, target); err == nil {
			t.Errorf("CheckNotDatabase accepted %s", target)
		}
	}
	if err := CheckNotDatabase(fx.dbPath, fx.dbPath+"-journal"); err == nil || !strings.Contains(err.Error(), "journal file of the open database") {
		t.Errorf("journal: %v", err)
	}
	if err := CheckNotDatabase(fx.dbPath, filepath.Join(dir, "other.xlsx")); err != nil {
		t.Error(err)
	}
	after, _ := os.ReadFile(fx.dbPath)
	if string(before) != string(after) {
		t.Fatal("the database changed")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(fx.dbPath), ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
