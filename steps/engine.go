package steps

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"syscall"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
)

// Engine runs steps on real containers, one at a time: two containers on
// one rootfs would see each other's proc mount at the steps without a mount
// namespace, and each would count the other's as its own.
type Engine struct {
	// Rootfs is the root filesystem every container is made from.
	Rootfs string
	// Host is the machine the containers run on; the engine and its probes
	// read the host only through it.
	Host Host
	mu   sync.Mutex
}

// Run starts the step's container, takes every probe on both sides while
// it runs, closes it, and checks the step's claims against what was seen.
// It leaves nothing behind, also when ctx is cancelled midway.
func (e *Engine) Run(ctx context.Context, step *Step, variant Variant) *Observation {
	e.mu.Lock()
	defer e.mu.Unlock()
	obs := &Observation{StepID: step.ID, Variant: variant, Started: time.Now()}
	defer func() { obs.Duration = time.Since(obs.Started) }()
	if ctx.Err() != nil {
		return fail(obs, ctx.Err()) // superseded while it waited its turn
	}
	if variant == BreakIt && step.Break == nil {
		obs.Err = fmt.Errorf("step %s has no \"break it\" variant", step.ID)
		return obs
	}
	host := e.Host
	spec := SpecFor(step, e.Rootfs)
	if variant == BreakIt && step.Break.Apply != nil {
		step.Break.Apply(&spec)
	}
	probes, claims := step.ProbesFor(variant), step.ClaimsFor(variant)

	ev := &evidence{probes: map[reflect.Type]any{}}
	run := &ev.run
	*run = runFacts{Spec: spec, BurkPID: os.Getpid()}
	run.HostnameBefore, _ = host.Hostname()
	run.HostNS, _ = host.Namespaces(0)
	if mounts, err := host.Mounts(); err == nil {
		run.ProcMountsBefore = procMountsUnder(mounts, spec.Rootfs)
		run.RootfsMount, run.RootPropagation = holdingMount(mounts, filepath.Join(spec.Rootfs, "proc"))
	}
	// What the probes set up on the host is undone after the container is
	// closed, in reverse order.
	for _, p := range probes {
		if p.prepare == nil {
			continue
		}
		undo, err := p.prepare(ctx, host, spec, ev)
		if err != nil {
			return fail(obs, err)
		}
		if undo != nil {
			defer undo()
		}
	}

	c, err := host.Start(ctx, spec)
	if err != nil {
		return fail(obs, err)
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
	run.InitPID = c.Pid()
	run.Ran = c.Spec()
	run.Init, _ = host.Process(c.Pid())
	run.ContainerNS, _ = host.Namespaces(c.Pid())
	run.InitRoot, _ = host.Readlink(fmt.Sprintf("/proc/%d/root", c.Pid()))
	run.InitExe, _ = host.Readlink(fmt.Sprintf("/proc/%d/exe", c.Pid()))

	r := &probeRun{c: c, host: host, run: run}
	for _, p := range probes {
		if ctx.Err() != nil {
			return fail(obs, ctx.Err())
		}
		hostPane, containerPane := p.take(ctx, r, ev)
		obs.Views = append(obs.Views, View{ID: p.ID, Title: p.Title, Host: hostPane, Container: containerPane})
	}
	obs.Trace = callsFrom(c.Trace())
	if err := closeContainer(); err != nil {
		return fail(obs, fmt.Errorf("close the container: %w", err))
	}
	obs.Trace = callsFrom(c.Trace()) // with the undo of the host's changes
	run.HostnameAfter, _ = host.Hostname()
	if mounts, err := host.Mounts(); err == nil {
		run.ProcMountsAfter = procMountsUnder(mounts, spec.Rootfs)
	}
	if ctx.Err() != nil {
		return fail(obs, ctx.Err())
	}
	for _, cl := range claims {
		obs.Claims = append(obs.Claims, cl.result(ev))
	}
	return obs
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
	case errors.Is(err, syscall.EPERM):
		return i18n.T("The kernel refused: run burk as root (sudo), and see burk doctor.")
	case errors.Is(err, syscall.EACCES):
		return i18n.T("Permission denied: with a user namespace, every directory on the way to the rootfs must be searchable by others (chmod o+x).")
	case errors.Is(err, syscall.ENOENT):
		return i18n.T("Something the step needs is missing: check the rootfs (burk rootfs) and burk doctor.")
	}
	return i18n.T("burk doctor says what this machine allows.")
}
