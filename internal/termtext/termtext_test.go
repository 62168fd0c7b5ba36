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

// Invisible characters are shown by their code point, so that two texts that look the same
// print differently; visible text, controls aside, is left as it is.
func TestInvisibleShown(t *testing.T) {
	for in, want := range map[string]string{
		"Demo\u200bAgency": "Demo⟨U+200B⟩Agency",
		"a\ufeffb":         "a⟨U+FEFF⟩b",
		"zero\u200djoiner": "zero⟨U+200D⟩joiner",
		"soft\u00adhyphen": "soft⟨U+00AD⟩hyphen",
		"Café 日本":          "Café 日本",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
		if got := CleanMultiline(in + "\n"); got != want+"\n" {
			t.Errorf("CleanMultiline(%q) = %q, want %q", in, got, want+"\n")
		}
	}
	if !Invisible('\u200b') || Invisible('a') || Invisible('\u202e') {
		t.Error("Invisible: the zero-width space is invisible, a letter and a bidi override are not")
	}
}
