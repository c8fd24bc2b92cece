package steps

import (
	"context"
	"reflect"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// Probe is one view a step shows: the same thing looked at from the host
// and from inside the container, while the container runs.
//
// A probe has a lifecycle. Prepare, when the probe has one, readies the
// host before the container starts (the IPC probe makes a message queue
// there) and returns its undo, which the engine runs once the container is
// closed. Take then looks, from both sides. What a probe saw that claims
// check is its evidence, a type of its own (psSeen, mountSeen…), which
// claims name by type (see claimOn).
type Probe struct {
	ID    string
	Title i18n.Msg
	// gives is the type of the probe's evidence; nil when it has none.
	gives   reflect.Type
	prepare func(ctx context.Context, host Host, spec sandbox.Spec, ev *evidence) (undo func() error, err error)
	take    func(ctx context.Context, r *probeRun, ev *evidence) (host, container Pane)
}

// probeFuncs are what a probe gathering evidence E does at each stage.
type probeFuncs[E any] struct {
	// prepare is optional.
	prepare func(ctx context.Context, host Host, spec sandbox.Spec, e *E) (undo func() error, err error)
	take    func(ctx context.Context, r *probeRun, e *E) (host, container Pane)
}

// noEvidence is the evidence of a probe that only shows: no claim reads it.
type noEvidence struct{}

// newProbe makes a probe whose evidence is an E: it fills an E at each
// stage, and claims made with claimOn[E] read it.
func newProbe[E any](id string, title i18n.Msg, f probeFuncs[E]) *Probe {
	p := &Probe{ID: id, Title: title}
	if reflect.TypeFor[E]() != reflect.TypeFor[noEvidence]() {
		p.gives = reflect.TypeFor[E]()
	}
	p.take = func(ctx context.Context, r *probeRun, ev *evidence) (host, container Pane) {
		return f.take(ctx, r, evidenceFor[E](ev))
	}
	if f.prepare != nil {
		p.prepare = func(ctx context.Context, host Host, spec sandbox.Spec, ev *evidence) (func() error, error) {
			return f.prepare(ctx, host, spec, evidenceFor[E](ev))
		}
	}
	return p
}

// Claim is a sentence about what the kernel does, and the check of it
// against what really happened.
type Claim struct {
	Text i18n.Msg
	// needs is the type of the probe evidence the check reads; nil when it
	// reads only what the engine sees around every run.
	needs reflect.Type
	// check says whether the claim held, or why it could not be shown
	// here, and in plain words what was seen. A claim whose probe did not
	// run does not hold.
	check func(ev *evidence) verdict
}

// verdict is what the check of a claim found: it held, it did not, or this
// machine cannot show it — the kernel refuses what the claim is about, for
// a reason the learner is told (no cgroup controller, no root) — which is
// never a ✓, and no ✗ either.
type verdict struct {
	held, skipped bool
	// seen is what was observed; for a skip, the reason.
	seen i18n.Msg
}

// holds is the verdict of a check that could look: whether the claim held,
// and what was seen.
func holds(held bool, seen i18n.Msg) verdict { return verdict{held: held, seen: seen} }

// skip is the verdict of a check this machine cannot show, and why.
func skip(reason i18n.Msg) verdict { return verdict{skipped: true, seen: reason} }

// result is the claim checked against one run's evidence.
func (c Claim) result(ev *evidence) ClaimResult {
	v := c.check(ev)
	return ClaimResult{Text: c.Text, Held: v.held && !v.skipped, Skipped: v.skipped, Seen: v.seen}
}

// claimOn makes a claim that reads the evidence E of one probe, and what
// the engine saw around the run.
func claimOn[E any](text i18n.Msg, check func(run *runFacts, e *E) (bool, i18n.Msg)) Claim {
	return claimOrSkip(text, func(run *runFacts, e *E) verdict { return holds(check(run, e)) })
}

// claimOrSkip is claimOn for a claim that some machines cannot show: its
// check returns a verdict, skip(reason) among them.
func claimOrSkip[E any](text i18n.Msg, check func(run *runFacts, e *E) verdict) Claim {
	return Claim{Text: text, needs: reflect.TypeFor[E](), check: func(ev *evidence) verdict {
		e, ok := ev.probes[reflect.TypeFor[E]()].(*E)
		if !ok {
			return holds(false, i18n.T("not seen: the probe this claim reads did not run"))
		}
		return check(&ev.run, e)
	}}
}

// claimOnRun makes a claim that reads only what the engine saw around the
// run: the namespaces, the init, the host before and after.
func claimOnRun(text i18n.Msg, check func(run *runFacts) (bool, i18n.Msg)) Claim {
	return runClaimOrSkip(text, func(run *runFacts) verdict { return holds(check(run)) })
}

// runClaimOrSkip is claimOnRun for a claim some machines cannot show.
func runClaimOrSkip(text i18n.Msg, check func(run *runFacts) verdict) Claim {
	return Claim{Text: text, check: func(ev *evidence) verdict { return check(&ev.run) }}
}

// runFacts are what the engine itself sees around every run: the host
// before the container starts and after it is closed, and the container's
// init while it runs.
type runFacts struct {
	Spec sandbox.Spec
	// Ran is the spec the container really ran: in a rootless lab, with
	// what the kernel forces there (the host's /proc bound, one id mapped).
	Ran     sandbox.Spec
	BurkPID int // the host's PID of burk itself
	InitPID int // the host's PID of the container's init
	Init    sandbox.Process
	// InitRoot and InitExe are where /proc/<init>/root and exe pointed
	// while the container ran.
	InitRoot, InitExe string

	HostNS, ContainerNS map[string]uint64

	HostnameBefore, HostnameAfter string
	// ProcMounts* count the proc mounts the host's table has under the rootfs.
	ProcMountsBefore, ProcMountsAfter int
	// RootPropagation is how the mount holding the rootfs's proc directory
	// propagates, "shared:1", or "" for private: a mount made there reaches
	// that mount's peers (mount_namespaces(7)). RootfsMount is where it is
	// mounted: / on most machines, a separate /var or /tmp on others.
	RootPropagation string
	RootfsMount     string
}

// evidence is the raw outcome of one run of a step, for claims to check:
// the engine's own facts, and each probe's evidence under its type.
type evidence struct {
	run    runFacts
	probes map[reflect.Type]any
}

// evidenceFor returns the run's evidence of type E, made on first use.
func evidenceFor[E any](ev *evidence) *E {
	t := reflect.TypeFor[E]()
	if e, ok := ev.probes[t].(*E); ok {
		return e
	}
	e := new(E)
	ev.probes[t] = e
	return e
}

// probeRun is what a probe works with while the container runs.
type probeRun struct {
	c    *sandbox.Container
	host Host
	run  *runFacts
}

// inside runs a command in the container; a command that could not start
// is a result too, with the system's words for why.
func (r *probeRun) inside(ctx context.Context, args ...string) sandbox.ExecResult {
	res, err := r.c.Exec(ctx, args...)
	if err != nil {
		res = sandbox.ExecResult{Args: args, ExitCode: -1, StartErr: err.Error()}
	}
	return res
}
