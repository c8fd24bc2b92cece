package cgroup

// The container's processes in its cgroup: how the init and its children
// get in, how they are listed, and how they are all killed.

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
)

// v2Dir is where clone3 puts the init in the unified hierarchy.
func (cg *Cgroup) V2Dir() string {
	if cg.v2 == "" || !cg.v2Leaves || cg.pending {
		return cg.v2
	}
	return filepath.Join(cg.v2, initLeaf)
}

// OpenV2 opens the init's unified cgroup for clone3's CLONE_INTO_CGROUP
// (SysProcAttr.UseCgroupFD): the init is born in it, with no moment
// outside. ok is false when the host has no cgroup2.
func (cg *Cgroup) OpenV2() (f *os.File, ok bool, err error) {
	if cg.v2 == "" {
		return nil, false, nil
	}
	f, err = os.Open(cg.V2Dir())
	if err != nil {
		return nil, false, fmt.Errorf("open cgroup: %w", err)
	}
	return f, true, nil
}

// PayloadFiles opens what the init needs to put its children in the
// payload: the unified payload directory, for clone3, and each v1
// payload's tasks file, to move its spawning thread into (v1 cgroups hold
// threads, and a child is born in its parent thread's cgroups). Opened here
// because the init cannot see /sys/fs/cgroup once it is in its own root.
func (cg *Cgroup) PayloadFiles() (v2 *os.File, v1 []*os.File, err error) {
	// Without leaves the payload is born where the init is, by inheritance.
	if cg.v2 != "" && cg.v2Leaves {
		if v2, err = os.Open(filepath.Join(cg.v2, payloadLeaf)); err != nil {
			return nil, nil, fmt.Errorf("open payload cgroup: %w", err)
		}
	}
	for _, top := range cg.tops() {
		if top == cg.v2 {
			continue
		}
		f, err := os.OpenFile(filepath.Join(cg.payloadDir(top), "tasks"), os.O_WRONLY, 0)
		if err != nil {
			return v2, v1, fmt.Errorf("open payload cgroup: %w", err)
		}
		v1 = append(v1, f)
	}
	return v2, v1, nil
}

// delegate lets uid (the container's root, as the host numbers it) place
// processes in the container's unified cgroup: clone3 into a cgroup needs
// write access to cgroup.procs of the common ancestor of where the child is
// and where it goes, and in a user namespace root inside is not root here.
func (cg *Cgroup) Delegate(uid, gid int) error {
	if cg.v2 == "" || !cg.v2Leaves {
		return nil // the init's children are born where it is: no clone3 into another
	}
	for _, p := range []string{cg.v2, filepath.Join(cg.v2, "cgroup.procs"), filepath.Join(cg.v2, payloadLeaf), filepath.Join(cg.v2, payloadLeaf, "cgroup.procs")} {
		if err := cg.rec.Chown(p, uid, gid, "delegate the cgroup to the container's root"); err != nil {
			return fmt.Errorf("delegate cgroup: %w", err)
		}
	}
	return nil
}

// add puts the init in its v1 init/ leaves when there is no cgroup2; with
// cgroup2, clone3 already put it in its unified cgroup, and the v1
// hierarchies hold only the payload. On v1 only the moved process itself changes
// cgroup, not what it already started: this runs before the init forks.
// With a cgroup namespace the init was born in the container's
// directories (JoinV1), and stays there in v1 (see Settle).
func (cg *Cgroup) Add(pid int) error {
	if cg.v2 != "" || cg.namespaced {
		return nil
	}
	for _, top := range cg.tops() {
		if err := cg.write(filepath.Join(top, initLeaf, "cgroup.procs"), strconv.Itoa(pid), "the init joins the container's cgroup, outside its limits"); err != nil {
			return cgroupError("put the init in its cgroup", err)
		}
	}
	return nil
}

// JoinV1 moves the calling thread into the container's directory in each
// of its v1 hierarchies, and returns the move back to where it was. v1
// cgroups hold threads, and a child is born in the v1 cgroups of the
// thread that forks it; clone with CLONE_NEWCGROUP roots the child's
// namespace at the cgroups it is born in. So an init cloned from this
// thread between the two moves is born in the container's directories,
// in a namespace rooted there. The caller is locked to its OS thread and
// moves back before it does anything else: until then burk's own pid is
// listed in the container's cgroup.procs, where Kill would find it.
func (cg *Cgroup) JoinV1() (back func() error, err error) {
	var was []string
	back = func() error {
		var errs []error
		for _, dir := range was {
			if err := cg.write(filepath.Join(dir, "tasks"), "0", "the thread that cloned the init goes back to burk's own cgroup"); err != nil {
				errs = append(errs, cgroupError("leave the container's cgroup", err))
			}
		}
		return errors.Join(errs...)
	}
	mine, err := readFile("/proc/thread-self/cgroup")
	if err != nil {
		return back, cgroupError("read the thread's cgroups", err)
	}
	var joined []string
	for _, c := range sortedKeys(cg.v1) {
		top := cg.v1[c]
		if slices.Contains(joined, top) {
			continue // two controllers mounted together
		}
		from, ok := v1Path(string(mine), c)
		if !ok {
			return back, fmt.Errorf("join the container's cgroup: /proc/thread-self/cgroup names no %s hierarchy", c)
		}
		from = filepath.Join(cg.info.V1[c], from)
		if err := cg.write(filepath.Join(top, "tasks"), "0", "0 is the calling thread: the init it clones is born in the container's v1 cgroups, and its cgroup namespace rooted there"); err != nil {
			return back, cgroupError("join the container's cgroup", err)
		}
		joined, was = append(joined, top), append(was, from)
	}
	return back, nil
}

// v1Path finds the path of the v1 hierarchy with controller c in the
// contents of /proc/<pid>/cgroup ("id:controller,controller:/path").
func v1Path(procCgroup, c string) (string, bool) {
	for _, line := range strings.Split(procCgroup, "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) == 3 && f[0] != "0" && slices.Contains(strings.Split(f[1], ","), c) {
			return f[2], true
		}
	}
	return "", false
}

// AddPayload moves a process into the payload, inside the limits, in every
// hierarchy. Like Add, it moves the process and not its children.
func (cg *Cgroup) AddPayload(pid int) error {
	for _, top := range cg.tops() {
		if err := cg.write(filepath.Join(cg.payloadDir(top), "cgroup.procs"), strconv.Itoa(pid), "the process joins the container's limited cgroup"); err != nil {
			return cgroupError("put a process in the container's cgroup", err)
		}
	}
	return nil
}

// pids returns every process in the container's cgroup, in any hierarchy.
func (cg *Cgroup) Pids() ([]int, error) {
	return procsIn(cg.Dirs())
}

// procsIn lists the processes in some cgroups, each once, in order. A
// directory that is gone holds none.
func procsIn(dirs []string) ([]int, error) {
	var out []int
	for _, d := range dirs {
		data, err := readFile(filepath.Join(d, "cgroup.procs"))
		if err != nil {
			if errors.Is(err, unix.ENOENT) {
				continue
			}
			return out, fmt.Errorf("list the processes in a cgroup: %w", err)
		}
		for _, f := range strings.Fields(string(data)) {
			if n, err := strconv.Atoi(f); err == nil && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	sort.Ints(out)
	return out, nil
}

// kill ends every process in the container's cgroup: all at once with
// cgroup.kill where the kernel has it, then by pid until none is left.
func (cg *Cgroup) Kill() error {
	if cg == nil {
		return nil
	}
	if cg.v2 != "" && cg.unpopulated() {
		return nil
	}
	if cg.v2 != "" && cg.info.HasKill {
		err := writeFile(filepath.Join(cg.v2, "cgroup.kill"), "1")
		if !errors.Is(err, unix.ENOENT) {
			cg.rec.Record(fmt.Sprintf("write(%q, %q)", filepath.Join(cg.v2, "cgroup.kill"), "1"),
				"SIGKILL every process in the container's cgroup, and any it is forking now", 1, err)
		}
	}
	return killAll(cg.Dirs(), 2*time.Second)
}

// unpopulated reports whether the kernel counts no process anywhere in the
// container's unified cgroup. Every process of the container is born into
// it (clone3 CLONE_INTO_CGROUP) and cannot leave it, so after a PID
// namespace's init died this is the common case, and there is nothing to
// kill or to look for in the other hierarchies.
func (cg *Cgroup) unpopulated() bool {
	data, err := readFile(filepath.Join(cg.v2, "cgroup.events"))
	return err == nil && strings.Contains(string(data), "populated 0")
}

// killAll sends SIGKILL to every process in dirs until they are empty, for
// at most limit. A pid is only signalled through a pidfd opened before it
// was seen in the cgroup again, so a pid the kernel reused for a process
// elsewhere is never hit.
func killAll(dirs []string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for wait := 50 * time.Microsecond; ; wait = min(wait*2, 10*time.Millisecond) {
		pids, err := procsIn(dirs)
		if err != nil {
			return err
		}
		if len(pids) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("processes %v were still in %s %v after SIGKILL", pids, filepath.Dir(dirs[0]), limit)
		}
		fds := map[int]int{}
		for _, p := range pids {
			if p == os.Getpid() {
				// burk itself, were the thread that cloned an init still
				// in its v1 cgroups (JoinV1): never signalled.
				continue
			}
			fd, err := unix.PidfdOpen(p, 0)
			if errors.Is(err, unix.ENOSYS) {
				unix.Kill(p, unix.SIGKILL) // before Linux 5.3: no pidfds
				continue
			}
			if err == nil {
				fds[p] = fd
			}
		}
		again, _ := procsIn(dirs)
		for _, p := range again {
			if fd, ok := fds[p]; ok {
				unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0)
			}
		}
		for _, fd := range fds {
			unix.Close(fd)
		}
		time.Sleep(wait)
	}
}
