package steps

import (
	"time"

	"github.com/burk-tui/burk/sandbox"
)

// Lang is a language the tour is written in.
type Lang string

const (
	English Lang = "en"
	Swedish Lang = "sv"
)

// Langs are the tour's languages, in the order the UI cycles through them.
var Langs = []Lang{English, Swedish}

// Text is one piece of text the learner reads, in every language of the tour.
type Text struct {
	En string
	Sv string
}

// In returns the text in lang, or in English when it has no translation.
func (t Text) In(lang Lang) string {
	if lang == Swedish && t.Sv != "" {
		return t.Sv
	}
	return t.En
}

// Pane is one side of a view: what the host or the container saw.
//
// Its text is of two kinds: what a command or a kernel file printed, which
// is shown as it was in every language, and the words burk writes around it
// (a header, a count, a summary), which have a Swedish form. Read it through
// SourceIn, LinesIn and ErrIn.
type Pane struct {
	// Source is the exact command or file the text came from, so the learner
	// can look for themselves: "ps -o pid,comm", "/proc/self/mountinfo".
	Source string
	// SourceSv is Source in Swedish; empty when Source is just a command or
	// a path, which read the same in every language.
	SourceSv string
	// Lines are the output, one line each, without trailing newlines.
	Lines []string
	// LinesSv are Lines in Swedish: nil when every line is what a command
	// or a kernel file printed; otherwise exactly as long as Lines, index for
	// index, with burk's own lines in Swedish and the rest copied unchanged.
	// Marked and the UI's diff index Lines, and so LinesSv too.
	LinesSv []string
	// Marked are indexes into Lines worth the learner's eye: the container's
	// processes in the host's process list, the proc mounts.
	Marked []int
	// Err is set when the command failed; Lines then hold what it printed.
	Err string
	// ErrSv is Err in Swedish where burk wrote it ("exit status 1"); empty
	// when Err is an error from the system, shown as it came.
	ErrSv string
}

// SourceIn returns Source in lang, or in English when it has no translation.
func (p Pane) SourceIn(lang Lang) string {
	return Text{p.Source, p.SourceSv}.In(lang)
}

// LinesIn returns Lines in lang, or in English when it has no translation.
func (p Pane) LinesIn(lang Lang) []string {
	if lang == Swedish && p.LinesSv != nil && len(p.LinesSv) == len(p.Lines) {
		return p.LinesSv
	}
	return p.Lines
}

// ErrIn returns Err in lang, or in English when it has no translation.
func (p Pane) ErrIn(lang Lang) string {
	return Text{p.Err, p.ErrSv}.In(lang)
}

// View is one thing seen from both sides at once.
type View struct {
	ID        string // "ps", "mount", "hostname", "ns", "net", "ipc", "id", "cgroup", "escape"
	Title     Text
	Host      Pane
	Container Pane
}

// ClaimResult is one claim of a step, checked against what really happened.
type ClaimResult struct {
	Text Text
	Held bool
	// Seen says what was observed, in plain words; when the claim did not
	// hold it is what the learner's machine did instead.
	Seen string
	// SeenSv is Seen in Swedish: the same observation, with what a command
	// printed quoted unchanged. Empty when there is no Swedish form.
	SeenSv string
}

// SeenIn returns Seen in lang, or in English when it has no translation.
func (c ClaimResult) SeenIn(lang Lang) string {
	return Text{c.Seen, c.SeenSv}.In(lang)
}

// Observation is everything one run of one step showed.
type Observation struct {
	StepID  string
	Variant string // "" for the step itself, "break" for its "break it" variant
	Views   []View
	Trace   []sandbox.Event
	Claims  []ClaimResult
	// Err is set when the step could not be observed at all; Hint then says
	// how the learner can fix it.
	Err      error
	Hint     Text
	Started  time.Time
	Duration time.Duration
}

// Held reports whether the observation has no error and every claim held.
func (o *Observation) Held() bool {
	if o.Err != nil {
		return false
	}
	for _, c := range o.Claims {
		if !c.Held {
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
