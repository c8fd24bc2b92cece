package machine

// PID 1 of a machine: it builds the machine's root while the server's is
// still reachable, pivots into it, and runs the program.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/sandbox"
)

// InitArg is the hidden first argument that makes burk a machine's PID 1.
// main checks for it before anything else runs.
const InitArg = "__burk_machine__"

// configEnv carries the Config, as JSON, from the server to PID 1.
const configEnv = "BURK_MACHINE_CONFIG"

// IsInit reports whether this process was started as a machine's PID 1.
func IsInit() bool { return len(os.Args) > 1 && os.Args[1] == InitArg }

// Init is a machine's PID 1; it never returns.
func Init() {
	code, err := runInit()
	if err != nil {
		fmt.Fprintf(os.Stderr, "burk: machine: %v\r\n", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runInit() (int, error) {
	// unshare(CLONE_NEWCGROUP) moves only this thread; the program is
	// forked from it, so it stays this goroutine's thread.
	runtime.LockOSThread()
	if err := waitAtGate(); err != nil {
		return 1, err
	}
	var cfg Config
	if err := json.Unmarshal([]byte(os.Getenv(configEnv)), &cfg); err != nil {
		return 1, fmt.Errorf("read the machine's config: %w", err)
	}
	os.Unsetenv(configEnv)
	// The server has put PID 1 in the machine's cgroup by now: a cgroup
	// namespace made here is rooted there, and the machine's
	// /proc/self/cgroup says "/".
	if err := unix.Unshare(unix.CLONE_NEWCGROUP); err != nil {
		return 1, os.NewSyscallError("unshare(CLONE_NEWCGROUP)", err)
	}
	if err := buildRoot(cfg); err != nil {
		return 1, err
	}
	if err := unix.Sethostname([]byte(cfg.Name)); err != nil {
		return 1, os.NewSyscallError("sethostname", err)
	}
	if err := loopbackUp(); err != nil {
		return 1, err
	}
	// The machine's processes get pids from 10000 up, as a host's long
	// running processes have large ones: a tour container's pid 2 must not
	// be mistaken for the host's burk (the pid-ns step compares them).
	os.WriteFile("/proc/sys/kernel/ns_last_pid", []byte("9999"), 0)
	env := []string{
		"PATH=" + BinDir + ":/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
		"HOME=/root",
		"XDG_STATE_HOME=" + StateInside,
		"XDG_CACHE_HOME=/tmp/.cache",
		"BURK_ROOTFS=" + cfg.Rootfs,
		Env + "=1",
	}
	if delegatedCgroup() {
		// The tour's containers get cgroups below the machine's, as a
		// rootless burk's go below the one systemd delegated.
		env = append(env, sandbox.LabCgroupEnv+"=/sys/fs/cgroup")
	}
	return runProgram(cfg, append(env, cfg.Env...))
}

// waitAtGate waits until the server has put PID 1 in its cgroup and
// opened the gate (fd 3); EOF means the server gave up on the machine.
func waitAtGate() error {
	buf := make([]byte, 1)
	for {
		n, err := unix.Read(3, buf)
		if err == unix.EINTR {
			continue
		}
		unix.Close(3)
		if n != 1 {
			return errors.New("the server closed the gate")
		}
		return nil
	}
}

// runProgram starts the program in a session of its own, with the
// learner's terminal as its controlling terminal, and reaps every process
// of the machine as PID 1 must until it ends. When it ends, the machine
// ends: every process left is killed.
func runProgram(cfg Config, env []string) (int, error) {
	cmd := &exec.Cmd{
		Path:        filepath.Join(BinDir, filepath.Base(cfg.Binary)),
		Args:        append([]string{"burk"}, cfg.Args...),
		Env:         env,
		Dir:         "/root",
		Stdin:       os.Stdin,
		Stdout:      os.Stdout,
		Stderr:      os.Stderr,
		SysProcAttr: &syscall.SysProcAttr{Setsid: true},
	}
	if _, err := unix.IoctlGetTermios(0, unix.TCGETS); err == nil {
		// The learner's terminal becomes the program's, so that ^C and a
		// resize reach the tour and the shells it starts.
		cmd.SysProcAttr.Setctty = true
	}
	return superviseAsPID1(cmd, []os.Signal{unix.SIGTERM, unix.SIGHUP, unix.SIGINT}, 0, passInbox(cmd))
}

// superviseAsPID1 starts cmd, passes it the signals forward, and reaps
// every process of the PID namespace, as its PID 1 must (an orphan is
// re-parented to PID 1, and stays a zombie until PID 1 waits for it),
// until none is left. When cmd ends, what is left gets grace to end on
// its own (a guard still cleaning up after it), then is killed; the exit
// status is cmd's. started runs once cmd has started: what PID 1 handed
// the program only (the room's inbox) it closes there.
func superviseAsPID1(cmd *exec.Cmd, forward []os.Signal, grace time.Duration, started func()) (int, error) {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, forward...)
	if err := cmd.Start(); err != nil {
		return 1, fmt.Errorf("start %s: %w", strings.Join(cmd.Args, " "), err)
	}
	started()
	pid := cmd.Process.Pid
	go func() {
		for s := range sigs {
			unix.Kill(pid, s.(syscall.Signal))
		}
	}()
	// kill(-1) from PID 1 reaches every other process of its PID
	// namespace, and nothing outside it.
	killRest := func() { unix.Kill(-1, unix.SIGKILL) }
	code := 1
	for {
		var ws unix.WaitStatus
		p, err := unix.Wait4(-1, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			break // no child left
		}
		if p == pid {
			code = ws.ExitStatus()
			if ws.Signaled() {
				code = 128 + int(ws.Signal())
			}
			if grace > 0 {
				time.AfterFunc(grace, killRest)
			} else {
				killRest()
			}
		}
	}
	return code, nil
}

// loopbackUp brings up the machine's only network device. A new network
// namespace has lo, down, and nothing else: the machine reaches no
// network, not even the server's own ports on its loopback.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return os.NewSyscallError("socket", err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return os.NewSyscallError("ioctl(lo, SIOCGIFFLAGS)", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return os.NewSyscallError("ioctl(lo, SIOCSIFFLAGS IFF_UP)", err)
	}
	return nil
}

// delegatedCgroup moves PID 1 into a leaf of the machine's cgroup and
// hands the controllers down, when the server delegated the cgroup (cgroup
// v2): a cgroup that hands controllers down may hold no process itself.
func delegatedCgroup() bool {
	const root = "/sys/fs/cgroup"
	if unix.Access(filepath.Join(root, "cgroup.subtree_control"), unix.W_OK) != nil {
		return false
	}
	leaf := filepath.Join(root, "machine")
	if err := os.Mkdir(leaf, 0o755); err != nil {
		return false
	}
	if err := os.WriteFile(filepath.Join(leaf, "cgroup.procs"), []byte("0"), 0); err != nil {
		return false
	}
	for _, c := range []string{"memory", "pids", "cpu"} {
		os.WriteFile(filepath.Join(root, "cgroup.subtree_control"), []byte("+"+c), 0)
	}
	return true
}
