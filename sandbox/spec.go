package sandbox

import (
	"io"
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
)

// RootMode says how the container gets its own root directory.
type RootMode int

const (
	// RootHost keeps the host's root: the container sees the host's files.
	RootHost RootMode = iota
	// RootChroot changes the root directory with chroot(2). It is not a
	// security boundary: a process with CAP_SYS_CHROOT can climb back out.
	RootChroot
	// RootPivot swaps the root mount with pivot_root(2) in a new mount
	// namespace and detaches the old one, so there is nothing left to climb to.
	RootPivot
)

func (m RootMode) String() string {
	switch m {
	case RootChroot:
		return "chroot"
	case RootPivot:
		return "pivot_root"
	default:
		return "host"
	}
}

// Namespaces lists the namespaces the container's init is cloned into.
// A false field means the container shares that namespace with the host.
type Namespaces struct {
	Mount  bool // CLONE_NEWNS: its own mount table
	PID    bool // CLONE_NEWPID: its own process numbers; the init is PID 1
	UTS    bool // CLONE_NEWUTS: its own hostname
	IPC    bool // CLONE_NEWIPC: its own SysV and POSIX message queues, semaphores, shared memory
	Net    bool // CLONE_NEWNET: its own network devices, with only a loopback
	User   bool // CLONE_NEWUSER: its own uids and gids, mapped by UIDMap and GIDMap
	Cgroup bool // CLONE_NEWCGROUP: its own view of the cgroup tree, rooted at its own cgroup
	Time   bool // CLONE_NEWTIME: its own CLOCK_MONOTONIC and CLOCK_BOOTTIME, shifted by TimeOffsets
}

// TimeOffsets are what a time namespace adds to two clocks for everything
// inside it. The wall clock, CLOCK_REALTIME, has no offset: a time
// namespace cannot change it.
type TimeOffsets struct {
	Monotonic time.Duration `json:"monotonic"`
	Boottime  time.Duration `json:"boottime"`
}

// IDMap maps Size ids starting at ContainerID inside a user namespace to ids
// starting at HostID outside it, as one line of /proc/PID/uid_map.
type IDMap struct {
	ContainerID int `json:"container_id"`
	HostID      int `json:"host_id"`
	Size        int `json:"size"`
}

// Limits are the cgroup limits put on the container (see cgroup.Limits).
type Limits = cgroup.Limits

// Hardening is what a production runtime adds on top of namespaces.
type Hardening struct {
	// Enabled turns on the hardening below; the zero Hardening changes nothing.
	Enabled bool
	// KeepCaps are the capabilities the init and its children keep, by name
	// ("CAP_CHOWN"), in the bounding, effective and permitted sets; every
	// other one is dropped from them, and the inheritable and ambient sets
	// are left empty.
	KeepCaps []string
	// NoNewPrivs sets PR_SET_NO_NEW_PRIVS, so setuid binaries and file
	// capabilities cannot raise the privileges of anything run inside.
	NoNewPrivs bool
	// MaskedPaths are /proc and /sys paths hidden from the container, as
	// runc's maskPath does: a file gets /dev/null bound over it, a
	// directory an empty read-only tmpfs mounted on it.
	MaskedPaths []string
	// ReadonlyPaths are bound read-only over themselves.
	ReadonlyPaths []string
	// SealedBinary runs the init from a sealed in-memory copy of the burk
	// binary, so a process inside cannot overwrite the binary on the host
	// through /proc/PID/exe (CVE-2019-5736).
	SealedBinary bool
}

// Spec is everything the runtime needs to start one container. It is plain
// data: Start validates it and never changes it.
type Spec struct {
	// Rootfs is the directory the container's root is made from. It is
	// required unless Root is RootHost.
	Rootfs string
	// Root is how the container's root directory is set up.
	Root RootMode
	// MountProc mounts a proc filesystem at /proc inside the root. Without a
	// PID namespace it shows every process on the host.
	MountProc bool
	// HostProc, with MountProc, bind-mounts the host's /proc instead of
	// mounting a new proc: the pid-ns step's "break it". ps reads /proc, so
	// it then lists the host's processes, PID namespace or not.
	HostProc bool
	// MountDev mounts a small tmpfs at /dev with null, zero, random, urandom
	// and tty bound from the host; needs a mount namespace.
	MountDev bool
	// Namespaces are the namespaces to create.
	Namespaces Namespaces
	// KeepSharedRoot skips making / private in a new mount namespace: the
	// "break it" variant of the mount-ns step. Mounts made inside then
	// propagate back to the host where / is a shared mount.
	KeepSharedRoot bool
	// Hostname is set in the new UTS namespace; empty leaves it unchanged.
	Hostname string
	// UIDMap and GIDMap map ids for a user namespace.
	UIDMap []IDMap
	GIDMap []IDMap
	// TimeOffsets shift the clocks of a time namespace.
	TimeOffsets TimeOffsets
	// Limits are cgroup limits; the container always gets a cgroup of
	// burk's own, so that all its processes can be found and killed.
	Limits Limits
	// Hardening is what a real runtime adds.
	Hardening Hardening

	// Args is the command a Run starts in the container; unused by Start,
	// whose container serves probes until it is closed.
	Args []string
	// Env is the environment of every command run inside; a small default
	// PATH when empty.
	Env []string
	// Stdin, Stdout and Stderr are the streams of Run's command; they stay
	// with the host (the init gets them as its own stdio, not in its
	// InitSpec).
	Stdin          io.Reader `json:"-"`
	Stdout, Stderr io.Writer `json:"-"`
}
