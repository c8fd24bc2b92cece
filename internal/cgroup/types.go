package cgroup

import "time"

// Limits are the cgroup limits put on the container. A zero field sets no limit.
type Limits struct {
	// MemoryBytes is the most memory the container may use before the
	// kernel's OOM killer ends a process in it (memory.max, memory.limit_in_bytes).
	MemoryBytes int64
	// Pids is the most tasks the container may have at once (pids.max);
	// fork and clone fail with EAGAIN past it.
	Pids int64
	// CPUQuota is how much CPU time the container may use in each CPUPeriod
	// (cpu.max, cpu.cfs_quota_us); past it the kernel throttles it.
	CPUQuota time.Duration
	// CPUPeriod is the accounting period for CPUQuota; 100ms when zero.
	CPUPeriod time.Duration
}

// IsZero reports whether no limit is set.
func (l Limits) IsZero() bool { return l == Limits{} }

// Stats is what a container's cgroup files say: its limits and the
// events that show them being enforced.
type Stats struct {
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

	CPUQuota time.Duration `json:"cpu_quota"` // -1 for no limit
	// CPUUsage is the CPU time the container's processes used in all:
	// v2's cpu.stat usage_usec, v1's cpuacct.usage where cpuacct shares
	// the cpu hierarchy; -1 where the container's cgroup has neither.
	CPUUsage      time.Duration `json:"cpu_usage"`
	CPUPeriod     time.Duration `json:"cpu_period"`
	NrPeriods     int64         `json:"nr_periods"`
	NrThrottled   int64         `json:"nr_throttled"` // periods in which the cgroup was throttled
	ThrottledTime time.Duration `json:"throttled_time"`

	// Files holds the raw contents of every file read, keyed by path, so the
	// learner sees exactly where each number came from.
	Files map[string]string `json:"files"`
}
