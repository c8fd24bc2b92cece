package sandbox

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"golang.org/x/sys/unix"
)

// stopGrace is how long Run's command has to end after a SIGTERM or a
// SIGHUP passed on to it before burk ends its container.
const stopGrace = 3 * time.Second

// Run starts a container that runs spec.Args on spec's stdio, like
// `docker run`: it passes on the signals burk gets, waits for the command,
// cleans up, and returns the command's exit status and what it changed on
// the host, which Run has put back where it could (see HostChange).
func (h *Host) Run(ctx context.Context, spec Spec) (code int, changes []HostChange, err error) {
	return h.RunWith(ctx, spec, RunHooks{})
}

// RunHooks look at a container Run started: Started once its init is up,
// Ended when its command has ended and before it is closed — the container
// still runs then, and Exec works, so what the command left inside can be
// checked (an exercise of the tour's shell).
type RunHooks struct {
	Started, Ended func(*Container)
}

// RunWith is Run, calling hooks on the way.
func (h *Host) RunWith(ctx context.Context, spec Spec, hooks RunHooks) (code int, changes []HostChange, err error) {
	if len(spec.Args) == 0 {
		return 0, nil, fmt.Errorf("run: no command")
	}
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, unix.SIGINT, unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH)
	defer signal.Stop(sigs)
	defer restoreForeground(spec.Stdin)()
	stay := hooks.Ended != nil
	c, err := h.start(ctx, spec, true, stay)
	if err != nil {
		return 0, nil, err
	}
	defer c.Close()
	if hooks.Started != nil {
		hooks.Started(c)
	}
	// With Ended, the init stays when the command ends, and says so.
	ended := make(chan reply, 1)
	if stay {
		go func() {
			var r reply
			if c.dec.Decode(&r) == nil && r.Kind == replyEnded {
				ended <- r
			}
		}()
	}
	var grace <-chan time.Time
	for {
		select {
		case sig := <-sigs:
			_ = unix.Kill(c.pid, sig.(unix.Signal))
			// A request to end, which the command may ignore (an
			// interactive shell ignores SIGTERM; a nohup'd one, SIGHUP):
			// as docker stop does, it gets a grace period, then the
			// container is ended. Ctrl-C stays the command's own.
			if (sig == unix.SIGTERM || sig == unix.SIGHUP) && grace == nil {
				grace = time.After(stopGrace)
			}
		case <-grace:
			c.Close()
			return 128 + int(unix.SIGKILL), c.HostChanges(), fmt.Errorf("the container did not end within %v of being asked to; burk ended it", stopGrace)
		case <-ctx.Done():
			c.Close()
			return 0, c.HostChanges(), ctx.Err()
		case r := <-ended:
			hooks.Ended(c)
			err := c.Close()
			return r.Code, c.HostChanges(), err
		case <-c.exited:
			code := c.wait()
			err := c.Close()
			return code, c.HostChanges(), err
		}
	}
}

// restoreForeground remembers which process group owns the terminal, and
// returns how to give it back. An interactive shell inside takes the
// terminal for its own process group; in a PID namespace it cannot name
// ours to hand it back when it exits, and whoever ran burk would be left
// in the background, unable to read its terminal.
func restoreForeground(stdin io.Reader) func() {
	f, ok := stdin.(*os.File)
	if !ok {
		return func() {}
	}
	fd := int(f.Fd())
	pgrp, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP)
	if err != nil {
		return func() {} // not a terminal
	}
	return func() {
		// A background process that sets the foreground group gets
		// SIGTTOU, which would stop it: ignore it for the call.
		signal.Ignore(unix.SIGTTOU)
		defer signal.Reset(unix.SIGTTOU)
		unix.IoctlSetPointerInt(fd, unix.TIOCSPGRP, pgrp)
	}
}
