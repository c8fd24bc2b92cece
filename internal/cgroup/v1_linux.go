package cgroup

// The limits and their read-back in cgroup v1, where each controller has a
// hierarchy of its own and files named in an older style.

import (
	"path/filepath"
	"strconv"
	"time"
)

// writeLimitV1 writes one controller's limit in its v1 payload directory.
func (cg *Cgroup) writeLimitV1(controller, dir string) error {
	l := cg.limits
	switch controller {
	case "memory":
		v := strconv.FormatInt(l.MemoryBytes, 10)
		if err := cg.write(filepath.Join(dir, "memory.limit_in_bytes"), v,
			"cap the container's memory; past it the OOM killer ends a process in it"); err != nil {
			return err
		}
		// memsw is memory plus swap, there only when the kernel accounts
		// swap. The same value: swapping out cannot save the hog. It must
		// be written after memory.limit_in_bytes, which it may not be below.
		if memsw := filepath.Join(dir, "memory.memsw.limit_in_bytes"); exists(memsw) {
			return cg.write(memsw, v, "memory plus swap: the same cap, so swap cannot save the hog")
		}
	case "pids":
		return cg.write(filepath.Join(dir, "pids.max"), strconv.FormatInt(l.Pids, 10),
			"fork and clone fail with EAGAIN once the container has this many tasks")
	case "cpu":
		// The period first: the kernel checks the quota against it.
		if err := cg.write(filepath.Join(dir, "cpu.cfs_period_us"), strconv.FormatInt(cg.cpuPeriod().Microseconds(), 10),
			"the period the CPU quota counts in"); err != nil {
			return err
		}
		return cg.write(filepath.Join(dir, "cpu.cfs_quota_us"), strconv.FormatInt(l.CPUQuota.Microseconds(), 10),
			"this much CPU time per period; past it the kernel throttles the container until the next")
	}
	return nil
}

// statsV1 reads one controller's v1 files into st.
func statsV1(st *Stats, controller, dir string, read func(string) string) {
	switch controller {
	case "memory":
		st.MemoryMax = num(read(filepath.Join(dir, "memory.limit_in_bytes")))
		st.MemoryCurrent = num(read(filepath.Join(dir, "memory.usage_in_bytes")))
		st.MemoryPeak = num(read(filepath.Join(dir, "memory.max_usage_in_bytes")))
		// oom_kill: Linux 4.13.
		st.OOMKills = keyed(read(filepath.Join(dir, "memory.oom_control")), "oom_kill")
	case "pids":
		st.PidsMax = num(read(filepath.Join(dir, "pids.max")))
		st.PidsCurrent = num(read(filepath.Join(dir, "pids.current")))
		st.PidsMaxHits = keyed(read(filepath.Join(dir, "pids.events")), "max")
	case "cpu":
		// -1 is v1's "no quota", as "max" is v2's.
		if q := num(read(filepath.Join(dir, "cpu.cfs_quota_us"))); q >= 0 {
			st.CPUQuota = time.Duration(q) * time.Microsecond
		}
		st.CPUPeriod = time.Duration(num(read(filepath.Join(dir, "cpu.cfs_period_us")))) * time.Microsecond
		stat := read(filepath.Join(dir, "cpu.stat"))
		st.NrPeriods, st.NrThrottled = keyed(stat, "nr_periods"), keyed(stat, "nr_throttled")
		st.ThrottledTime = time.Duration(keyed(stat, "throttled_time")) // nanoseconds
		// v1's cpu.stat has no CPU time: cpuacct counts it, in the same
		// directory where the two controllers share a hierarchy, as
		// systemd mounts them (cpu,cpuacct).
		if usage := read(filepath.Join(dir, "cpuacct.usage")); usage != "" {
			st.CPUUsage = time.Duration(num(usage)) // nanoseconds
		}
	}
}
