package sandbox

import (
	"github.com/burk-tui/burk/internal/caps"

	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Validate checks that the Spec asks for something the kernel can do, before
// anything is created: each check is one rule, with the reason for it.
func (s Spec) Validate() error {
	var problems []string
	check := func(ok bool, msg string) {
		if !ok {
			problems = append(problems, msg)
		}
	}
	check(s.Root == RootHost || s.Rootfs != "", "a chroot or pivot_root needs a rootfs")
	if s.Rootfs != "" {
		abs, err := filepath.Abs(s.Rootfs)
		check(err == nil && abs == s.Rootfs, fmt.Sprintf("rootfs %q must be an absolute, clean path", s.Rootfs))
		real, err := filepath.EvalSymlinks(s.Rootfs)
		check(err == nil, fmt.Sprintf("rootfs %q does not exist", s.Rootfs))
		check(real != "/", "the rootfs cannot be / itself: the container would be the host")
		if st, err := os.Stat(s.Rootfs); err == nil {
			check(st.IsDir(), fmt.Sprintf("rootfs %q is not a directory", s.Rootfs))
		}
	}
	// pivot_root works on mount points in a mount namespace of our own;
	// doing it in the host's would swap the host's root.
	check(s.Root != RootPivot || s.Namespaces.Mount, "pivot_root needs a mount namespace")
	// (In a lab, burk's own mount namespace is the lab's: the bind stays there.)
	check(!s.HostProc || (s.MountProc && (s.Namespaces.Mount || InLab()) && s.Root == RootChroot),
		"the host's /proc is bound into a chroot, in a mount namespace of its own")
	check(!s.MountDev || s.Namespaces.Mount, "a /dev of its own needs a mount namespace")
	check(!s.KeepSharedRoot || s.Namespaces.Mount, "KeepSharedRoot only means something in a mount namespace")
	check(s.Hostname == "" || s.Namespaces.UTS, "setting a hostname without a UTS namespace would change the host's")
	check(!s.Namespaces.User || (len(s.UIDMap) > 0 && len(s.GIDMap) > 0), "a user namespace needs uid and gid maps")
	check(!s.Hardening.Enabled || len(s.Hardening.MaskedPaths) == 0 || s.Namespaces.Mount,
		"masking paths without a mount namespace would mask the host's")
	check(s.Root != RootHost || !s.MountProc || s.Namespaces.Mount,
		"mounting proc over the host's /proc needs a mount namespace")
	// The thread that clones the init makes the time namespace; Linux 6.1
	// refuses it a child sharing its memory, and Go's fork shares it (vfork)
	// unless it makes a user namespace too (see makeTimeNamespace).
	check(!s.Namespaces.Time || s.Namespaces.User,
		"a time namespace needs a user namespace too: without one Go starts the init with vfork, which Linux 6.1 refuses from a thread that made a time namespace")
	check(s.TimeOffsets == (TimeOffsets{}) || s.Namespaces.Time, "clock offsets need a time namespace")
	for _, c := range s.Hardening.KeepCaps {
		_, err := caps.Number(c)
		check(err == nil, fmt.Sprintf("unknown capability %q", c))
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid spec: %w", errors.New(strings.Join(problems, "; ")))
	}
	return nil
}
