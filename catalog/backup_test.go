//go:build unix

package catalog

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestBackupFiles(t *testing.T) {
	ctx := context.Background()
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	tests := []struct {
		name string
		// prepare plants files in dir and returns the destination
		prepare func(t *testing.T, s *Store, dir string) string
		refused string // part of the error; "" when the backup must succeed
	}{
		{"new file", func(t *testing.T, s *Store, dir string) string { return filepath.Join(dir, "copy.db") }, ""},
		{"replaces an earlier backup", func(t *testing.T, s *Store, dir string) string {
			p := filepath.Join(dir, "copy.db")
			os.WriteFile(p, []byte("old"), 0o644)
			return p
		}, ""},
		{"a link planted at the old temporary name is left alone", func(t *testing.T, s *Store, dir string) string {
			p := filepath.Join(dir, "copy.db")
			victim := filepath.Join(dir, "victim")
			os.WriteFile(victim, []byte("keep"), 0o600)
			os.Symlink(victim, p+".tmp")
			return p
		}, ""},
		{"destination is a link", func(t *testing.T, s *Store, dir string) string {
			victim := filepath.Join(dir, "victim")
			os.WriteFile(victim, []byte("keep"), 0o600)
			p := filepath.Join(dir, "copy.db")
			os.Symlink(victim, p)
			return p
		}, "not a regular file"},
		{"destination is the database", func(t *testing.T, s *Store, dir string) string { return s.Path() }, "database's own file"},
		{"destination is the write-ahead log", func(t *testing.T, s *Store, dir string) string { return s.Path() + "-wal" }, "database's own file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t)
			if _, _, err := s.AddOrg(ctx, NewOrg{Name: "Acme"}); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			dest := tt.prepare(t, s, dir)
			before := listDir(t, dir)
			err := s.Backup(ctx, dest)
			if tt.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("got %v, want an error with %q", err, tt.refused)
				}
				if got := listDir(t, dir); got != before {
					t.Errorf("a refused backup changed the folder:\n%s\nwas\n%s", got, before)
				}
				if v, err := os.ReadFile(filepath.Join(dir, "victim")); err == nil && string(v) != "keep" {
					t.Errorf("the link's target was written")
				}
				if orgs, err := s.Orgs(ctx); err != nil || len(orgs) != 1 {
					t.Errorf("the database after a refused backup: %v, %v", orgs, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			st, err := os.Lstat(dest)
			if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o600 {
				t.Fatalf("backup %v, %v; want a regular file with mode 0600", st, err)
			}
			if v, err := os.ReadFile(filepath.Join(dir, "victim")); err == nil && string(v) != "keep" {
				t.Errorf("the planted link was followed")
			}
			for _, e := range strings.Fields(listDir(t, dir)) {
				if strings.HasSuffix(e, ".tmp") && e != "copy.db.tmp" {
					t.Errorf("temporary file %s left behind", e)
				}
			}
			b, err := OpenReadOnly(ctx, dest)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if orgs, err := b.Orgs(ctx); err != nil || len(orgs) != 1 {
				t.Errorf("backup holds %v, %v", orgs, err)
			}
		})
	}
}

func listDir(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return strings.Join(out, " ")
}
