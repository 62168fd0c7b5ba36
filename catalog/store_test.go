package catalog

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func openTest(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cdc.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Actor = "tester"
	return s, path
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func userVersion(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFilePermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "cdc")
	path := filepath.Join(dir, "cdc.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.AddOrg(ctx, NewOrg{Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		mode os.FileMode
	}{{dir, 0o700}, {path, 0o600}, {path + "-wal", 0o600}, {path + "-shm", 0o600}, {backup, 0o600}} {
		st, err := os.Stat(c.path)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if got := st.Mode().Perm(); got != c.mode {
			t.Errorf("%s has mode %v, want %v", filepath.Base(c.path), got, c.mode)
		}
	}
	if err := s.Backup(ctx, filepath.Join(t.TempDir(), "missing", "copy.db")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("backup into a missing folder: %v", err)
	}
}

// TestBrokenFiles checks that files that are not cdc databases are refused with a
// message naming the file and are left byte for byte as they were.
func TestBrokenFiles(t *testing.T) {
	ctx := context.Background()
	// A real database, for the damaged cases.
	good := filepath.Join(t.TempDir(), "good.db")
	s, err := Open(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if _, _, err := s.AddOrg(ctx, NewOrg{Name: fmt.Sprintf("Org %d", i), Notes: strings.Repeat("n", 3000)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	goodBytes, _ := os.ReadFile(good)
	if _, err := os.Stat(good + "-wal"); err == nil {
		t.Fatal("closing did not checkpoint the WAL")
	}

	foreign := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE notes (x TEXT)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	foreignBytes, _ := os.ReadFile(foreign)

	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"text file", []byte("name,score\nAcme,3\n"), "is not a SQLite database"},
		{"short file", []byte("SQLite"), "is not a SQLite database"},
		{"header then garbage", append(append([]byte{}, sqliteHeader...), bytes.Repeat([]byte{0xAB}, 8192)...), "is not a SQLite database"},
		{"truncated database", goodBytes[:len(goodBytes)/2], "is damaged"},
		{"another program's database", foreignBytes, "is a SQLite database of another program"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cdc.db")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(ctx, path)
			if err == nil {
				// Damage may only show when the pages are read.
				_, err = s.Orgs(ctx)
				s.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("got %v, want %q naming %s", err, tt.want, path)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(after, tt.data) {
				t.Error("the file was changed")
			}
		})
	}
	t.Run("folder", func(t *testing.T) {
		_, err := Open(ctx, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "is a folder") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	_, path := openTest(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	newer := SchemaVersion() + 1
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", newer)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for name, open := range map[string]func(context.Context, string) (*Store, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
		_, err = open(ctx, path)
		if want := fmt.Sprintf("has schema %d, newer than this cdc understands (%d)", newer, SchemaVersion()); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	if v := userVersion(t, path); v != newer {
		t.Errorf("user_version became %d", v)
	}
}

// TestReadOnlyFile covers a database the user may not write. Root may write any
// file, so the permission check is simulated there and tested for real otherwise.
func TestReadOnlyFile(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		deny    func(path string) string // what is made read-only
		want    string
		simOnly bool
	}{
		{"file", func(p string) string { return p }, "is read-only (no write permission on the file)", false},
		{"folder", func(p string) string { return filepath.Dir(p) }, "has no write permission", false},
	} {
		t.Run(tt.name+" simulated", func(t *testing.T) {
			s, path := openTest(t)
			s.Close()
			before, _ := os.ReadFile(path)
			denied := tt.deny(path)
			saved := canWrite
			canWrite = func(p string) error {
				if p == denied {
					return syscall.EACCES
				}
				return saved(p)
			}
			defer func() { canWrite = saved }()
			_, err := Open(ctx, path)
			var ro *ReadOnlyFileError
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &ro) {
				t.Fatalf("got %v, want a ReadOnlyFileError with %q", err, tt.want)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("the file was changed")
			}
		})
		t.Run(tt.name+" permissions", func(t *testing.T) {
			if os.Geteuid() == 0 {
				t.Skip("root writes whatever the mode says; covered by the simulated case and OpenReadOnly")
			}
			s, path := openTest(t)
			s.Close()
			denied := tt.deny(path)
			st, _ := os.Stat(denied)
			if err := os.Chmod(denied, st.Mode().Perm()&^0o222); err != nil {
				t.Fatal(err)
			}
			defer os.Chmod(denied, st.Mode().Perm())
			_, err := Open(ctx, path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCreateInReadOnlyFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	saved := canWrite
	canWrite = func(p string) error {
		if p == dir {
			return syscall.EACCES
		}
		return saved(p)
	}
	defer func() { canWrite = saved }()
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "cannot create database "+path+": the folder "+dir+" is read-only") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the file was created")
	}
}

func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	o, _, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Error("ReadOnly() is false")
	}
	orgs, err := ro.Orgs(ctx)
	if err != nil || len(orgs) != 1 {
		t.Fatalf("orgs %v, %v", orgs, err)
	}
	c, err := ro.FindCycle(ctx, o.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.CycleData(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	target := 3
	writes := map[string]func() error{
		"AddOrg": func() error { _, _, err := ro.AddOrg(ctx, NewOrg{Name: "Other"}); return err },
		"SetBuild": func() error {
			_, err := ro.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Target: &target})
			return err
		},
		"RemoveOrg": func() error { return ro.RemoveOrg(ctx, o.ID) },
		"ImportPack": func() error {
			p := BuiltinPack()
			p.Version = "copy"
			_, err := ro.ImportPack(ctx, p)
			return err
		},
	}
	for name, w := range writes {
		if err := w(); err == nil || !strings.Contains(err.Error(), "is open read-only; nothing was changed") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	ro.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	orgs, _ = s2.Orgs(ctx)
	ch, _ := s2.Changes(ctx, ChangeQuery{OrgID: o.ID})
	if len(orgs) != 1 || len(ch) != 2 {
		t.Errorf("read-only store changed the database: %d orgs, %d changes", len(orgs), len(ch))
	}

	if _, err := OpenReadOnly(ctx, filepath.Join(t.TempDir(), "none.db")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing file: %v", err)
	}
}

func TestLockedByAnotherProgram(t *testing.T) {
	saved := busyTimeout
	busyTimeout = 150 * time.Millisecond
	defer func() { busyTimeout = saved }()
	ctx := context.Background()
	s, path := openTest(t)
	o, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE organisations SET notes = 'held' WHERE id = ?", o.ID); err != nil {
		t.Fatal(err)
	}
	// Opening and reading still work while another program writes.
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open while another program writes: %v", err)
	}
	if _, err := s2.CycleData(ctx, c.ID); err != nil {
		t.Errorf("read while another program writes: %v", err)
	}
	s2.Close()
	target := 4
	_, err = s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Target: &target})
	if err == nil || !strings.Contains(err.Error(), "is locked by another program") {
		t.Fatalf("got %v", err)
	}
	tx.Rollback()
	d, err := s.CycleData(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Service("A-1"); st.Target != nil {
		t.Error("the refused write was applied")
	}
	// Once the other program lets go, writing works again.
	if _, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Target: &target}); err != nil {
		t.Fatal(err)
	}
}

func TestDataVersionSeesOtherConnections(t *testing.T) {
	ctx := context.Background()
	s1, path := openTest(t)
	v1, err := s1.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s1.AddOrg(ctx, NewOrg{Name: "Mine"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s1.DataVersion(ctx); v != v1 {
		t.Errorf("own write changed data_version %d -> %d", v1, v)
	}
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, _, err := s2.AddOrg(ctx, NewOrg{Name: "Theirs"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s1.DataVersion(ctx); v == v1 {
		t.Errorf("data_version stayed %d after another connection wrote", v)
	}
}

const writerEnv = "CDC_TEST_WRITER"

// TestTwoProcessesWriting runs two copies of the test binary writing to one
// database at once; every write must succeed.
func TestTwoProcessesWriting(t *testing.T) {
	if id := os.Getenv(writerEnv); id != "" {
		concurrentWriter(t, id, os.Getenv("CDC_TEST_DB"))
		return
	}
	if testing.Short() {
		t.Skip("starts two processes")
	}
	ctx := context.Background()
	s, path := openTest(t)
	if _, _, err := s.AddOrg(ctx, NewOrg{Name: "Shared"}); err != nil {
		t.Fatal(err)
	}
	const writers, each = 2, 200
	cmds := make([]*exec.Cmd, writers)
	outs := make([]*bytes.Buffer, writers)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTwoProcessesWriting$", "-test.count=1")
		outs[i] = &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = outs[i], outs[i]
		cmd.Env = append(os.Environ(), writerEnv+"="+strconv.Itoa(i), "CDC_TEST_DB="+path, "CDC_TEST_EACH="+strconv.Itoa(each))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer %d: %v\n%s", i, err, outs[i])
		}
	}
	o, _ := s.FindOrg(ctx, "Shared")
	ch, err := s.Changes(ctx, ChangeQuery{OrgID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, c := range ch {
		per[c.Source]++
	}
	for i := range writers {
		if got := per["writer "+strconv.Itoa(i)]; got != each {
			t.Errorf("writer %d: %d changes recorded, want %d", i, got, each)
		}
	}
}

func concurrentWriter(t *testing.T, id, path string) {
	ctx := context.Background()
	each, _ := strconv.Atoi(os.Getenv("CDC_TEST_EACH"))
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Source = "writer " + id
	o, err := s.FindOrg(ctx, "Shared")
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.FindCycle(ctx, o.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	service := "A-" + strconv.Itoa(1+len(id)%2+int(id[0]-'0'))
	for n := range each {
		ev := fmt.Sprintf("writer %s, note %d", id, n)
		if _, err := s.SetAssessment(ctx, c.ID, service, AssessmentPatch{Evidence: &ev}); err != nil {
			t.Fatalf("write %d: %v", n, err)
		}
	}
}
