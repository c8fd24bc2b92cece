package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"golang.org/x/sys/unix"
)

// Run starts a container that runs spec.Args on spec's stdio, like
// `docker run`: it passes on the signals burk gets, waits for the command,
// cleans up, and returns the command's exit status.
func Run(ctx context.Context, spec Spec) (int, error) {
	if len(spec.Args) == 0 {
		return 0, fmt.Errorf("run: no command")
	}
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, unix.SIGINT, unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH)
	defer signal.Stop(sigs)
	c, err := start(ctx, spec, spec.Args)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	for {
		select {
		case sig := <-sigs:
			_ = unix.Kill(c.pid, sig.(unix.Signal))
		case <-ctx.Done():
			c.Close()
			return 0, ctx.Err()
		case <-c.exited:
			code := c.wait()
			return code, c.Close()
		}
	}
}
