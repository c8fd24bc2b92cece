// Package procfs reads what the host sees of its processes: each one's
// status, the tree below a process, its namespaces, the hostname and the
// root directory. It reads the kernel's own files under /proc, the same
// files ps, lsns and hostname read, as internal/mountinfo reads the mount
// table.
package procfs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ReadProcess reads /proc/PID/status and /proc/PID/cmdline.
func ReadProcess(pid int) (Process, error) {
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

// AllPIDs lists the processes the host's /proc shows.
func AllPIDs() ([]int, error) {
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

// Tree returns root and all its descendants, parents before their
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
func Tree(root int) (tree []Process, others int, err error) {
	pids, err := AllPIDs()
	if err != nil {
		return nil, 0, err
	}
	if _, err := os.Stat("/proc/thread-self/children"); err == nil {
		tree = TreeByChildren(root)
	} else {
		tree = TreeByScan(root, pids)
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

// TreeByChildren walks down from root through
// /proc/PID/task/TID/children: a process's children are its threads'.
func TreeByChildren(root int) []Process {
	var tree []Process
	var walk func(pid int)
	walk = func(pid int) {
		p, err := ReadProcess(pid)
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

// TreeByScan reads every process in pids to find root's descendants.
func TreeByScan(root int, pids []int) []Process {
	byPID := map[int]Process{}
	children := map[int][]int{}
	for _, pid := range pids {
		p, err := ReadProcess(pid)
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

// Hostname returns the host's hostname, as uname(2) gives it.
func Hostname() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", os.NewSyscallError("uname", err)
	}
	return unix.ByteSliceToString(u.Nodename[:]), nil
}

// NamespaceInodes returns the inode of each of a process's namespaces; two
// processes share a namespace exactly when the inodes are equal. pid 0 is burk.
// For "pid" it reads pid_for_children when the process is burk itself.
func NamespaceInodes(pid int) (map[string]uint64, error) {
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

// RootID identifies the host's root directory by device and inode.
func RootID() (dev, ino uint64, err error) { return PathID("/") }

// PathID is the device and inode of a path, as stat(2) gives them.
func PathID(path string) (dev, ino uint64, err error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0, 0, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	return st.Dev, st.Ino, nil
}
