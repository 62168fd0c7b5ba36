package synth

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/cdc-toolkit/cdc/catalog"
)

// EnvDB names a generated database to use instead of generating one (scripts/bench.sh sets it).
const EnvDB = "CDC_BENCH_DB"

// generatorVersion changes whenever Generate writes different data, so cached files are not reused.
const generatorVersion = 2

// WriteFile generates a new database at path, which must not exist yet.
func WriteFile(ctx context.Context, path string, o Options) (*Summary, error) {
	return writeNew(ctx, path, func(s *catalog.Store) (*Summary, error) { return Generate(ctx, s, o) })
}

// writeNew creates the database at path, which must not exist yet, and fills it with gen;
// a failure removes the file.
func writeNew(ctx context.Context, path string, gen func(*catalog.Store) (*Summary, error)) (*Summary, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%s already exists; the generator only writes new databases", path)
	}
	s, err := catalog.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	s.Actor, s.Source = "synth", Source
	sum, err := gen(s)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return sum, nil
}

var fixtureMu sync.Mutex

// Fixture returns the path of a generated database: $CDC_BENCH_DB when set, else a file in the
// temporary folder generated once for these options and reused by later runs.
// Callers that write must copy it first (CopyDB).
func Fixture(ctx context.Context, o Options) (string, error) {
	if p := os.Getenv(EnvDB); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvDB, p, err)
		}
		return p, nil
	}
	name := fmt.Sprintf("cdc-synth-g%d-s%d-o%d-c%d-b%d-bc%d-l%d-seed%d.db", generatorVersion, catalog.SchemaVersion(), o.Orgs, o.Cycles, o.BigPackServices, o.BigCycles, o.LogRows, o.Seed)
	return cached(name, func(path string) error {
		_, err := WriteFile(ctx, path, o)
		return err
	})
}

// cached returns the file of that name in the temporary folder, written by write the first
// time. It is generated beside the final name and renamed, so an interrupted run leaves no half file.
func cached(name string, write func(path string) error) (string, error) {
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	path := filepath.Join(os.TempDir(), name)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp, err := os.MkdirTemp("", "cdc-synth-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	gen := filepath.Join(tmp, "gen.db")
	if err := write(gen); err != nil {
		return "", err
	}
	if err := os.Rename(gen, path); err != nil {
		return "", err
	}
	return path, nil
}

// CopyDB copies a closed database file (and its WAL, if one was left) to dst.
func CopyDB(src, dst string) error {
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(src+suffix, dst+suffix); err != nil {
			if suffix != "" && os.IsNotExist(err) {
				continue
			}
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// OpenCopy copies the database at src into dir and opens the copy.
func OpenCopy(ctx context.Context, src, dir string) (*catalog.Store, error) {
	dst := filepath.Join(dir, "bench.db")
	if err := CopyDB(src, dst); err != nil {
		return nil, err
	}
	return catalog.Open(ctx, dst)
}

// ScaleDB returns the database generated for the named workload of Scales, from
// $CDC_BENCH_DB_<NAME> (scripts/bench.sh sets them), or "" when it is not set.
func ScaleDB(name string) string {
	return os.Getenv(EnvDB + "_" + strings.ToUpper(name))
}
