//go:build unix

package synth

import (
	"syscall"
	"time"
)

// CPUTime is the user and system CPU time the process has used so far. Benchmarks report it
// beside wall time, since wall time on a shared machine includes waiting for a core.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
