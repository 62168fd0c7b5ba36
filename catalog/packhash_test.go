package catalog

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// A stored pack whose body no longer matches its installation hash is validated again
// and refused when bad; one whose hash matches loads without validation.
func TestStoredPackHash(t *testing.T) {
	ctx := context.Background()
	good := packJSON(t, func(p *Pack) { p.ID = "custom"; p.Version = "1" })
	bad := packJSON(t, func(p *Pack) { p.ID = "custom"; p.Version = "1"; p.Services[1].ID = "A-1" })
	cases := []struct {
		name    string
		body    []byte
		hash    string
		wantErr bool
	}{
		{"hash matches", good, bodyHash(good), false},
		{"no hash, valid body", good, "", false},
		{"no hash, bad body", bad, "", true},
		{"body changed since install", bad, bodyHash(good), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := openTest(t)
			p, err := ParsePack(good)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := s.ImportPack(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			var stored string
			if err := s.DB().QueryRow("SELECT body_sha256 FROM packs WHERE ref = ?", ref).Scan(&stored); err != nil || stored != bodyHash(good) {
				t.Fatalf("stored hash %q (%v), want the body's", stored, err)
			}
			if _, err := s.DB().Exec("UPDATE packs SET body = ?, body_sha256 = ? WHERE ref = ?", string(c.body), c.hash, ref); err != nil {
				t.Fatal(err)
			}
			s.mu.Lock()
			delete(s.packs, ref)
			s.mu.Unlock()
			got, err := s.Pack(ctx, ref)
			var pe *PackError
			if c.wantErr {
				if !errors.As(err, &pe) {
					t.Fatalf("loaded a bad pack: %v", err)
				}
				return
			}
			if err != nil || !SamePack(got, p) {
				t.Fatalf("load: %v", err)
			}
		})
	}
}

// The built-in pack is validated once per process; each call still returns its own copy.
func TestBuiltinPackCopies(t *testing.T) {
	a, b := BuiltinPack(), BuiltinPack()
	a.Services[0].ID = "changed"
	if b.Services[0].ID == "changed" || BuiltinPack().Services[0].ID == "changed" {
		t.Fatal("BuiltinPack copies share services")
	}
}

func BenchmarkBuiltinPack(b *testing.B) {
	for b.Loop() {
		BuiltinPack()
	}
}

// A pack larger than MaxServices is refused; one of exactly MaxServices passes that check.
func TestPackServiceLimit(t *testing.T) {
	for _, n := range []int{MaxServices, MaxServices + 1} {
		p := BuiltinPack()
		for len(p.Services) < n {
			s := p.Services[0]
			s.ID = fmt.Sprintf("A-%d", len(p.Services)+1000)
			p.Services = append(p.Services, s)
		}
		p.Services = p.Services[:n]
		over := false
		for _, pr := range p.Validate() {
			over = over || strings.HasPrefix(pr, "services: has")
		}
		if over != (n > MaxServices) {
			t.Errorf("%d services: refused for size %v", n, over)
		}
	}
}

// The embedded pack is stored as it is in the file, unparsed: the file must be a valid pack
// written as Marshal writes it, and its head must name it.
func TestBuiltinPackFileIsCanonical(t *testing.T) {
	data, err := builtinPacks.ReadFile(BuiltinPackFile)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePack(data)
	if err != nil {
		t.Fatalf("the embedded pack is not valid: %v", err)
	}
	body, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != string(data) {
		t.Errorf("%s is not in the form Marshal writes; rewrite it with Marshal's output", BuiltinPackFile)
	}
	if builtinBody() != string(data) {
		t.Error("the stored body is not the file")
	}
	if got, want := builtinRef(), p.Ref(); got != want {
		t.Errorf("builtinRef %q, the pack is %q", got, want)
	}
}

// A second open finds this build's pack installed and installs nothing; a database holding
// a different body under the built-in pack's ID and version is refused, as before.
func TestOpenFindsTheBuiltinPackInstalled(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM packs").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d packs after two opens, want 1", n)
	}
	id, version, _ := strings.Cut(builtinRef(), "@")
	changed := strings.Replace(builtinBody(), `"format": 1`, `"format": 1, "changed": true`, 1)
	if _, err := s.db.ExecContext(ctx, "UPDATE packs SET body = ? WHERE pack_id = ? AND version = ?", changed, id, version); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err == nil {
		s.Close()
		t.Fatal("a database with a different built-in pack body opened")
	}
}
