package export

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// orgIdentity is the stable identity of an organisation, kept by every copy of it (an
// organisation file restored elsewhere keeps it) and by no other organisation, whatever
// its name.
func orgIdentity(o catalog.Organisation) string {
	if o.UUID != "" {
		return o.UUID
	}
	return uuidOf("organisation", o.CreatedAt.UTC().Format(time.RFC3339Nano))
}

// cycleIdentity is the stable identity of a cycle of the organisation o.
func cycleIdentity(o catalog.Organisation, c catalog.Cycle) string {
	if c.UUID != "" {
		return c.UUID
	}
	return uuidOf("cycle", orgIdentity(o), strconv.Itoa(c.Seq), c.StartedAt.UTC().Format(time.RFC3339Nano))
}

// uuidOf derives a UUID (RFC 9562 version 8) from its parts.
func uuidOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x80
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
