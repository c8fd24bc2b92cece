package sandbox

// The host's side, as the tour reads it through the runtime's Host: what
// burk itself sees of the machine (internal/procfs and internal/mountinfo
// read it), numbered as the host numbers it when burk runs in a lab.

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/procfs"
)

// hostUID is a process's uid as the host numbers it. In a lab the kernel
// numbers it as the lab sees it: 0 is the learner. A machine's host is
// the machine: its numbers are the ones to show.
func hostUID(uid int) int {
	if InLab() && !InMachine() {
		return labUID(uid)
	}
	return uid
}

// createMsgQueue makes a SysV message queue in burk's IPC namespace, for the
// ipc-ns step to look for from inside, and returns how to remove it.
func createMsgQueue() (id int, undo func() error, err error) {
	r1, _, errno := unix.Syscall(unix.SYS_MSGGET, uintptr(unix.IPC_PRIVATE), uintptr(unix.IPC_CREAT|0o600), 0)
	if errno != 0 {
		return 0, nil, os.NewSyscallError("msgget", errno)
	}
	id = int(r1)
	undo = func() error {
		if _, _, errno := unix.Syscall(unix.SYS_MSGCTL, uintptr(id), uintptr(unix.IPC_RMID), 0); errno != 0 {
			return os.NewSyscallError("msgctl IPC_RMID", errno)
		}
		return nil
	}
	return id, undo, nil
}

// The host's side, as the tour shows it: what burk itself sees of the
// machine, read from the kernel's files as ps, mount and hostname would.

// Hostname is the host's hostname, as uname(2) reports it.
func (h *Host) Hostname() (string, error) { return procfs.Hostname() }

// Mounts is burk's own mount table. In a lab or a machine it is the lab's
// or the machine's: their host, whose /proc and propagation their PID 1
// set up as a host's are.
func (h *Host) Mounts() ([]Mount, error) { return mountinfo.Read(0) }

// Process reads what /proc says about one process.
func (h *Host) Process(pid int) (Process, error) {
	p, err := procfs.ReadProcess(pid)
	p.UID = hostUID(p.UID)
	return p, err
}

// ProcessTree lists the process root and its descendants, and counts the
// others.
func (h *Host) ProcessTree(root int) (tree []Process, others int, err error) {
	tree, others, err = procfs.Tree(root)
	for i := range tree {
		tree[i].UID = hostUID(tree[i].UID)
	}
	return tree, others, err
}

// Namespaces maps each namespace type to the inode of the namespace pid is
// in; pid 0 is burk itself.
func (h *Host) Namespaces(pid int) (map[string]uint64, error) { return procfs.NamespaceInodes(pid) }

// RootID is the device and inode of the host's root directory.
func (h *Host) RootID() (dev, ino uint64, err error) { return procfs.RootID() }

// PathID is the device and inode of a path on the host, as stat(2) gives
// them: a directory bind-mounted onto itself keeps both, so the container's
// root can be told from the host's by them.
func (h *Host) PathID(path string) (dev, ino uint64, err error) { return procfs.PathID(path) }

// CreateMsgQueue creates a System V message queue on the host, for the
// IPC step to look for from inside; undo removes it.
func (h *Host) CreateMsgQueue() (id int, undo func() error, err error) { return createMsgQueue() }

// InitBinaryGuard says what keeps the binary a container's init runs from
// from being written through /proc/<pid>/exe, and false when nothing does.
// The calls it makes to find out go into the container's trace.
func (h *Host) InitBinaryGuard(c *Container) (guard string, sealed bool) {
	return initBinaryGuard(c.pid, c.host)
}

// ReadFile reads a file of the host's /proc or /sys, as burk sees it.
func (h *Host) ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// ReadDir lists the names in a host directory, sorted.
func (h *Host) ReadDir(path string) ([]string, error) {
	entries, err := os.ReadDir(path)
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names, err
}

// Readlink reads a symbolic link of the host's, such as /proc/PID/root.
func (h *Host) Readlink(path string) (string, error) { return os.Readlink(path) }
