package sandbox

// Readers for what the host sees: its mount table, its processes, its
// hostname, the namespaces a process is in. They read the kernel's own files
// under /proc, the same files ps, mount and lsns read.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/mountinfo"
)

// readProcess reads /proc/PID/status and /proc/PID/cmdline.
func readProcess(pid int) (Process, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Process{}, fmt.Errorf("read process %d: %w", pid, err)
	}
	p := Process{PID: pid}
	for line := range strings.SplitSeq(string(status), "\n") {
		key, val, _ := strings.Cut(line, ":")
		fields := strings.Fields(val)
		switch key {
		case "Name":
			p.Comm = strings.TrimSpace(val)
		case "PPid":
			p.PPID, _ = strconv.Atoi(strings.TrimSpace(val))
		case "Uid":
			if len(fields) > 0 {
				p.UID, _ = strconv.Atoi(fields[0])
				if InLab() && !InMachine() {
					// The kernel numbers it as the lab sees it: 0 is the
					// learner. A machine's host is the machine: its
					// numbers are the ones to show.
					p.UID = labUID(p.UID)
				}
			}
		case "NSpid":
			for _, f := range fields {
				n, _ := strconv.Atoi(f)
				p.NSpid = append(p.NSpid, n)
			}
		}
	}
	if cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); err == nil {
		cmd = bytes.TrimRight(cmd, "\x00")
		if len(cmd) > 0 {
			p.Cmdline = strings.Split(string(cmd), "\x00")
		}
	}
	return p, nil
}

// allPIDs lists the processes the host's /proc shows.
func allPIDs() ([]int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("list processes: %w", err)
	}
	var pids []int
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			pids = append(pids, pid)
		}
	}
	sort.Ints(pids)
	return pids, nil
}

// processTree returns root and all its descendants, parents before their
// children, and how many other processes the host has. Processes that exit
// while it reads are left out.
//
// It walks down from root through the kernel's lists of each thread's
// children, reading only the tree. Every step's ps probe calls it, and
// reading every process on the host instead costs milliseconds that grow
// with the host: the kernel composes each one's status, and reads each
// one's memory for its command line. Where the kernel keeps no such lists
// (built without CONFIG_PROC_CHILDREN), it reads every process for its
// parent.
func processTree(root int) (tree []Process, others int, err error) {
	pids, err := allPIDs()
	if err != nil {
		return nil, 0, err
	}
	if _, err := os.Stat("/proc/thread-self/children"); err == nil {
		tree = processTreeByChildren(root)
	} else {
		tree = processTreeByScan(root, pids)
	}
	inTree := map[int]bool{}
	for _, p := range tree {
		inTree[p.PID] = true
	}
	for _, pid := range pids {
		if !inTree[pid] {
			others++
		}
	}
	return tree, others, nil
}

// processTreeByChildren walks down from root through
// /proc/PID/task/TID/children: a process's children are its threads'.
func processTreeByChildren(root int) []Process {
	var tree []Process
	var walk func(pid int)
	walk = func(pid int) {
		p, err := readProcess(pid)
		if err != nil {
			return // it exited
		}
		tree = append(tree, p)
		tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
		var children []int
		for _, t := range tasks {
			data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
			for _, f := range strings.Fields(string(data)) {
				if c, err := strconv.Atoi(f); err == nil {
					children = append(children, c)
				}
			}
		}
		sort.Ints(children)
		for _, c := range children {
			walk(c)
		}
	}
	walk(root)
	return tree
}

// processTreeByScan reads every process in pids to find root's descendants.
func processTreeByScan(root int, pids []int) []Process {
	byPID := map[int]Process{}
	children := map[int][]int{}
	for _, pid := range pids {
		p, err := readProcess(pid)
		if err != nil {
			continue // it exited
		}
		byPID[pid] = p
		children[p.PPID] = append(children[p.PPID], pid)
	}
	var tree []Process
	var walk func(pid int)
	walk = func(pid int) {
		p, ok := byPID[pid]
		if !ok {
			return
		}
		tree = append(tree, p)
		for _, c := range children[pid] {
			walk(c)
		}
	}
	walk(root)
	return tree
}

// hostname returns the host's hostname, as uname(2) gives it.
func hostname() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", os.NewSyscallError("uname", err)
	}
	return unix.ByteSliceToString(u.Nodename[:]), nil
}

// namespaceInodes returns the inode of each of a process's namespaces; two
// processes share a namespace exactly when the inodes are equal. pid 0 is burk.
// For "pid" it reads pid_for_children when the process is burk itself.
func namespaceInodes(pid int) (map[string]uint64, error) {
	dir := "/proc/self/ns"
	if pid != 0 {
		dir = fmt.Sprintf("/proc/%d/ns", pid)
	}
	out := map[string]uint64{}
	for _, t := range NamespaceTypes {
		var st unix.Stat_t
		if err := unix.Stat(filepath.Join(dir, t), &st); err != nil {
			return nil, &os.PathError{Op: "stat", Path: filepath.Join(dir, t), Err: err}
		}
		out[t] = st.Ino
	}
	return out, nil
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

// rootID identifies the host's root directory by device and inode.
func rootID() (dev, ino uint64, err error) {
	var st unix.Stat_t
	if err := unix.Stat("/", &st); err != nil {
		return 0, 0, &os.PathError{Op: "stat", Path: "/", Err: err}
	}
	return st.Dev, st.Ino, nil
}

// PathID is the device and inode of a path on the host, as stat(2) gives
// them: a directory bind-mounted onto itself keeps both, so the container's
// root can be told from the host's by them.
func (h *Host) PathID(path string) (dev, ino uint64, err error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0, 0, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	return st.Dev, st.Ino, nil
}

// The host's side, as the tour shows it: what burk itself sees of the
// machine, read from the kernel's files as ps, mount and hostname would.

// Hostname is the host's hostname, as uname(2) reports it.
func (h *Host) Hostname() (string, error) { return hostname() }

// Mounts is burk's own mount table.
//
// In a lab, burk's own mount table is the lab's: the host's is the one of
// the burk outside it, which made the lab and waits for it.
func (h *Host) Mounts() ([]Mount, error) { return mountinfo.Read(labOutside()) }

// Process reads what /proc says about one process.
func (h *Host) Process(pid int) (Process, error) { return readProcess(pid) }

// ProcessTree lists the process root and its descendants, and counts the
// others.
func (h *Host) ProcessTree(root int) (tree []Process, others int, err error) {
	return processTree(root)
}

// Namespaces maps each namespace type to the inode of the namespace pid is
// in; pid 0 is burk itself.
func (h *Host) Namespaces(pid int) (map[string]uint64, error) { return namespaceInodes(pid) }

// RootID is the device and inode of the host's root directory.
func (h *Host) RootID() (dev, ino uint64, err error) { return rootID() }

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
