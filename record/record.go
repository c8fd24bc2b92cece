// Package record saves the tour as it was taken on one machine, and plays
// it back: a recording holds every step's observation — the views on both
// sides, the syscall trace, the claims and what was seen, the timings —
// and where it was taken. The format is JSON, versioned and documented in
// docs/recording.md.
//
// A Recorder wraps the live engine and keeps what it returns; a Player
// returns the recorded observations instead. Both are Runners, so the UI
// and the plain tour cannot tell a recording from the live engine, except
// by the mark the recording carries (its Machine).
package record

import (
	"context"
	"fmt"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// Runner runs one step; *steps.Engine, *Recorder and *Player are Runners.
type Runner interface {
	Run(ctx context.Context, step *steps.Step, variant steps.Variant) *steps.Observation
}

// Format names the kind of file in its "format" field, so that burk can
// tell a recording from any other JSON.
const Format = "burk-recording"

// The format's version is MAJOR.MINOR. A burk reads a recording of its own
// major version, whatever its minor: a minor version only adds fields,
// which an older burk ignores. A new major version changes what a field
// means, and a burk of another major version refuses the file, saying both.
const (
	Major = 1
	// 1.1: an exercise outcome says not_done; the cgroups step carries its samples.
	// 1.2: a chart says when it began, so that a replay draws it at its time.
	Minor = 2
)

// Version is this burk's format version, as a recording writes it.
var Version = versionString(Major, Minor)

// Recording is a tour as it was taken on one machine.
type Recording struct {
	Format  string  `json:"format"`  // always Format
	Version string  `json:"version"` // MAJOR.MINOR
	Machine Machine `json:"machine"`
	// Runs are the observations, one per step and variant, in the tour's
	// order: a step, then its "break it" variant.
	Runs []Run `json:"runs"`
	// Exercises are how the exercises came out in the shells of the tour
	// that was recorded, where it had any.
	Exercises []steps.ExerciseOutcome `json:"exercises,omitempty"`
}

// Machine is where and when a recording was taken, and by which burk:
// what the mark on a replay's screen says.
type Machine struct {
	OS     string    `json:"os"`     // the distribution: PRETTY_NAME of /etc/os-release
	Kernel string    `json:"kernel"` // the kernel's release: uname -r
	Arch   string    `json:"arch"`   // GOARCH of the burk that recorded it
	Cgroup string    `json:"cgroup"` // the cgroup mode: v1, v2 or hybrid
	Rootfs string    `json:"rootfs"` // what the root filesystem was built from: host, busybox, tarball
	User   string    `json:"user"`   // "root", or "rootless": an ordinary user's lab
	Taken  time.Time `json:"taken"`  // when the recording was taken
	Burk   string    `json:"burk"`   // the version of the burk that recorded it
}

// Users a recording can be taken as.
const (
	UserRoot     = "root"
	UserRootless = "rootless"
)

// Summary is the machine in one line, for the replay's mark:
// "Debian GNU/Linux 13 (trixie), Linux 6.12.48 amd64, cgroup v2, root".
func (m Machine) Summary() i18n.Msg {
	user := i18n.T("as root")
	if m.User == UserRootless {
		user = i18n.T("rootless")
	}
	return i18n.T("%s, Linux %s %s, cgroup %s, %v", orUnknown(m.OS), orUnknown(m.Kernel), m.Arch, orUnknown(m.Cgroup), user)
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// Run is one observation of one step: what one run of the step showed.
type Run struct {
	Step     string    `json:"step"`
	Variant  string    `json:"variant"` // VariantItself or VariantBreak
	Started  time.Time `json:"started"`
	Duration Duration  `json:"duration"`
	// Error is set when the step could not be observed at all; Hint then
	// says what the learner could do.
	Error  string  `json:"error,omitempty"`
	Hint   Msg     `json:"hint,omitzero"`
	Views  []View  `json:"views"`
	Trace  []Call  `json:"trace"`
	Claims []Claim `json:"claims"`
}

// How a run names its variant.
const (
	VariantItself = "itself"
	VariantBreak  = "break"
)

// View is one thing seen from both sides at once (steps.View).
type View struct {
	ID        string `json:"id"`
	Title     Msg    `json:"title"`
	Host      Pane   `json:"host"`
	Container Pane   `json:"container"`
}

// Pane is one side of a view (steps.Pane).
type Pane struct {
	Source Msg    `json:"source"`
	Lines  []Msg  `json:"lines"`
	Marked []int  `json:"marked,omitempty"`
	Err    Msg    `json:"error,omitzero"`
	Table  *Table `json:"table,omitempty"`
	// Charts are the pane's files sampled over time (steps.Chart): the
	// cgroups step's demonstrations. Version 1.1.
	Charts []Chart `json:"charts,omitempty"`
}

// Chart is one file sampled while a demonstration ran (steps.Chart).
type Chart struct {
	Controller string   `json:"controller"`
	Title      Msg      `json:"title"`
	Unit       Msg      `json:"unit"` // a message from 1.2 on; before, the English word
	Limit      float64  `json:"limit,omitempty"`
	Event      Msg      `json:"event"`
	Began      Duration `json:"began,omitempty"` // version 1.2
	Samples    []Sample `json:"samples"`
	Line       int      `json:"line"` // the pane's line it is drawn under
}

// Sample is one reading of a chart's files (steps.Sample).
type Sample struct {
	At     Duration `json:"at"`
	Value  float64  `json:"value"`
	Events int64    `json:"events,omitempty"`
}

// Table is how a pane's lines form a table (steps.Table).
type Table struct {
	From    int   `json:"from"`
	Header  bool  `json:"header"`
	Columns int   `json:"columns"`
	Drop    []int `json:"drop,omitempty"`
}

// Call is one syscall of the trace (steps.Call).
type Call struct {
	Side   string   `json:"side"` // "host" or "container"
	Call   string   `json:"call"`
	Result string   `json:"result"`
	Failed bool     `json:"failed,omitempty"`
	Why    string   `json:"why,omitempty"`
	At     Duration `json:"at"`
}

// Claim is one claim, checked (steps.ClaimResult).
type Claim struct {
	Text   Msg    `json:"text"`
	Result string `json:"result"` // ClaimHeld, ClaimFailed or ClaimSkipped
	Seen   Msg    `json:"seen,omitzero"`
}

// How a claim came out.
const (
	ClaimHeld    = "held"
	ClaimFailed  = "failed"
	ClaimSkipped = "skipped"
)

// Duration is a time.Duration written as Go writes it: "1.5s", "312µs".
type Duration time.Duration

func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("a duration is written as \"1.5s\" or \"312µs\", not %q", b)
	}
	*d = Duration(v)
	return nil
}
