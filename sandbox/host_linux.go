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
)

// Mount is one line of /proc/PID/mountinfo.
type Mount struct {
	ID, ParentID int
	Root         string // the directory of the filesystem mounted here
	MountPoint   string
	Options      string
	Propagation  string // "shared:N", "master:N", "" for private
	FSType       string
	Source       string
	SuperOptions string // the filesystem's own options
}

// Private reports whether the mount neither sends nor receives propagation.
func (m Mount) Private() bool { return m.Propagation == "" }

// ReadMounts reads the mount table a process sees; pid 0 is burk itself.
func ReadMounts(pid int) ([]Mount, error) {
	path := "/proc/self/mountinfo"
	if pid != 0 {
		path = fmt.Sprintf("/proc/%d/mountinfo", pid)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mount table: %w", err)
	}
	return ParseMountInfo(data)
}

// ParseMountInfo parses the format of proc(5)'s /proc/PID/mountinfo.
func ParseMountInfo(data []byte) ([]Mount, error) {
	var mounts []Mount
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		// 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
		pre, post, ok := strings.Cut(line, " - ")
		if !ok {
			return nil, fmt.Errorf("mountinfo line without separator: %q", line)
		}
		f := strings.Fields(pre)
		g := strings.Fields(post)
		if len(f) < 6 || len(g) < 2 {
			return nil, fmt.Errorf("short mountinfo line: %q", line)
		}
		m := Mount{Root: unescapeMount(f[3]), MountPoint: unescapeMount(f[4]), Options: f[5], FSType: g[0], Source: g[1]}
		if len(g) > 2 {
			m.SuperOptions = g[2]
		}
		m.ID, _ = strconv.Atoi(f[0])
		m.ParentID, _ = strconv.Atoi(f[1])
		var tags []string
		for _, t := range f[6:] {
			if strings.HasPrefix(t, "shared:") || strings.HasPrefix(t, "master:") {
				tags = append(tags, t)
			}
		}
		m.Propagation = strings.Join(tags, " ")
		mounts = append(mounts, m)
	}
	return mounts, nil
}

// unescapeMount undoes the octal escapes mountinfo uses for space, tab,
// newline and backslash in paths.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// MountsUnder returns the mounts whose mount point is dir or below it.
func MountsUnder(mounts []Mount, dir string) []Mount {
	dir = filepath.Clean(dir)
	var out []Mount
	for _, m := range mounts {
		if m.MountPoint == dir || strings.HasPrefix(m.MountPoint, dir+"/") {
			out = append(out, m)
		}
	}
	return out
}

// Process is what /proc/PID says about one process.
type Process struct {
	PID, PPID int
	UID       int // the real uid, as the host numbers it
	Comm      string
	Cmdline   []string
	// NSpid is the process's PID in each PID namespace it is in, from the
	// host's outward in: [host PID, ..., PID in its own namespace].
	NSpid []int
}

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

// ProcessTree returns root and all its descendants, parents before their
// children, and how many other processes the host has. Processes that exit
// while it reads are left out.
func ProcessTree(root int) (tree []Process, others int, err error) {
	pids, err := allPIDs()
	if err != nil {
		return nil, 0, err
	}
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
	return tree, len(byPID) - len(tree), nil
}

// Hostname returns the host's hostname, as uname(2) gives it.
func Hostname() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", os.NewSyscallError("uname", err)
	}
	return unix.ByteSliceToString(u.Nodename[:]), nil
}

// NamespaceTypes are the namespace files under /proc/PID/ns that burk shows.
var NamespaceTypes = []string{"mnt", "pid", "uts", "ipc", "net", "user", "cgroup"}

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

// CreateMsgQueue makes a SysV message queue in burk's IPC namespace, for the
// ipc-ns step to look for from inside, and returns how to remove it.
func CreateMsgQueue() (id int, undo func() error, err error) {
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

// RootID identifies the host's root directory by device and inode.
func RootID() (dev, ino uint64, err error) {
	var st unix.Stat_t
	if err := unix.Stat("/", &st); err != nil {
		return 0, 0, &os.PathError{Op: "stat", Path: "/", Err: err}
	}
	return st.Dev, st.Ino, nil
}
