package steps

import (
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// Pane is one side of a view: what the host or the container saw.
//
// Its text is of two kinds: what a command or a kernel file printed, which
// is Raw and shown as it came in every language, and the words burk writes
// around it (a header, a count, a summary), which are messages translated
// through the catalogues of package i18n.
type Pane struct {
	// Source is the exact command or file the text came from, so the learner
	// can look for themselves: "ps -o pid,comm", "/proc/self/mountinfo".
	Source i18n.Msg
	// Lines are the output, one line each, without trailing newlines.
	Lines []i18n.Msg
	// Marked are indexes into Lines worth the learner's eye: the container's
	// processes in the host's process list, the proc mounts.
	Marked []int
	// Err is set when the command failed; Lines then hold what it printed.
	Err i18n.Msg
	// Table, when set, says how the lines form a table, so that a screen
	// of any width can keep its columns lined up.
	Table *Table
	// Charts are files read again and again while the pane's commands
	// ran, drawn over time: at the cgroups step, each demonstration's.
	Charts []Chart
}

// Table is how a pane's lines form a table. From line From on, every line
// a command or a kernel file printed is a row: its fields are separated by
// runs of spaces, the last field taking the rest of the line. Lines burk
// wrote itself (a count, a summary) are not rows.
type Table struct {
	From    int  // the table's first line
	Header  bool // line From names the columns: it stays when the pane scrolls
	Columns int
	// Drop lists columns, by index, in the order they go when a pane is too
	// narrow for all of them. The columns it does not list are the step's
	// point, and stay: at pid-ns, the host's NSPID.
	Drop []int
}

// tableOf is a table of n columns from line from, its first line a header.
func tableOf(from, n int, header bool, drop ...int) *Table {
	return &Table{From: from, Header: header, Columns: n, Drop: drop}
}

// LinesIn returns the lines in lang, index for index.
func (p Pane) LinesIn(lang i18n.Lang) []string {
	out := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		out[i] = l.In(lang)
	}
	return out
}

// say appends a line burk wrote itself.
func (p *Pane) say(m i18n.Msg) { p.Lines = append(p.Lines, m) }

// show appends a line that a command or a kernel file printed: it reads
// the same in every language.
func (p *Pane) show(line string) { p.Lines = append(p.Lines, i18n.Raw(line)) }

// View is one thing seen from both sides at once.
type View struct {
	ID        string // "ps", "mount", "hostname", "ns", "net", "ipc", "id", "cgroup", "escape"
	Title     i18n.Msg
	Host      Pane
	Container Pane
}

// ClaimResult is one claim of a step, checked against what really happened.
type ClaimResult struct {
	Text i18n.Msg
	Held bool
	// Skipped is set, and Held is not, when this machine cannot show the
	// claim because its kernel refuses what the claim is about (no cgroup
	// controller, no root): neither held nor failed. Seen is then why.
	Skipped bool
	// Seen says what was observed, in plain words; when the claim did not
	// hold it is what the learner's machine did instead.
	Seen i18n.Msg
}

// Failed reports whether the claim was checked and did not hold.
func (c ClaimResult) Failed() bool { return !c.Held && !c.Skipped }

// Call is one syscall the runtime made, as the trace shows it: the call
// with its arguments and what the kernel returned.
type Call struct {
	// Host is true for a call burk made on the host, false for one the
	// container's init made inside.
	Host bool
	// Call is the call as strace would print it:
	// mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, "").
	Call string
	// Result is what the kernel returned: "0", a number, or
	// "-1 EPERM (operation not permitted)".
	Result string
	// Failed is set when the kernel refused the call.
	Failed bool
	// Why is a short reason the runtime made the call, for the learner.
	Why string
	// At is when the call returned, from the start of the container.
	At time.Duration
}

// callsFrom is the sandbox's trace as the tour shows it.
func callsFrom(events []sandbox.Event) []Call {
	calls := make([]Call, len(events))
	for i, e := range events {
		calls[i] = Call{Host: e.Side == sandbox.HostSide, Call: e.Call, Result: e.Result,
			Failed: e.Failed(), Why: e.Why, At: e.At}
	}
	return calls
}

// Observation is everything one run of one step showed.
type Observation struct {
	StepID  string
	Variant Variant
	Views   []View
	Trace   []Call
	Claims  []ClaimResult
	// Err is set when the step could not be observed at all; Hint then says
	// how the learner can fix it.
	Err      error
	Hint     i18n.Msg
	Started  time.Time
	Duration time.Duration
}

// Held reports whether the observation has no error and no claim failed:
// each held, or was skipped with its reason.
func (o *Observation) Held() bool {
	if o.Err != nil {
		return false
	}
	for _, c := range o.Claims {
		if c.Failed() {
			return false
		}
	}
	return true
}

// View returns the view with the given id, or nil.
func (o *Observation) View(id string) *View {
	for i := range o.Views {
		if o.Views[i].ID == id {
			return &o.Views[i]
		}
	}
	return nil
}
