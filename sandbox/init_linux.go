package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/trace"
)

// InitArg is the hidden first argument that makes the burk binary the
// init of a container. main checks for it before anything else runs.
const InitArg = "__burk_init__"

// initName is the init's process name, as ps shows it inside and outside.
const initName = "burk-init"

// IsInit reports whether this process was started as a container's init.
func IsInit() bool { return len(os.Args) > 1 && os.Args[1] == InitArg }

// Init is the container's init. It reads its config from the host, sets up
// the container from inside, then either serves the host's requests or runs
// one command; it never returns.
func Init() {
	// A process name of our own: exec'd from a memfd, the kernel would name
	// us after the fd number.
	_ = unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(unsafeString(initName))), 0, 0, 0)
	ctl := os.NewFile(3, "control")
	dec := json.NewDecoder(ctl)
	enc := json.NewEncoder(ctl)

	var cfg InitSpec
	if err := dec.Decode(&cfg); err != nil {
		// The host went away before the container was set up.
		os.Exit(1)
	}
	rec := trace.New(trace.ContainerSide, cfg.Start)
	sealFDs()
	sp, err := setupContainer(cfg, rec)
	if err != nil {
		r := reply{Kind: replyFailed, Events: rec.Events(), Err: err.Error()}
		var errno unix.Errno
		if errors.As(err, &errno) {
			r.Errno = int(errno)
		}
		_ = enc.Encode(r)
		os.Exit(1)
	}
	if cfg.Run {
		// Run: nobody shows this container's trace, so only say it is up.
		_ = enc.Encode(reply{Kind: replyReady})
		code := runForeground(sp, cfg)
		if cfg.Stay {
			if enc.Encode(reply{Kind: replyEnded, Code: code}) == nil {
				serve(sp, cfg, dec, enc)
			}
		}
		os.Exit(code)
	}
	if err := enc.Encode(reply{Kind: replyReady, Events: rec.Events()}); err != nil {
		os.Exit(1)
	}
	serve(sp, cfg, dec, enc)
	os.Exit(0)
}

// sealFDs keeps every fd above stderr from being inherited by anything the
// container runs: the control socket, the cgroup directories, and whatever
// burk itself inherited from the shell that started it. An fd of a host
// directory is a way out of any root (runc's CVE-2024-21626).
func sealFDs() {
	if unix.CloseRange(3, ^uint(0), unix.CLOSE_RANGE_CLOEXEC) == nil {
		return
	}
	// Before Linux 5.11: one at a time.
	entries, _ := os.ReadDir("/proc/self/fd")
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			unix.CloseOnExec(fd)
		}
	}
}

// serve answers the host's requests until it closes the socket.
func serve(sp *spawner, cfg InitSpec, dec *json.Decoder, enc *json.Encoder) {
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			return // io.EOF: the host closed the container
		}
		if err := enc.Encode(answer(sp, cfg.Env, req)); err != nil {
			return
		}
	}
}

// answer does what one request asks, inside the container.
func answer(sp *spawner, env []string, req request) reply {
	switch req.Op {
	case "exec":
		res := sp.run(req.Args, env, req.Timeout)
		return reply{Kind: replyExec, Exec: &res}
	case "escape":
		res := tryEscape()
		return reply{Kind: replyEscape, Escape: &res}
	case "loopback":
		res := reachLoopback()
		return reply{Kind: replyLoopback, Loopback: &res}
	}
	return reply{Kind: replyFailed, Err: fmt.Sprintf("unknown request %q", req.Op)}
}

// runForeground runs the learner's command on the init's own stdio, passes
// on the signals the host forwards, and returns the exit status to exit with.
func runForeground(sp *spawner, cfg InitSpec) int {
	// As PID 1 the init gets no default action for signals it does not
	// handle, so it must catch them to pass them on.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, unix.SIGINT, unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH)
	files := []*os.File{os.Stdin, os.Stdout, os.Stderr}
	g := sameGroup
	if _, err := unix.IoctlGetInt(0, unix.TIOCGPGRP); err == nil {
		g = foregroundGroup // stdin is our controlling terminal
	}
	pid, exited, err := sp.start(cfg.Args, cfg.Env, files, g)
	if err != nil {
		// As a shell says it, with its exit status: 127 for a command
		// that is not there, 126 for one that is but cannot run.
		var errno unix.Errno
		if errors.As(err, &errno) {
			fmt.Fprintf(os.Stderr, "burk: %s: %v\n", cfg.Args[0], err)
			if errno != unix.ENOENT {
				return 126
			}
			return 127
		}
		fmt.Fprintf(os.Stderr, "burk: %v\n", err)
		return 127
	}
	for {
		select {
		case sig := <-sigs:
			_ = unix.Kill(pid, sig.(unix.Signal))
		case ws := <-exited:
			switch {
			case ws.Exited():
				return ws.ExitStatus()
			case ws.Signaled():
				return 128 + int(ws.Signal())
			}
			return 1
		}
	}
}

// unsafeString returns a pointer to a NUL-terminated copy of s for prctl.
func unsafeString(s string) *byte {
	p, err := unix.BytePtrFromString(s)
	if err != nil {
		return nil
	}
	return p
}

// capped keeps the first limit bytes written to it and drops the rest.
type capped struct {
	buf   []byte
	limit int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.limit - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (c *capped) String() string { return strings.ToValidUTF8(string(c.buf), "?") }

var _ io.Writer = (*capped)(nil)
