package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestBackup(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	dest := filepath.Join(t.TempDir(), "copy.db")
	e.ok("backup", "-o", dest)
	st, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", st.Mode().Perm())
	}

	e.ok("org", "add", "Beta")
	e.fails([]string{"backup", "-o", dest}, dest, "already exists", "--force")
	e.fails([]string{"backup"}, "no backup file", "-o FILE")
	e.fails([]string{"backup", "-o", t.TempDir()}, "is a folder")
	e.fails([]string{"backup", "-o", e.db, "--force"}, "database itself")

	// The first copy holds only Acme; --force replaces it with the current state.
	orgsIn := func(path string) int {
		s, err := catalog.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		orgs, err := s.Orgs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return len(orgs)
	}
	if n := orgsIn(dest); n != 1 {
		t.Errorf("first backup holds %d organisations", n)
	}
	e.ok("backup", "-o", dest, "--force")
	if n := orgsIn(dest); n != 2 {
		t.Errorf("forced backup holds %d organisations", n)
	}
}
