package steps

// The exercises: a task per step for the learner's shell, and its check.
// A check reads the container's real state while it still runs — it execs
// inside, and reads the host through Host — never what the learner typed,
// so a command that does nothing can never pass (exercises_test.go runs
// every exercise with true and expects ✗). The tasks themselves are in
// exercise_tasks.go.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/sandbox"
)

// Exercise is a task for the learner's shell at one step, and the check of
// it against the container's real state.
type Exercise struct {
	ID   string
	Task i18n.Msg
	// Solution is a shell command that does the task: what a teacher shows
	// afterwards, and what the tests run to prove the check can pass.
	Solution string
	// Needs are the commands the task needs in the container's rootfs: a
	// rootfs without one (a bare busybox has no ipcmk) cannot do the
	// task, and the exercise is skipped with that reason, never ✗ or ✓.
	Needs []string
	check func(ctx context.Context, x *ExerciseRun) (got progress, seen i18n.Msg)
}

// progress is how far a check saw the learner get with a task.
type progress int

const (
	// notDone: nothing of the task is to be seen in the container, as
	// after a shell in which the learner only looked around.
	notDone progress = iota
	// tried: something was done, and it is not the task.
	tried
	// done: the task is done, as the container and the host show.
	done
)

// ExerciseResult is one exercise, checked.
type ExerciseResult struct {
	StepID     string
	ExerciseID string
	Task       i18n.Msg
	Held       bool
	// NotDone is set, and Held is not, when the check saw nothing of the
	// task done: the learner has not tried it yet, rather than failed it.
	// Where a check cannot tell the two apart, it says not done.
	NotDone bool
	// Skipped is set, and Held is not, when the container's rootfs lacks a
	// command the task needs; Seen then says which.
	Skipped bool
	// Seen is what the check saw: when the exercise did not pass, what the
	// container and the host were like instead.
	Seen i18n.Msg
}

// ExerciseRun is a running container at a step, as the exercise checks see
// it: they exec inside, and read the host through Host.
//
// It is made when the container starts, before the learner's command runs,
// and checked after the command ends and before the container is closed:
// the shell of the tour and burk exercise check both do it that way.
type ExerciseRun struct {
	c    *sandbox.Container
	host Host
	spec sandbox.Spec
	step *Step
	// hostnameBefore is the host's hostname before the command ran, and
	// nameBefore the container's: the host's too, until uts-ns.
	hostnameBefore, nameBefore string
	// domainBefore is the host's NIS domain name before the command ran.
	domainBefore string
}

// NewExerciseRun notes what the checks compare with, before the learner's
// command runs in c, a container of step.
func NewExerciseRun(c *sandbox.Container, host Host, spec sandbox.Spec, step *Step) *ExerciseRun {
	x := &ExerciseRun{c: c, host: host, spec: spec, step: step}
	x.hostnameBefore, _ = host.Hostname()
	x.nameBefore = x.hostnameBefore
	if spec.Hostname != "" {
		x.nameBefore = spec.Hostname
	}
	domain, _ := host.ReadFile("/proc/sys/kernel/domainname")
	x.domainBefore = strings.TrimSpace(string(domain))
	return x
}

// Check checks every exercise of the step against the container as it is
// now. The container must still run.
func (x *ExerciseRun) Check(ctx context.Context) []ExerciseResult {
	var out []ExerciseResult
	for _, ex := range x.step.Exercises {
		r := ExerciseResult{StepID: x.step.ID, ExerciseID: ex.ID, Task: ex.Task}
		if missing := x.missing(ctx, ex.Needs); len(missing) > 0 {
			r.Skipped, r.Seen = true, i18n.T("this rootfs has no %s, which the task needs (burk rootfs builds one that has)", strings.Join(missing, ", "))
		} else {
			var got progress
			got, r.Seen = ex.check(ctx, x)
			r.Held, r.NotDone = got == done, got == notDone
		}
		out = append(out, r)
	}
	return out
}

// missing are the commands of names the container cannot run: the shell
// inside finds them on its PATH, or not. (Its output is not redirected:
// before pivot-root a bare rootfs's /dev is an empty directory, with no
// /dev/null to send it to.)
func (x *ExerciseRun) missing(ctx context.Context, names []string) []string {
	var out []string
	for _, n := range names {
		if res := x.inside(ctx, "sh", "-c", `command -v "$1"`, "sh", n); res.ExitCode != 0 {
			out = append(out, n)
		}
	}
	return out
}

// inside runs a command in the container; a command that could not start
// is a result too.
func (x *ExerciseRun) inside(ctx context.Context, args ...string) sandbox.ExecResult {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	res, err := x.c.Exec(ctx, args...)
	if err != nil {
		res = sandbox.ExecResult{Args: args, ExitCode: -1, StartErr: err.Error()}
	}
	return res
}

// hostnameInside is the container's hostname, as uname(2) inside says it.
func (x *ExerciseRun) hostnameInside(ctx context.Context) string {
	return strings.TrimSpace(x.inside(ctx, "cat", "/proc/sys/kernel/hostname").Stdout)
}

// mountsInside is the container's own mount table.
func (x *ExerciseRun) mountsInside(ctx context.Context) []mountinfo.Mount {
	m, _ := mountinfo.Parse([]byte(x.inside(ctx, "cat", "/proc/self/mountinfo").Stdout))
	return m
}

// hostMountsUnder are the host's mounts under the rootfs of type fstype.
func (x *ExerciseRun) hostMountsUnder(fstype string) []string {
	mounts, _ := x.host.Mounts()
	var out []string
	for _, m := range sandbox.MountsUnder(mounts, x.spec.Rootfs) {
		if m.FSType == fstype {
			out = append(out, m.MountPoint)
		}
	}
	return out
}

// ExerciseByID returns the step's exercise with the given id.
func (s *Step) ExerciseByID(id string) (*Exercise, error) {
	for _, ex := range s.Exercises {
		if ex.ID == id {
			return ex, nil
		}
	}
	return nil, fmt.Errorf("step %s has no exercise %q", s.ID, id)
}

// Exercise starts a container at step, runs cmd in it in place of the
// learner's shell, checks the step's exercises against the container while
// it still runs, and closes it. out is what cmd did.
func (e *Engine) Exercise(ctx context.Context, step *Step, cmd []string) (out sandbox.ExecResult, results []ExerciseResult, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	spec := SpecFor(step, e.Rootfs)
	c, err := e.Host.Start(ctx, spec)
	if err != nil {
		return out, nil, err
	}
	defer c.Close()
	x := NewExerciseRun(c, e.Host, spec, step)
	runCtx, cancel := context.WithTimeout(ctx, time.Minute)
	out, err = c.Exec(runCtx, cmd...)
	cancel()
	if err != nil {
		return out, nil, err
	}
	results = x.Check(ctx)
	if err := c.Close(); err != nil {
		return out, results, fmt.Errorf("close the container: %w", err)
	}
	return out, results, nil
}
