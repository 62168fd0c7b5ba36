package export

import "github.com/cdc-toolkit/cdc/catalog"

// orgIdentity is the stable identity of an organisation: its UUID, kept by every copy of it
// (an organisation file restored elsewhere keeps it) and by no other organisation.
func orgIdentity(o catalog.Organisation) string { return o.UUID }

// cycleIdentity is the stable identity of a cycle: its UUID.
func cycleIdentity(_ catalog.Organisation, c catalog.Cycle) string { return c.UUID }
