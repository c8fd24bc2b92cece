package sandbox

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lockName is the abstract unix socket a running burk holds. An abstract
// socket lives only as long as its process — the kernel drops it on any
// death, SIGKILL included — and leaves no file behind.
func lockName() string {
	if n := os.Getenv("BURK_LOCK_NAME"); n != "" {
		return "\x00" + n
	}
	return "\x00burk.lock"
}

// LockedError says another burk holds the lock.
type LockedError struct{ PID int }

func (e *LockedError) Error() string {
	return fmt.Sprintf("another burk is running (pid %d): two tours at once would see each other's mounts and containers; quit it first, or wait for it", e.PID)
}

// Lock makes sure only one burk at a time changes this host. A burk started
// by the burk holding the lock (the tour's shell) shares its parent's lock.
// The returned func releases it.
func Lock() (release func(), err error) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	addr := &unix.SockaddrUnix{Name: lockName()}
	if err := unix.Bind(fd, addr); err == nil {
		if err := unix.Listen(fd, 8); err != nil {
			unix.Close(fd)
			return nil, os.NewSyscallError("listen", err)
		}
		return func() { unix.Close(fd) }, nil
	} else if err != unix.EADDRINUSE {
		unix.Close(fd)
		return nil, os.NewSyscallError("bind", err)
	}
	unix.Close(fd)
	owner := lockOwner(addr)
	if owner != 0 && owner == os.Getppid() {
		return func() {}, nil
	}
	return nil, &LockedError{PID: owner}
}

// lockOwner asks the kernel which process listens on the lock.
func lockOwner(addr *unix.SockaddrUnix) int {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	defer unix.Close(fd)
	if err := unix.Connect(fd, addr); err != nil {
		return 0
	}
	cred, err := unix.GetsockoptUcred(fd, unix.SOL_SOCKET, unix.SO_PEERCRED)
	if err != nil {
		return 0
	}
	return int(cred.Pid)
}
