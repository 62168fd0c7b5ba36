package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A password never comes from the command line and never appears in a message; an empty
// variable is an error; a new workbook's password has a stated minimum length.
func TestPasswordSources(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	dir := t.TempDir()
	out := filepath.Join(dir, "r.xlsx")
	const secret = "SECRET-hunter2-value"
	check := func(args []string, want ...string) {
		t.Helper()
		stdout, stderr, err := e.run(args...)
		if err == nil {
			t.Fatalf("cdc %s succeeded", strings.Join(args, " "))
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("cdc %s: %q lacks %q", strings.Join(args, " "), err, w)
			}
		}
		if strings.Contains(err.Error()+stdout+stderr, secret) {
			t.Errorf("cdc %s printed the password: %q", strings.Join(args, " "), err)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatal("a refused export wrote a file")
		}
	}
	report := []string{"export", "questionnaire", "--org", "Demo Agency", "-o", out}
	check(append(report, "--password="+secret), "--password=VALUE is refused", "--password-file", "CDC_EXPORT_PASSWORD")
	check(append(report, "--password", secret), "--password takes no value", "--password-file")
	check([]string{"import", out, "--password", secret}, "--password takes no value")

	t.Setenv("CDC_EXPORT_PASSWORD", "")
	check(report, "CDC_EXPORT_PASSWORD is set but empty", "at least 12")
	t.Setenv("CDC_EXPORT_PASSWORD", "short")
	check(report, "5 characters long; at least 12 are required")
	os.Unsetenv("CDC_EXPORT_PASSWORD")

	pwFile := filepath.Join(dir, "pw")
	os.WriteFile(pwFile, []byte("\n"), 0o600)
	check(append(report, "--password-file", pwFile), "is empty")
	os.WriteFile(pwFile, []byte(secret+"\r\nsecond line ignored\n"), 0o600)
	check(append(report, "--password-file", pwFile, "--password"), "either --password or --password-file")
	if got := e.ok(append(report, "--password-file", pwFile)...); !strings.Contains(got, "(encrypted)") {
		t.Fatalf("output %q", got)
	}
	if got := e.ok("import", out, "--dry-run", "--password-file", pwFile); strings.Contains(got, secret) {
		t.Error("the import printed the password")
	}
	os.WriteFile(pwFile, []byte("wrong password here\n"), 0o600)
	_, _, err := e.run("import", out, "--dry-run", "--password-file", pwFile)
	if err == nil || !strings.Contains(err.Error(), "cannot be decrypted") || strings.Contains(err.Error(), "wrong password here") {
		t.Errorf("wrong password: %v", err)
	}
}
