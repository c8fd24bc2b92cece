//go:build !linux

package sandbox

import (
	"context"
	"errors"
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

// InLab reports whether this burk runs inside a rootless lab: never, off
// Linux.
func InLab() bool { return false }

// InMachine reports whether this burk runs as root of a machine of its
// own: never, off Linux.
func InMachine() bool { return false }

// The container and host below stand in for the runtime's (container_linux.go,
// host_linux.go), so that the steps compile; the types both share are in
// types.go. The cross builds in scripts/test fail when the steps use a
// field or a method these lack: add it here too.

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
func (c *Container) ReachLoopback(ctx context.Context) (LoopbackResult, error) {
	return LoopbackResult{}, errNeedsLinux
}
func (c *Container) HostChanges() []HostChange { return nil }
func (c *Container) Pid() int                  { return 0 }
func (c *Container) Processes() ([]int, error) { return nil, errNeedsLinux }
func (c *Container) Spec() Spec                { return Spec{} }
func (c *Container) Trace() []Event            { return nil }
