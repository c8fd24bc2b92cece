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
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// labEnv names the pid of the burk outside the lab, in the burk inside it.
const labEnv = "BURK_LAB"

// InLab reports whether this burk runs inside a lab its parent made.
func InLab() bool { return labOutside() > 0 }

// labOutside is the pid of the burk outside the lab, or 0.
var labOutside = sync.OnceValue(func() int {
	if IsRealRoot() {
		return 0
	}
	n, _ := strconv.Atoi(os.Getenv(labEnv))
	return n
})

// LabNotice is what a learner is told, once, when the tour runs rootless.
const LabNotice = "burk: you are not root, so the tour runs in a rootless lab (a user namespace where you are root);\n" +
	"      what differs is shown at each step. sudo gives the full tour. burk doctor says what this machine allows."

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
	cmd := &exec.Cmd{
		Path:   "/proc/self/exe",
		Args:   os.Args,
		Env:    append(os.Environ(), labEnv+"="+strconv.Itoa(os.Getpid()), "BURK_STATE_DIR="+state),
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		SysProcAttr: &syscall.SysProcAttr{
			// The user namespace is made first, so the mount namespace made
			// in the same clone belongs to it: the lab may mount in it.
			Cloneflags: unix.CLONE_NEWUSER | unix.CLONE_NEWNS,
			// One id: an ordinary user may map only their own uid and gid
			// (newuidmap, setuid root, is what maps a range from
			// /etc/subuid). The map makes them uid 0 in the lab, so the
			// exec into it keeps every capability of that namespace.
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
			// Without this the kernel refuses an unprivileged gid map:
			// with setgroups allowed, root in the lab could drop a group
			// that was there to deny it access (user_namespaces(7)).
			GidMappingsEnableSetgroups: false,
			// The lab dies with this burk (see startInit for why the
			// thread that clones stays locked).
			Pdeathsig: syscall.SIGKILL,
		},
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
			done <- err
			return
		}
		done <- cmd.Wait()
	}()
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
//   - the lab has one id, its root (the learner): a user namespace made in
//     it can map only that id, so root in the container is the learner.
func labSpec(spec Spec) Spec {
	if !InLab() {
		return spec
	}
	if spec.MountProc && !spec.Namespaces.PID && spec.Root == RootChroot {
		spec.HostProc = true
	}
	if spec.Namespaces.User {
		spec.UIDMap = []IDMap{{ContainerID: 0, HostID: 0, Size: 1}}
		spec.GIDMap = []IDMap{{ContainerID: 0, HostID: 0, Size: 1}}
	}
	return spec
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
	msg := "the lab's user namespace was made, but without capabilities in it (CapEff has no CAP_SYS_ADMIN)"
	if c.Fix != "" {
		msg += "; AppArmor denies them: " + c.Fix
	}
	return &RootlessError{Blocked: []Check{{Name: "lab", Detail: msg, Fix: "see burk doctor"}}}
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
