package sandbox

// The runtime's types that the steps read, on every OS Go builds for: off
// Linux no container starts (sandbox_other.go), but a recorded tour is
// shown in them.

import (
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/procfs"
)

// Mount is one line of /proc/PID/mountinfo.
type Mount = mountinfo.Mount

// MountsUnder returns the mounts whose mount point is dir or below it.
func MountsUnder(mounts []Mount, dir string) []Mount { return mountinfo.Under(mounts, dir) }

// Process is what /proc/PID says about one process.
type Process = procfs.Process

// NamespaceTypes are the namespace files under /proc/PID/ns that burk shows.
var NamespaceTypes = procfs.NamespaceTypes

// HostChange is one thing a container changed on the host, and what burk
// did about it.
type HostChange struct {
	// Kind is what sort of thing changed, and Name which one where there
	// are several: the link "lo", the message queue "32768", the mount
	// "/mnt/x".
	Kind ChangeKind
	Name string
	// Before is how it was, After how the container left it; "" where the
	// container made it (Before) or removed it (After).
	Before, After string
	// Restored says burk put it back. When it did not, Undo is the
	// command that does, and Err why restoring failed, if it was tried.
	Restored bool
	Undo     string
	Err      string
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
