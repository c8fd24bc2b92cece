package sandbox

// What the init is born into that only the thread cloning it can give it:
// a time namespace with its clock offsets already set, and, for a cgroup
// namespace, the container's v1 cgroups.

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/trace"
)

// cloneInit clones the init from the calling thread, which is locked to
// its goroutine and is never unlocked: the thread is changed for the
// clone, and Go must not run another goroutine on it. It ends with its
// goroutine, after the init. It returns when the clone was made.
//
// A time namespace and the init's v1 cgroups are the parent thread's to
// give: unshare(CLONE_NEWTIME) changes only the namespace the caller's
// children are born in, and a child is born in its parent thread's v1
// cgroups, where clone with CLONE_NEWCGROUP roots its cgroup namespace.
//
// Go's own threads: Linux 6.1 refuses to make a thread (CLONE_THREAD)
// from one whose time namespace for children differs from its own (6.12
// allows it; both checked with pthread_create after the unshare). Go
// makes a new thread from the one that needs it, except on a thread
// locked with runtime.LockOSThread, whose state it cannot know: there it
// asks its template thread, started when a thread was first locked and
// still as Go left it (runtime.newm, templateThread). So this thread never
// clones one, and the Go runtime ends it with its goroutine.
func (c *Container) cloneInit() (at time.Duration, err error) {
	if c.spec.Namespaces.Time {
		// Go asks once per process whether pidfds work, by vforking a
		// child (os.checkPidfd): from this thread after the unshare,
		// Linux 6.1 would refuse that vfork, and Go would do without
		// pidfds from then on. So it asks now.
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			p.Release()
		}
		if err := makeTimeNamespace(c.spec.TimeOffsets, c.host); err != nil {
			return 0, err
		}
	}
	leave := func() error { return nil }
	if c.spec.Namespaces.Cgroup {
		if leave, err = c.cg.JoinV1(); err != nil {
			return 0, errors.Join(fmt.Errorf("clone the init in its cgroup namespace: %w", err), leave())
		}
	}
	at = time.Since(c.start)
	err = c.cmd.Start()
	if err := leave(); err != nil {
		return at, fmt.Errorf("clone the init in its cgroup namespace: %w", err)
	}
	if err != nil {
		c.host.Record(fmt.Sprintf("clone(%s)", cloneFlagNames(c.cloneFlags)), "", 0, err)
		var errno syscall.Errno
		if errors.As(err, &errno) && errno == syscall.ENOSYS && c.cmd.SysProcAttr.UseCgroupFD {
			return at, fmt.Errorf("start the init: this kernel has no clone3, which burk needs to start a container in its cgroup on a host with cgroup2 (Linux 5.7 or later): %w",
				os.NewSyscallError("clone3", errno))
		}
		if errors.As(err, &errno) {
			return at, fmt.Errorf("start the init: %w", os.NewSyscallError("clone", errno))
		}
		return at, fmt.Errorf("start the init: %w", err)
	}
	return at, nil
}

// makeTimeNamespace makes a time namespace with the given clock offsets
// for the children of the calling thread. unshare(CLONE_NEWTIME) moves
// only the caller's children: the thread itself stays where it was, and
// its /proc/<tid>/ns/time_for_children names the new namespace. The
// offsets can be written only until a first process has entered it, so
// they are written before the thread clones anything. The file is the
// thread's own, /proc/<tid>: /proc/self is the main thread's, whose
// namespace for children is still the host's.
//
// Linux 6.1 also refuses such a thread a child that shares its memory
// (CLONE_VM: vfork fails with EINVAL there, and works on 6.12). Go's fork
// is a vfork unless it makes a user namespace too: so a time namespace
// needs one (Spec.Validate).
func makeTimeNamespace(off TimeOffsets, rec *trace.Recorder) error {
	if err := rec.Unshare(unix.CLONE_NEWTIME, "the clocks of a time namespace, for the children of this thread"); err != nil {
		return fmt.Errorf("make the time namespace: %w", err)
	}
	offsets := fmt.Sprintf("monotonic %s\nboottime %s", secondsNanos(off.Monotonic), secondsNanos(off.Boottime))
	path := fmt.Sprintf("/proc/%d/timens_offsets", unix.Gettid())
	if err := rec.WriteFile(path, offsets, "shift CLOCK_MONOTONIC and CLOCK_BOOTTIME; the wall clock has no offset"); err != nil {
		return fmt.Errorf("set the clock offsets: %w", err)
	}
	return nil
}

// secondsNanos spells a duration as timens_offsets takes it: whole
// seconds, then nanoseconds from 0 to 999999999.
func secondsNanos(d time.Duration) string {
	secs, nanos := int64(d/time.Second), int64(d%time.Second)
	if nanos < 0 {
		secs, nanos = secs-1, nanos+int64(time.Second)
	}
	return fmt.Sprintf("%d %d", secs, nanos)
}
