package sandbox

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/caps"
	"github.com/burk-tui/burk/internal/trace"
)

// hardenThread takes away from the calling thread, and so from every
// process it starts, the privileges a container should not have. It runs on
// the spawner's locked thread: capabilities are per thread.
func hardenThread(h Hardening, rec *trace.Recorder) error {
	var keep uint64
	for _, name := range h.KeepCaps {
		n, err := caps.Number(name)
		if err != nil {
			return err
		}
		keep |= 1 << n
	}
	if h.NoNewPrivs {
		// execve can no longer raise privileges: setuid bits and file
		// capabilities are ignored from here on.
		if err := rec.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, "setuid binaries can no longer raise privileges"); err != nil {
			return fmt.Errorf("set no_new_privs: %w", err)
		}
	}
	// The bounding set caps what any later execve can grant, even to root.
	// The init still holds CAP_SETPCAP here, which dropping needs.
	for n := 0; n <= caps.Last(); n++ {
		if keep&(1<<n) != 0 {
			continue
		}
		err := rec.Prctl(unix.PR_CAPBSET_DROP, uintptr(n), "")
		if errors.Is(err, unix.EINVAL) {
			continue // a capability this kernel does not know
		}
		if err != nil {
			return fmt.Errorf("drop %s from the bounding set: %w", caps.Name(n), err)
		}
	}
	if err := rec.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, ""); err != nil {
		return fmt.Errorf("clear ambient capabilities: %w", err)
	}
	// The inheritable set stays empty, as the kernel itself leaves it: a
	// program with inheritable file capabilities would otherwise gain
	// them at execve (CVE-2022-24769, fixed so in Docker 20.10.14 and
	// containerd 1.5.11 and 1.6.2).
	if err := rec.Capset(keep, keep, 0, "keep only what a container needs; nothing inheritable"); err != nil {
		return fmt.Errorf("set capabilities: %w", err)
	}
	return nil
}
