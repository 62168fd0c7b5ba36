package catalog

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// testKey returns a fresh ed25519 public key in authorized_keys form.
func testKey(t *testing.T, comment string) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))) + " " + comment
}

func TestParseAuthorizedKey(t *testing.T) {
	good := testKey(t, "alice@laptop")
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallPK, _ := gossh.NewPublicKey(&small.PublicKey)
	weak := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(smallPK)))
	for _, tc := range []struct {
		name, line, want string
	}{
		{"ed25519", good, ""},
		{"no comment", strings.TrimSuffix(good, " alice@laptop"), ""},
		{"empty", "  ", "empty"},
		{"garbage", "hello world", "not an SSH public key"},
		{"options", `command="rm -rf /" ` + good, "key options"},
		{"two keys", good + "\n" + testKey(t, "bob"), "more than one"},
		{"control character", strings.Replace(good, "alice", "al\x1b[2Jice", 1), "control characters"},
		{"short rsa", weak, "1024 bits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseAuthorizedKey(tc.line)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(k.Fingerprint, "SHA256:") || k.Type != "ssh-ed25519" || strings.Contains(k.Text, "alice") {
					t.Errorf("parsed %+v", k)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

func TestUsersLifecycle(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a, _, err := s.AddOrg(ctx, NewOrg{Name: "Alpha"})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := s.AddOrg(ctx, NewOrg{Name: "Beta"})
	if err != nil {
		t.Fatal(err)
	}
	k1, k2 := testKey(t, "alice@one"), testKey(t, "alice@two")
	u, err := s.AddUser(ctx, NewUser{Name: "alice", Role: RoleAssessor, Keys: []string{k1}, OrgIDs: []int64{a.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != RoleAssessor || len(u.Keys) != 1 || u.Keys[0].Comment != "alice@one" || len(u.Orgs) != 1 || u.Orgs[0].Name != "Alpha" {
		t.Fatalf("added %+v", u)
	}
	fp1 := u.Keys[0].Fingerprint
	for _, tc := range []struct {
		name string
		n    NewUser
		want string
	}{
		{"same name", NewUser{Name: "ALICE", Role: RoleViewer, Keys: []string{testKey(t, "")}}, "already exists"},
		{"same key", NewUser{Name: "bob", Role: RoleViewer, Keys: []string{k1}}, "already belongs to user alice"},
		{"no key", NewUser{Name: "bob", Role: RoleViewer}, "needs a public key"},
		{"bad role", NewUser{Name: "bob", Role: "root", Keys: []string{testKey(t, "")}}, "not one of"},
		{"viewer with organisation", NewUser{Name: "bob", Role: RoleViewer, Keys: []string{testKey(t, "")}, OrgIDs: []int64{a.ID}}, "assessors only"},
		{"unknown organisation", NewUser{Name: "bob", Role: RoleAssessor, Keys: []string{testKey(t, "")}, OrgIDs: []int64{999}}, "organisation 999 does not exist"},
		{"control character", NewUser{Name: "bo\x07b", Role: RoleViewer, Keys: []string{testKey(t, "")}}, "control characters"},
		{"path", NewUser{Name: "../etc", Role: RoleViewer, Keys: []string{testKey(t, "")}}, "may not hold"},
		{"padded", NewUser{Name: " bob", Role: RoleViewer, Keys: []string{testKey(t, "")}}, "starts or ends with a space"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.AddUser(ctx, tc.n); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	if us, _ := s.Users(ctx); len(us) != 1 {
		t.Fatalf("failed adds left users behind: %+v", us)
	}

	u, err = s.UpdateUser(ctx, "Alice", UserPatch{AddKeys: []string{k2}, AddOrgs: []int64{b.ID}, RemoveOrgs: []int64{a.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Keys) != 2 || len(u.Orgs) != 1 || u.Orgs[0].ID != b.ID {
		t.Fatalf("updated %+v", u)
	}
	got, err := s.UserByKey(ctx, u.Keys[1].Fingerprint)
	if err != nil || got.Name != "alice" {
		t.Fatalf("by key: %+v %v", got, err)
	}
	if _, err := s.UpdateUser(ctx, "alice", UserPatch{RemoveKeys: []string{fp1, u.Keys[1].Fingerprint}}); err == nil || !strings.Contains(err.Error(), "no key left") {
		t.Errorf("removing every key: %v", err)
	}
	if _, err := s.UpdateUser(ctx, "alice", UserPatch{Role: ptr(RoleViewer), AddOrgs: []int64{a.ID}}); err == nil || !strings.Contains(err.Error(), "assessors only") {
		t.Errorf("viewer with organisation: %v", err)
	}
	u, err = s.UpdateUser(ctx, "alice", UserPatch{Role: ptr(RoleAdmin), RemoveKeys: []string{fp1}})
	if err != nil || u.Role != RoleAdmin || len(u.Keys) != 1 {
		t.Fatalf("role and key: %+v %v", u, err)
	}
	if _, err := s.UserByKey(ctx, fp1); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed key still finds a user: %v", err)
	}
	if err := s.RemoveOrg(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.FindUser(ctx, "alice"); len(u.Orgs) != 0 {
		t.Errorf("a removed organisation is still granted: %+v", u.Orgs)
	}
	if err := s.RemoveUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindUser(ctx, "alice"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed user: %v", err)
	}
	var keys int
	s.DB().QueryRow("SELECT count(*) FROM user_keys").Scan(&keys)
	if keys != 0 {
		t.Errorf("%d keys outlived their user", keys)
	}
	var logged int
	s.DB().QueryRow("SELECT count(*) FROM change_log WHERE entity = 'user' AND key = 'alice' AND who = 'tester'").Scan(&logged)
	if logged < 6 {
		t.Errorf("user changes logged: %d", logged)
	}
}
