package build

// One run of the learner's runtime, the article's way:
//
//	RUNTIME run ROOTFS PROBE __burk_probe__ TOKEN ARG...
//
// burk's probe is the command. Once it answers, burk finds it on the host
// — by the file it runs from, not by anything it printed — and the step's
// probes and claims look at it from both sides.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

const (
	// readyTimeout is how long a runtime may take to start the command.
	readyTimeout = 10 * time.Second
	// exitTimeout is how long it may take to exit once the command has.
	exitTimeout = 5 * time.Second
	// outputCap bounds what burk keeps of the runtime's own output.
	outputCap = 16 << 10
)

// learnerHost is the machine as the steps see it, except that its
// containers are started by the learner's runtime.
type learnerHost struct {
	*sandbox.Host
	bin   string
	lab   *lab
	stage *Stage
	ready time.Duration // how long the runtime may take to start the command
	run   *learnerRun   // the last Start's
}

// learnerRun is one run of the runtime: what burk gave it, and what it saw.
type learnerRun struct {
	h      *learnerHost
	token  string
	args   []string // after the probe's path
	code   int      // the exit status the command ends with
	canary string   // a file on the host, outside the rootfs
	secret string   // a file in the rootfs, by its path inside
	text   string   // what both files hold
	before string   // the host's hostname before

	cmd    *exec.Cmd
	gone   chan struct{} // closed once the runtime has exited
	status int           // its exit status, once gone
	link   *sandbox.ProbeLink
	out    *capped

	pid      int // the probe's pid on the host
	cmdline  []string
	checks   []steps.ClaimResult
	left     []i18n.Msg
	stopOnce sync.Once
}

// Start runs the learner's runtime with the probe as its command, and
// returns the container it made once the probe answers.
func (h *learnerHost) Start(ctx context.Context, spec sandbox.Spec) (*sandbox.Container, error) {
	r, err := h.newRun()
	if err != nil {
		return nil, err
	}
	h.run = r
	if err := r.start(); err != nil {
		r.stop()
		return nil, err
	}
	if err := r.link.Ready(ctx, r.gone, h.ready); err != nil {
		err = r.noAnswer(err) // before stop, which ends the runtime
		r.stop()
		return nil, err
	}
	if err := r.findProbe(); err != nil {
		r.stop()
		return nil, err
	}
	procCgroup, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cgroup", r.pid))
	// Where burk is, and the lab's cgroup, are not the container's: what
	// is left in the lab's after the runtime exits is named at stop.
	own, _ := os.ReadFile("/proc/self/cgroup")
	runtimeCgroup, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cgroup", r.cmd.Process.Pid))
	own = append(append(own, '\n'), runtimeCgroup...)
	var c *sandbox.Container
	c, err = sandbox.Attach(sandbox.Attached{Spec: spec, Pid: r.pid, Link: r.link,
		ProcCgroup: string(procCgroup), Own: string(own), Gone: r.gone,
		BeforeClose: func() { r.finish(ctx, c) },
		Undo:        func() error { r.stop(); return nil }})
	if err != nil {
		r.stop()
		return nil, err
	}
	return c, nil
}

func (h *learnerHost) newRun() (*learnerRun, error) {
	r := &learnerRun{h: h, token: "@burk:" + randomHex(8) + ":", gone: make(chan struct{}),
		out: &capped{limit: outputCap}, code: 3 + randomInt(90)}
	for range 2 + randomInt(3) {
		r.args = append(r.args, randomHex(3+randomInt(4)))
	}
	r.text = "burk " + randomHex(12)
	r.canary = filepath.Join(h.lab.dir, "canary-"+randomHex(4))
	r.secret = "/etc/burk-" + randomHex(4)
	for _, f := range []string{r.canary, filepath.Join(h.lab.rootfs, r.secret)} {
		if err := os.WriteFile(f, []byte(r.text+"\n"), 0o644); err != nil {
			return nil, fmt.Errorf("place a file for the check: %w", err)
		}
	}
	r.before, _ = os.Hostname()
	return r, nil
}

// command is the probe as the runtime must find it: inside the rootfs
// from the chroot stage on, by its host path before.
func (r *learnerRun) command() string {
	if r.h.stage.N < chrootStage {
		return r.h.lab.probe
	}
	return "/" + probeName
}

// start starts the runtime from a thread of its own, which stays locked for
// the runtime's life: the runtime dies with burk (Pdeathsig), and the kernel
// sends that when the thread that forked it exits.
func (r *learnerRun) start() error {
	argv := append([]string{"run", r.h.lab.rootfs, r.command(), sandbox.ProbeArg, r.token}, r.args...)
	r.cmd = exec.Command(r.h.bin, argv...)
	r.cmd.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	r.cmd.Stderr = r.out
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	stdout, err := r.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stdin, err := r.cmd.StdinPipe()
	if err != nil {
		return err
	}
	if r.link, err = sandbox.NewProbeLink(r.token, stdout, stdin, r.out); err != nil {
		return err
	}
	if r.h.lab.v2 != "" {
		dir, err := os.Open(r.h.lab.v2)
		if err != nil {
			return err
		}
		defer dir.Close()
		r.cmd.SysProcAttr.UseCgroupFD, r.cmd.SysProcAttr.CgroupFD = true, int(dir.Fd())
	}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: see above
		back, err := r.h.lab.bornInLab()
		if err == nil {
			err = r.cmd.Start()
		}
		back()
		if err != nil {
			started <- err
			close(r.gone)
			return
		}
		started <- nil
		r.cmd.Wait()
		r.status = exitStatus(r.cmd.ProcessState)
		close(r.gone)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("start %s: %w", r.h.bin, err)
	}
	return nil
}

// noAnswer says why the probe never answered, in the learner's words.
func (r *learnerRun) noAnswer(err error) error {
	// The channel ends as the runtime exits: give its wait a moment.
	wait := time.After(time.Second)
	if errors.Is(err, io.EOF) {
		select {
		case <-r.gone:
		case <-wait:
		}
	}
	said := firstLines(r.out.String(), 6)
	select {
	case <-r.gone:
		if strings.TrimSpace(r.out.String()) == "" {
			return msgErr(i18n.T("your runtime exited with status %d before the command answered, and said nothing: did it run the command?", r.status))
		}
		return msgErr(i18n.T("your runtime exited with status %d before the command answered; it said:\n%s", r.status, said))
	default:
	}
	return msgErr(i18n.T("the command did not answer (%v): does your runtime run it with the stdin and stdout it was given? It said:\n%s", err, said))
}

// findProbe finds the probe on the host: the process whose command line
// holds this run's token and whose executable is the probe's file. What
// the runtime printed plays no part: a program that prints what burk
// expects is no process running the probe.
func (r *learnerRun) findProbe() error {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || !strings.Contains(string(data), r.token) {
			continue
		}
		var st unix.Stat_t
		if unix.Stat(fmt.Sprintf("/proc/%d/exe", pid), &st) != nil || st.Dev != r.h.lab.probeS.Dev || st.Ino != r.h.lab.probeS.Ino {
			continue
		}
		r.pid = pid
		r.cmdline = strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
		return nil
	}
	return msgErr(i18n.T("something answered, but no process on the host runs burk's probe with this run's arguments: the command your runtime was given must be what runs"))
}

// finish runs while the container still lives: burk's own checks from
// inside, then the command ends with the status burk chose, and the runtime
// must exit with it.
func (r *learnerRun) finish(ctx context.Context, c *sandbox.Container) {
	want := append([]string{sandbox.ProbeArg, r.token}, r.args...)
	got := []string{}
	if len(r.cmdline) > 0 {
		got = r.cmdline[1:]
	}
	r.check(i18n.T("The command got the arguments it was given."), slices.Equal(got, want),
		i18n.T("the command's arguments on the host (/proc/%d/cmdline): %q", r.pid, got))
	if r.h.stage.N >= chrootStage && c != nil {
		res, _ := c.Exec(ctx, "cat", r.canary)
		r.check(i18n.T("A file on the host, outside the rootfs, is out of reach inside."), !strings.Contains(res.Stdout, r.text),
			i18n.T("cat %s inside: %s", r.canary, oneLine(res.Stdout+res.Stderr+res.StartErr)))
		res, _ = c.Exec(ctx, "cat", r.secret)
		r.check(i18n.T("The rootfs given to run is the container's /: a file burk put there reads the same inside."),
			strings.TrimSpace(res.Stdout) == r.text, i18n.T("cat %s inside: %s", r.secret, oneLine(res.Stdout+res.Stderr+res.StartErr)))
	}
	if err := r.link.Exit(r.code); err != nil {
		r.check(i18n.T("The runtime exits with the command's exit status."), false, i18n.T("the command could not be told to exit: %v", err))
		return
	}
	select {
	case <-r.gone:
		r.check(i18n.T("The runtime exits with the command's exit status."), r.status == r.code,
			i18n.T("the command exited with %d; the runtime with %d", r.code, r.status))
	case <-time.After(exitTimeout):
		r.check(i18n.T("The runtime exits with the command's exit status."), false,
			i18n.T("the command exited with %d; the runtime was still running %v later", r.code, exitTimeout))
	}
}

func (r *learnerRun) check(text i18n.Msg, held bool, seen i18n.Msg) {
	r.checks = append(r.checks, steps.ClaimResult{Text: text, Held: held, Seen: seen})
}

// stop ends the runtime and everything it started, and removes what it
// left on the host, naming each thing for the learner.
func (r *learnerRun) stop() {
	r.stopOnce.Do(func() {
		if r.cmd != nil && r.cmd.Process != nil {
			unix.Kill(-r.cmd.Process.Pid, unix.SIGKILL)
		}
		select {
		case <-r.gone:
		case <-time.After(exitTimeout):
		}
		r.left = append(r.left, r.h.lab.sweep(r.before)...)
		os.Remove(r.canary)
		os.Remove(filepath.Join(r.h.lab.rootfs, r.secret))
	})
}

func exitStatus(ps *os.ProcessState) int {
	if ps == nil {
		return -1
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func randomInt(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return "  " + strings.Join(lines, "\n  ")
}

// capped keeps the first limit bytes written to it, from any goroutine.
type capped struct {
	mu    sync.Mutex
	buf   []byte
	limit int
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.limit - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (c *capped) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.ToValidUTF8(string(c.buf), "?")
}
