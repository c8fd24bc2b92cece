package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// Running steps: off the UI's goroutine, one result per run, a stale one
// dropped; and the shell, which waits for the run in flight.

// Runner runs one step on a real container; *steps.Engine is one.
type Runner interface {
	Run(ctx context.Context, step *steps.Step, variant steps.Variant) *steps.Observation
}

// Options configure the tour.
type Options struct {
	Runner Runner
	Lesson func(stepID, lang string) (string, error)
	// Shell is a shell in a container at that step (nil: no shell). It
	// writes what it changed on the host, and what burk put back, to the
	// file changes (burk run --changes; JSON, see steps.WriteShellReport),
	// which the tour shows when the shell returns.
	Shell     func(stepID, changes string) *exec.Cmd
	StartStep string // "": resume from StatePath, else the first step
	Lang      i18n.Lang
	Presenter bool // large panes, no lesson, high contrast
	// Predict asks before each step: → shows the next step's question,
	// and the next → runs the step, whose claims answer it.
	Predict   bool
	Theme     string // "dark" (the default), "light", "high-contrast"
	StatePath string // where progress is kept; "" keeps none
	// FilesDir is where the tour makes the files it hands its shell (the
	// shell's report of what it changed): burk's own directory on the
	// host, which its guard removes should burk be killed with a shell
	// open. "" is the system's temporary directory.
	FilesDir string
	// Out is where the line said on quitting goes; nil is stdout.
	Out io.Writer
	// Replay is where the recording the Runner plays back was taken: the
	// tour marks every screen with it, and has no shell. nil: live.
	Replay *Recorded
	// Exercised is told how the exercises came out in each shell that
	// checked some (tour --record keeps them); nil: nobody is.
	Exercised func([]steps.ExerciseOutcome)
	// LastGood is a step's last good run, kept from an earlier tour: in
	// presenter mode, f shows it in place of a live run that failed.
	LastGood func(stepID string, v steps.Variant) (*steps.Observation, error)
	// Recovered is what start-up removed after a run that was killed, one
	// thing a line; the first screen says so.
	Recovered []string
	// TypedCommand is the command the presenter's t key types into a
	// shell at a step (the speaker notes' Type line); nil: no t key.
	TypedCommand func(stepID string) string
	// TypeInto runs the shell so that the t key can type into it; nil:
	// no t key.
	TypeInto TypeInto
	// ASCII draws the tour in ASCII: boxes with + - |, marks as + x o,
	// for a terminal that cannot draw Unicode's (burk doctor --stage says
	// when; see ascii.go).
	ASCII bool
	// Stage is where the tour says which step is on screen, for burk
	// notes; nil says it nowhere.
	Stage Stage
	ctx   context.Context
	live  *liveSink // where a run's chart samples go as they are taken (live.go)
}

// runState tracks the step runs a model started. Bubble Tea copies the
// model on every update; this lives behind a pointer so every copy agrees
// on it.
type runState struct {
	inflight int                // runs started and not yet returned
	cancel   context.CancelFunc // ends the newest run
}

type (
	// stepDoneMsg is a step's observation, tagged with the run it answers.
	stepDoneMsg struct {
		seq     int
		stepID  string
		variant steps.Variant
		obs     *steps.Observation
		// baseline is a run of the step before the current one, only to
		// compare the current one with.
		baseline bool
	}
	// shellDoneMsg is the shell's end, and what it changed on the host
	// (changesErr: that could not be read).
	shellDoneMsg struct {
		err        error
		changes    []steps.HostChange
		exercises  []steps.ExerciseOutcome
		changesErr error
	}
)

// runStep runs the current step again, under a new sequence number, and
// stops the run it supersedes: the learner has moved on.
func (m *Model) runStep() tea.Cmd {
	m.seq++
	m.running, m.status, m.pendingShell, m.typeNext = true, "", false, ""
	cmds := []tea.Cmd{m.stepCmd()}
	if !m.ticking {
		m.ticking = true
		cmds = append(cmds, m.spinner.Tick)
	}
	m.refresh()
	return tea.Batch(cmds...)
}

// stepCmd runs the current step in a command, off the UI's goroutine; its
// result carries the sequence number it was started with.
func (m *Model) stepCmd() tea.Cmd { return m.runCmd(m.step(), m.variant, false) }

// runCmd runs a step in a command. A baseline run is of the step before
// the current one, which the tour had not seen: what the current step
// is compared with.
func (m *Model) runCmd(step *steps.Step, variant steps.Variant, baseline bool) tea.Cmd {
	if m.runs.cancel != nil {
		m.runs.cancel()
	}
	ctx, cancel := context.WithCancel(m.opts.ctx)
	m.runs.cancel = cancel
	m.runs.inflight++
	seq, runner := m.seq, m.opts.Runner
	live := m.opts.live
	return func() tea.Msg {
		defer cancel()
		ctx, sent := live.start(ctx, liveSampleMsg{seq: seq, stepID: step.ID, baseline: baseline})
		var obs *steps.Observation
		if runner != nil {
			obs = runner.Run(ctx, step, variant)
		}
		sent()
		if obs == nil {
			obs = &steps.Observation{StepID: step.ID, Variant: variant, Err: errors.New("the step returned no observation")}
		}
		return stepDoneMsg{seq: seq, stepID: step.ID, variant: variant, obs: obs, baseline: baseline}
	}
}

// baselineCmd runs the step before the current one in the tour's order,
// when the tour has not seen it — the learner jumped, or pressed → faster
// than the steps ran — so that what changed is still shown against it.
func (m *Model) baselineCmd() tea.Cmd {
	if m.variant != steps.Itself || m.cur == 0 {
		return nil
	}
	prev := steps.All()[m.cur-1]
	if m.obs[obsKey{prev.ID, steps.Itself}] != nil {
		return nil
	}
	return m.runCmd(prev, steps.Itself, true)
}

// openShell runs a shell in a container at this step, once no step run is
// in flight: the shell's container and the tour's must not overlap, or
// each would see the other's processes and mounts as its own.
func (m *Model) openShell() tea.Cmd {
	if m.runs.inflight > 0 {
		m.pendingShell = true
		m.status = i18n.T("the shell opens when the step in flight has stopped…").In(m.lang)
		m.runs.cancel()
		return nil
	}
	m.pendingShell = false
	m.seq++ // nothing in flight may land while the shell runs
	m.running = false
	if m.opts.Shell == nil {
		m.status, m.typeNext = i18n.T("no shell here").In(m.lang), ""
		return nil
	}
	id, open := m.step().ID, m.opts.Shell
	shell := &clearedShell{shell: func(changes string) *exec.Cmd { return open(id, changes) }, banner: m.shellBanner(), found: &shellFound{}, dir: m.opts.FilesDir}
	shell.typed, shell.typeInto, m.typeNext = m.typeNext, m.opts.TypeInto, ""
	return tea.Exec(shell, func(err error) tea.Msg {
		return shellDoneMsg{err: err, changes: shell.found.changes, exercises: shell.found.exercises, changesErr: shell.found.err}
	})
}

// shellBanner is the shell's first line: which step, what is isolated,
// and how to get back.
func (m Model) shellBanner() string {
	var isolated []string
	for _, s := range steps.All()[1 : m.cur+1] {
		isolated = append(isolated, s.ID)
	}
	what := i18n.T("nothing isolated").In(m.lang)
	if len(isolated) > 0 {
		what = strings.Join(isolated, ", ")
	}
	return i18n.T("burk: a shell in a container at step %d of %d (%s): %s. Type exit to return to the tour.",
		m.cur+1, len(steps.All()), m.step().ID, what).In(m.lang)
}

func (m Model) stepDone(msg stepDoneMsg) (tea.Model, tea.Cmd) {
	m.runs.inflight--
	if m.pendingShell && m.runs.inflight == 0 {
		return m, m.openShell()
	}
	if msg.seq != m.seq {
		return m, nil // the learner has moved on
	}
	if msg.stepID == steps.RecapID {
		// The recap is no step of the tour: it is shown, and not kept in
		// the progress.
		m.running = false
		m.obs[obsKey{msg.stepID, msg.variant}] = msg.obs
		m.refresh()
		return m, nil
	}
	if msg.baseline {
		if msg.obs.Err == nil {
			m.obs[obsKey{msg.stepID, msg.variant}] = msg.obs
		}
		m.refresh()
		return m, nil
	}
	m.running = false
	m.obs[obsKey{msg.stepID, msg.variant}] = msg.obs
	delete(m.recorded, obsKey{msg.stepID, msg.variant}) // live again
	var flash tea.Cmd
	if m.rerun {
		// Said, with the time, so that a run again that shows the same
		// is seen to have run.
		m.rerun = false
		m.status = i18n.T("ran again at %s", msg.obs.Started.Format("15:04:05")).In(m.lang)
		flash = m.flashHeader()
	}
	held := msg.obs.Held()
	if msg.variant != steps.Itself {
		// A "break it" run's claims are about the broken step: it counts
		// as seen, and leaves the step's own ✓ or ✗ alone.
		held = !m.progress.failed(msg.stepID)
	}
	m.progress.see(msg.stepID, held)
	m.refresh()
	return m, tea.Batch(m.saveProgress(), m.baselineCmd(), flash)
}

// flashTime is how long the header flashes after a run again.
const flashTime = 400 * time.Millisecond

// flashDoneMsg ends a flash of the header.
type flashDoneMsg struct{ seq int }

// flashHeader flashes the header for a moment: a run again that shows
// the same is seen to have run, from the back of the room too.
func (m *Model) flashHeader() tea.Cmd {
	m.flash = true
	m.flashSeq++
	seq := m.flashSeq
	return tea.Tick(flashTime, func(time.Time) tea.Msg { return flashDoneMsg{seq} })
}

// cancelAll ends the run in flight: the tour is over.
func (r *runState) cancelAll() {
	if r.cancel != nil {
		r.cancel()
	}
}

// Run runs the tour until the learner quits or ctx ends. Bad options are
// an error before anything starts.
func Run(ctx context.Context, opts Options) error {
	if opts.Theme != "" {
		if err := CheckTheme(opts.Theme); err != nil {
			return err
		}
	}
	if opts.StartStep != "" {
		if _, err := steps.ByID(opts.StartStep); err != nil {
			return err
		}
	}
	if opts.Runner == nil {
		return errors.New("the tour needs a Runner to run its steps")
	}
	opts.ctx = ctx
	honourNoColor()
	opts.live = &liveSink{}
	program := tea.NewProgram(New(opts), tea.WithAltScreen(), tea.WithContext(ctx))
	opts.live.send = program.Send
	final, err := program.Run()
	if opts.Stage != nil {
		opts.Stage.Leave() // the notes say the tour has ended
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("the tour: %w", err)
	}
	// The terminal is as it was before the tour: one line says where the
	// learner got to, saved now that no command of the tour's can write.
	if m, ok := final.(Model); ok && opts.StatePath != "" {
		if err := m.saver.last(m.progress, opts.StatePath); err != nil {
			return err
		}
		fmt.Fprintln(out(opts), i18n.T("burk: progress saved, at step %d of %d (%s); burk tour goes on from there.", m.cur+1, len(steps.All()), m.step().ID).In(m.lang))
	}
	return nil // an end by a signal is not an error
}

// out is where Run says its last line.
func out(opts Options) io.Writer {
	if opts.Out != nil {
		return opts.Out
	}
	return os.Stdout
}

// honourNoColor turns colour off when NO_COLOR is set (no-color.org):
// every style then renders as plain text, and the tour's marks (+ - • ✗ ✓
// ▸ and the brackets of the chosen tab) still say everything.
func honourNoColor() {
	if os.Getenv("NO_COLOR") != "" {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
}
