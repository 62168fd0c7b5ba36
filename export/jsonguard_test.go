package export

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Each class of hostile or damaged organisation file is refused with its location, and
// leaves the database byte for byte as it was.
func TestJSONRefusesHostile(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	good := filepath.Join(fx.dir, "good.json")
	if err := WriteJSON(ctx, fx.s, fx.org.ID, good); err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(good)
	// Into a database without the organisation, so only the file's own problems count.
	dst := newEmptyStore(t)
	replace := func(old, new string) []byte {
		if !strings.Contains(string(orig), old) {
			t.Fatalf("%q not in the file", old)
		}
		return []byte(strings.Replace(string(orig), old, new, 1))
	}
	mutate := func(fn func(m map[string]any)) []byte {
		var m map[string]any
		json.Unmarshal(orig, &m)
		fn(m)
		b, _ := json.Marshal(m)
		return b
	}
	cycle := func(m map[string]any, i int) map[string]any { return m["cycles"].([]any)[i].(map[string]any) }
	future := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"duplicate key", replace(`"name": "Acme Corp"`, `"name": "Acme Corp", "name": "Globex"`), "organisation.name: is given twice"},
		{"duplicate top-level key", replace(`"format_version": 1,`, `"format_version": 1, "format_version": 1,`), "format_version: is given twice"},
		{"invalid UTF-8", replace(`"Acme Corp"`, "\"Acme \xff Corp\""), "byte 0xFF is not valid UTF-8"},
		{"lone surrogate", replace(`"Acme Corp"`, `"Acme \ud800 Corp"`), `organisation.name: holds U+FFFD`},
		{"huge number", replace(`"size": 0`, `"size": 1e400`), "organisation.size: number 1e400 is out of range"},
		{"large number", replace(`"size": 0`, `"size": 123456789012345678901`), "out of range"},
		{"escape in a name", replace(`"Acme Corp"`, `"Acme \u001b[2J Corp"`), "organisation.name: character 6 is a control character (U+001B)"},
		{"bidi override", replace(`"Acme Corp"`, `"Acme \u202e Corp"`), "organisation.name: character 6 is a control character (U+202E)"},
		{"newline in a name", replace(`"Acme Corp"`, `"Acme\nCorp"`), "organisation.name: character 5 is a control character (U+000A)"},
		{"control in a key", replace(`"format_version"`, `"format\u0007version"`), "is a control character (U+0007)"},
		{"deep nesting", replace(`"notes": ""`, `"notes": `+strings.Repeat("[", 40)+strings.Repeat("]", 40)), "nested more than 32 levels"},
		{"future change", mutate(func(m map[string]any) { m["changes"].([]any)[0].(map[string]any)["at"] = future }), "changes[0].at: " + future[:10]},
		{"ancient cycle", mutate(func(m map[string]any) { cycle(m, 0)["started_at"] = "1970-01-01T00:00:00Z" }), "cycles[0].started_at: 1970-01-01T00:00:00Z is before 2000"},
		{"closed before started", mutate(func(m map[string]any) { cycle(m, 0)["closed_at"] = "2001-01-01T00:00:00Z" }), "cycles[0].closed_at: is before the cycle started"},
		{"cycles out of order", mutate(func(m map[string]any) {
			c := m["cycles"].([]any)
			c[0], c[1] = c[1], c[0]
		}), "cycles[1].seq: 1 follows 2"},
		{"future export", mutate(func(m map[string]any) { m["exported_at"] = future }), "exported_at: "},
	}
	sum := dbHash(t, dst.dbPath)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "in.json")
			os.WriteFile(path, tc.data, 0o600)
			_, err := PlanImport(ctx, dst.s, path)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a *ValidationError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nlacks %q", err, tc.want)
			}
		})
	}
	if dbHash(t, dst.dbPath) != sum {
		t.Error("a refused file changed the database")
	}
	// The untouched file is accepted there.
	if _, err := PlanImport(ctx, dst.s, good); err != nil {
		t.Fatal(err)
	}
}

type emptyStore struct {
	s      *catalog.Store
	dbPath string
}

func newEmptyStore(t *testing.T) emptyStore {
	t.Helper()
	path := filepath.Join(t.TempDir(), "empty.db")
	s, err := catalog.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return emptyStore{s, path}
}
