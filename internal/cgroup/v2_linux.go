package cgroup

// The limits and their read-back in the unified (v2) hierarchy, where each
// controller's files sit in the payload directory under their own names.

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// writeLimitV2 writes one controller's limit in the v2 payload directory.
func (cg *Cgroup) writeLimitV2(controller, dir string) error {
	l := cg.limits
	switch controller {
	case "memory":
		if err := cg.write(filepath.Join(dir, "memory.max"), strconv.FormatInt(l.MemoryBytes, 10),
			"cap the container's memory; past it the OOM killer ends a process in it"); err != nil {
			return err
		}
		// Only there when the kernel accounts swap: without swap, the hog
		// cannot page its way past the limit.
		if swap := filepath.Join(dir, "memory.swap.max"); exists(swap) {
			return cg.write(swap, "0", "no swap: the memory limit is the limit")
		}
	case "pids":
		return cg.write(filepath.Join(dir, "pids.max"), strconv.FormatInt(l.Pids, 10),
			"fork and clone fail with EAGAIN once the container has this many tasks")
	case "cpu":
		return cg.write(filepath.Join(dir, "cpu.max"), fmt.Sprintf("%d %d", l.CPUQuota.Microseconds(), cg.cpuPeriod().Microseconds()),
			"this much CPU time per period; past it the kernel throttles the container until the next")
	}
	return nil
}

// statsV2 reads one controller's v2 files into st.
func statsV2(st *Stats, controller, dir string, read func(string) string) {
	switch controller {
	case "memory":
		st.MemoryMax = num(read(filepath.Join(dir, "memory.max")))
		st.MemoryCurrent = num(read(filepath.Join(dir, "memory.current")))
		st.MemoryPeak = num(read(filepath.Join(dir, "memory.peak"))) // Linux 5.19
		st.OOMKills = keyed(read(filepath.Join(dir, "memory.events")), "oom_kill")
	case "pids":
		st.PidsMax = num(read(filepath.Join(dir, "pids.max")))
		st.PidsCurrent = num(read(filepath.Join(dir, "pids.current")))
		st.PidsMaxHits = keyed(read(filepath.Join(dir, "pids.events")), "max")
	case "cpu":
		var q, p string
		fmt.Sscan(read(filepath.Join(dir, "cpu.max")), &q, &p)
		if q != "max" && q != "" {
			st.CPUQuota = time.Duration(num(q)) * time.Microsecond
		}
		st.CPUPeriod = time.Duration(num(p)) * time.Microsecond
		stat := read(filepath.Join(dir, "cpu.stat"))
		st.NrPeriods, st.NrThrottled = keyed(stat, "nr_periods"), keyed(stat, "nr_throttled")
		st.ThrottledTime = time.Duration(keyed(stat, "throttled_usec")) * time.Microsecond
		if strings.Contains(stat, "usage_usec") {
			st.CPUUsage = time.Duration(keyed(stat, "usage_usec")) * time.Microsecond
		}
	}
}
