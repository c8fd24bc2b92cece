package machine

// The lab's PID 1. The lab has a PID namespace of its own (EnterLab), as a
// machine has, and its first process is its PID 1: it makes the lab's
// mount namespace look like a host's, then runs burk there and reaps, as
// a machine's PID 1 does (superviseAsPID1). Unlike a machine it keeps the
// host's root: the learner's files, their rootfs cache and their terminal
// stay where they are.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// labInitEnv marks the process EnterLab starts as the lab's PID 1 (after
// PassLabGate, when there is a gate); the burk PID 1 runs has it removed.
// Its value is labForeground when the burk outside owned its terminal.
const labInitEnv = "BURK_LAB_INIT"

const labForeground = "foreground"

// IsLabInit reports whether this process is a lab's PID 1, past its gate.
func IsLabInit() bool {
	return os.Getenv(labInitEnv) != "" && os.Getenv(labGateEnv) == "" && os.Getpid() == 1
}

// LabInit is a lab's PID 1; it never returns.
func LabInit() {
	code, err := runLabInit()
	if err != nil {
		fmt.Fprintf(os.Stderr, "burk: the lab: %v\n", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// labWatchEnv names, in a lab's PID 1 that passed its gate, the fd whose
// writer is the burk outside the lab (PassLabGate).
const labWatchEnv = "BURK_LAB_WATCH"

func runLabInit() (int, error) {
	runtime.LockOSThread()
	if err := dieWithBurk(); err != nil {
		return 1, err
	}
	if err := labMounts(); err != nil {
		return 1, err
	}
	// The lab's processes get pids from 10000 up, as a host's long running
	// processes have large ones: a tour container's pid 2 must not be
	// mistaken for burk, which would be pid 2 here (the pid-ns step
	// compares them).
	os.WriteFile("/proc/sys/kernel/ns_last_pid", []byte("9999"), 0)
	foreground := os.Getenv(labInitEnv) == labForeground
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, labInitEnv+"=") && !strings.HasPrefix(e, labWatchEnv+"=") {
			env = append(env, e)
		}
	}
	dir, _ := os.Getwd()
	cmd := &exec.Cmd{
		Path:        "/proc/self/exe",
		Args:        os.Args,
		Env:         env,
		Dir:         dir,
		Stdin:       os.Stdin,
		Stdout:      os.Stdout,
		Stderr:      os.Stderr,
		SysProcAttr: &syscall.SysProcAttr{},
	}
	if foreground {
		// The terminal's foreground process group is the one of the burk
		// outside, which no pid in this namespace names: burk could not
		// give the terminal back after a shell inside took it. So burk
		// gets a group of its own here, in the foreground; the burk
		// outside takes the terminal back when the lab ends (EnterLab).
		cmd.SysProcAttr.Foreground = true
		cmd.SysProcAttr.Ctty = 0
	}
	// ^C from the terminal reaches burk's group itself (or its group is
	// PID 1's, off a terminal); the burk outside passes on the rest.
	// Caught, not ignored: an ignored signal stays ignored in what PID 1
	// starts, and Go's default for SIGINT and SIGQUIT would end PID 1, and
	// the lab with it, before burk could close its containers.
	swallow := make(chan os.Signal, 1)
	signal.Notify(swallow, unix.SIGINT, unix.SIGQUIT)
	go func() {
		for range swallow {
		}
	}()
	// What burk leaves running when it ends, its guard cleaning up after
	// its containers, gets as long as the lab's cgroup guard waits for it.
	return superviseAsPID1(cmd, []os.Signal{unix.SIGTERM, unix.SIGHUP}, labGuardWait, func() {})
}

// labMounts gives the lab's mount namespace a /proc of the lab's PID
// namespace, and makes its mounts shared, as a host's are (systemd makes
// / rshared): the tour's steps show what leaks to the host's mount table,
// and the lab's is that table. The mounts the lab got from the host are
// slaves of the host's (the kernel makes them so in a mount namespace of a
// less privileged user namespace), so nothing mounted here reaches the
// host, and all of it vanishes with the lab.
func labMounts() error {
	if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return os.NewSyscallError("mount proc on /proc", err)
	}
	if err := unix.Mount("", "/", "", unix.MS_SHARED|unix.MS_REC, ""); err != nil {
		return os.NewSyscallError("mount --make-rshared /", err)
	}
	return nil
}

// dieWithBurk has the kernel kill the lab's PID 1, and so the whole lab,
// when the burk outside dies. EnterLab asked for it at the clone, but an
// exec that gives a process capabilities it did not have clears the
// request (prctl(2), PR_SET_PDEATHSIG), and PassLabGate's exec does: the
// lab was born without id maps, so the exec before it dropped every
// capability. So PID 1 asks again, then looks whether the burk outside
// died before it asked: then the gate's pipe, whose writer it holds until
// it dies, has hung up.
func dieWithBurk() error {
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0, 0, 0); err != nil {
		return os.NewSyscallError("prctl(PR_SET_PDEATHSIG)", err)
	}
	if os.Getenv(labWatchEnv) != "3" {
		return nil // no gate: the request made at the clone stands
	}
	fds := []unix.PollFd{{Fd: 3, Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, 0)
		if err == unix.EINTR {
			continue
		}
		unix.Close(3)
		if err != nil {
			return os.NewSyscallError("poll", err)
		}
		if fds[0].Revents&(unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0 {
			return errors.New("the burk outside the lab has ended")
		}
		return nil
	}
}
