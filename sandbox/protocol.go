package sandbox

import "time"

// The host and the container's init talk over a socket pair, one JSON value
// per message. The host sends the InitSpec once its cgroups hold the init;
// the init answers with its setup trace, then serves requests one at a time.

// InitSpec is everything the init is told, once, before it sets the
// container up: the container's Spec — the one type the host and the init
// share, so that nothing is copied field by field — and what the host adds
// to it.
type InitSpec struct {
	// Spec is the container's, with Env set (DefaultEnv when it was empty).
	Spec
	// Run makes the init run Spec.Args on its own stdio and exit with its
	// status, instead of serving requests.
	Run bool
	// Stay makes the init, once Args has ended, say how ("ended") and
	// serve requests until the host closes it: so that the host can still
	// look inside the container the command ran in.
	Stay bool
	// PayloadCgroupFD is the init's fd of the unified payload cgroup
	// directory (0 when there is none), PayloadTasks each v1 payload
	// cgroup's tasks file.
	PayloadCgroupFD int
	PayloadTasks    []tasksFile
	// Start is when the host began starting the container, so both sides'
	// events share one clock.
	Start time.Time
}

// request is one thing the host asks of the init.
type request struct {
	Op      string // "exec", "escape" or "loopback"
	Args    []string
	Timeout time.Duration
}

// reply is one message from the init.
type reply struct {
	Kind   string // "ready", "failed", "exec", "escape", "loopback"
	Events []Event
	// Err and Errno say why setup failed, with Kind "failed".
	Err    string
	Errno  int
	Exec   *ExecResult
	Escape *EscapeResult
	// Loopback is whether the container reached 127.0.0.1, with Kind "loopback".
	Loopback *LoopbackResult
	// Code is the exit status of Args, with Kind "ended".
	Code int
}

const (
	replyReady    = "ready"
	replyFailed   = "failed"
	replyExec     = "exec"
	replyEscape   = "escape"
	replyLoopback = "loopback"
	replyEnded    = "ended"
)

// tasksFile is a v1 cgroup's tasks file as the init holds it: its fd, and
// where it is on the host, for the trace (the init cannot see it there).
type tasksFile struct {
	FD   int
	Path string
}
