package sandbox

import (
	"context"
	"fmt"
	"net"
	"time"
)

// loopbackWait is how long a connection to 127.0.0.1 may take before it
// counts as cut off: on a working loopback it takes microseconds, and a
// packet dropped (lo down, a firewall's DROP) is never answered at all.
const loopbackWait = 2 * time.Second

// reachLoopback tries whether the container can reach itself at
// 127.0.0.1: it listens there and connects to what it listens on, from the
// init, which is in the container's network namespace. Whatever the way
// the loopback was cut off (lo down, its address gone, a firewall rule),
// the connection is what it changes; a listener of its own means no
// refusal can come from a port that is merely closed.
func reachLoopback() LoopbackResult {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		// With no local route to 127.0.0.1 (lo down, or its address
		// gone) the kernel refuses the bind with EADDRNOTAVAIL.
		return LoopbackResult{Err: err.Error()}
	}
	defer ln.Close()
	// The kernel completes the handshake into the listen backlog: no
	// accept is needed for the connect to succeed.
	c, err := net.DialTimeout("tcp4", ln.Addr().String(), loopbackWait)
	if err != nil {
		return LoopbackResult{Err: err.Error()}
	}
	c.Close()
	return LoopbackResult{Reached: true}
}

// ReachLoopback tries, from inside the container, whether 127.0.0.1 can
// be reached: a connection from its init to a listener of its own there.
func (c *Container) ReachLoopback(ctx context.Context) (LoopbackResult, error) {
	var r reply
	if err := c.call(ctx, request{Op: "loopback"}, loopbackWait+5*time.Second, &r); err != nil {
		return LoopbackResult{}, err
	}
	if r.Loopback == nil {
		return LoopbackResult{}, fmt.Errorf("loopback: %s", r.Err)
	}
	return *r.Loopback, nil
}
