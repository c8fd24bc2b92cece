package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

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
	Runner    Runner
	Lesson    func(stepID, lang string) (string, error)
	Shell     func(stepID string) *exec.Cmd // a shell in a container at that step; nil: no shell
	StartStep string                        // "": resume from StatePath, else the first step
	Lang      i18n.Lang
	Presenter bool   // large panes, no lesson, high contrast
	Theme     string // "dark" (the default), "light", "high-contrast"
	StatePath string // where progress is kept; "" keeps none
	// Recovered is what start-up removed after a run that was killed, one
	// thing a line; the first screen says so.
	Recovered []string
	ctx       context.Context
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
	}
	shellDoneMsg struct{ err error }
)

// runStep runs the current step again, under a new sequence number, and
// stops the run it supersedes: the learner has moved on.
func (m *Model) runStep() tea.Cmd {
	m.seq++
	m.running, m.status, m.pendingShell = true, "", false
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
func (m *Model) stepCmd() tea.Cmd {
	if m.runs.cancel != nil {
		m.runs.cancel()
	}
	ctx, cancel := context.WithCancel(m.opts.ctx)
	m.runs.cancel = cancel
	m.runs.inflight++
	seq, step, variant, runner := m.seq, m.step(), m.variant, m.opts.Runner
	return func() tea.Msg {
		defer cancel()
		var obs *steps.Observation
		if runner != nil {
			obs = runner.Run(ctx, step, variant)
		}
		if obs == nil {
			obs = &steps.Observation{StepID: step.ID, Variant: variant, Err: errors.New("the step returned no observation")}
		}
		return stepDoneMsg{seq: seq, stepID: step.ID, variant: variant, obs: obs}
	}
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
	cmd := m.opts.Shell(m.step().ID)
	if cmd == nil {
		m.status = i18n.T("no shell here").In(m.lang)
		return nil
	}
	return tea.Exec(clearedShell{cmd}, func(err error) tea.Msg { return shellDoneMsg{err} })
}

func (m Model) stepDone(msg stepDoneMsg) (tea.Model, tea.Cmd) {
	m.runs.inflight--
	if m.pendingShell && m.runs.inflight == 0 {
		return m, m.openShell()
	}
	if msg.seq != m.seq {
		return m, nil // the learner has moved on
	}
	m.running = false
	m.obs[obsKey{msg.stepID, msg.variant}] = msg.obs
	held := msg.obs.Held()
	if msg.variant != steps.Itself {
		// A "break it" run's claims are about the broken step: it counts
		// as seen, and leaves the step's own ✓ or ✗ alone.
		held = !m.progress.failed(msg.stepID)
	}
	m.progress.see(msg.stepID, held)
	m.refresh()
	save := m.saveProgress()
	return m, save
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
	_, err := tea.NewProgram(New(opts), tea.WithAltScreen(), tea.WithContext(ctx)).Run()
	if err != nil && ctx.Err() != nil {
		return nil // ended by a signal: not an error
	}
	if err != nil {
		return fmt.Errorf("the tour: %w", err)
	}
	return nil
}

// honourNoColor turns colour off when NO_COLOR is set (no-color.org):
// every style then renders as plain text, and the tour's marks (+ - • ✗ ✓
// ▸ and the brackets of the chosen tab) still say everything.
func honourNoColor() {
	if os.Getenv("NO_COLOR") != "" {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
}
