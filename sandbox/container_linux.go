package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/trace"
)

// DefaultEnv is the environment of commands run inside when Spec.Env is empty.
var DefaultEnv = []string{
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"HOME=/root",
	"LC_ALL=C",
}

// setupTimeout bounds how long the init may take to set the container up.
const setupTimeout = 15 * time.Second

// Container is a running container: its init, its cgroup, and the undo of
// every change its start made to the host.
type Container struct {
	spec  Spec
	start time.Time
	on    *Host
	host  *trace.Recorder
	inner *trace.Recorder // the init's events, as it reported them

	cmd *exec.Cmd
	pid int
	cg  *cgroup.Cgroup
	ctl *os.File // the host's end of the control socket
	// inherited are the files the init inherits, from fd 3 on (the control
	// socket's other end, the payload cgroups); afterStart what was opened
	// only to start it. Start closes both once the init has them.
	inherited, afterStart []*os.File
	dec                   *json.Decoder
	enc                   *json.Encoder
	exited                chan struct{} // closed when the init has been waited for
	waitEr                error
	stderr                *bytes.Buffer
	// cloneFlags are the namespaces the init is cloned into.
	cloneFlags int

	// before is what the container could change of the host, as it was;
	// changes is what it had changed, found at Close.
	before  *hostBefore
	changes []HostChange

	// beforeClose, for a container burk did not start (Attach), runs at
	// Close while the container still lives.
	beforeClose func()

	mu      sync.Mutex // one request at a time
	broken  error      // set when the control channel is out of step
	undo    []func() error
	closed  bool
	closeMu sync.Mutex
}

// setupError is the init's failure, carrying the errno the kernel returned
// so callers can ask errors.Is(err, unix.EPERM).
type setupError struct {
	msg   string
	errno unix.Errno
}

func (e *setupError) Error() string        { return e.msg }
func (e *setupError) Unwrap() error        { return e.errno }
func (e *setupError) Is(target error) bool { return target == e.errno }

// startInit clones the init from a goroutine locked to its thread for as
// long as the init lives (see Pdeathsig, and cloneInit), and returns when
// the clone was made: the clone is stamped with that time, since an init
// born in its cgroup with its config waiting may run before Start returns
// to us, and its first calls must not come before the clone in the trace.
func (c *Container) startInit() (time.Duration, error) {
	type cloned struct {
		at  time.Duration
		err error
	}
	started := make(chan cloned, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: see cloneInit
		at, err := c.cloneInit()
		started <- cloned{at, err}
		if c.cmd.Process != nil {
			c.waitEr = c.cmd.Wait()
		}
		close(c.exited)
	}()
	r := <-started
	if c.cmd.Process != nil {
		c.pid = c.cmd.Process.Pid
	}
	return r.at, r.err
}

// recordClone puts into the trace what Go's fork did for us: the clone
// with its namespace flags, and the id maps it wrote for a user namespace
// while the child waited, all at the clone's time.
func (c *Container) recordClone(at time.Duration) {
	call := fmt.Sprintf("clone(%s)", cloneFlagNames(c.cloneFlags))
	if c.cmd.SysProcAttr.UseCgroupFD {
		call = fmt.Sprintf("clone3({flags=%s|CLONE_INTO_CGROUP, cgroup=%s})", cloneFlagNames(c.cloneFlags), c.cg.V2Dir())
	}
	c.host.RecordAt(at, call, "the init, in new namespaces", c.pid, nil)
	if c.spec.Namespaces.User {
		c.host.RecordAt(at, fmt.Sprintf("write(\"/proc/%d/setgroups\", \"deny\")", c.pid), "must come before gid_map", 0, nil)
		for _, m := range []struct {
			file string
			maps []IDMap
		}{{"uid_map", c.spec.UIDMap}, {"gid_map", c.spec.GIDMap}} {
			var lines []string
			for _, im := range m.maps {
				lines = append(lines, fmt.Sprintf("%d %d %d", im.ContainerID, im.HostID, im.Size))
			}
			// Go wrote the maps before the child went on; read back what the
			// kernel holds rather than repeat what we asked for.
			got, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", c.pid, m.file))
			result := strings.Join(strings.Fields(string(got)), " ")
			call := fmt.Sprintf("write(\"/proc/%d/%s\", %q)", c.pid, m.file, strings.Join(lines, "\n"))
			if err != nil {
				c.host.RecordAt(at, call, "", 0, err)
				continue
			}
			c.host.RecordAt(at, call+" → "+result, "root inside is this range outside", 0, nil)
		}
	}
}

// receive reads one reply, giving up when ctx ends, after timeout, or when
// the init dies.
func (c *Container) receive(ctx context.Context, timeout time.Duration, r *reply) error {
	done := make(chan error, 1)
	go func() { done <- c.dec.Decode(r) }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		c.broken = ctx.Err()
		c.ctl.SetDeadline(time.Now()) // unblock the decoder
		<-done
		return ctx.Err()
	case <-timer.C:
		c.broken = errors.New("the init did not answer in time")
		c.ctl.SetDeadline(time.Now())
		<-done
		return c.broken
	}
}

// initError explains a broken control channel with what the init printed.
func (c *Container) initError(err error) error {
	select {
	case <-c.exited:
		msg := strings.TrimSpace(c.stderr.String())
		if msg != "" {
			return fmt.Errorf("the init exited (%v): %s", c.waitEr, msg)
		}
		return fmt.Errorf("the init exited: %v", c.waitEr)
	case <-time.After(100 * time.Millisecond):
		return err
	}
}

// Pid is the init's process id on the host.
func (c *Container) Pid() int { return c.pid }

// Spec is the spec the container runs: in a lab, with the changes the
// kernel forces there (see labSpec).
func (c *Container) Spec() Spec { return c.spec }

// Trace returns every syscall made for the container so far, from both
// sides, in the order they returned.
func (c *Container) Trace() []Event {
	evs := append(c.host.Events(), c.inner.Events()...)
	// Both sides timed their events on the same clock: in the order they
	// returned.
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At < evs[j].At })
	return evs
}

// Exec runs a command inside the container and waits for it. The error is
// only for a container that can no longer be asked; a command that fails is
// described in the result.
func (c *Container) Exec(ctx context.Context, args ...string) (ExecResult, error) {
	timeout := 10 * time.Second
	if d, ok := ctx.Deadline(); ok {
		timeout = time.Until(d)
	}
	var r reply
	if err := c.call(ctx, request{Op: "exec", Args: args, Timeout: timeout}, timeout+2*time.Second, &r); err != nil {
		return ExecResult{Args: args, ExitCode: -1}, err
	}
	if r.Exec == nil {
		return ExecResult{Args: args, ExitCode: -1}, fmt.Errorf("exec %s: %s", strings.Join(args, " "), r.Err)
	}
	return *r.Exec, nil
}

// Escape tries the classic chroot escape from inside the container.
func (c *Container) Escape(ctx context.Context) (EscapeResult, error) {
	var r reply
	if err := c.call(ctx, request{Op: "escape"}, 10*time.Second, &r); err != nil {
		return EscapeResult{}, err
	}
	if r.Escape == nil {
		return EscapeResult{}, fmt.Errorf("escape: %s", r.Err)
	}
	return *r.Escape, nil
}

func (c *Container) call(ctx context.Context, req request, timeout time.Duration, r *reply) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.broken != nil {
		return fmt.Errorf("container unusable: %w", c.broken)
	}
	if c.enc == nil {
		return errors.New("container not started")
	}
	if err := c.enc.Encode(req); err != nil {
		c.broken = err
		return fmt.Errorf("send %s: %w", req.Op, c.initError(err))
	}
	if err := c.receive(ctx, timeout, r); err != nil {
		return fmt.Errorf("wait for %s: %w", req.Op, c.initError(err))
	}
	return nil
}

// CgroupStats reads the container's cgroup files.
func (c *Container) CgroupStats() (CgroupStats, error) { return c.cg.Stats() }

// Processes returns the host pids of every process in the container's cgroup.
func (c *Container) Processes() ([]int, error) { return c.cg.Pids() }

// Close ends every process of the container and undoes every change its
// start made to the host, in reverse order. It is safe to call twice and
// after the init died.
func (c *Container) Close() error {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	if c.beforeClose != nil {
		c.beforeClose()
	}
	var errs []error
	if c.pid > 0 && c.cg != nil && len(c.cg.Dirs()) == 0 {
		// No cgroup to find them by (a lab without a delegated subtree):
		// the init's descendants, found by their parents, go first.
		killTree(c.pid)
	}
	if c.pid > 0 {
		// SIGKILL to PID 1 of a PID namespace ends the whole namespace;
		// without one, the cgroup still holds every process it started.
		_ = unix.Kill(c.pid, unix.SIGKILL)
	}
	if c.cmd != nil && c.cmd.Process != nil {
		select {
		case <-c.exited:
		case <-time.After(5 * time.Second):
			errs = append(errs, fmt.Errorf("init %d did not exit after SIGKILL", c.pid))
		}
	}
	if c.cg != nil {
		if err := c.cg.Kill(); err != nil {
			errs = append(errs, err)
		}
	}
	if c.ctl != nil {
		c.ctl.Close()
	}
	var mountsAtEnd []mountinfo.Mount
	if c.before != nil && c.before.mounts != nil {
		mountsAtEnd, _ = mountinfo.Read(0)
	}
	for i := len(c.undo) - 1; i >= 0; i-- {
		if err := c.undo[i](); err != nil {
			errs = append(errs, err)
		}
	}
	if c.before != nil && c.pid > 0 {
		c.changes = c.before.restore(c.host, mountsAtEnd)
	}
	return errors.Join(errs...)
}

// HostChanges says what the container changed on the host through the
// namespaces it shares with it, and what Close put back; nil before Close.
func (c *Container) HostChanges() []HostChange { return c.changes }

// wait waits for the init to exit and returns its exit status, as a
// shell gives it: 128+n for a death by signal n.
func (c *Container) wait() int {
	<-c.exited
	if c.cmd.ProcessState == nil {
		return 1
	}
	ws := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}

// rootOutside is the host id that id 0 inside maps to.
func rootOutside(maps []IDMap) int {
	for _, m := range maps {
		if m.ContainerID == 0 {
			return m.HostID
		}
	}
	return maps[0].HostID
}

func idMaps(maps []IDMap) []syscall.SysProcIDMap {
	out := make([]syscall.SysProcIDMap, len(maps))
	for i, m := range maps {
		out[i] = syscall.SysProcIDMap{ContainerID: m.ContainerID, HostID: m.HostID, Size: m.Size}
	}
	return out
}

func (s Spec) env() []string {
	if len(s.Env) > 0 {
		return s.Env
	}
	return DefaultEnv
}
