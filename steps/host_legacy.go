package steps

// A stand-in until sandbox.Host lands: LocalHost is the host through
// today's package-level functions of sandbox and the os package. It is the
// one file of steps that reads the host itself; delete it when *sandbox.Host
// implements Host.

import (
	"context"
	"os"

	"github.com/burk-tui/burk/sandbox"
)

// LocalHost is the machine burk runs on, as root.
type LocalHost struct{}

var _ Host = LocalHost{}

func (LocalHost) Start(ctx context.Context, spec sandbox.Spec) (*sandbox.Container, error) {
	return sandbox.Start(ctx, spec)
}

func (LocalHost) Hostname() (string, error)                { return sandbox.Hostname() }
func (LocalHost) Mounts() ([]sandbox.Mount, error)         { return sandbox.ReadMounts(0) }
func (LocalHost) Process(pid int) (sandbox.Process, error) { return sandbox.ReadProcess(pid) }

func (LocalHost) ProcessTree(root int) ([]sandbox.Process, int, error) {
	return sandbox.ProcessTree(root)
}

func (LocalHost) Namespaces(pid int) (map[string]uint64, error) { return sandbox.NamespaceInodes(pid) }
func (LocalHost) RootID() (dev, ino uint64, err error)          { return sandbox.RootID() }

func (LocalHost) CreateMsgQueue() (int, func() error, error) { return sandbox.CreateMsgQueue() }

func (LocalHost) InitBinaryGuard(pid int) (string, bool) { return sandbox.InitBinaryGuard(pid) }

func (LocalHost) ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

func (LocalHost) ReadDir(path string) ([]string, error) {
	entries, err := os.ReadDir(path)
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names, err
}

func (LocalHost) Readlink(path string) (string, error) { return os.Readlink(path) }
