package vocab

import (
	"errors"

	"github.com/cdc-toolkit/cdc/catalog"
)

// authWords words a write refused by the user's role (catalog.AuthError) from the
// "error.auth.*" keys, short enough for an 80-column status line; ok is false for any
// other error.
func (p Printer) authWords(err error) (text string, inner error, ok bool) {
	var ae *catalog.AuthError
	if !errors.As(err, &ae) {
		return "", nil, false
	}
	switch ae.Reason {
	case catalog.AuthStopping:
		return p.T("error.auth.stopping"), ae, true
	case catalog.AuthRemoved:
		return p.T("error.auth.removed", ae.User), ae, true
	case catalog.AuthViewer:
		return p.T("error.auth.viewer", ae.User), ae, true
	case catalog.AuthAdminOnly:
		return p.T("error.auth.admin_only", ae.User), ae, true
	case catalog.AuthOrgsAdminOnly:
		return p.T("error.auth.orgs_admin_only"), ae, true
	case catalog.AuthNotGranted:
		return p.T("error.auth.not_granted", ae.User, ae.Org), ae, true
	}
	return "", nil, false
}
