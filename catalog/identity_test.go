package catalog

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestParseUUID(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", true},
		{" 6BA7B810-9DAD-11D1-80B4-00C04FD430C8 ", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", true},
		{"00000000-0000-0000-0000-000000000000", "", false},
		{"6ba7b8109dad11d180b400c04fd430c8", "", false},
		{"{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "", false},
		{"urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8", "", false},
		{"6ba7b810-9dad-11d1-80b4-00c04fd430cz", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseUUID(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseUUID(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// Rows made before schema 3 get their own UUIDs when the file is migrated.
func TestMigrationGivesEveryRowAUUID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cdc.db")
	copyFile(t, schema1Fixture, path)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, table := range []string{"organisations", "cycles", "actions", "reviews"} {
		rows, err := s.DB().Query("SELECT uuid FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for rows.Next() {
			var u string
			rows.Scan(&u)
			if c, ok := ParseUUID(u); !ok || c != u || u[14] != '4' {
				t.Errorf("%s: uuid %q is not a canonical version 4 UUID", table, u)
			}
			if seen[u] {
				t.Errorf("%s: uuid %s given twice", table, u)
			}
			seen[u] = true
		}
		rows.Close()
		if len(seen) == 0 {
			t.Errorf("%s: the fixture has no rows", table)
		}
	}
}

func TestLookupsByUUID(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	other, c2, err := s.AddOrg(ctx, NewOrg{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	if o.UUID == "" || c1.UUID == "" || o.UUID == other.UUID || c1.UUID == c2.UUID {
		t.Fatalf("identities %q %q %q %q", o.UUID, other.UUID, c1.UUID, c2.UUID)
	}
	a, err := s.AddAction(ctx, Action{CycleID: c1.ID, Title: "Plan"})
	if err != nil || a.UUID == "" {
		t.Fatalf("action %+v, %v", a, err)
	}
	tests := []struct {
		name    string
		find    func() (int64, error)
		want    int64
		missing bool
	}{
		{"organisation by UUID", func() (int64, error) { x, err := s.OrgByUUID(ctx, o.UUID); return x.ID, err }, o.ID, false},
		{"organisation by upper-case UUID", func() (int64, error) { x, err := s.FindOrg(ctx, "  "+upper(o.UUID)); return x.ID, err }, o.ID, false},
		{"unknown organisation UUID", func() (int64, error) { x, err := s.OrgByUUID(ctx, c1.UUID); return x.ID, err }, 0, true},
		{"cycle by UUID", func() (int64, error) { x, err := s.CycleByUUID(ctx, c2.UUID); return x.ID, err }, c2.ID, false},
		{"cycle of the organisation by UUID", func() (int64, error) { x, err := s.FindCycle(ctx, o.ID, c1.UUID); return x.ID, err }, c1.ID, false},
		{"another organisation's cycle", func() (int64, error) { x, err := s.FindCycle(ctx, o.ID, c2.UUID); return x.ID, err }, 0, true},
		{"not a UUID", func() (int64, error) { x, err := s.CycleByUUID(ctx, "cycle 1"); return x.ID, err }, 0, true},
	}
	for _, tt := range tests {
		got, err := tt.find()
		if tt.missing {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: got %d, %v; want not found", tt.name, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: got %d, %v; want %d", tt.name, got, err, tt.want)
		}
	}
	// A rename keeps the identity.
	name := "Acme Renamed"
	if err := s.UpdateOrg(ctx, o.ID, OrgPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if r, err := s.OrgByUUID(ctx, o.UUID); err != nil || r.Name != name {
		t.Errorf("after a rename: %+v, %v", r, err)
	}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// The organisation file carries every identity, and a restore keeps them.
func TestDumpRestoreKeepsIdentities(t *testing.T) {
	ctx := context.Background()
	src, o := exchangeFixture(t)
	d, err := src.DumpOrg(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Organisation.UUID != o.UUID || d.Cycles[0].UUID == "" || d.Actions[0].UUID == "" {
		t.Fatalf("dump lacks identities: %+v", d.Organisation)
	}
	// The same organisation cannot be restored beside itself, whatever it is called.
	d.Organisation.Name = "Someone else"
	if _, err := src.RestoreOrg(ctx, d, "test"); !errors.Is(err, ErrOrgExists) {
		t.Errorf("restoring an organisation already here: %v", err)
	}
	dst, _ := openTest(t)
	ro, err := dst.RestoreOrg(ctx, d, "test")
	if err != nil {
		t.Fatal(err)
	}
	if ro.UUID != o.UUID {
		t.Errorf("restored organisation %s, want %s", ro.UUID, o.UUID)
	}
	back, err := dst.DumpOrg(ctx, ro.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Cycles {
		if back.Cycles[i].UUID != d.Cycles[i].UUID {
			t.Errorf("cycle %d: %s, want %s", i, back.Cycles[i].UUID, d.Cycles[i].UUID)
		}
	}
	for i := range d.Actions {
		if back.Actions[i].UUID != d.Actions[i].UUID {
			t.Errorf("action %d: %s, want %s", i, back.Actions[i].UUID, d.Actions[i].UUID)
		}
	}
	// Bad and repeated identities are refused, naming where.
	d.Cycles[0].UUID = "not-a-uuid"
	d.Actions[0].UUID = d.Organisation.UUID
	probs := d.Validate()
	want := map[string]bool{"cycles[0].uuid": false, "actions[0].uuid": false}
	for _, p := range probs {
		for k := range want {
			if len(p) > len(k) && p[:len(k)] == k {
				want[k] = true
			}
		}
	}
	for k, found := range want {
		if !found {
			t.Errorf("no problem reported at %s: %v", k, probs)
		}
	}
}
