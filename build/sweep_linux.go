package build

// What a learner's runtime left on the host, found after it exited, named in
// words that say which isolation would have kept it inside, and removed.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/mountinfo"
)

// sweep removes what the last run left: processes, its cgroups, mounts
// under the lab, a changed hostname; and says what each was.
func (l *lab) sweep(hostname string) []i18n.Msg {
	var said []i18n.Msg
	if pids := l.procs(); len(pids) > 0 {
		var names []string
		for _, pid := range pids {
			comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
			names = append(names, fmt.Sprintf("%d %s", pid, strings.TrimSpace(string(comm))))
			unix.Kill(pid, unix.SIGKILL)
		}
		said = append(said, i18n.T("your runtime left %d processes running after it exited (%s); burk killed them. In a PID namespace they would have ended with the container's first process", len(pids), strings.Join(names, ", ")))
	}
	for _, dir := range l.learnerCgroups() {
		killCgroup(dir)
		if err := rmdirCgroup(dir); err != nil {
			said = append(said, i18n.T("your runtime left its cgroup %s, and burk could not remove it: %v", dir, err))
			continue
		}
		said = append(said, i18n.T("your runtime left its cgroup %s; burk removed it. Remove it (rmdir) once the container has exited, as runc delete does", dir))
	}
	if mounts, err := mountinfo.Read(0); err == nil {
		var under []mountinfo.Mount
		for _, m := range mounts {
			if strings.HasPrefix(m.MountPoint, l.dir+"/") && !slices.Contains(l.binds, m.MountPoint) {
				under = append(under, m)
			}
		}
		// Deepest first, and each once: a mount stacked on another goes first.
		sort.SliceStable(under, func(i, j int) bool { return len(under[i].MountPoint) > len(under[j].MountPoint) })
		for _, m := range under {
			if err := unix.Unmount(m.MountPoint, unix.MNT_DETACH); err != nil && !errors.Is(err, unix.EINVAL) {
				continue
			}
			said = append(said, mountLeft(m))
		}
	}
	var fs unix.Statfs_t
	if unix.Statfs(l.dir, &fs) == nil && fs.Bavail*uint64(fs.Bsize) < 1<<20 {
		said = append(said, i18n.T("the rootfs's filesystem is full: burk's lab is a tmpfs of %d MiB, so the host's disk never filled; a real runtime gives each container a filesystem of its own, or a quota", labSize>>20))
	}
	if now, err := os.Hostname(); err == nil && hostname != "" && now != hostname {
		if unix.Sethostname([]byte(hostname)) == nil {
			said = append(said, i18n.T("your runtime changed the host's hostname to %q; burk set it back to %q. Without a UTS namespace, sethostname changes the host's", now, hostname))
		}
	}
	return said
}

// mountLeft names a mount a runtime left on the host.
func mountLeft(m mountinfo.Mount) i18n.Msg {
	if m.FSType == "proc" {
		return i18n.T("your runtime left a proc mount at %s on the host; with a mount namespace it would have stayed inside, and gone with the container", m.MountPoint)
	}
	return i18n.T("your runtime left a %s mount at %s on the host; with a mount namespace whose / is private it would have stayed inside", m.FSType, m.MountPoint)
}

// learnerCgroups are the cgroups the stages ask a runtime to make, left in
// any hierarchy.
func (l *lab) learnerCgroups() []string {
	var roots []string
	if l.info.V2Root != "" {
		roots = append(roots, l.info.V2Root)
	}
	for _, r := range l.info.V1 {
		if !slices.Contains(roots, r) {
			roots = append(roots, r)
		}
	}
	var out []string
	for _, root := range roots {
		found, _ := filepath.Glob(filepath.Join(root, LearnerCgroupPrefix+"*"))
		for _, d := range found {
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				out = append(out, d)
			}
		}
	}
	sort.Strings(out)
	return out
}

// killCgroup kills every process in a cgroup and in the cgroups below it.
func killCgroup(dir string) {
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(filepath.Join(path, "cgroup.procs"))
		for _, f := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(f); err == nil {
				unix.Kill(pid, unix.SIGKILL)
			}
		}
		return nil
	})
}

// rmdirCgroup removes a cgroup and those below it, deepest first, waiting
// a moment for processes just killed to leave.
func rmdirCgroup(dir string) error {
	var dirs []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, path)
		}
		return nil
	})
	var last error
	for _, d := range slices.Backward(dirs) {
		for range 100 {
			last = unix.Rmdir(d)
			if last == nil || errors.Is(last, unix.ENOENT) {
				last = nil
				break
			}
			if !errors.Is(last, unix.EBUSY) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if last != nil {
			return fmt.Errorf("remove the cgroup %s: %w", d, last)
		}
	}
	return nil
}
