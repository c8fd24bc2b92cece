package sandbox

// The guard: what burk leaves on the host goes when burk goes, however it
// goes. A container without a PID namespace keeps running when its init
// dies (its processes are only re-parented), and a proc mount or a cgroup
// burk made stays on the host until someone removes it. Undo and Close do
// that on every way out that runs Go code; SIGKILL, the OOM killer and a
// closed laptop lid run none.
//
// So the first container start of a burk process also starts a guard: a
// small burk of its own session, which holds the read end of a pipe whose
// only write end is burk's. When burk dies, the kernel closes that write
// end, the guard's read returns, and the guard recovers the dead instance
// exactly as the next burk's start would (Recover): it kills the processes
// in the instance's cgroups, unmounts what its journals say it mounted,
// and removes its cgroups and state. On a normal exit it finds nothing.
// Recovery at the next start stays as a second line, for when the guard
// itself was killed.
//
// The guard is started through a second exec, so that it is not burk's
// child: it outlives burk by design, and burk's parent (a shell, a test)
// must not find a child of burk's it did not start.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
)

// GuardArg is the hidden first argument that makes the burk binary the
// guard of an instance. main checks for it before anything else runs.
const GuardArg = "__burk_guard__"

// IsGuard reports whether this process was started as a guard.
func IsGuard() bool { return len(os.Args) > 1 && os.Args[1] == GuardArg }

// The guard's two stages: detach starts watch and exits; watch waits for
// burk to die.
const (
	guardDetach = "detach"
	guardWatch  = "watch"
)

// startGuard starts the guard of this instance, once per burk process.
func (h *Host) startGuard() error {
	h.guardOnce.Do(func() { h.guardErr = h.spawnGuard() })
	return h.guardErr
}

func (h *Host) spawnGuard() error {
	r, w, err := os.Pipe() // both ends close-on-exec: no container inherits w
	if err != nil {
		return fmt.Errorf("start the guard: %w", err)
	}
	defer r.Close()
	cmd := exec.Command("/proc/self/exe", GuardArg, guardDetach, h.id, h.stateDir)
	cmd.Args[0] = "burk-guard"
	cmd.ExtraFiles = []*os.File{r}
	out, err := cmd.StdoutPipe()
	if err != nil {
		w.Close()
		return fmt.Errorf("start the guard: %w", err)
	}
	if err := cmd.Start(); err != nil {
		w.Close()
		return fmt.Errorf("start the guard: %w", err)
	}
	var pid int
	_, scanErr := fmt.Fscanf(bufio.NewReader(out), "%d\n", &pid)
	if err := cmd.Wait(); err != nil || scanErr != nil || pid <= 0 {
		w.Close()
		return fmt.Errorf("start the guard: %v %v", err, scanErr)
	}
	h.guardPipe, h.guardPID = w, pid // kept open for as long as burk lives
	return nil
}

// GuardPID is the pid of this burk's guard, 0 before the first container.
func (h *Host) GuardPID() int { return h.guardPID }

// Guard is the guard's main; it never returns.
func Guard() {
	if len(os.Args) != 5 {
		os.Exit(2)
	}
	stage, id, stateDir := os.Args[2], os.Args[3], os.Args[4]
	switch stage {
	case guardDetach:
		// A session of its own: the terminal's hangup and Ctrl-C, which
		// go to burk's process group, must not end the guard before it
		// has cleaned up after burk.
		cmd := exec.Command("/proc/self/exe", GuardArg, guardWatch, id, stateDir)
		cmd.Args[0] = "burk-guard"
		cmd.ExtraFiles = []*os.File{os.NewFile(3, "burk")}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			os.Exit(1)
		}
		fmt.Println(cmd.Process.Pid)
		os.Exit(0) // the watcher is re-parented: it is nobody's child now
	case guardWatch:
		signal.Ignore(unix.SIGHUP, unix.SIGINT, unix.SIGQUIT, unix.SIGPIPE)
		os.Chdir("/")
		buf := make([]byte, 1)
		for {
			_, err := unix.Read(3, buf) // EOF: the last write end, burk's, is closed
			if err != unix.EINTR {
				break
			}
		}
		recoverInstance(id, stateDir)
		os.Exit(0)
	}
	os.Exit(2)
}

// recoverInstance is Recover for one instance: the one whose burk died.
func recoverInstance(id, stateDir string) {
	info, err := cgroup.Detect()
	h := &Host{id: "guard-" + strconv.Itoa(os.Getpid()), stateDir: stateDir, cgroups: cgroup.Manager{Info: info}}
	if err != nil {
		h.cgroupErr = err
	}
	h.recoverWhere(func(inst string) bool { return inst == id })
}
