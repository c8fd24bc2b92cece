package housekeeping

// The guard: what burk leaves on the host goes when burk goes, however it
// goes. A container without a PID namespace keeps running when its init
// dies (its processes are only re-parented), and a proc mount or a cgroup
// burk made stays on the host until someone removes it. Undo and Close do
// that on every way out that runs Go code; SIGKILL, the OOM killer and a
// closed laptop lid run none.
//
// So the first container start of a burk process also starts a guard: a
// small burk of its own session, which holds the read end of a pipe whose
// only write end is burk's (a Watcher, watcher_linux.go, the shape the
// rootless lab's cgroup guard shares). When burk dies, the kernel closes that write
// end, the guard's read returns, and the guard recovers the dead instance
// exactly as the next burk's start would (Recover): it kills the processes
// in the instance's cgroups, unmounts what its journals say it mounted,
// and removes its cgroups and state. On a normal exit it finds nothing.
// Recovery at the next start stays as a second line, for when the guard
// itself was killed.
//
// When burk leaves on its own it says so, and waits for the guard to end
// (Close): on a normal exit burk leaves no process behind either.
//
// The guard is burk's child, in a session of its own: the terminal's
// hangup and Ctrl-C, which go to burk's process group, must not end it
// before it has cleaned up after burk. Burk does not wait for it to be
// ready: its read end of the pipe is there from the fork on, so it sees
// burk's death whenever that comes. It costs burk's first container about
// 0.8 ms (burk run of /bin/true, with and without it, side by side); a
// shell waiting in its place, or a start beside the cgroup's creation,
// measured no cheaper.

import (
	"os"
	"os/signal"
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/sandbox"
)

// GuardArg is the hidden first argument that makes the burk binary the
// guard of an instance. sandbox/initentry checks for it before anything
// else runs.
const GuardArg = "__burk_guard__"

// IsGuard reports whether this process was started as a guard.
func IsGuard() bool { return len(os.Args) > 1 && os.Args[1] == GuardArg }

// StartGuard starts the guard of this burk process, once: the runtime
// asks for it as it starts the first container (sandbox.Keeper), and a
// caller that counts its children (a test) starts it before it counts.
func (k *Keeper) StartGuard() error {
	k.guardOnce.Do(func() { k.guardErr = k.spawnGuard() })
	return k.guardErr
}

func (k *Keeper) spawnGuard() error {
	g, err := StartWatcher(GuardArg, k.id, k.stateDir)
	if err != nil {
		return err
	}
	k.guard, k.guardPID = g, g.PID()
	return nil
}

// Close ends the guard when burk leaves on its own, having closed its
// containers: it tells the guard there is nothing to clean up, and waits
// for it, so that burk leaves no process behind it either.
func (k *Keeper) Close() error {
	// Its directory, if burk made one and left nothing in it; and the
	// state directory, if no other burk has one there.
	defer k.removeEmptyDirs()
	if k.guard == nil {
		return nil
	}
	return k.guard.Stop()
}

// GuardPID is the pid of this burk's guard, 0 before the first container.
func (k *Keeper) GuardPID() int { return k.guardPID }

// Guard is the guard's main; it never returns.
func Guard() {
	if len(os.Args) != 4 {
		os.Exit(2)
	}
	id, stateDir := os.Args[2], os.Args[3]
	signal.Ignore(unix.SIGHUP, unix.SIGINT, unix.SIGQUIT, unix.SIGPIPE)
	os.Chdir("/")
	if !BurkDied() {
		os.Exit(0)
	}
	recoverInstance(id, stateDir)
	os.Exit(0)
}

// recoverInstance is Recover for one instance: the one whose burk died.
func recoverInstance(id, stateDir string) {
	host, err := sandbox.NewHost(sandbox.HostOptions{Instance: "guard-" + strconv.Itoa(os.Getpid())})
	if err != nil {
		return
	}
	recoverWhere(host, stateDir, func(inst string) bool { return inst == id })
}
