package steps

import (
	"context"

	"github.com/burk-tui/burk/sandbox"
)

// Host is the machine the containers run on, as the tour sees it.
//
// The engine and its probes read the host only through it: burk's own
// mount table, processes and namespaces, and the files of /proc and /sys as
// burk sees them. A rootful host and a rootless lab are two of them.
type Host interface {
	Start(ctx context.Context, spec sandbox.Spec) (*sandbox.Container, error)
	Hostname() (string, error)
	Mounts() ([]sandbox.Mount, error) // burk's own mount table
	Process(pid int) (sandbox.Process, error)
	ProcessTree(root int) (tree []sandbox.Process, others int, err error)
	Namespaces(pid int) (map[string]uint64, error) // pid 0: burk itself
	RootID() (dev, ino uint64, err error)
	PathID(path string) (dev, ino uint64, err error) // stat(2) of a host path
	CreateMsgQueue() (id int, undo func() error, err error)
	InitBinaryGuard(c *sandbox.Container) (guard string, sealed bool)
	ReadFile(path string) ([]byte, error)  // a host file as burk sees it: /proc/..., /sys/...
	ReadDir(path string) ([]string, error) // names in a host directory, sorted
	Readlink(path string) (string, error)
}
