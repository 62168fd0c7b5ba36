//go:build unix

package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const diskFullEnv = "CDC_EXPORT_DISKFULL_DIR"

// TestExportDiskFullChild writes a report into the folder its parent names, under
// a file size limit the parent set; it prints the error it got.
func TestExportDiskFullChild(t *testing.T) {
	dir := os.Getenv(diskFullEnv)
	if dir == "" {
		return
	}
	fx := newFixture(t)
	// From here on no file may grow past 20 kB: the database is only read, the report
	// needs more.
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 20000, Max: 20000}); err != nil {
		t.Fatal(err)
	}
	err := WriteReport(context.Background(), fx.s, fx.cycle.ID, ReportOptions{}, filepath.Join(dir, "report.xlsx"))
	if err == nil {
		os.Stdout.WriteString("no error\n")
		return
	}
	os.Stdout.WriteString("error: " + err.Error() + "\n")
}

// A disk that fills up during an export (a file size limit is the closest a test gets
// without privileges) gives a clear error and leaves the previous file untouched, with no
// temporary file behind.
func TestExportDiskFull(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "report.xlsx")
	if err := os.WriteFile(old, []byte("the previous report"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestExportDiskFullChild$")
	cmd.Env = append(os.Environ(), diskFullEnv+"="+dir)
	out, _ := cmd.CombinedOutput()
	got := string(out)
	t.Logf("child: %s", strings.TrimSpace(got))
	if !strings.Contains(got, "error: cannot write "+old) {
		t.Fatalf("child output:\n%s\nwant a clear error naming %s", got, old)
	}
	if b, _ := os.ReadFile(old); string(b) != "the previous report" {
		t.Errorf("the previous report was replaced by %d bytes", len(b))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left behind: %v", names)
	}
}
