package housekeeping

import (
	"errors"
	"fmt"
	"os"
	"time"

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
	who := "another burk is running"
	if e.PID != 0 {
		who = fmt.Sprintf("another burk is running (pid %d)", e.PID)
	}
	return who + ": two tours at once would see each other's mounts and containers; quit it first, or wait for it"
}

// Lock makes sure only one burk at a time changes this host. A burk started
// by the burk holding the lock (the tour's shell) shares its parent's lock.
// The returned func releases it.
func (k *Keeper) Lock() (release func(), err error) {
	name := lockName()
	release, err = listen(name)
	if err == nil {
		return release, nil
	}
	if !errors.Is(err, unix.EADDRINUSE) {
		return nil, fmt.Errorf("take the lock: %w", err)
	}
	owner := lockOwner(&unix.SockaddrUnix{Name: name})
	if owner != 0 && owner == os.Getppid() {
		k.sharedWith.Store(int64(owner))
		return func() {}, nil
	}
	return nil, &LockedError{PID: owner}
}

// listen binds the abstract socket name and listens on it until release.
// Every other burk asks who holds the lock by connecting. Each connection
// waits in the listen queue until accepted, and once the queue is full a
// connect blocks: so the holder accepts and drops them all, for as long as
// it holds the lock. (With unix, not package net: the container's init
// and the guard start from sandbox/initentry, which must not wait for net
// to be initialized.)
func listen(name string) (release func(), err error) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: name}); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("bind", err)
	}
	if err := unix.Listen(fd, unix.SOMAXCONN); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("listen", err)
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			conn, _, err := unix.Accept4(fd, unix.SOCK_CLOEXEC)
			if err == unix.EINTR || err == unix.ECONNABORTED {
				continue
			}
			if err != nil {
				return // released: shutdown makes a waiting accept fail
			}
			unix.Close(conn)
		}
	}()
	return func() {
		unix.Shutdown(fd, unix.SHUT_RDWR)
		<-stopped // before the fd's number can be another file's
		unix.Close(fd)
	}, nil
}

// lockOwner asks the kernel which process listens on the lock, or returns
// 0 when it cannot tell. The connect does not wait: a holder that is
// stopped (Ctrl-Z) accepts nothing, and its full queue must not hang us.
func lockOwner(addr *unix.SockaddrUnix) int {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
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

// LockHolderGone returns a channel that is closed when the parent whose
// lock this burk shares exits, and nil (never ready) when this burk holds
// a lock of its own. The tour's shell is such a burk: killed with the
// tour, or orphaned when the tour is SIGKILLed, it would keep its
// container running beside the next tour, unseen by the next start's
// recovery since its own process still lives. It must end its container
// when the tour ends, however the tour ends.
func (k *Keeper) LockHolderGone() <-chan struct{} {
	pid := int(k.sharedWith.Load())
	if pid == 0 {
		return nil
	}
	gone := make(chan struct{})
	fd, err := unix.PidfdOpen(pid, 0)
	if errors.Is(err, unix.ENOSYS) {
		// Before Linux 5.3 there are no pidfds. The parent's death
		// re-parents this burk, and getppid says so.
		go func() {
			for os.Getppid() == pid {
				time.Sleep(50 * time.Millisecond)
			}
			close(gone)
		}()
		return gone
	}
	// The parent may have gone between the lock and the pidfd, and its
	// pid been reused: ask again who the parent is now.
	if err != nil || os.Getppid() != pid {
		if err == nil {
			unix.Close(fd)
		}
		close(gone)
		return gone
	}
	go func() {
		defer unix.Close(fd)
		// A pidfd is readable once its process has exited.
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			if _, err := unix.Poll(fds, -1); err != unix.EINTR {
				break
			}
		}
		close(gone)
	}()
	return gone
}
