//go:build !unix

package synth

import "time"

// CPUTime is not measured on this system; benchmarks then report 0 CPU time.
func CPUTime() time.Duration { return 0 }
