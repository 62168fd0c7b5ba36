package vocab

import (
	"errors"
	"fmt"
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
			err := fmt.Errorf("save: %w", &catalog.AuthError{Reason: r, User: "samantha", Entity: "pack", Org: "Demo Agency"})
			text, ok := p.AuthError(err)
			if !ok || text == "" || strings.Contains(text, "%!") || strings.HasPrefix(text, "error.auth.") {
				t.Errorf("%s %s: %q %v", lang, r, text, ok)
			}
			// The status line shows "error: " before it, in 80 columns.
			if w := ansi.StringWidth(p.T("tui.status.error", text)); w > 80 {
				t.Errorf("%s %s: %d columns: %s", lang, r, w, text)
			}
		}
	}
	if _, ok := For(catalog.EN).AuthError(errors.New("disk full")); ok {
		t.Error("an error that is not a refusal was worded as one")
	}
	if text, _ := For(catalog.JA).AuthError(&catalog.AuthError{Reason: catalog.AuthViewer, User: "vic"}); !strings.Contains(text, "閲覧者") {
		t.Errorf("Japanese refusal: %q", text)
	}
}
