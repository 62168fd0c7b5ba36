package catalog

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// Any number of programs may open a brand-new database at once: the one that migrates holds
// an exclusive transaction, and the others find the schema in place.
func TestOpenNewDatabaseConcurrently(t *testing.T) {
	const openers, rounds = 4, 20
	ctx := context.Background()
	for round := 0; round < rounds; round++ {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("new-%d.db", round))
		var wg sync.WaitGroup
		errs := make([]error, openers)
		start := make(chan struct{})
		for i := 0; i < openers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				s, err := Open(ctx, path)
				if err != nil {
					errs[i] = err
					return
				}
				defer s.Close()
				if _, err := s.Orgs(ctx); err != nil {
					errs[i] = err
				}
			}(i)
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, opener %d: %v", round, i, err)
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
