package sandbox

import (
	"os"
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/trace"
)

// machineEnv is set by a machine's PID 1 (package machine) in the burk it
// runs there.
const machineEnv = "BURK_MACHINE"

// InMachine reports whether this burk runs as root of a machine of its own
// (a burk serve session): root of a user namespace that also owns its
// mount, PID, UTS, IPC, network, cgroup and time namespaces. Unlike the
// lab, its ps, hostname and mount table are its own, not the host's.
func InMachine() bool { return os.Getenv(machineEnv) == "1" && !IsRealRoot() }

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
