package sandbox

import (
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/trace"
)

// MachineCgroup makes the cgroup of a machine this burk runs (a served
// session), with its limits: the guard removes it, and kills what is in
// it, if this burk is killed.
func (h *Host) MachineCgroup(name string, l cgroup.Limits) (*cgroup.Cgroup, func() error, error) {
	if h.cgroupErr != nil {
		return nil, nil, h.cgroupErr
	}
	if err := h.startGuard(); err != nil {
		return nil, nil, err
	}
	return h.cgroups.New(name, l, trace.New(trace.HostSide, time.Now()))
}
