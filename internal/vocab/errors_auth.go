package vocab

import (
	"errors"

	"github.com/cdc-toolkit/cdc/catalog"
)

// AuthError words a write refused by the user's role (catalog.AuthError) in the printer's
// language, short enough for an 80-column status line; ok is false for any other error.
func (p Printer) AuthError(err error) (text string, ok bool) {
	var ae *catalog.AuthError
	if !errors.As(err, &ae) {
		return "", false
	}
	switch ae.Reason {
	case catalog.AuthStopping:
		return p.T("error.auth.stopping"), true
	case catalog.AuthRemoved:
		return p.T("error.auth.removed", ae.User), true
	case catalog.AuthViewer:
		return p.T("error.auth.viewer", ae.User), true
	case catalog.AuthAdminOnly:
		return p.T("error.auth.admin_only", ae.User), true
	case catalog.AuthOrgsAdminOnly:
		return p.T("error.auth.orgs_admin_only"), true
	case catalog.AuthNotGranted:
		return p.T("error.auth.not_granted", ae.User, ae.Org), true
	}
	return "", false
}
