package sandbox

// The lab's cgroup guard. Without root, the lab's containers get their
// cgroups below a cgroup systemd delegated to the learner: the burk outside
// the lab moves into a leaf of its own there, burk-lab-<pid>, and has the
// delegated cgroup hand its controllers down (labCgroup). Its undo puts
// that back when burk leaves on its own. A SIGKILL runs no undo: the leaf
// and the controllers stayed until the next start, which removes a dead
// burk's leaf but cannot know which controllers were handed down for it.
//
// So, as the guard does for root (housekeeping/guard_linux.go), the burk outside starts
// a guard beside its leaf: a burk of its own session, holding the read end
// of a pipe whose only write end is burk's. It lives in a leaf of its own,
// outside burk's (a cgroup with a process in it cannot be removed). When
// burk dies, it waits for burk's leaf to empty — the lab dies with burk,
// and the lab's own guard first recovers the lab's containers — then puts
// the delegated cgroup back as burk found it (cgroup.Delegation.Release).
// A leaf of a guard that was killed too is a dead burk-lab-<pid> leaf,
// which the next start removes.

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
)

// LabGuardArg is the hidden first argument that makes the burk binary the
// guard of a lab's delegated cgroup. sandbox/initentry checks for it
// before anything else runs.
const LabGuardArg = "__burk_lab_guard__"

// IsLabGuard reports whether this process was started as a lab's cgroup
// guard.
func IsLabGuard() bool { return len(os.Args) > 1 && os.Args[1] == LabGuardArg }

// LabGuard is the lab's cgroup guard's main; it never returns.
func LabGuard() { labCgroupGuard(os.Args[2:]) }

// labGuardDone is what burk writes to the guard's pipe when it leaves on
// its own; end of file without it means burk died.
const labGuardDone = 'q'

// labGuardWait is how long the guard waits for burk's leaf to empty: the
// lab's guard recovers its containers first (about a second for a few).
const labGuardWait = 30 * time.Second

// labGuard is the running guard of the delegated cgroup, as the burk
// outside the lab holds it.
type labGuard struct {
	cmd  *exec.Cmd
	pipe *os.File // burk's write end
	leaf string   // the guard's own leaf
}

// startLabGuard starts the guard of burk's leaf in d; before are the
// controllers d handed down before burk enabled its own.
func startLabGuard(d cgroup.Delegation, leaf string, before []string) (*labGuard, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("start the cgroup guard: %w", err)
	}
	defer r.Close()
	cmd := exec.Command("/proc/self/exe", LabGuardArg, d.Dir, leaf, strings.Join(before, ","))
	cmd.Args[0] = "burk-guard"
	cmd.ExtraFiles = []*os.File{r}
	// Its own session: the terminal's Ctrl-C and hangup go to burk's
	// process group, and must not end the guard before burk.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, fmt.Errorf("start the cgroup guard: %w", err)
	}
	return &labGuard{cmd: cmd, pipe: w, leaf: labGuardLeaf(cmd.Process.Pid)}, nil
}

// labGuardLeaf is the guard's own leaf: named as burk's are, so that the
// next start removes it if the guard was killed too.
func labGuardLeaf(pid int) string { return "burk-lab-" + strconv.Itoa(pid) }

// stop tells the guard burk leaves on its own, waits for it to end, and
// removes its leaf, which burk's undo could not: a cgroup with a process
// in it cannot be removed.
func (g *labGuard) stop(d cgroup.Delegation) error {
	g.pipe.Write([]byte{labGuardDone})
	g.pipe.Close()
	done := make(chan error, 1)
	go func() { done <- g.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Second):
		return fmt.Errorf("the cgroup guard (pid %d) did not end", g.cmd.Process.Pid)
	}
	dir := filepath.Join(d.Dir, g.leaf)
	for range 100 {
		err := unix.Rmdir(dir)
		if err == nil || err == unix.ENOENT {
			return nil
		}
		time.Sleep(10 * time.Millisecond) // the kernel empties it a moment after the exit
	}
	return fmt.Errorf("remove the cgroup guard's leaf %s: still busy", dir)
}

// labCgroupGuard is the guard's main: burk-guard DIR LEAF BEFORE. It
// never returns.
func labCgroupGuard(args []string) {
	if len(args) != 3 {
		os.Exit(2)
	}
	d := cgroup.Delegation{Dir: args[0]}
	leaf, before := args[1], strings.FieldsFunc(args[2], func(r rune) bool { return r == ',' })
	signal.Ignore(unix.SIGHUP, unix.SIGINT, unix.SIGQUIT, unix.SIGPIPE)
	os.Chdir("/")
	own := labGuardLeaf(os.Getpid())
	// Out of burk's leaf first. Should it fail, Release still works: it
	// waits for burk's leaf to hold no process but the guard's.
	d.Join(own, os.Getpid())
	if !burkDied() {
		os.Exit(0) // burk's undo does it
	}
	if err := d.Release(leaf, own, os.Getpid(), before, labGuardWait); err != nil {
		fmt.Fprintf(os.Stderr, "burk-guard: put the delegated cgroup back: %v\n", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// burkDied waits on the guard's pipe, fd 3, until burk says it is done
// (false) or dies (true): the only write end, burk's, closes with it.
func burkDied() bool {
	buf := make([]byte, 1)
	for {
		n, err := unix.Read(3, buf)
		if err == unix.EINTR {
			continue
		}
		return n != 1 || buf[0] != labGuardDone
	}
}
