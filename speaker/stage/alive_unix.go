//go:build unix

package stage

import (
	"errors"

	"golang.org/x/sys/unix"
)

// alive says whether a process is still there. EPERM is a process of
// another user's: there all the same.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}
