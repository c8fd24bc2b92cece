package sandbox

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"golang.org/x/sys/unix"
)

// Run starts a container that runs spec.Args on spec's stdio, like
// `docker run`: it passes on the signals burk gets, waits for the command,
// cleans up, and returns the command's exit status and what it changed on
// the host, which Run has put back where it could (see HostChange).
func (h *Host) Run(ctx context.Context, spec Spec) (code int, changes []HostChange, err error) {
	if len(spec.Args) == 0 {
		return 0, nil, fmt.Errorf("run: no command")
	}
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, unix.SIGINT, unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH)
	defer signal.Stop(sigs)
	defer restoreForeground(spec.Stdin)()
	c, err := h.start(ctx, spec, spec.Args)
	if err != nil {
		return 0, nil, err
	}
	defer c.Close()
	for {
		select {
		case sig := <-sigs:
			_ = unix.Kill(c.pid, sig.(unix.Signal))
		case <-ctx.Done():
			c.Close()
			return 0, c.HostChanges(), ctx.Err()
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
