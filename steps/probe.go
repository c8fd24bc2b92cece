package steps

import (
	"context"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// Probe is one view a step shows: the same thing looked at from the host
// and from inside the container, while the container runs.
type Probe struct {
	ID    string
	Title i18n.Msg
	// Take looks, and records in ev what the claims need.
	Take func(ctx context.Context, r *probeRun) View
}

// Claim is a sentence about what the kernel does, and the check of it
// against what really happened.
type Claim struct {
	Text i18n.Msg
	// Check returns whether the claim held and, in plain words, what was
	// seen.
	Check func(ev *Evidence) (held bool, seen i18n.Msg)
}

// Evidence is the raw outcome of one run of a step, for claims to check.
type Evidence struct {
	Spec    sandbox.Spec
	Variant string
	BurkPID int // the host's PID of burk itself
	InitPID int // the host's PID of the container's init
	Init    sandbox.Process
	// InitRoot and InitExe are where /proc/<init>/root and exe pointed
	// while the container ran.
	InitRoot, InitExe string
	// InitExeGuard is what the kernel said when burk, on the host, asked to
	// write the init's binary (it writes nothing), and InitExeSealed whether
	// that protects it.
	InitExeGuard  string
	InitExeSealed bool

	// Exec holds each command run inside, by probe id.
	Exec map[string]sandbox.ExecResult

	HostNS, ContainerNS map[string]uint64

	HostnameBefore, HostnameDuring, HostnameAfter string

	// ProcMounts* count the proc mounts the host's table has under the rootfs.
	ProcMountsBefore, ProcMountsDuring, ProcMountsAfter int
	// RootPropagation is how the host's / propagates: "shared:1", or "" for private.
	RootPropagation string

	ContainerPIDs []int // host PIDs of the container's processes
	HostProcesses int   // every process on the host

	MsgQueueID int // the SysV queue made on the host for ipc-ns, or -1

	Escape                   *sandbox.EscapeResult
	HostRootDev, HostRootIno uint64

	Cgroup *sandbox.CgroupStats
	// HostReadErr is how the host's listing of its processes ended while
	// the fork bomb ran, HostReadTime how long it took, and HostReadBefore
	// how long the same took just before.
	HostReadErr                  error
	HostReadTime, HostReadBefore time.Duration
}

// probeRun is what a probe works with: the running container and the
// evidence it adds to.
type probeRun struct {
	c  *sandbox.Container
	ev *Evidence
}

// inside runs a command in the container and keeps its result as evidence.
func (r *probeRun) inside(ctx context.Context, key string, args ...string) sandbox.ExecResult {
	res, err := r.c.Exec(ctx, args...)
	if err != nil {
		res = sandbox.ExecResult{Args: args, ExitCode: -1, StartErr: err.Error()}
	}
	r.ev.Exec[key] = res
	return res
}
