package sandbox

// The host: the machine containers run on, and this burk's place on it.
// Everything a host makes is named after its instance — its cgroups
// burk-<instance>-… — so that whoever cleans up after a dead burk can tell
// what was its (package housekeeping, one layer above).

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/mountinfo"
)

// Host is the machine containers are started on, as one burk process sees
// it: the instance that names what this burk makes, the cgroups it makes
// containers in, and the sealed copy of its binary the hardened containers
// run from. Start, Run and the readers of the host's side are its methods.
//
// This is a host where burk runs as root. A rootless burk is a second kind
// of host: the same methods, its cgroups under a delegated subtree.
type Host struct {
	id      string
	keeper  Keeper
	cgroups cgroup.Manager
	// cgroupErr is why the host's cgroups could not be read: burk doctor
	// says so, and no container can start.
	cgroupErr error

	mu sync.Mutex
	n  int // containers started

	sealOnce sync.Once
	sealed   sealedExe
	sealErr  error
}

// HostOptions are what the layer above the runtime tells it about the
// burk process it runs in.
type HostOptions struct {
	// Instance names everything the host makes: its cgroups are
	// burk-<Instance>-<container>. Required.
	Instance string
	// Keeper keeps the host clean should this burk die with containers
	// running (package housekeeping); nil keeps nothing.
	Keeper Keeper
}

// Keeper is what cleans up after a burk that can no longer do it itself:
// a SIGKILL, the OOM killer, a closed laptop lid run no Go code, and
// Close never comes. Start asks it, for each container, before it makes
// anything the container leaves on the host.
type Keeper interface {
	// StartGuard makes sure something will clean up after this burk if it
	// dies from now on; called before the first container is made.
	StartGuard() error
	// JournalMounts writes down the mount points under rootfs (before)
	// when a container whose mounts reach the host's table starts, and
	// returns forget, which Close calls once it has unmounted what the
	// container added there (undone: why it could not).
	JournalMounts(rootfs, container string, before []string) (forget func(undone error), err error)
	// ScratchDir is a directory of this burk's for the runtime's own
	// short-lived files, removed after a crash; done tidies it away.
	ScratchDir() (dir string, done func(), err error)
}

// NewHost finds the host's cgroups for the burk process named by
// opts.Instance.
func NewHost(opts HostOptions) (*Host, error) {
	if opts.Instance == "" {
		return nil, errors.New("a host needs an instance name: what it makes is named after it")
	}
	info, err := hostCgroups()
	h := &Host{id: opts.Instance, keeper: opts.Keeper, cgroups: cgroup.Manager{Info: info, Instance: opts.Instance}}
	if err != nil {
		h.cgroupErr = fmt.Errorf("detect cgroups: %w", err)
	}
	return h, nil
}

func hostCgroups() (cgroup.Info, error) {
	if InLab() {
		// The host's cgroups are root's. A lab has cgroups only below the
		// one delegated to the learner, which the burk outside prepared
		// (machine.labCgroup); without one every limit is missing, the cgroups
		// step says so, and each container is killed by its process tree
		// instead (killTree).
		dir := os.Getenv(LabCgroupEnv)
		if dir == "" {
			return cgroup.Info{}, nil
		}
		info, err := cgroup.Detect()
		if err != nil {
			return cgroup.Info{}, err
		}
		return cgroup.DelegatedInfo(info, dir)
	}
	return cgroup.Detect()
}

// Instance is the name of the burk process this host belongs to.
func (h *Host) Instance() string { return h.id }

// Cgroups is how this host mounts its cgroups.
func (h *Host) Cgroups() cgroup.Info { return h.cgroups.Info }

// CgroupsErr is why the host's cgroups could not be read, or nil.
func (h *Host) CgroupsErr() error { return h.cgroupErr }

func (h *Host) nextName() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
	return fmt.Sprintf("c%d", h.n)
}

// mountPointsUnder lists the mount points under rootfs now.
func mountPointsUnder(rootfs string) ([]string, error) {
	mounts, err := mountinfo.Read(0)
	if err != nil {
		return nil, err
	}
	var points []string
	for _, m := range mountinfo.Under(mounts, rootfs) {
		points = append(points, m.MountPoint)
	}
	return points, nil
}

// watchMounts notes the mounts under rootfs before the container named
// name starts, in the keeper's journal too, and returns the undo that
// unmounts what the container added there.
func (h *Host) watchMounts(rootfs, name string) (undo func() error, err error) {
	before, err := mountPointsUnder(rootfs)
	if err != nil {
		return nil, err
	}
	forget := func(error) {}
	if h.keeper != nil {
		if forget, err = h.keeper.JournalMounts(rootfs, name, before); err != nil {
			return nil, err
		}
	}
	return func() error {
		err := UnmountAdded(rootfs, before)
		forget(err)
		return err
	}, nil
}

// UnmountAdded unmounts whatever is mounted under rootfs now that was not
// in before, deepest first: what a container leaked into the host's mount
// table. The recovery of a crashed burk calls it with its journal.
func UnmountAdded(rootfs string, before []string) error {
	mounts, err := mountinfo.Read(0)
	if err != nil {
		return err
	}
	had := map[string]bool{}
	for _, p := range before {
		had[p] = true
	}
	var added []string
	for _, m := range mountinfo.Under(mounts, rootfs) {
		if !had[m.MountPoint] {
			added = append(added, m.MountPoint)
		}
	}
	// Deepest first; one mount point can be stacked more than once.
	sort.Slice(added, func(i, j int) bool { return len(added[i]) > len(added[j]) })
	var errs []error
	for _, p := range added {
		// MNT_DETACH: a process that still has it open cannot keep the
		// mount on the host's table.
		if err := unix.Unmount(p, unix.MNT_DETACH); err != nil && err != unix.EINVAL && err != unix.ENOENT {
			errs = append(errs, fmt.Errorf("unmount %s: %w", p, os.NewSyscallError("umount2", err)))
		}
	}
	return errors.Join(errs...)
}
