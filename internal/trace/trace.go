// Package trace records the syscalls a container runtime makes, as strace
// would print them, for the learner to read beside what the kernel did.
//
// The calls themselves live here too (sys_linux.go): each method makes one
// syscall and builds both its trace line and its error from the arguments it
// was given, so the trace can never say something other than what was done.
package trace

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"
)

// Side says which side of the container boundary made a syscall.
type Side string

const (
	HostSide      Side = "host"
	ContainerSide Side = "container"
)

// Event is one syscall the runtime made, as strace would print it: the call
// with its arguments and what the kernel returned.
type Event struct {
	Side Side   `json:"side"`
	Call string `json:"call"` // e.g. `mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, "")`
	// Result is what the kernel returned: "0", a number, or "-1 EPERM (operation not permitted)".
	Result string `json:"result"`
	// Errno is the error number when the call failed, 0 when it succeeded.
	Errno syscall.Errno `json:"errno,omitempty"`
	// Why is a short reason the runtime made the call, for the learner.
	Why string `json:"why,omitempty"`
	// At is when the call returned, from the start of the container.
	At time.Duration `json:"at"`
}

// Failed reports whether the kernel refused the call.
func (e Event) Failed() bool { return e.Errno != 0 }

func (e Event) String() string {
	return fmt.Sprintf("%-9s %s = %s", e.Side, e.Call, e.Result)
}

// Recorder collects the Events of one side; safe for concurrent use.
type Recorder struct {
	side  Side
	start time.Time
	mu    sync.Mutex
	evs   []Event
}

// New returns a Recorder for one side, timing its events from start.
func New(side Side, start time.Time) *Recorder {
	return &Recorder{side: side, start: start}
}

// Record adds a call made elsewhere (by Go's fork, by the kernel for us)
// and its outcome, and returns err unchanged.
func (r *Recorder) Record(call, why string, ret int, err error) error {
	return r.RecordAt(time.Since(r.start), call, why, ret, err)
}

// RecordAt is Record for a call whose time is known better than now.
func (r *Recorder) RecordAt(at time.Duration, call, why string, ret int, err error) error {
	ev := Event{Side: r.side, Call: call, Why: why, At: at}
	ev.Result, ev.Errno = resultOf(ret, err)
	r.mu.Lock()
	r.evs = append(r.evs, ev)
	r.mu.Unlock()
	return err
}

// Add adds events recorded by another Recorder, such as the init's.
func (r *Recorder) Add(evs ...Event) {
	r.mu.Lock()
	r.evs = append(r.evs, evs...)
	r.mu.Unlock()
}

// Events returns a copy of the events so far, in the order they came.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.evs...)
}

func resultOf(ret int, err error) (string, syscall.Errno) {
	if err == nil {
		return fmt.Sprint(ret), 0
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("-1 %s (%s)", errnoName(errno), errno.Error()), errno
	}
	return "-1 (" + err.Error() + ")", 0
}
