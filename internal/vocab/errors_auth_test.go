package vocab

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestAuthErrorWorded(t *testing.T) {
	reasons := []catalog.AuthReason{catalog.AuthStopping, catalog.AuthRemoved, catalog.AuthViewer,
		catalog.AuthAdminOnly, catalog.AuthOrgsAdminOnly, catalog.AuthNotGranted}
	for _, lang := range Languages() {
		p := For(lang)
		for _, r := range reasons {
			// A wrapped refusal, with names of a usual length.
			err := &catalog.AuthError{Reason: r, User: "samantha", Entity: "pack", Org: "Demo Agency"}
			text := p.Error(err)
			if text == "" || strings.Contains(text, "%!") || strings.HasPrefix(text, "error.auth.") {
				t.Errorf("%s %s: %q", lang, r, text)
			}
			if lang == catalog.EN && text != err.Error() {
				t.Errorf("en %s: %q, but catalog writes %q", r, text, err.Error())
			}
			// The status line shows "error: " before it, in 80 columns.
			if w := ansi.StringWidth(p.T("tui.status.error", text)); w > 80 {
				t.Errorf("%s %s: %d columns: %s", lang, r, w, text)
			}
		}
	}
	// English reads as catalog writes it: the same words as the message file.
	if got, want := (&catalog.AuthError{Reason: catalog.AuthViewer, User: "vic"}).Error(), For(catalog.EN).T("error.auth.viewer", "vic"); got != want {
		t.Errorf("English refusal %q, message file %q", got, want)
	}
	if text := For(catalog.JA).Error(&catalog.AuthError{Reason: catalog.AuthViewer, User: "vic"}); !strings.Contains(text, "閲覧者") {
		t.Errorf("Japanese refusal: %q", text)
	}
}
