//go:build !unix

package trace

import (
	"fmt"
	"syscall"
)

// errnoName is the error's number: off Unix there are no E-names to give,
// and no container's syscalls to trace.
func errnoName(e syscall.Errno) string { return fmt.Sprintf("errno %d", uintptr(e)) }
