package build

// Checking without root. An ordinary user's burk re-executes itself in the
// rootless lab (the sandbox's EnterLab: a user namespace where the learner
// is root, with mount, PID, UTS and IPC namespaces of its own), and checks
// the runtime there. In the lab the runtime holds every capability — over
// what the lab's user namespace owns. Three things a stage's task asks for
// may be out of the lab's reach, and each is found out here from the
// kernel, not assumed:
//
//   - a new proc mount needs CAP_SYS_ADMIN over the PID namespace it
//     shows. Until the runtime makes a PID namespace of its own (pid-ns),
//     that is the lab's, which the lab's user namespace owns: the lab tries
//     one proc mount, and the kernel says;
//   - a uid_map may name only ids its writer has: the lab has the
//     learner's uid and, with newuidmap and newgidmap, their ranges from
//     /etc/subuid and /etc/subgid. The task's map (root inside is
//     100000, 65536 ids) must lie in it;
//   - the task's cgroup is made at the top of the cgroup tree, which is
//     root's: a cgroup delegated to the learner is a subtree far below.
//
// A stage whose container (the step's spec, every earlier step applied)
// needs one of them is not run: it is reported as needing root, with the
// reason. Where the lab lacks a cgroup of its own for the runtime, burk
// finds what the runtime left by its descent instead (a child subreaper).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// rootOnly is what this burk cannot give a runtime: for each, why, or
// the zero Msg when it can.
type rootOnly struct {
	proc, ids, cgroup i18n.Msg
}

// findRootOnly asks the kernel what the lab at l may not do. As root of
// the host, or of a served machine (which has a PID namespace, the
// 100000 range and a delegated cgroup of its own), it may do everything
// the tasks ask, and each probe says so.
func findRootOnly(l *lab, noCgroups error) rootOnly {
	var r rootOnly
	if !sandbox.InLab() {
		return r
	}
	procStage := steps.Index("proc") + 1
	dir := filepath.Join(l.dir, ".proc-try")
	if err := os.Mkdir(dir, 0o755); err == nil {
		err := unix.Mount("proc", dir, "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
		if err == nil {
			unix.Unmount(dir, unix.MNT_DETACH)
		} else {
			// The lab is root over its PID namespace, so proc's own rule
			// is met: what refuses is mount_too_revealing (a mount
			// namespace owned by a user namespace other than the initial
			// one gets a new proc only if it already holds a fully visible
			// one) or an LSM. Every mount namespace the runtime makes here
			// is a copy with the same locked mounts, so every stage that
			// mounts proc is refused.
			r.proc = i18n.T("the kernel refused this lab a proc mount (%v), as it does where /proc is partly covered or read-only (in a container, say) or a security module forbids it: every stage from proc (stage %d) on mounts proc, so none of them can be checked in this lab",
				os.NewSyscallError("mount", err), procStage)
		}
		os.Remove(dir)
	}
	uids, gids := readMap("/proc/self/uid_map"), readMap("/proc/self/gid_map")
	// Each map is checked on its own (user_namespaces(7)), so the message
	// names the one that is short. The lab maps only the user's first
	// line in each file (machine.subordinateStart): a range usermod adds
	// after it is never mapped.
	short := labIDs(uids, "uid_map", "/etc/subuid", "newuidmap")
	if covers(uids, steps.UserMapHostID, steps.UserMapSize) {
		short = labIDs(gids, "gid_map", "/etc/subgid", "newgidmap")
	}
	if !covers(uids, steps.UserMapHostID, steps.UserMapSize) || !covers(gids, steps.UserMapHostID, steps.UserMapSize) {
		last := steps.UserMapHostID + steps.UserMapSize - 1
		r.ids = i18n.T("the task maps root inside to id %d, and %d ids from there, in uid_map and gid_map; this lab's %s, and a map beyond the ids you have needs root. The lab maps your first range in /etc/subuid and /etc/subgid: with no range there, sudo usermod --add-subuids %d-%d --add-subgids %d-%d USER gives you those; with one already, an admin must change that first line to USER:%d:%d in both files, and only if no other user has those ids",
			steps.UserMapHostID, steps.UserMapSize, short, steps.UserMapHostID, last, steps.UserMapHostID, last, steps.UserMapHostID, steps.UserMapSize)
	}
	// Where the task makes it: as the task tells v2 from v1 (a hybrid
	// host's unified hierarchy has no controllers for it).
	top, file := "/sys/fs/cgroup", "cgroup.subtree_control"
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err != nil {
		top, file = l.info.V1["memory"], ""
	}
	switch {
	case noCgroups != nil:
		r.cgroup = i18n.T("the task makes its cgroup in the cgroup filesystem, and there is none here (%v)", noCgroups)
	case sandbox.InMachine() && (top == "" || !writable(filepath.Join(top, file))):
		// A machine's top is its own cgroup namespace root, writable
		// only when the server delegated it a cgroup.
		r.cgroup = i18n.T("the task makes its cgroup in this machine's cgroup tree, and the server delegated none to this session (%s is not writable): a cgroup v1 or hybrid host can delegate none, and a v2 server's delegation may have failed", filepath.Join(top, file))
	case top == "" || file == "" && !writable(top):
		r.cgroup = i18n.T("the task makes its cgroup at the top of the cgroup tree (%s), which is root's (on cgroup v1 systemd delegates a user no controller's hierarchy, memory's included)", top)
	case !writable(filepath.Join(top, file)):
		r.cgroup = i18n.T("the task makes its cgroup at the top of the cgroup tree (%s), which is root's: a cgroup systemd delegates to you is a subtree far below it", top)
	}
	return r
}

// needsRoot says why st cannot be checked here, if it cannot: what its
// container needs that the lab lacks.
func (r rootOnly) needsRoot(st *Stage, rootfs string) (i18n.Msg, bool) {
	spec := steps.SpecFor(st.Step, rootfs)
	switch {
	case !r.proc.IsZero() && spec.MountProc:
		return r.proc, true
	case !r.ids.IsZero() && spec.Namespaces.User:
		return r.ids, true
	case !r.cgroup.IsZero() && spec.Limits != (sandbox.Limits{}):
		return r.cgroup, true
	}
	return i18n.Msg{}, false
}

// idSpan is one line of a uid_map or gid_map: ids inside from in, outside
// from out, n of them.
type idSpan struct{ in, out, n int }

func readMap(path string) []idSpan {
	data, _ := os.ReadFile(path)
	var out []idSpan
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		in, err1 := strconv.Atoi(f[0])
		o, err2 := strconv.Atoi(f[1])
		n, err3 := strconv.Atoi(f[2])
		if err1 == nil && err2 == nil && err3 == nil {
			out = append(out, idSpan{in, o, n})
		}
	}
	return out
}

// covers reports whether the ids first to first+n-1, as this namespace
// names them, are all mapped by m.
func covers(m []idSpan, first, n int) bool {
	for _, s := range m {
		if first >= s.in && first+n <= s.in+s.n {
			return true
		}
	}
	return false
}

// labIDs says which ids the lab has in the map called name besides its
// root, for the learner: from file, written by tool.
func labIDs(m []idSpan, name, file, tool string) i18n.Msg {
	for _, s := range m {
		if s.in != 0 && s.n > 1 {
			return i18n.T("%s has ids %d–%d (your first range in %s)", name, s.in, s.in+s.n-1, file)
		}
	}
	return i18n.T("%s has only your own id, as its root (no range for you in %s, or no %s)", name, file, tool)
}

// writable reports whether this process may write path, as the kernel
// decides for its effective ids and capabilities.
func writable(path string) bool {
	return unix.Faccessat(unix.AT_FDCWD, path, unix.W_OK, unix.AT_EACCESS) == nil
}

// labDir is where a lab's tmpfs is mounted: /run as root; in the rootless
// lab, whose root is the learner and cannot write /run, the temporary
// directory.
func labDir(name string) string {
	if writable("/run") {
		return filepath.Join("/run", name)
	}
	return filepath.Join(os.TempDir(), name)
}

// labDirs are where labs are mounted, for the recovery after a crash.
func labDirs() []string {
	var out []string
	for _, root := range []string{"/run", os.TempDir()} {
		found, _ := filepath.Glob(filepath.Join(root, labPrefix+"*"))
		out = append(out, found...)
	}
	return out
}

// subreaper makes this burk the parent of whatever a runtime's processes
// leave orphaned, so that descendants finds them: without a cgroup of the
// lab's own, a process that forked away is found no other way.
func subreaper() error {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("become the runtime's subreaper: %w", os.NewSyscallError("prctl", err))
	}
	return nil
}

// descendants are the live processes below pid, by their parents in
// /proc/PID/stat; zombies, which are only waiting to be reaped, are left
// out.
func descendants(pid int) []int {
	parent := map[int]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces and parentheses.
		rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
		f := strings.Fields(rest)
		if len(f) < 2 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if pp, err := strconv.Atoi(f[1]); err == nil {
			parent[p] = pp
		}
	}
	var out []int
	for p := range parent {
		for q, seen := parent[p], 0; q != 0 && seen < 64; q, seen = parent[q], seen+1 {
			if q == pid {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// copyRootless copies the rootfs src into the lab as the lab's root may:
// files the host's root owns become the lab root's (they cannot stay
// root's: that id is not mapped here), and a device node, which only
// root of the machine may make (mknod needs CAP_MKNOD in its user
// namespace), is bound from src onto an empty file instead.
func (l *lab) copyRootless(src string) error {
	if err := os.Mkdir(l.rootfs, 0o755); err != nil {
		return fmt.Errorf("copy the rootfs: %w", err)
	}
	var devices []string
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if rel == "." {
			return nil
		}
		to := filepath.Join(l.rootfs, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch mode := info.Mode(); {
		case mode.IsDir():
			return os.Mkdir(to, mode.Perm())
		case mode&os.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case mode&os.ModeDevice != 0:
			devices = append(devices, rel)
			return os.WriteFile(to, nil, 0o666)
		case mode.IsRegular():
			return copyFile(path, to, mode.Perm())
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("copy the rootfs: %w", err)
	}
	for _, rel := range devices {
		to := filepath.Join(l.rootfs, rel)
		if err := unix.Mount(filepath.Join(src, rel), to, "", unix.MS_BIND, ""); err != nil {
			return fmt.Errorf("bind the rootfs's %s: %w", rel, os.NewSyscallError("mount", err))
		}
		l.binds = append(l.binds, to)
	}
	return nil
}

func copyFile(from, to string, perm os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	// The mode again: the umask took bits off at create.
	return os.Chmod(to, perm)
}

// errNoLabCgroup is why the lab has no cgroup of its own.
var errNoLabCgroup = errors.New("no cgroup the lab may write")
