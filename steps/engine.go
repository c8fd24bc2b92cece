package steps

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// Engine runs steps on real containers, one at a time: two containers on
// one rootfs would see each other's proc mount at the steps without a mount
// namespace, and each would count the other's as its own.
type Engine struct {
	// Rootfs is the root filesystem every container is made from.
	Rootfs string
	mu     sync.Mutex
}

// Run starts the step's container, takes every probe on both sides while
// it runs, closes it, and checks the step's claims against what was seen.
// It leaves nothing behind, also when ctx is cancelled midway.
func (e *Engine) Run(ctx context.Context, step *Step, variant string) *Observation {
	obs, _ := e.run(ctx, step, variant)
	return obs
}

// run is Run, and also returns the evidence the claims were checked against
// (nil when the run stopped before gathering any).
func (e *Engine) run(ctx context.Context, step *Step, variant string) (obs *Observation, ev *Evidence) {
	e.mu.Lock()
	defer e.mu.Unlock()
	obs = &Observation{StepID: step.ID, Variant: variant, Started: time.Now()}
	defer func() { obs.Duration = time.Since(obs.Started) }()
	if ctx.Err() != nil {
		return fail(obs, ctx.Err()), ev // superseded while it waited its turn
	}
	spec := SpecFor(step, e.Rootfs)
	claims, probes := step.Claims, step.Probes
	if variant == "break" {
		if step.Break == nil {
			obs.Err = fmt.Errorf("step %s has no \"break it\" variant", step.ID)
			return obs, ev
		}
		if step.Break.Apply != nil {
			step.Break.Apply(&spec)
		}
		claims = step.Break.Claims
		probes = append(append([]*Probe{}, probes...), step.Break.Probes...)
	}
	ev = &Evidence{Spec: spec, Variant: variant, BurkPID: os.Getpid(), Exec: map[string]sandbox.ExecResult{}, MsgQueueID: -1}
	ev.HostnameBefore, _ = sandbox.Hostname()
	ev.HostRootDev, ev.HostRootIno, _ = sandbox.RootID()
	ev.HostNS, _ = sandbox.NamespaceInodes(0)
	if mounts, err := sandbox.ReadMounts(0); err == nil {
		ev.ProcMountsBefore = procMountsUnder(mounts, spec.Rootfs)
		for _, m := range mounts {
			if m.MountPoint == "/" {
				ev.RootPropagation = m.Propagation
			}
		}
	}
	if needsProbe(step, probeIPC) {
		id, undo, err := sandbox.CreateMsgQueue()
		if err != nil {
			return fail(obs, fmt.Errorf("create the host's message queue: %w", err)), ev
		}
		defer undo()
		ev.MsgQueueID = id
	}

	c, err := sandbox.Start(ctx, spec)
	if err != nil {
		return fail(obs, err), ev
	}
	closed := false
	closeContainer := func() error {
		if closed {
			return nil
		}
		closed = true
		return c.Close()
	}
	defer closeContainer()
	ev.InitPID = c.Pid()
	ev.Init, _ = sandbox.ReadProcess(c.Pid())
	ev.ContainerNS, _ = sandbox.NamespaceInodes(c.Pid())
	ev.InitRoot, _ = os.Readlink(fmt.Sprintf("/proc/%d/root", c.Pid()))
	ev.InitExe, _ = os.Readlink(fmt.Sprintf("/proc/%d/exe", c.Pid()))
	if ev.Spec.Hardening.SealedBinary {
		// Only where the step claims it: elsewhere the init is burk's file
		// on disk, and there is no reason to ask to write to it.
		ev.InitExeGuard, ev.InitExeSealed = sandbox.InitBinaryGuard(c.Pid())
	}

	r := &probeRun{c: c, ev: ev}
	for _, p := range probes {
		if ctx.Err() != nil {
			return fail(obs, ctx.Err()), ev
		}
		obs.Views = append(obs.Views, p.Take(ctx, r))
	}
	obs.Trace = c.Trace()
	if err := closeContainer(); err != nil {
		return fail(obs, fmt.Errorf("close the container: %w", err)), ev
	}
	obs.Trace = c.Trace() // with the undo of the host's changes
	ev.HostnameAfter, _ = sandbox.Hostname()
	if mounts, err := sandbox.ReadMounts(0); err == nil {
		ev.ProcMountsAfter = procMountsUnder(mounts, spec.Rootfs)
	}
	if ctx.Err() != nil {
		return fail(obs, ctx.Err()), ev
	}
	for _, cl := range claims {
		ok, seen := cl.Check(ev)
		obs.Claims = append(obs.Claims, ClaimResult{Text: cl.Text, Held: ok, Seen: seen})
	}
	return obs, ev
}

func needsProbe(s *Step, p *Probe) bool {
	for _, q := range s.Probes {
		if q == p {
			return true
		}
	}
	return false
}

// fail records an error with the hint a learner can act on.
func fail(obs *Observation, err error) *Observation {
	obs.Err = err
	obs.Hint = hintFor(err)
	return obs
}

func hintFor(err error) i18n.Msg {
	switch {
	case errors.Is(err, context.Canceled):
		return i18n.T("The step was stopped.")
	case errors.Is(err, unix.EPERM):
		return i18n.T("The kernel refused: run burk as root (sudo), and see burk doctor.")
	case errors.Is(err, unix.EACCES):
		return i18n.T("Permission denied: with a user namespace, every directory on the way to the rootfs must be searchable by others (chmod o+x).")
	case errors.Is(err, unix.ENOENT):
		return i18n.T("Something the step needs is missing: check the rootfs (burk rootfs) and burk doctor.")
	}
	return i18n.T("burk doctor says what this machine allows.")
}
