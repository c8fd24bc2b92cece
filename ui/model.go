// Package ui is the interactive tour: a step list, the lesson, and what
// the host and the container saw side by side. It never makes a syscall:
// steps are run by a Runner, in commands, off the UI's goroutine.
package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/burk-tui/burk/steps"
)

// Runner runs one step on a real container; *steps.Engine is one.
type Runner interface {
	Run(ctx context.Context, step *steps.Step, variant string) *steps.Observation
}

// Options configure the tour.
type Options struct {
	Runner    Runner
	Lesson    func(stepID, lang string) (string, error)
	Shell     func(stepID string) *exec.Cmd // a shell in a container at that step; nil: no shell
	StartStep string                        // "": resume from StatePath, else the first step
	Lang      steps.Lang
	Presenter bool   // large panes, no lesson, high contrast
	Theme     string // "dark", "light", "high-contrast"
	StatePath string // where progress is kept; "" keeps none
	ctx       context.Context
}

// Minimum terminal size; below it the tour says what it needs.
const minWidth, minHeight = 60, 20

// runState tracks the step runs a model started. Bubble Tea copies the
// model on every update; this lives behind a pointer so every copy, and
// the command goroutines, agree on it.
type runState struct {
	inflight int                // runs started and not yet returned
	cancel   context.CancelFunc // ends the newest run
}

// Messages.
type (
	stepDoneMsg struct {
		seq int
		obs *steps.Observation
	}
	shellDoneMsg struct{ err error }
)

// Model is the tour's state.
type Model struct {
	opts    Options
	styles  Styles
	keys    KeyMap
	help    help.Model
	spinner spinner.Model
	t       i18n
	lang    steps.Lang

	width, height int
	cur           int    // index of the current step
	variant       string // "" or "break"
	seq           int    // tags step runs, so a stale result is dropped
	running       bool
	obs           map[string]*steps.Observation // latest observation per step id
	tab           int
	scroll        int
	showLesson    bool // wide layout: the lesson column beside the panes
	narrowLesson  bool // narrow layout: the lesson instead of the panes
	lessonScroll  int
	showHelp      bool
	picking       bool
	pick          int
	status        string
	runs          *runState // step runs in flight, shared by every copy of the model
	pendingShell  bool      // open the shell once no run is in flight
	progress      progress
	lessonCache   map[string]string
}

// New builds the tour's model.
func New(opts Options) Model {
	if opts.ctx == nil {
		opts.ctx = context.Background()
	}
	if opts.Lang == "" {
		opts.Lang = steps.English
	}
	theme := opts.Theme
	if opts.Presenter {
		theme = "high-contrast"
	}
	m := Model{
		opts:        opts,
		styles:      NewStyles(theme),
		lang:        opts.Lang,
		obs:         map[string]*steps.Observation{},
		showLesson:  !opts.Presenter,
		lessonCache: map[string]string{},
		spinner:     spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		help:        help.New(),
	}
	m.setLang(opts.Lang)
	m.progress = loadProgress(opts.StatePath)
	switch {
	case opts.StartStep != "":
		m.cur = max(steps.Index(opts.StartStep), 0)
	case m.progress.Current != "":
		m.cur = max(steps.Index(m.progress.Current), 0)
	}
	// The first step starts with the program: Init sends this run.
	m.runs = &runState{}
	m.seq, m.running = 1, true
	return m
}

func (m *Model) setLang(l steps.Lang) {
	m.lang = l
	m.t = texts[l]
	m.keys = newKeyMap(m.t)
}

func (m Model) step() *steps.Step { return steps.All()[m.cur] }

// Init starts the first step right away. The run's bookkeeping lives
// behind a pointer, so this copy of the model may start it.
func (m Model) Init() tea.Cmd {
	return tea.Batch(m.spinner.Tick, m.stepCmd())
}

// runStep starts the current step again, under a new sequence number,
// and stops the run it supersedes: the learner has moved on.
func (m *Model) runStep() tea.Cmd {
	m.seq++
	m.running = true
	m.status = ""
	return m.stepCmd()
}

// stepCmd runs the current step in a command; its result carries the
// sequence number it was started with, so a stale one can be dropped.
func (m *Model) stepCmd() tea.Cmd {
	if m.runs.cancel != nil {
		m.runs.cancel()
	}
	ctx, cancel := context.WithCancel(m.opts.ctx)
	m.runs.cancel = cancel
	m.runs.inflight++
	seq, step, variant := m.seq, m.step(), m.variant
	runner := m.opts.Runner
	return func() tea.Msg {
		defer cancel()
		return stepDoneMsg{seq: seq, obs: runner.Run(ctx, step, variant)}
	}
}

// openShell runs a shell in a container at this step, once no step run is
// in flight: the shell's container and the tour's must not overlap.
func (m *Model) openShell() tea.Cmd {
	if m.runs.inflight > 0 {
		m.pendingShell = true
		m.runs.cancel()
		return nil
	}
	m.pendingShell = false
	m.seq++
	m.running = false
	return tea.ExecProcess(m.opts.Shell(m.step().ID), func(err error) tea.Msg { return shellDoneMsg{err} })
}

// Update handles quitting, resizing and results, then keys by state.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		return m, nil
	case stepDoneMsg:
		m.runs.inflight--
		if m.pendingShell && m.runs.inflight == 0 {
			return m, m.openShell()
		}
		if msg.seq != m.seq {
			return m, nil // the learner has moved on
		}
		m.running = false
		m.obs[msg.obs.StepID] = msg.obs
		m.progress.see(msg.obs.StepID, msg.obs.Held())
		m.progress.Current = m.step().ID
		m.progress.save(m.opts.StatePath)
		if m.tab >= m.tabCount() {
			m.tab = 0
		}
		return m, nil
	case shellDoneMsg:
		if msg.err != nil {
			m.status = m.t["shellfail"] + ": " + msg.err.Error()
		}
		return m, m.runStep()
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		if key.Matches(msg, m.keys.Quit) && !(m.picking && msg.String() == "q") {
			return m, tea.Quit
		}
		if m.picking {
			return m.updatePicker(msg)
		}
		return m.updateKeys(msg)
	}
	return m, nil
}

func (m Model) updateKeys(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Help):
		m.showHelp = !m.showHelp
	case key.Matches(msg, k.Next):
		if m.cur < len(steps.All())-1 {
			return m.goTo(m.cur + 1)
		}
	case key.Matches(msg, k.Prev):
		if m.cur > 0 {
			return m.goTo(m.cur - 1)
		}
	case key.Matches(msg, k.Jump):
		if n := int(msg.String()[0] - '1'); n < len(steps.All()) {
			return m.goTo(n)
		}
	case key.Matches(msg, k.Picker):
		m.picking, m.pick = true, m.cur
	case key.Matches(msg, k.NextView):
		m.tab = (m.tab + 1) % m.tabCount()
		m.scroll = 0
	case key.Matches(msg, k.PrevView):
		m.tab = (m.tab + m.tabCount() - 1) % m.tabCount()
		m.scroll = 0
	case key.Matches(msg, k.Down):
		m.scrollBy(1)
	case key.Matches(msg, k.Up):
		m.scrollBy(-1)
	case key.Matches(msg, k.PageDown):
		m.scrollBy(10)
	case key.Matches(msg, k.PageUp):
		m.scrollBy(-10)
	case key.Matches(msg, k.LessonDown):
		m.lessonScroll++
	case key.Matches(msg, k.LessonUp):
		m.lessonScroll = max(m.lessonScroll-1, 0)
	case key.Matches(msg, k.Rerun):
		return m, m.runStep()
	case key.Matches(msg, k.Break):
		if !m.step().HasBreak() {
			m.status = m.t["nobreak"]
			return m, nil
		}
		if m.variant == "break" {
			m.variant = ""
		} else {
			m.variant = "break"
		}
		return m, m.runStep()
	case key.Matches(msg, k.Shell):
		if m.opts.Shell == nil {
			m.status = m.t["noshell"]
			return m, nil
		}
		// The shell gets a container of its own at this step.
		return m, m.openShell()
	case key.Matches(msg, k.Lesson):
		if m.wide() {
			m.showLesson = !m.showLesson
		} else {
			m.narrowLesson = !m.narrowLesson
		}
	case key.Matches(msg, k.Lang):
		next := steps.English
		if m.lang == steps.English {
			next = steps.Swedish
		}
		m.setLang(next)
	case key.Matches(msg, k.Reset):
		m.progress = progress{Current: m.step().ID}
		m.progress.save(m.opts.StatePath)
		m.status = m.t["reset_done"]
	}
	return m, nil
}

func (m Model) updatePicker(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "up", "k":
		m.pick = max(m.pick-1, 0)
	case "down", "j":
		m.pick = min(m.pick+1, len(steps.All())-1)
	case "enter":
		m.picking = false
		return m.goTo(m.pick)
	case "esc", "g", "q":
		m.picking = false
	}
	return m, nil
}

func (m Model) goTo(i int) (tea.Model, tea.Cmd) {
	m.cur, m.variant, m.scroll, m.lessonScroll = i, "", 0, 0
	if m.tab >= m.tabCount() {
		m.tab = 0
	}
	return m, m.runStep()
}

func (m *Model) scrollBy(n int) {
	if m.lessonOnly() {
		m.lessonScroll = max(m.lessonScroll+n, 0)
		return
	}
	m.scroll = max(m.scroll+n, 0)
}

// Run runs the tour until the learner quits or ctx ends.
func Run(ctx context.Context, opts Options) error {
	opts.ctx = ctx
	if os.Getenv("NO_COLOR") != "" {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	_, err := tea.NewProgram(New(opts), tea.WithAltScreen(), tea.WithContext(ctx)).Run()
	if err != nil && ctx.Err() != nil {
		return nil // quit by a signal: not an error
	}
	if err != nil {
		return fmt.Errorf("the tour: %w", err)
	}
	return nil
}
