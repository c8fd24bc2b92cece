package sandbox

import (
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
)

// ExecResult is what one command run inside the container did.
type ExecResult struct {
	Args   []string `json:"args"`
	Stdout string   `json:"stdout"`
	Stderr string   `json:"stderr"`
	// ExitCode is the command's exit status; -1 when a signal ended it or it
	// never started.
	ExitCode int `json:"exit_code"`
	// Signal names the signal that ended the command ("killed"), if one did.
	Signal string `json:"signal,omitempty"`
	// StartErr says why the command could not be started at all
	// ("exec: \"ps\": executable file not found in $PATH").
	StartErr string `json:"start_err,omitempty"`
	// PID is the command's process id as the container numbers it.
	PID int `json:"pid"`
	// TimedOut is set when the command was killed for running too long.
	TimedOut bool          `json:"timed_out,omitempty"`
	Duration time.Duration `json:"duration"`
}

// OK reports whether the command started and exited with status 0.
func (r ExecResult) OK() bool { return r.StartErr == "" && r.ExitCode == 0 && !r.TimedOut }

// LoopbackResult is whether the container reached itself at 127.0.0.1:
// a TCP connection from its init to a listener of the init's own there.
type LoopbackResult struct {
	Reached bool `json:"reached"`
	// Err is why not: the bind or the connect, as the kernel refused it,
	// or the timeout when nothing answered.
	Err string `json:"err,omitempty"`
}

// EscapeResult is the outcome of the classic chroot escape, tried from a
// thread of the container's init: chroot into a subdirectory while the
// working directory stays outside it, climb with chdir(".."), then chroot(".").
type EscapeResult struct {
	// Trace is every syscall of the attempt.
	Trace []Event `json:"trace"`
	// RootDev and RootIno identify the directory "/" resolved to afterwards;
	// the host compares them with its own root.
	RootDev uint64 `json:"root_dev"`
	RootIno uint64 `json:"root_ino"`
	// Listing is the first entries of that directory, as the escaped thread saw them.
	Listing []string `json:"listing"`
	// Err is set when the attempt could not even be made.
	Err string `json:"err,omitempty"`
}

// CgroupStats is what the container's cgroup files say (see cgroup.Stats).
type CgroupStats = cgroup.Stats
