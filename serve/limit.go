package serve

// Limits per address. A room often sits behind one address (a school's
// NAT), so the limits are generous for connections and strict for wrong
// class codes: a room's typos pass, a guesser does not.

import (
	"net"
	"sync"
	"time"
)

// bucket is a token bucket: burst tokens, one more every per.
type bucket struct {
	tokens float64
	last   time.Time
}

// limiter holds one bucket per address for connections, and one for
// failed logins.
type limiter struct {
	mu       sync.Mutex
	now      func() time.Time
	conns    map[string]*bucket
	failures map[string]*bucket
}

const (
	// connBurst connections at once from one address (a room behind a
	// NAT), then one every connEvery.
	connBurst = 60
	connEvery = 500 * time.Millisecond
	// failBurst wrong codes from one address, then one every failEvery:
	// about 10 a minute, so a 6-letter code takes decades to guess.
	failBurst = 10
	failEvery = 6 * time.Second
	// maxAddrs bounds the memory the limiter holds: past it, addresses
	// whose buckets are full again are forgotten.
	maxAddrs = 10000
)

func newLimiter() *limiter {
	return &limiter{now: time.Now, conns: map[string]*bucket{}, failures: map[string]*bucket{}}
}

// host is the address without its port.
func host(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	h, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return h
}

// take takes a token from addr's bucket in m, if it has one.
func (l *limiter) take(m map[string]*bucket, addr string, burst int, every time.Duration, spend bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := m[addr]
	if b == nil {
		if len(m) >= maxAddrs {
			l.forget(m, burst, every, now)
		}
		b = &bucket{tokens: float64(burst), last: now}
		m[addr] = b
	}
	b.tokens = min(float64(burst), b.tokens+float64(now.Sub(b.last))/float64(every))
	b.last = now
	if b.tokens < 1 {
		return false
	}
	if spend {
		b.tokens--
	}
	return true
}

func (l *limiter) forget(m map[string]*bucket, burst int, every time.Duration, now time.Time) {
	for a, b := range m {
		if b.tokens+float64(now.Sub(b.last))/float64(every) >= float64(burst) {
			delete(m, a)
		}
	}
}

// allowConn reports whether addr may open one more connection now.
func (l *limiter) allowConn(addr string) bool {
	return l.take(l.conns, addr, connBurst, connEvery, true)
}

// mayTry reports whether addr may try a class code now.
func (l *limiter) mayTry(addr string) bool {
	return l.take(l.failures, addr, failBurst, failEvery, false)
}

// failed counts a wrong class code from addr.
func (l *limiter) failed(addr string) {
	l.take(l.failures, addr, failBurst, failEvery, true)
}
