package cgroup

// The container's limits: checked, written, and read back with the
// events that show the kernel enforcing them. What differs between v1 and
// v2 is in v1_linux.go and v2_linux.go.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// checkLimits refuses limits the kernel would refuse, before anything is made.
func checkLimits(l Limits) error {
	switch {
	case l.MemoryBytes < 0:
		return fmt.Errorf("memory limit %d: must be a number of bytes, or 0 for none", l.MemoryBytes)
	case l.Pids < 0:
		return fmt.Errorf("pids limit %d: must be a number of tasks, or 0 for none", l.Pids)
	case l.CPUQuota < 0:
		return fmt.Errorf("cpu quota %v: must be a duration, or 0 for none", l.CPUQuota)
	case l.CPUQuota > 0 && l.CPUQuota < time.Millisecond:
		return fmt.Errorf("cpu quota %v: the kernel's smallest is 1ms", l.CPUQuota)
	case l.CPUPeriod != 0 && (l.CPUPeriod < time.Millisecond || l.CPUPeriod > time.Second):
		return fmt.Errorf("cpu period %v: the kernel takes 1ms to 1s (0 means 100ms)", l.CPUPeriod)
	}
	return nil
}

func (cg *Cgroup) writeLimits() error {
	for _, c := range cg.limits.needs() {
		dir := cg.LimitDir(c)
		if dir == "" {
			continue // missing here: named in stats().Missing
		}
		var err error
		if v, _ := cg.info.ControllerVersion(c); v == "v2" {
			err = cg.writeLimitV2(c, dir)
		} else {
			err = cg.writeLimitV1(c, dir)
		}
		if err != nil {
			return cgroupError("set the container's "+c+" limit", err)
		}
	}
	return nil
}

func (cg *Cgroup) cpuPeriod() time.Duration {
	if cg.limits.CPUPeriod == 0 {
		return 100 * time.Millisecond
	}
	return cg.limits.CPUPeriod
}

// stats reads the container's cgroup files: its limits, and the events
// that show them enforced.
func (cg *Cgroup) Stats() (Stats, error) {
	st := Stats{Version: map[string]string{}, Dirs: map[string]string{}, Files: map[string]string{},
		Missing: cg.missing, MemoryMax: -1, PidsMax: -1, CPUQuota: -1, CPUUsage: -1}
	if cg.v2 != "" {
		st.Dirs["unified"] = cg.v2
	}
	var errs []error
	read := func(path string) string {
		data, err := readFile(path)
		if err != nil {
			// memory.peak (Linux 5.19) and the like may be absent; an
			// unreadable file that should be there is reported.
			if !errors.Is(err, unix.ENOENT) {
				errs = append(errs, err)
			}
			return ""
		}
		s := strings.TrimSpace(string(data))
		st.Files[path] = s
		return s
	}
	for _, c := range cg.limits.needs() {
		v, ok := cg.info.ControllerVersion(c)
		dir := cg.LimitDir(c)
		if !ok || dir == "" {
			continue
		}
		st.Version[c] = v
		st.Dirs[c] = dir
		if v == "v2" {
			statsV2(&st, c, dir, read)
		} else {
			statsV1(&st, c, dir, read)
		}
	}
	if len(errs) > 0 {
		return st, fmt.Errorf("read the container's cgroup files: %w", errors.Join(errs...))
	}
	return st, nil
}
