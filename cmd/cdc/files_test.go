package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// An export or a backup never replaces the open database or its -wal/-shm files, named
// directly or through a link, even with --force.
func TestExportNeverReplacesTheDatabase(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	link := filepath.Join(dir, "report.xlsx")
	if err := os.Symlink(e.db, link); err != nil {
		t.Skip("no symlinks:", err)
	}
	jlink := filepath.Join(dir, "org.json")
	os.Symlink(e.db, jlink)
	walLink := filepath.Join(dir, "wal.xlsx")
	os.Symlink(e.db+"-wal", walLink)
	sum := fileSum(t, e.db)
	for _, args := range [][]string{
		{"export", "report", "--org", "Demo Agency", "-o", link, "--force"},
		{"export", "questionnaire", "--org", "Demo Agency", "-o", link, "--force"},
		{"export", "report", "--org", "Demo Agency", "-o", walLink, "--force"},
		{"export", "json", "--org", "Demo Agency", "-o", jlink, "--force"},
		{"backup", "-o", e.db, "--force"},
		{"backup", "-o", link, "--force"},
		{"backup", "-o", e.db + "-wal", "--force"},
		{"backup", "-o", e.db + "-shm", "--force"},
	} {
		_, _, err := e.run(args...)
		if err == nil || !strings.Contains(err.Error(), "open database") {
			t.Errorf("cdc %s: %v, want a refusal naming the open database", strings.Join(args, " "), err)
		}
	}
	if fileSum(t, e.db) != sum {
		t.Fatal("the database file changed")
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
}

// A backup is written in a private folder, so a link planted where a fixed temporary name
// would be is never followed; the copy has mode 0600.
func TestBackupIgnoresPlantedLinks(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	dir := t.TempDir()
	dest := filepath.Join(dir, "copy.db")
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o600)
	for _, planted := range []string{dest + ".tmp", dest + "-journal"} {
		if err := os.Symlink(victim, planted); err != nil {
			t.Skip("no symlinks:", err)
		}
	}
	e.ok("backup", "-o", dest)
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Fatalf("the planted link was followed: victim holds %q", b)
	}
	st, err := os.Stat(dest)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup %v, mode %v", err, st.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".cdc-backup-*"))
	if len(left) != 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}
