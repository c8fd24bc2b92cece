package sandbox

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sys/unix"
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
	Errno unix.Errno `json:"errno,omitempty"`
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

// recorder collects Events from one side; safe for concurrent use.
type recorder struct {
	side  Side
	start time.Time
	mu    sync.Mutex
	evs   []Event
}

func newRecorder(side Side, start time.Time) *recorder {
	return &recorder{side: side, start: start}
}

// record adds one call and its outcome, and returns err unchanged so that a
// call site reads `return r.record(call, why, ret, err)`.
func (r *recorder) record(call, why string, ret int, err error) error {
	return r.recordAt(time.Since(r.start), call, why, ret, err)
}

// recordAt is record for a call whose time is known better than now.
func (r *recorder) recordAt(at time.Duration, call, why string, ret int, err error) error {
	ev := Event{Side: r.side, Call: call, Why: why, At: at}
	ev.Result, ev.Errno = resultOf(ret, err)
	r.mu.Lock()
	r.evs = append(r.evs, ev)
	r.mu.Unlock()
	return err
}

func (r *recorder) add(evs ...Event) {
	r.mu.Lock()
	r.evs = append(r.evs, evs...)
	r.mu.Unlock()
}

func (r *recorder) events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.evs...)
}

func resultOf(ret int, err error) (string, unix.Errno) {
	if err == nil {
		return fmt.Sprint(ret), 0
	}
	var errno unix.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("-1 %s (%s)", unix.ErrnoName(errno), errno.Error()), errno
	}
	return "-1 (" + err.Error() + ")", 0
}
