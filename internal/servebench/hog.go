package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// hogScript is what the rude learner runs as root of their machine, at the
// process step (the least isolation a command gets in a session): a memory
// hog that fills the session's memory until the OOM killer ends it, and a
// fork bomb that keeps the session at pids.max, each started again and
// again. The loops are bash's, which retries a fork that pids.max refused
// where dash gives up and exits, as each of the bomb's processes does.
const hogScript = `bash -c 'while :; do tail /dev/zero >/dev/null 2>&1; done' & ` +
	`bash -c 'while :; do sh -c "b() { b | b & }; b" 2>/dev/null; sleep 0.1; done' & wait`

// startHog logs user in and starts the hog and the bomb; stop ends the
// session (closing the connection ends the machine).
func (s server) startHog(user string) (stop func(), err error) {
	c, err := s.dial(user)
	if err != nil {
		return nil, err
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	sess.Stdout, sess.Stderr = io.Discard, io.Discard
	if err := sess.Start("run --step process -- sh -c " + shellQuote(hogScript)); err != nil {
		c.Close()
		return nil, fmt.Errorf("start the hog: %w", err)
	}
	return func() { c.Close() }, nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// hogBit reads, from the server's side, what the session's limits did to
// the hog while it ran: its cgroup's oom_kill and pids.events max counts.
// The cgroup goes with the session, so it is read before the hog stops.
func hogBit(user string) string {
	dir := sessionCgroups(user)
	if len(dir) == 0 {
		return "no cgroup found for " + user
	}
	return fmt.Sprintf("oom_kill %s, pids.max hit %s, pids %s", eventCount(dir, "memory.events", "oom_kill"),
		eventCount(dir, "pids.events", "max"), readTrim(dir, "pids.current"))
}

// settle gives the bomb time to reach pids.max and the hog its first fill.
func settle() { time.Sleep(3 * time.Second) }
