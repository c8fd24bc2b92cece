package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// spawner starts every process of the container from one OS thread.
// Capabilities, the capability bounding set and no_new_privs belong to a
// thread, not a process, and a child inherits them from the thread that
// forked it; Go runs goroutines on many threads, so the init drops them on
// this one thread and forks only from it.
type spawner struct {
	reqs   chan spawnRequest
	reaper *reaper
	// cgroupFD, when not 0, is the unified payload cgroup every child is
	// born into (clone3 CLONE_INTO_CGROUP).
	cgroupFD int
	harden   chan func() error
	ready    chan error
}

type spawnRequest struct {
	argv []string
	// attr is for syscall.ForkExec, not os.StartProcess: the init reaps
	// every child itself, and os would first fork a throwaway child to
	// check pidfd support, in every container.
	attr  *syscall.ProcAttr
	reply chan spawnResult
}

type spawnResult struct {
	pid    int
	exited <-chan unix.WaitStatus
	err    error
}

// startSpawner starts the spawning thread, which first runs join (moving
// itself into the v1 cgroups) while the init sets up the container, then
// waits for harden.
func startSpawner(cgroupFD int, join func() error) *spawner {
	sp := &spawner{reqs: make(chan spawnRequest), reaper: newReaper(), cgroupFD: cgroupFD,
		harden: make(chan func() error), ready: make(chan error)}
	go func() {
		// Never unlocked: a thread whose credentials were changed must not
		// go back to running other goroutines.
		runtime.LockOSThread()
		joined := join()
		harden := <-sp.harden
		if joined != nil {
			sp.ready <- joined
			return
		}
		if err := harden(); err != nil {
			sp.ready <- err
			return
		}
		sp.ready <- nil
		for req := range sp.reqs {
			// Hold the reaper's lock across the fork so that it cannot
			// reap this child before we register it.
			sp.reaper.mu.Lock()
			pid, err := syscall.ForkExec(req.argv[0], req.argv, req.attr)
			res := spawnResult{err: err}
			if err == nil {
				res.pid = pid
				res.exited = sp.reaper.expect(pid)
			}
			sp.reaper.mu.Unlock()
			req.reply <- res
		}
	}()
	return sp
}

// hardenAndWait runs harden on the spawning thread, once the container is
// set up, and returns when the thread is ready to start processes.
func (sp *spawner) hardenAndWait(harden func() error) error {
	sp.harden <- harden
	return <-sp.ready
}

// group says which process group a process the init starts goes in.
type group int

const (
	// sameGroup is the init's own group.
	sameGroup group = iota
	// newGroup is a group of its own, so that the init can end a probe
	// together with everything it started.
	newGroup
	// foregroundGroup is a group of its own that owns the terminal on the
	// process's stdin (fd 0 of the init). A shell with job control hands
	// the terminal back, when it exits, to the group that owned it when it
	// started; the terminal's group before was burk's, which a process in
	// a PID namespace cannot name: dash then fails with "Cannot set tty
	// process group" and exits 2. The host gives the terminal back to
	// its own group when the container ends.
	foregroundGroup
)

// start runs argv with the given stdio in the given process group, and
// returns its pid and a channel that receives its wait status.
func (sp *spawner) start(argv, env []string, files []*os.File, g group) (int, <-chan unix.WaitStatus, error) {
	path, err := lookPath(argv[0], env)
	if err != nil {
		return 0, nil, err
	}
	// Ctty is the init's fd here, not the child's: Go makes the child's
	// group the foreground one before it rearranges the fds.
	sys := &unix.SysProcAttr{Setpgid: g == newGroup, Foreground: g == foregroundGroup, Ctty: 0}
	if sp.cgroupFD > 0 {
		sys.UseCgroupFD, sys.CgroupFD = true, sp.cgroupFD
	}
	fds := make([]uintptr, len(files))
	for i, f := range files {
		fds[i] = f.Fd()
	}
	attr := &syscall.ProcAttr{Dir: "/", Env: env, Files: fds, Sys: sys}
	reply := make(chan spawnResult)
	sp.reqs <- spawnRequest{argv: append([]string{path}, argv[1:]...), attr: attr, reply: reply}
	res := <-reply
	runtime.KeepAlive(files) // their fds must stay open until the fork
	if res.err != nil {
		return 0, nil, res.err
	}
	return res.pid, res.exited, nil
}

// lookPath finds a command on the container's PATH, inside its root.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	for _, kv := range env {
		if p, ok := strings.CutPrefix(kv, "PATH="); ok {
			for _, dir := range strings.Split(p, ":") {
				cand := dir + "/" + name
				if st, err := os.Stat(cand); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
					return cand, nil
				}
			}
		}
	}
	return "", fmt.Errorf("%s: %w", name, exec.ErrNotFound)
}

// run runs one probe command to completion, capturing its output.
func (sp *spawner) run(argv, env []string, timeout time.Duration) ExecResult {
	res := ExecResult{Args: argv, ExitCode: -1}
	start := time.Now()
	if len(argv) == 0 {
		res.StartErr = "no command"
		return res
	}
	stdin, err := os.Open(os.DevNull)
	if err != nil {
		// /dev/null is missing in a bare rootfs: give the command a closed pipe.
		r, w, perr := os.Pipe()
		if perr != nil {
			res.StartErr = perr.Error()
			return res
		}
		w.Close()
		stdin = r
	}
	defer stdin.Close()
	outR, outW, err := os.Pipe()
	if err != nil {
		res.StartErr = err.Error()
		return res
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		res.StartErr = err.Error()
		return res
	}
	pid, exited, err := sp.start(argv, env, []*os.File{stdin, outW, errW}, newGroup)
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		res.StartErr = err.Error()
		return res
	}
	res.PID = pid
	stdout, stderr := &capped{limit: 256 << 10}, &capped{limit: 64 << 10}
	var copies sync.WaitGroup
	copies.Add(2)
	go func() { defer copies.Done(); copyAll(stdout, outR) }()
	go func() { defer copies.Done(); copyAll(stderr, errR) }()
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	var ws unix.WaitStatus
	select {
	case ws = <-exited:
	case <-time.After(timeout):
		res.TimedOut = true
		_ = unix.Kill(-pid, unix.SIGKILL)
		ws = <-exited
	}
	// What the probe left running in the background ends with it.
	_ = unix.Kill(-pid, unix.SIGKILL)
	copies.Wait()
	outR.Close()
	errR.Close()
	res.Stdout, res.Stderr = stdout.String(), stderr.String()
	switch {
	case ws.Exited():
		res.ExitCode = ws.ExitStatus()
	case ws.Signaled():
		res.Signal = unix.SignalName(ws.Signal())
	}
	res.Duration = time.Since(start)
	return res
}

func copyAll(w *capped, r *os.File) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		w.Write(buf[:n])
		if err != nil {
			return
		}
	}
}

// reaper waits for every child of the init. PID 1 must reap what it
// inherits: an orphan in the container becomes its child, and a zombie
// nobody waits for holds its PID forever. So one loop owns every wait and
// hands each exit to whoever asked for it.
type reaper struct {
	mu      sync.Mutex
	waiting map[int]chan unix.WaitStatus
}

func newReaper() *reaper {
	r := &reaper{waiting: map[int]chan unix.WaitStatus{}}
	sigchld := make(chan os.Signal, 1)
	signal.Notify(sigchld, unix.SIGCHLD)
	go func() {
		for range sigchld {
			r.reap()
		}
	}()
	return r
}

func (r *reaper) reap() {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
		r.mu.Lock()
		// An orphan the init inherited has nobody waiting: reaping it is
		// all it needs.
		if ch, ok := r.waiting[pid]; ok {
			ch <- ws
			delete(r.waiting, pid)
		}
		r.mu.Unlock()
	}
}

// expect registers a child just started and returns the channel its wait
// status arrives on. The caller has held r.mu since before the fork, so the
// reap loop, which takes r.mu to hand out a status, cannot lose this one.
func (r *reaper) expect(pid int) <-chan unix.WaitStatus {
	ch := make(chan unix.WaitStatus, 1)
	r.waiting[pid] = ch
	return ch
}
