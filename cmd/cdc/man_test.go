package main

import (
	"strings"
	"testing"
)

func TestManPage(t *testing.T) {
	e := newCLI(t)
	out := e.ok("man")
	for _, w := range []string{".SH ENVIRONMENT", "CDC_DB", "CDC_LANG", ".SH FILES", "Application Support", "LOCALAPPDATA",
		".SH EXIT STATUS", "130", "Import conflicts", "doctor"} {
		if !strings.Contains(out, w) {
			t.Errorf("man page lacks %q", w)
		}
	}
}
