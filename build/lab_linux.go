package build

// The lab is where a learner's runtime runs while burk checks it: a tmpfs
// of its own, so that nothing the runtime writes can fill the host's disk
// and everything it leaves goes with one unmount; a copy of the rootfs with
// burk's probe in it; and a cgroup of burk's own with memory and pids
// limits, so that a fork bomb or a leak stays small.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/sandbox"
)

const (
	// labSize bounds what a runtime can write into the rootfs.
	labSize = 64 << 20
	// The lab cgroup's limits: far above what a runtime and the probe
	// need, far below what would hurt the machine.
	labMemory = 512 << 20
	labPids   = 256
	// probeName is the probe's file in the rootfs.
	probeName = ".burk-probe"
	// labPrefix names every lab's directory and cgroup.
	labPrefix = "burk-buildcheck-"
	// LearnerCgroupPrefix starts the name of the cgroup the stages ask the
	// learner's runtime to make: burk-build-<its pid>.
	LearnerCgroupPrefix = "burk-build-"
)

type lab struct {
	dir    string // the tmpfs
	rootfs string
	probe  string // the probe's path on the host
	probeS unix.Stat_t
	info   cgroup.Info
	// cgroups are the lab cgroup's directories; v2 is the unified one,
	// for clone3 to start the runtime in, or "".
	cgroups []string
	v2      string
	v1      map[string]string // controller -> the lab's directory in its v1 hierarchy
	// own are burk's processes besides the runtimes (its guard), when the
	// lab has no cgroup and finds what a runtime left by descent.
	own []int
	// rootOnly is what a runtime may not do in this lab.
	rootOnly rootOnly
	// binds are burk's own mounts in the lab (the rootless lab's device
	// nodes), which the sweep does not take for a runtime's.
	binds []string
}

// newLab makes a lab with a copy of the rootfs src and burk's own binary
// as the probe.
func newLab(src string) (l *lab, err error) {
	name := labPrefix + strconv.Itoa(os.Getpid())
	l = &lab{dir: labDir(name)}
	defer func() {
		if err != nil {
			l.close()
			l = nil
		}
	}()
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		return l, fmt.Errorf("make the lab: %w", err)
	}
	if err := unix.Mount("burk-build", l.dir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, fmt.Sprintf("size=%d,mode=0755", labSize)); err != nil {
		return l, fmt.Errorf("mount the lab's tmpfs: %w", os.NewSyscallError("mount", err))
	}
	// Shared, whatever the host's / is: a runtime that does not make its
	// mounts private leaks them back here on every host, not only on
	// systemd's, so the mount-ns stage says so everywhere.
	if err := unix.Mount("", l.dir, "", unix.MS_SHARED, ""); err != nil {
		return l, fmt.Errorf("make the lab shared: %w", os.NewSyscallError("mount", err))
	}
	l.rootfs = filepath.Join(l.dir, "rootfs")
	if sandbox.InLab() {
		if err := l.copyRootless(src); err != nil {
			return l, err
		}
	} else if out, err := exec.Command("cp", "-a", src, l.rootfs).CombinedOutput(); err != nil {
		return l, fmt.Errorf("copy the rootfs: %v: %s", err, strings.TrimSpace(string(out)))
	}
	// Root inside a user namespace is another uid: it must reach the rootfs.
	if err := os.Chmod(l.rootfs, 0o755); err != nil {
		return l, err
	}
	self, err := os.Executable()
	if err != nil {
		return l, err
	}
	l.probe = filepath.Join(l.rootfs, probeName)
	// Copied by burk itself: a served machine has no cp.
	if err := copyFile(self, l.probe, 0o755); err != nil {
		return l, fmt.Errorf("place the probe: %w", err)
	}
	if err := unix.Stat(l.probe, &l.probeS); err != nil {
		return l, err
	}
	// A served machine on a cgroup v1 host has no cgroup filesystem: the
	// stages that need one say so.
	l.info, err = cgroup.Detect()
	if err != nil && !sandbox.InLab() {
		return l, err
	}
	l.rootOnly = findRootOnly(l, err)
	if err == nil {
		err = l.makeCgroup(name)
	}
	if err == nil && len(l.cgroups) == 0 && sandbox.InLab() {
		err = errNoLabCgroup
	}
	if err != nil {
		if !sandbox.InLab() {
			return l, err
		}
		// The rootless lab without a cgroup it may write: what a
		// runtime leaves is found by descent instead.
		for _, dir := range l.cgroups {
			rmdirCgroup(dir)
		}
		l.cgroups, l.v2, l.v1 = nil, "", map[string]string{}
		if err := subreaper(); err != nil {
			return l, err
		}
		l.own = descendants(os.Getpid())
	}
	return l, nil
}

// makeCgroup makes the lab's cgroup in the memory and pids controllers'
// hierarchies, v2 or v1.
func (l *lab) makeCgroup(name string) error {
	l.v1 = map[string]string{}
	limits := map[string]string{}
	if _, ok := l.info.ControllerVersion("memory"); ok {
		limits["memory"] = strconv.Itoa(labMemory)
	}
	if _, ok := l.info.ControllerVersion("pids"); ok {
		limits["pids"] = strconv.Itoa(labPids)
	}
	for c, value := range limits {
		v, _ := l.info.ControllerVersion(c)
		if sandbox.InLab() && !writable(l.info.V2Root) && !writable(l.info.V1[c]) {
			return fmt.Errorf("make the lab's cgroup: %w", errNoLabCgroup)
		}
		dir := filepath.Join(l.info.V1[c], name)
		file := map[string]string{"memory": "memory.limit_in_bytes", "pids": "pids.max"}[c]
		if v == "v2" {
			dir, file = filepath.Join(l.info.V2Root, name), map[string]string{"memory": "memory.max", "pids": "pids.max"}[c]
			l.v2 = dir
			// A cgroup has only the controllers its parent hands down.
			if err := os.WriteFile(filepath.Join(l.info.V2Root, "cgroup.subtree_control"), []byte("+"+c), 0); err != nil {
				return fmt.Errorf("enable %s for the lab's cgroup: %w", c, err)
			}
		} else {
			l.v1[c] = dir
		}
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("make the lab's cgroup: %w", err)
		}
		if !slices.Contains(l.cgroups, dir) {
			l.cgroups = append(l.cgroups, dir)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(value), 0); err != nil {
			return fmt.Errorf("limit the lab's cgroup: %w", err)
		}
	}
	return nil
}

// bornInLab moves the calling thread, which must be locked to its
// goroutine, into the lab's v1 cgroups: v1 cgroups hold threads, and a
// child is born in the cgroups of the thread that forks it, so the runtime
// has no moment outside the lab to fork from (v2 has clone3's
// CLONE_INTO_CGROUP instead). back moves the thread home: until then
// burk's own pid is listed in the lab, where the sweep would kill it.
func (l *lab) bornInLab() (back func(), err error) {
	var home []string
	back = func() {
		for _, dir := range home {
			os.WriteFile(filepath.Join(dir, "tasks"), []byte("0"), 0)
		}
	}
	mine, err := os.ReadFile("/proc/thread-self/cgroup")
	if err != nil {
		return back, err
	}
	for c, dir := range l.v1 {
		from := ""
		for _, line := range strings.Split(string(mine), "\n") {
			if f := strings.SplitN(line, ":", 3); len(f) == 3 && slices.Contains(strings.Split(f[1], ","), c) {
				from = f[2]
			}
		}
		if from == "" {
			return back, fmt.Errorf("put the runtime in the lab's cgroup: no %s hierarchy in /proc/thread-self/cgroup", c)
		}
		// 0 is the calling thread.
		if err := os.WriteFile(filepath.Join(dir, "tasks"), []byte("0"), 0); err != nil {
			return back, fmt.Errorf("put the runtime in the lab's cgroup: %w", err)
		}
		home = append(home, filepath.Join(l.info.V1[c], from))
	}
	return back, nil
}

// procs lists the processes still in the lab's cgroup; without one, those
// below burk but its own.
func (l *lab) procs() []int {
	var out []int
	if len(l.cgroups) == 0 && l.v1 != nil {
		for _, p := range descendants(os.Getpid()) {
			if !slices.Contains(l.own, p) {
				out = append(out, p)
			}
		}
		return out
	}
	for _, dir := range l.cgroups {
		data, _ := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
		for _, f := range strings.Fields(string(data)) {
			if n, err := strconv.Atoi(f); err == nil && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// close removes the lab: its mounts, deepest first, and its cgroup.
func (l *lab) close() error {
	var errs []error
	for _, pid := range l.procs() {
		unix.Kill(pid, unix.SIGKILL)
	}
	if l.dir != "" {
		// MNT_DETACH: whatever a runtime left mounted inside goes with it.
		if err := unix.Unmount(l.dir, unix.MNT_DETACH); err != nil && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOENT) {
			errs = append(errs, fmt.Errorf("unmount the lab: %w", err))
		}
		if err := os.Remove(l.dir); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	for _, dir := range l.cgroups {
		if err := rmdirCgroup(dir); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
