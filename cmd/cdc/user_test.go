package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserCommands(t *testing.T) {
	e := newCLI(t)
	dir := t.TempDir()
	e.ok("org", "add", "Alpha")
	key := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICdUSHyE4TyRgyIkR0S2jTmw1Z53S30j3jg9Z7GmaKrr amina@laptop"
	pub := filepath.Join(dir, "amina.pub")
	if err := os.WriteFile(pub, []byte("# Amina's laptop\n"+key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := e.ok("user", "add", "amina", "--key", pub, "--role", "assessor", "--org", "Alpha")
	if !strings.Contains(out, "Added amina as assessor with key SHA256:") {
		t.Errorf("add: %s", out)
	}
	out = e.ok("user", "list")
	for _, want := range []string{"amina", "assessor", "Alpha", "amina@laptop"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	priv := filepath.Join(dir, "id_ed25519")
	os.WriteFile(priv, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"), 0o600)
	two := filepath.Join(dir, "two.pub")
	os.WriteFile(two, []byte(key+"\n"+strings.Replace(key, "ICdU", "ICdV", 1)+"\n"), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "add", "li", "--key", priv, "--role", "viewer"}, "is a private key"},
		{[]string{"user", "add", "li", "--key", two, "--role", "viewer"}, "holds 2 keys"},
		{[]string{"user", "add", "li", "--key", filepath.Join(dir, "missing.pub"), "--role", "viewer"}, "missing.pub"},
		{[]string{"user", "add", "li", "--key-string", key, "--role", "viewer"}, "already belongs to user amina"},
		{[]string{"user", "add", "li", "--key-string", "ssh-ed25519 AAAA", "--role", "viewer"}, "not an SSH public key"},
		{[]string{"user", "add", "li", "--role", "viewer"}, "no key given"},
		{[]string{"user", "add", "li", "--key-string", key}, "no role given"},
		{[]string{"user", "add", "li", "--key-string", key, "--role", "root"}, "not one of viewer, assessor, admin"},
		{[]string{"user", "set", "amina"}, "nothing to change"},
		{[]string{"user", "set", "nobody", "--role", "viewer"}, "does not exist"},
		{[]string{"user", "set", "amina", "--org", "Nowhere"}, "Nowhere"},
	} {
		e.fails(tc.args, tc.want)
	}
	if _, err := exec.LookPath("ssh-keygen"); err == nil {
		k2 := filepath.Join(dir, "second")
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k2).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v %s", err, out)
		}
		out = e.ok("user", "set", "amina", "--key", k2+".pub", "--role", "admin")
		if !strings.Contains(out, "keys 2") || !strings.Contains(out, "admin") {
			t.Errorf("set: %s", out)
		}
	}
	out = e.ok("user", "list", "--json")
	if !strings.Contains(out, `"role": "`) || !strings.Contains(out, `"fingerprint": "SHA256:`) {
		t.Errorf("json: %s", out)
	}
	out = e.ok("user", "remove", "amina")
	if !strings.Contains(out, "Removed user amina") {
		t.Errorf("remove: %s", out)
	}
	if out := e.ok("user", "list"); !strings.Contains(out, "No users yet") {
		t.Errorf("list after remove: %s", out)
	}
}

func TestUserUsageErrorsExitTwo(t *testing.T) {
	e := newCLI(t)
	key := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICdUSHyE4TyRgyIkR0S2jTmw1Z53S30j3jg9Z7GmaKrr amina@laptop"
	for _, args := range [][]string{
		{"user", "add", "y", "--key-string", key, "--role", "god"},
		{"user", "add", "y", "--key-string", key},
		{"user", "add", "y", "--role", "viewer"},
		{"user", "set", "y", "--role", "god"},
		{"user", "set", "y"},
	} {
		_, _, err := e.run(args...)
		if got := exitCode(context.Background(), err); got != exitUsage {
			t.Errorf("cdc %s: exit %d (%v), want %d", strings.Join(args, " "), got, err, exitUsage)
		}
	}
}
