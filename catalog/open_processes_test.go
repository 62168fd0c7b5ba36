package catalog

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

const openChildEnv = "CDC_TEST_OPEN_CHILD"

// TestOpenNewDatabaseChild is one of the processes of TestOpenNewDatabaseProcesses.
func TestOpenNewDatabaseChild(t *testing.T) {
	path := os.Getenv(openChildEnv)
	if path == "" {
		return
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(3)
	}
	if _, err := s.Orgs(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "read:", err)
		os.Exit(3)
	}
	s.Close()
	os.Exit(0)
}

// Four processes open one brand-new database at once, twenty times over: none fails, and
// the schema and the built-in pack are there once.
func TestOpenNewDatabaseProcesses(t *testing.T) {
	if os.Getenv(openChildEnv) != "" {
		return
	}
	const processes, rounds = 4, 20
	ctx := context.Background()
	for round := range rounds {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("new-%d.db", round))
		var wg sync.WaitGroup
		outs := make([][]byte, processes)
		errs := make([]error, processes)
		for i := range processes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(os.Args[0], "-test.run=^TestOpenNewDatabaseChild$")
				cmd.Env = append(os.Environ(), openChildEnv+"="+path)
				outs[i], errs[i] = cmd.CombinedOutput()
			}()
		}
		wg.Wait()
		for i := range processes {
			if errs[i] != nil {
				t.Fatalf("round %d, process %d: %v\n%s", round, i, errs[i], outs[i])
			}
		}
		s, err := OpenReadOnly(ctx, path)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		packs, err := s.Packs(ctx)
		s.Close()
		if err != nil || len(packs) != 1 {
			t.Fatalf("round %d: packs %v, %v; want the built-in pack once", round, packs, err)
		}
	}
}
