package sandbox

import "time"

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

// CgroupStats is what the container's cgroup files say: its limits and the
// events that show them being enforced.
type CgroupStats struct {
	// Version is "v1" or "v2" for each controller, keyed by controller name.
	Version map[string]string `json:"version"`
	// Dirs is the container's cgroup directory in each hierarchy, keyed by
	// controller name ("memory", "pids", "cpu") or "unified".
	Dirs map[string]string `json:"dirs"`
	// Missing names controllers the limits asked for that this host lacks.
	Missing []string `json:"missing,omitempty"`

	MemoryMax     int64 `json:"memory_max"` // bytes; -1 for no limit
	MemoryCurrent int64 `json:"memory_current"`
	MemoryPeak    int64 `json:"memory_peak"`
	OOMKills      int64 `json:"oom_kills"` // processes the OOM killer ended in this cgroup

	PidsMax     int64 `json:"pids_max"` // -1 for no limit
	PidsCurrent int64 `json:"pids_current"`
	PidsMaxHits int64 `json:"pids_max_hits"` // forks refused at pids.max (pids.events "max")

	CPUQuota      time.Duration `json:"cpu_quota"` // -1 for no limit
	CPUPeriod     time.Duration `json:"cpu_period"`
	NrPeriods     int64         `json:"nr_periods"`
	NrThrottled   int64         `json:"nr_throttled"` // periods in which the cgroup was throttled
	ThrottledTime time.Duration `json:"throttled_time"`

	// Files holds the raw contents of every file read, keyed by path, so the
	// learner sees exactly where each number came from.
	Files map[string]string `json:"files"`
}
