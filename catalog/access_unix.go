//go:build unix

package catalog

import "syscall"

// canWrite asks the kernel whether this user may write path. Root passes
// whatever the mode says, which matches what SQLite would then be able to do.
var canWrite = func(path string) error {
	const wOK = 2 // W_OK from unistd.h
	return syscall.Access(path, wOK)
}
