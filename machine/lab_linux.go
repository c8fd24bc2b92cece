package machine

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
// reach, and the tour says so where a step meets it: device numbers (mknod needs
// CAP_MKNOD in the machine's user namespace), the host's cgroups (unless
// systemd delegated a subtree to the user).
//
// The lab has PID, UTS and IPC namespaces of its own too, so that it is a
// host of its own, as a served session's machine is: its PID 1 (LabInit)
// mounts the lab's /proc and makes its mounts shared as a host's are, and
// the tour's HOST pane shows the lab: its processes, its mount table. It
// keeps the host's root, network and cgroups. The runtime reads which
// kind of host it runs on (sandbox.InLab) and does what the lab allows
// (sandbox's labSpec); what is made here is the lab itself.

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/sandbox"
)

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
	initMode := "1"
	if foregroundOnTerminal() {
		initMode = labForeground
	}
	env := append(os.Environ(), sandbox.LabEnv+"=1", labInitEnv+"="+initMode, "BURK_STATE_DIR="+state)
	// The lab is born in the cgroup this burk is in: a leaf of its own
	// when the cgroup is delegated, so that the lab's containers may have
	// cgroups beside it.
	cgroupDir, leave := labCgroup()
	if cgroupDir != "" {
		env = append(env, sandbox.LabCgroupEnv+"="+cgroupDir)
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
			// The user namespace is made first, so the other namespaces
			// made in the same clone belong to it: the lab may mount in its
			// mount namespace, mount proc for its PID namespace, and name
			// its host in its UTS namespace. The child is the lab's PID 1
			// (LabInit).
			Cloneflags: unix.CLONE_NEWUSER | unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC,
			// The lab dies with this burk: when its PID 1 dies, the kernel
			// kills every process of its PID namespace (see sandbox's
			// startInit for why the thread that clones stays locked).
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
	// The lab's burk takes the terminal for a process group of its own
	// (LabInit): it is given back to this one's when the lab ends.
	if initMode == labForeground {
		defer takeTerminalBack()()
	}
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
			// Kept open while this burk lives: the lab's PID 1 sees it
			// close if this burk died before PID 1 could ask to die with
			// it (LabInit).
			defer gate.Close()
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
				return 1, fmt.Errorf("make the lab (clone(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWUTS|CLONE_NEWIPC)): %w", err)
			}
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if ws.Signaled() {
				return 128 + int(ws.Signal()), nil
			}
			return ws.ExitStatus(), nil
		}
	}
}

// foregroundOnTerminal reports whether stdin is this process's
// controlling terminal and its process group owns it: started in a
// terminal, not in the background (burk tour &) nor beside one.
func foregroundOnTerminal() bool {
	pgrp, err := unix.IoctlGetInt(0, unix.TIOCGPGRP)
	return err == nil && pgrp == unix.Getpgrp()
}

// takeTerminalBack remembers which process group owns the terminal on
// stdin, and returns how to give it back to that group.
func takeTerminalBack() func() {
	pgrp, err := unix.IoctlGetInt(0, unix.TIOCGPGRP)
	if err != nil {
		return func() {} // not a terminal
	}
	return func() {
		// A background process that sets the foreground group gets
		// SIGTTOU, which would stop it: ignore it for the call.
		signal.Ignore(unix.SIGTTOU)
		defer signal.Reset(unix.SIGTTOU)
		unix.IoctlSetPointerInt(0, unix.TIOCSPGRP, pgrp)
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
func IsLabGate() bool { return os.Getenv(labGateEnv) != "" && os.Getenv(sandbox.LabEnv) != "" }

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
	// Fd 3 stays open across the exec: its writer is the burk outside,
	// whose death the lab's PID 1 watches for on it (LabInit).
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, labGateEnv+"=") {
			env = append(env, e)
		}
	}
	env = append(env, labWatchEnv+"=3")
	err := unix.Exec("/proc/self/exe", os.Args, env)
	fmt.Fprintf(os.Stderr, "burk: start the lab: %v\n", os.NewSyscallError("execve", err))
	os.Exit(1)
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
	return noCapabilitiesError(liveRootlessEnv())
}
