//go:build unix

package export

import "syscall"

// openFlags keep opening a file that was swapped for a FIFO from blocking.
const openFlags = syscall.O_RDONLY | syscall.O_NONBLOCK
