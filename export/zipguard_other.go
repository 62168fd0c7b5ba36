//go:build !unix

package export

import "os"

// openFlags: systems without O_NONBLOCK rely on the check before opening.
const openFlags = os.O_RDONLY
