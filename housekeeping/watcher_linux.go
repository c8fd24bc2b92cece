package housekeeping

// The shape both of burk's guards share (this package's, which recovers an
// instance, and the rootless lab's, which puts a delegated cgroup back,
// machine/labguard_linux.go): burk starts itself again as a small process
// of its own session, holding the read end of a pipe whose only write end
// is burk's. The kernel closes that end when burk dies, however it dies —
// SIGKILL, the OOM killer, a closed laptop lid — and the guard's read
// returns. When burk leaves on its own it first writes a byte that says
// so, and waits for the guard to end.

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Watcher is a running guard, as the burk it watches holds it.
type Watcher struct {
	cmd  *exec.Cmd
	pipe *os.File // burk's write end: the only one
	once sync.Once
	err  error
}

// watcherDone is what burk writes to the pipe when it leaves on its own;
// end of file without it means burk died.
const watcherDone = 'q'

// StartWatcher starts /proc/self/exe with args (a hidden first argument
// that the binary's init entry checks, then the guard's own) as a guard
// of this burk process: it reads its end of the pipe as fd 3 (BurkDied).
func StartWatcher(args ...string) (*Watcher, error) {
	r, w, err := os.Pipe() // both ends close-on-exec: no container inherits w
	if err != nil {
		return nil, fmt.Errorf("start the guard: %w", err)
	}
	defer r.Close()
	cmd := exec.Command("/proc/self/exe", args...)
	cmd.Args[0] = "burk-guard"
	cmd.ExtraFiles = []*os.File{r}
	// Its own session: the terminal's hangup and Ctrl-C, which go to
	// burk's process group, must not end the guard before it has cleaned
	// up after burk.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, fmt.Errorf("start the guard: %w", err)
	}
	// w stays open for as long as burk lives, or until Stop.
	return &Watcher{cmd: cmd, pipe: w}, nil
}

// PID is the guard's pid.
func (g *Watcher) PID() int { return g.cmd.Process.Pid }

// Stop tells the guard that burk leaves on its own, and waits for it to
// end, so that burk leaves no process behind it either. Only the first
// call does it.
func (g *Watcher) Stop() error {
	g.once.Do(func() {
		g.pipe.Write([]byte{watcherDone})
		g.pipe.Close()
		done := make(chan error, 1)
		go func() { done <- g.cmd.Wait() }()
		select {
		case g.err = <-done:
		case <-time.After(time.Second):
			g.err = fmt.Errorf("the guard (pid %d) did not end", g.PID())
		}
	})
	return g.err
}

// BurkDied is for the guard: it waits on its pipe, fd 3, until burk says
// it is done (false) or dies (true).
func BurkDied() bool {
	buf := make([]byte, 1)
	for {
		// EOF: the only write end, burk's, is closed, and burk died
		// unless it said it was done.
		n, err := unix.Read(3, buf)
		if err == unix.EINTR {
			continue
		}
		return n != 1 || buf[0] != watcherDone
	}
}
