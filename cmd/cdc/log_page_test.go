package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A log read a page at a time shows what one read shows: every entry once, newest first,
// and the JSON is one array.
func TestLogPages(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	for _, v := range []string{"1", "2", "3", "4", "5"} {
		e.ok("assess", "set", "--org", "Acme", "B-1", "--score", v)
	}
	var whole []logRow
	e.jsonOut(&whole, "log", "--org", "Acme", "--limit", "0", "--json")
	wholeText := e.ok("log", "--org", "Acme", "--limit", "0")
	defer func(n int) { logPage = n }(logPage)
	logPage = 2
	for _, limit := range []string{"0", "3", "4", "50"} {
		var paged []logRow
		e.jsonOut(&paged, "log", "--org", "Acme", "--limit", limit, "--json")
		want := whole
		if n := map[string]int{"3": 3, "4": 4}[limit]; n > 0 {
			want = whole[:n]
		}
		a, _ := json.Marshal(paged)
		b, _ := json.Marshal(want)
		if string(a) != string(b) {
			t.Errorf("--limit %s in pages of 2:\n got %s\nwant %s", limit, a, b)
		}
	}
	text := e.ok("log", "--org", "Acme", "--limit", "0")
	for _, w := range []string{"1 -> 2", "4 -> 5", "organisation Acme create"} {
		if !strings.Contains(text, w) || !strings.Contains(wholeText, w) {
			t.Errorf("paged log lacks %q:\n%s", w, text)
		}
	}
	if strings.Count(text, "\n") <= strings.Count(wholeText, "\n") {
		t.Errorf("pages of 2 should each have their header:\n%s", text)
	}
	if out := e.ok("log", "--org", "Acme", "--limit", "4"); !strings.Contains(out, "--limit 0 shows all") {
		t.Errorf("a limited log in pages gives no hint:\n%s", out)
	}
}
