package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
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
