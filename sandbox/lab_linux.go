package sandbox

// The lab: how burk runs for a learner who is not root. Namespaces, mounts
// and cgroups are root's to make — more exactly, each needs a capability
// (CAP_SYS_ADMIN) in the user namespace that owns what it changes. An
// ordinary user has no capability in the machine's user namespace, but
// may make a user namespace of their own, and in it they hold every
// capability, over what that namespace owns. So burk, started by an
// ordinary user, first re-executes itself into a new user namespace where
// the learner is root (uid 0 inside is their uid outside), with a mount
// namespace of its own, and runs the tour there: the lab.
//
// What the lab owns it may change: its mount table (a mount namespace made
// together with the user namespace belongs to it), and every namespace
// the tour's containers make inside it. What it does not own stays out of
// reach, and the tour says so where a step meets it: the host's PID
// namespace (no new proc mount without a PID namespace of the lab's own),
// the host's hostname (no UTS namespace yet), device numbers (mknod needs
// CAP_MKNOD in the machine's user namespace), the host's cgroups (unless
// systemd delegated a subtree to the user).
//
// The lab has no PID, UTS or network namespace of its own: ps and the
// hostname there are the host's. Its mount table is its own from the
// start, so the host pane reads the mount table of the burk outside it
// (BURK_LAB names its pid), which is the host's.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/i18n"
)

// labEnv names the pid of the burk outside the lab, in the burk inside it.
const labEnv = "BURK_LAB"

// InLab reports whether this burk runs inside a lab its parent made, or
// as root of a machine of its own (InMachine): in both it is root of a
// user namespace, not of the host.
func InLab() bool { return labOutside() > 0 || InMachine() }

// labOutside is the pid of the burk outside the lab, or 0.
var labOutside = sync.OnceValue(func() int {
	if IsRealRoot() {
		return 0
	}
	n, _ := strconv.Atoi(os.Getenv(labEnv))
	return n
})

// LabNotice is what a learner is told, once, when the tour runs rootless.
var LabNotice = i18n.T("burk: you are not root, so the tour runs in a rootless lab (a user namespace where you are root);\n" +
	"      what differs is shown at each step. sudo gives the full tour. burk doctor says what this machine allows.")

// labCgroupEnv names, in the lab, the delegated cgroup its containers'
// cgroups go below (see labCgroup); unset when there is none.
const labCgroupEnv = "BURK_LAB_CGROUP"

// labGateEnv tells a lab born without id maps to wait on fd 3 until its
// parent has written them (with newuidmap), then start again (PassLabGate).
const labGateEnv = "BURK_LAB_GATE"

// EnterLab runs this burk again, with the same arguments, inside a new
// user namespace and mount namespace, and returns its exit status. The
// caller exits with it.
func EnterLab() (int, error) {
	if err := CheckRootless(); err != nil {
		return 1, err
	}
	state, err := os.MkdirTemp("", "burk-lab-")
	if err != nil {
		return 1, fmt.Errorf("make the lab's state directory: %w", err)
	}
	defer os.RemoveAll(state)
	env := append(os.Environ(), labEnv+"="+strconv.Itoa(os.Getpid()), "BURK_STATE_DIR="+state)
	// The lab is born in the cgroup this burk is in: a leaf of its own
	// when the cgroup is delegated, so that the lab's containers may have
	// cgroups beside it.
	cgroupDir, leave := labCgroup()
	if cgroupDir != "" {
		env = append(env, labCgroupEnv+"="+cgroupDir)
	}
	ranges, rangeErr := subordinateIDs(liveRootlessEnv())
	cmd := &exec.Cmd{
		Path:   "/proc/self/exe",
		Args:   os.Args,
		Env:    env,
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		SysProcAttr: &syscall.SysProcAttr{
			// The user namespace is made first, so the mount namespace made
			// in the same clone belongs to it: the lab may mount in it.
			Cloneflags: unix.CLONE_NEWUSER | unix.CLONE_NEWNS,
			// The lab dies with this burk (see startInit for why the
			// thread that clones stays locked).
			Pdeathsig: syscall.SIGKILL,
		},
	}
	var gate *os.File
	if rangeErr == nil {
		// A range from /etc/subuid is mapped by newuidmap, setuid root,
		// from outside once the lab exists: the lab waits for it before
		// it starts for real (PassLabGate).
		r, w, err := os.Pipe()
		if err != nil {
			leave()
			return 1, err
		}
		defer r.Close()
		cmd.ExtraFiles = []*os.File{r}
		cmd.Env = append(cmd.Env, labGateEnv+"=1")
		gate = w
	} else {
		// One id: an ordinary user may map only their own uid and gid.
		// The map makes them uid 0 in the lab, so the exec into it keeps
		// every capability of that namespace.
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
		// Without this the kernel refuses an unprivileged gid map: with
		// setgroups allowed, root in the lab could drop a group that was
		// there to deny it access (user_namespaces(7)).
		cmd.SysProcAttr.GidMappingsEnableSetgroups = false
	}
	// The terminal's signals reach both burks (one process group); kill
	// and hangup sent to this one are passed on, and this one waits for
	// the lab to finish closing its containers.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, unix.SIGINT, unix.SIGTERM, unix.SIGHUP)
	defer signal.Stop(sigs)
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread is the lab's parent
		if err := cmd.Start(); err != nil {
			if gate != nil {
				gate.Close()
			}
			done <- err
			return
		}
		if gate != nil {
			if err := mapLabRanges(cmd.Process.Pid, ranges); err != nil {
				fmt.Fprintf(os.Stderr, "burk: %v; the lab maps one id instead\n", err)
			}
			gate.Write([]byte{1})
			gate.Close()
		}
		done <- cmd.Wait()
	}()
	defer leave()
	for {
		select {
		case s := <-sigs:
			if cmd.Process != nil && s != unix.SIGINT {
				cmd.Process.Signal(s)
			}
		case err := <-done:
			if cmd.ProcessState == nil {
				return 1, fmt.Errorf("make the lab (clone(CLONE_NEWUSER|CLONE_NEWNS)): %w", err)
			}
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if ws.Signaled() {
				return 128 + int(ws.Signal()), nil
			}
			return ws.ExitStatus(), nil
		}
	}
}

// idRange is the subordinate ids /etc/subuid and /etc/subgid give a user.
type idRange struct {
	uid, gid           int // the learner's own
	uidStart, gidStart int
	count              int
}

// subordinateIDs finds the user's first range in /etc/subuid and
// /etc/subgid, and newuidmap and newgidmap to map it: the programs are
// setuid root, and map only what those files grant.
func subordinateIDs(env rootlessEnv) (idRange, error) {
	for _, p := range []string{"newuidmap", "newgidmap"} {
		if _, err := env.lookPath(p); err != nil {
			return idRange{}, err
		}
	}
	us, un := subordinateStart(env, "/etc/subuid", env.uid)
	gs, gn := subordinateStart(env, "/etc/subgid", env.gid)
	if un == 0 || gn == 0 {
		return idRange{}, fmt.Errorf("no range in /etc/subuid and /etc/subgid")
	}
	return idRange{uid: env.uid, gid: env.gid, uidStart: us, gidStart: gs, count: min(un, gn)}, nil
}

// subordinateStart returns the first range /etc/subuid (or subgid) gives
// the user, by name or by number: its first id and how many.
func subordinateStart(env rootlessEnv, path string, id int) (start, count int) {
	for _, r := range subordinateRanges(env, path) {
		if r.owner == env.userName || r.owner == strconv.Itoa(id) {
			return r.first, r.count
		}
	}
	return 0, 0
}

// mapLabRanges writes the lab's id maps with newuidmap and newgidmap: 0 is
// the learner, and the subordinate range is mapped to itself, so an id of
// it means the same inside the lab and out. The user-ns step's container
// then maps its root to the same unprivileged id it would as root. When
// they fail, the lab gets the one id an ordinary user may map alone.
func mapLabRanges(pid int, r idRange) error {
	for _, m := range []struct {
		prog       string
		own, start int
	}{{"newuidmap", r.uid, r.uidStart}, {"newgidmap", r.gid, r.gidStart}} {
		args := []string{strconv.Itoa(pid), "0", strconv.Itoa(m.own), "1",
			strconv.Itoa(m.start), strconv.Itoa(m.start), strconv.Itoa(r.count)}
		if out, err := exec.Command(m.prog, args...).CombinedOutput(); err != nil {
			mapOneID(pid)
			return fmt.Errorf("%s %s: %v: %s", m.prog, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
		}
	}
	return nil
}

// mapOneID writes the maps an ordinary user may write alone: their own
// uid and gid as 0, with setgroups denied first, as the kernel demands.
func mapOneID(pid int) {
	dir := fmt.Sprintf("/proc/%d/", pid)
	os.WriteFile(dir+"uid_map", []byte(fmt.Sprintf("0 %d 1", os.Getuid())), 0)
	os.WriteFile(dir+"setgroups", []byte("deny"), 0)
	os.WriteFile(dir+"gid_map", []byte(fmt.Sprintf("0 %d 1", os.Getgid())), 0)
}

// IsLabGate reports whether this process is a lab waiting for its maps.
func IsLabGate() bool { return os.Getenv(labGateEnv) != "" && os.Getenv(labEnv) != "" }

// PassLabGate waits until the burk outside has written the lab's id maps,
// then starts this burk again: capabilities in a user namespace are given
// at exec to a process whose uid is 0 there, and until the maps were
// written this one's uid was no id at all. It never returns.
func PassLabGate() {
	buf := make([]byte, 1)
	for {
		n, err := unix.Read(3, buf)
		if err == unix.EINTR {
			continue
		}
		if n != 1 {
			os.Exit(1) // the burk outside died before it let us in
		}
		break
	}
	unix.Close(3)
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, labGateEnv+"=") {
			env = append(env, e)
		}
	}
	err := unix.Exec("/proc/self/exe", os.Args, env)
	fmt.Fprintf(os.Stderr, "burk: start the lab: %v\n", os.NewSyscallError("execve", err))
	os.Exit(1)
}

// labCgroup moves this burk into a leaf of its own in its cgroup when that
// is delegated to the learner (cgroup.Delegation), and returns the cgroup
// and the undo, which this burk runs once the lab has ended. Without one
// the lab has no cgroups, and burk doctor says why.
func labCgroup() (dir string, leave func()) {
	nothing := func() {}
	info, err := cgroup.Detect()
	if err != nil {
		return "", nothing
	}
	d, err := cgroup.FindDelegation(info)
	if err != nil {
		return "", nothing
	}
	leaf := "burk-lab-" + strconv.Itoa(os.Getpid())
	before, _ := d.Controllers()
	_, undo, err := d.Prepare(leaf, os.Getpid(), []string{"memory", "pids", "cpu"})
	if err != nil {
		fmt.Fprintf(os.Stderr, "burk: %v\n      the cgroups step skips its demonstrations\n", err)
		return "", nothing
	}
	// What undo does, done by a guard if this burk is killed.
	guard, err := startLabGuard(d, leaf, before)
	if err != nil {
		undo()
		fmt.Fprintf(os.Stderr, "burk: %v\n      the cgroups step skips its demonstrations\n", err)
		return "", nothing
	}
	return d.Dir, func() {
		// The lab's guard may still be recovering after a lab that was
		// killed: wait for burk to be the leaf's last process.
		procs := filepath.Join(d.Dir, leaf, "cgroup.procs")
		for range 200 {
			data, _ := os.ReadFile(procs)
			if strings.TrimSpace(string(data)) == strconv.Itoa(os.Getpid()) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err := errors.Join(guard.stop(d), undo()); err != nil {
			fmt.Fprintf(os.Stderr, "burk: put the delegated cgroup back: %v\n", err)
		}
	}
}

// killTree kills the descendants of pid, without a cgroup to list them: a
// process whose parent dies is re-parented away, so it is found while its
// parents still live, and stopped first (SIGSTOP) so it forks no more.
func killTree(pid int) {
	for range 10 {
		tree := processTreeByChildren(pid)
		var rest []int
		for _, p := range tree {
			if p.PID != pid {
				rest = append(rest, p.PID)
			}
		}
		if len(rest) == 0 {
			return
		}
		for _, p := range rest {
			unix.Kill(p, unix.SIGSTOP)
		}
		for _, p := range rest {
			unix.Kill(p, unix.SIGKILL)
		}
	}
}

// labSpec is spec as a lab can run it; outside a lab, spec itself. Each
// change is one the kernel forces, and shows in the trace:
//   - a new proc mount needs CAP_SYS_ADMIN over the PID namespace it shows;
//     the host's belongs to the machine's user namespace, so without a PID
//     namespace of the container's own the host's /proc is bound instead
//     (ps still lists every host process, as a proc mount would);
//   - a user namespace made in the lab can map only ids the lab has: its
//     subordinate range, mapped to itself (mapLabRanges), when newuidmap
//     and /etc/subuid gave it one, else the one id, its root (the learner).
func labSpec(spec Spec) Spec {
	if !InLab() {
		return spec
	}
	// A machine owns its PID namespace: its proc mounts are its own to make.
	if spec.MountProc && !spec.Namespaces.PID && spec.Root == RootChroot && !InMachine() {
		spec.HostProc = true
	}
	if spec.Namespaces.User {
		spec.UIDMap = labIDMap(spec.UIDMap, readTrimmed("/proc/self/uid_map"))
		spec.GIDMap = labIDMap(spec.GIDMap, readTrimmed("/proc/self/gid_map"))
	}
	return spec
}

func readTrimmed(p string) string { s, _ := readTrim(p); return s }

// labIDMap is want as the lab can map it, given the lab's own map (the
// text of its uid_map or gid_map: inside, outside, count per line). A map
// whose ids the lab has is kept; else root goes to the start of the lab's
// largest range besides its root, as many ids as it has; else to the
// lab's root alone.
func labIDMap(want []IDMap, labMap string) []IDMap {
	type span struct{ start, n int }
	var spans []span
	for _, line := range strings.Split(labMap, "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		in, _ := strconv.Atoi(f[0])
		n, _ := strconv.Atoi(f[2])
		spans = append(spans, span{in, n})
	}
	has := func(m IDMap) bool {
		for _, s := range spans {
			if m.HostID >= s.start && m.HostID+m.Size <= s.start+s.n {
				return true
			}
		}
		return false
	}
	fits := len(want) > 0
	for _, m := range want {
		fits = fits && has(m)
	}
	if fits {
		return want
	}
	var best span
	for _, s := range spans {
		if s.start != 0 && s.n > best.n {
			best = s
		}
	}
	if best.n > 1 {
		size := best.n
		if len(want) > 0 && want[0].Size < size {
			size = want[0].Size
		}
		return []IDMap{{ContainerID: 0, HostID: best.start, Size: size}}
	}
	return []IDMap{{ContainerID: 0, HostID: 0, Size: 1}}
}

// LabCapabilities checks, inside the lab, that it holds the capabilities
// the kernel gave it. Under Ubuntu's AppArmor restriction the namespace is
// made but none is: say so, and how to fix it, rather than fail later.
func LabCapabilities() error {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "CapEff:"); ok {
			n, _ := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			if n&(1<<unix.CAP_SYS_ADMIN) != 0 {
				return nil
			}
		}
	}
	c, _ := appArmorCheck(liveRootlessEnv())
	msg := i18n.T("the lab's user namespace was made, but without capabilities in it (CapEff has no CAP_SYS_ADMIN)")
	if !c.OK {
		msg = i18n.T("%s; AppArmor denies them: %s", msg, c.FixMsg)
	}
	return &RootlessError{Blocked: []Check{said(Check{Name: "lab"}, msg, i18n.T("see burk doctor"))}}
}

// labUIDs maps an id as the lab sees it to the id outside, through the
// lab's map (/proc/self/uid_map: inside, outside, count); an id the map
// does not cover is returned as it is.
func labUID(id int) int {
	data, err := os.ReadFile("/proc/self/uid_map")
	if err != nil {
		return id
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		in, _ := strconv.Atoi(f[0])
		out, _ := strconv.Atoi(f[1])
		n, _ := strconv.Atoi(f[2])
		if id >= in && id < in+n {
			return out + id - in
		}
	}
	return id
}
