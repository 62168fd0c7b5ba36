//go:build unix

package export

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO given as the file is refused at once instead of blocking for ever.
func TestImportRefusesFIFO(t *testing.T) {
	fx := newFixture(t)
	fifo := filepath.Join(t.TempDir(), "answers.xlsx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := PlanImport(context.Background(), fx.s, fifo)
		done <- err
	}()
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "is not a regular file (a named pipe)") {
		t.Fatalf("got %v, want a refusal of the named pipe", err)
	}
}
