//go:build unix

package trace

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// errnoName is the error's name as strace prints it: EPERM.
func errnoName(e syscall.Errno) string { return unix.ErrnoName(e) }
