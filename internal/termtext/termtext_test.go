package termtext

import (
	"errors"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Demo Agency", "Demo Agency"},
		{"\x1b]52;c;ZXZpbA==\x07", "␛]52;c;ZXZpbA==␇"},
		{"\x1b[2J", "␛[2J"},
		{"a\nb", "a␊b"},
		{"\u202eevil", "\uFFFDevil"},
		{"\u009b31m", "\uFFFD31m"},
		{"日本語", "日本語"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := CleanMultiline("a\n\tb\x1b"); got != "a\n\tb␛" {
		t.Errorf("CleanMultiline = %q", got)
	}
}

func TestCheck(t *testing.T) {
	if err := Check("--title", "Test restores"); err != nil {
		t.Fatal(err)
	}
	err := Check("--title", "ab\x1b[2J")
	var e *Error
	if !errors.As(err, &e) || e.Pos != 3 || e.Field != "--title" {
		t.Fatalf("Check = %v", err)
	}
	if err := Check("name", "a\nb"); err == nil {
		t.Fatal("a newline in a one-line field was accepted")
	}
	if err := CheckMultiline("evidence", "a\nb\tc"); err != nil {
		t.Fatal(err)
	}
	if err := CheckMultiline("evidence", "a\u202e"); err == nil {
		t.Fatal("a bidi override was accepted")
	}
}
