//go:build !linux

package sandbox

import (
	"context"
	"errors"

	"github.com/burk-tui/burk/internal/mountinfo"
)

// Off Linux there are no namespaces, mounts or cgroups to make a container
// of: the sandbox's types compile, so that the tour's steps and UI do and a
// recorded tour can be shown, but no container ever starts. The real
// runtime is in the _linux.go files.

// IsInit reports whether this process was started as a container's init:
// never, off Linux.
func IsInit() bool { return false }

// Init is never reached off Linux (IsInit is false).
func Init() { panic("sandbox: a container's init needs Linux") }

// IsGuard reports whether this process was started as a guard: never, off
// Linux.
func IsGuard() bool { return false }

// Guard is never reached off Linux (IsGuard is false).
func Guard() { panic("sandbox: the guard needs Linux") }

// InLab reports whether this burk runs inside a rootless lab: never, off
// Linux.
func InLab() bool { return false }

// The types below are the runtime's, as the steps read them. On Linux they
// are declared beside the code that fills them (read_linux.go,
// hostchanges_linux.go, container_linux.go); here they are copies, so
// that the steps compile. The cross builds in scripts/test fail when the
// steps use a field or a method these lack: add it here too.

// Mount is one line of /proc/PID/mountinfo.
type Mount = mountinfo.Mount

// MountsUnder returns the mounts whose mount point is dir or below it.
func MountsUnder(mounts []Mount, dir string) []Mount { return mountinfo.Under(mounts, dir) }

// Process is what /proc/PID says about one process (read_linux.go).
type Process struct {
	PID, PPID int
	UID       int
	Comm      string
	Cmdline   []string
	NSpid     []int
}

// NamespaceTypes are the namespace files under /proc/PID/ns that burk shows.
var NamespaceTypes = []string{"mnt", "pid", "uts", "ipc", "net", "user", "cgroup", "time"}

// HostChange is one thing a container changed on the host
// (hostchanges_linux.go).
type HostChange struct {
	Kind          ChangeKind
	Name          string
	Before, After string
	Restored      bool
	Undo          string
	Err           string
}

// ChangeKind is a sort of thing a container can change on the host.
type ChangeKind string

const (
	ChangedHostname     ChangeKind = "hostname"
	ChangedDomainname   ChangeKind = "NIS domain name"
	ChangedLink         ChangeKind = "link"
	ChangedMsgQueue     ChangeKind = "message queue"
	ChangedSemaphores   ChangeKind = "semaphore set"
	ChangedSharedMemory ChangeKind = "shared memory segment"
	ChangedMQueue       ChangeKind = "POSIX message queue"
	ChangedMount        ChangeKind = "mount"
)

// errNeedsLinux is what every container operation says off Linux.
var errNeedsLinux = errors.New("containers need Linux: namespaces, mounts and cgroups are Linux's")

// Container is a running container; off Linux none ever runs, and every
// method says so.
type Container struct{}

func (c *Container) CgroupStats() (CgroupStats, error) { return CgroupStats{}, errNeedsLinux }
func (c *Container) Close() error                      { return nil }
func (c *Container) Escape(ctx context.Context) (EscapeResult, error) {
	return EscapeResult{}, errNeedsLinux
}
func (c *Container) Exec(ctx context.Context, args ...string) (ExecResult, error) {
	return ExecResult{}, errNeedsLinux
}
func (c *Container) HostChanges() []HostChange { return nil }
func (c *Container) Pid() int                  { return 0 }
func (c *Container) Processes() ([]int, error) { return nil, errNeedsLinux }
func (c *Container) Spec() Spec                { return Spec{} }
func (c *Container) Trace() []Event            { return nil }
