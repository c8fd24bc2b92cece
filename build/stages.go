// Package build is "build your own": the learner writes a container runtime
// in Go, in the article's shape (`run` re-executes itself as `child`), one
// stage at a time, and burk checks it with the tour's own claims. A stage is
// a step of the tour: its id and number are the step's, and its check is the
// step's claims, evaluated on a container the learner's runtime made, plus a
// few of build's own that every runtime must meet (the command's arguments
// and exit status; after chroot, the host out of reach).
//
// The reference runtime, reference/main.go, is the first file a reader of
// burk's own runtime should read: sandbox does the same, with a trace.
package build

import (
	"strconv"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// Stage is one stage of build your own: one step of the tour.
type Stage struct {
	N    int // the step's number, from 1
	ID   string
	Step *steps.Step
}

var stages = func() []*Stage {
	var out []*Stage
	for i, s := range steps.All() {
		out = append(out, &Stage{N: i + 1, ID: s.ID, Step: s})
	}
	return out
}()

// Stages returns the stages, in order.
func Stages() []*Stage { return stages }

// chrootStage is the number of the first stage whose container has a root
// of its own: from there on the command is found inside the rootfs.
var chrootStage = steps.Index("chroot") + 1

// StageArg is the stage an argument names: its id or its number.
func StageArg(s string) (*Stage, error) {
	if n, err := strconv.Atoi(s); err == nil {
		if n < 1 || n > len(stages) {
			return nil, msgErr(i18n.T("no stage %d: the stages are 1 to %d (burk steps lists them)", n, len(stages)))
		}
		return stages[n-1], nil
	}
	for _, st := range stages {
		if st.ID == s {
			return st, nil
		}
	}
	return nil, msgErr(i18n.T("no stage %q: the stages are %s", s, strings.Join(steps.IDs(), ", ")))
}

// Needs are the stages a stage builds on: every one before it.
func (s *Stage) Needs() []*Stage { return stages[:s.N-1] }

// notChecked are the claims of a step that are about burk's own runtime,
// not about what a learner's runtime does: their English text, and why.
var notChecked = map[string]i18n.Msg{
	"The init's binary cannot be written through /proc/<pid>/exe, not even by root.": i18n.T("about burk's own init, whose binary is a sealed copy in memory; your runtime's command is a file in the rootfs"),
}

// Claims are the stage's claims as the step checked them, less those about
// burk's own runtime.
func (s *Stage) claims(results []steps.ClaimResult) []steps.ClaimResult {
	var out []steps.ClaimResult
	for _, c := range results {
		if _, skip := notChecked[c.Text.Format()]; !skip {
			out = append(out, c)
		}
	}
	return out
}

// Result is how one stage came out.
type Result struct {
	Stage *Stage
	// Claims are the step's claims, then build's own.
	Claims []steps.ClaimResult
	// Err is set when the stage could not be checked: the runtime did
	// not start the command, or did not build.
	Err  error
	Hint i18n.Msg
	// Left is what the runtime left on the host, which burk removed.
	Left []i18n.Msg
	// Output is what the runtime printed itself, capped.
	Output string
	// NeedsRoot is set when this burk could not check the stage without
	// root; RootReason says what of root's the stage's container needs.
	NeedsRoot  bool
	RootReason i18n.Msg
	Seconds    float64
}

// Passed reports whether every claim held (or was skipped with its
// reason) and nothing kept the stage from being checked.
func (r Result) Passed() bool {
	if r.Err != nil || r.NeedsRoot || len(r.Claims) == 0 {
		return false
	}
	for _, c := range r.Claims {
		if c.Failed() {
			return false
		}
	}
	return true
}
