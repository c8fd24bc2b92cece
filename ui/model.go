// Package ui is the interactive tour: a step list, the lesson, and what
// the host and the container saw side by side. It never makes a syscall:
// steps are run by a Runner, in commands, off the UI's goroutine.
package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// Minimum terminal size; below it the tour says what it needs.
const minWidth, minHeight = 60, 20

// obsKey is one variant of one step: a step's "break it" run does not
// replace what the step itself showed.
type obsKey struct {
	step    string
	variant steps.Variant
}

// Model is the tour's state. The root handles quitting, resizing and
// results; keys go to the screen on show (screen.go), and what it lets
// through to the tour's own keys (tourKey).
type Model struct {
	opts    Options
	styles  *Styles
	keys    KeyMap
	lang    i18n.Lang
	help    help.Model
	spinner spinner.Model
	ticking bool // a spinner tick is on its way

	width, height int
	cur           int // index of the current step
	variant       steps.Variant
	seq           int // tags step runs, so a stale result is dropped
	running       bool
	live          liveCharts // the charts of the run in flight, as they grow (live.go)
	obs           map[obsKey]*steps.Observation
	// screen is what the body shows: the step, or a screen over it or
	// after it (screen.go), each with its own keys and view.
	screen       screen
	showLesson   bool     // the lesson column, on a wide screen
	lessonOnly   bool     // the lesson in place of the panes, on a narrow one
	notice       []string // what start-up cleaned up, until the first key
	status       string
	runs         *runState
	saver        *saver
	stage        *publisher // says where the tour is, for burk notes
	pendingShell bool       // open the shell once no run is in flight
	typeNext     string     // what the shell opening next types (t)
	progress     progress
	rerun        bool // r ran the step again: say when it is back
	digits       int  // a step number being typed, when steps go past 9
	digitSeq     int  // tags the wait for a second digit
	flash        bool // the header flashes: the step ran again
	flashSeq     int  // tags the flash's end

	// recorded are the runs on show that are the last good ones,
	// recorded earlier, in place of live ones that failed (presenter, f).
	recorded map[obsKey]bool

	list   stepList
	lesson lessonPane
	panes  obsPanes
	claims claimsList

	recapPage, glossaryPage page
}

// New builds the tour's model. It starts no step: Init does.
func New(opts Options) Model {
	if opts.ctx == nil {
		opts.ctx = context.Background()
	}
	if opts.Lang == "" {
		opts.Lang = i18n.English
	}
	theme := opts.Theme
	if opts.Presenter {
		theme = "high-contrast"
	}
	st := NewStyles(theme)
	m := Model{
		opts:         opts,
		screen:       stepScreen{},
		styles:       &st,
		obs:          map[obsKey]*steps.Observation{},
		showLesson:   !opts.Presenter,
		spinner:      spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(st.Status)),
		help:         help.New(),
		runs:         &runState{},
		saver:        &saver{},
		stage:        &publisher{},
		list:         newStepList(&st),
		lesson:       newLessonPane(&st, opts.Lesson),
		panes:        newObsPanes(&st),
		claims:       newClaimsList(&st),
		recapPage:    newPage(&st),
		glossaryPage: newPage(&st),
	}
	m.help.Styles = st.Help
	if opts.ASCII {
		m.spinner.Spinner = spinner.Line // | / - \ instead of braille dots
	}
	m.recorded = map[obsKey]bool{}
	if len(opts.Recovered) > 0 {
		m.notice = opts.Recovered
	}
	m.progress = loadProgress(opts.StatePath)
	m.setLang(opts.Lang)
	switch {
	case opts.StartStep != "":
		m.cur = max(steps.Index(opts.StartStep), 0)
	case m.progress.Current != "":
		m.cur = steps.Index(m.progress.Current)
		m.status = i18n.T("welcome back: step %d of %d (R starts over)", m.cur+1, len(steps.All())).In(m.lang)
		if passed, total := m.progress.exercisesPassed(); len(m.progress.Exercises) > 0 {
			m.status = i18n.T("welcome back: step %d of %d, exercises passed: %d of %d (R starts over)", m.cur+1, len(steps.All()), passed, total).In(m.lang)
		}
	case opts.StatePath != "" && len(m.progress.Seen) == 0:
		// Nothing remembered: the first run of burk for this learner.
		m.screen = welcomeScreen{}
	}
	m.progress.Current = m.step().ID
	// The first step starts with the program: Init sends this run.
	m.seq, m.running, m.ticking = 1, true, true
	m.refresh()
	return m
}

func (m *Model) setLang(l i18n.Lang) {
	m.lang = l
	m.keys = newKeyMap(l)
	m.replayKeys()
	m.keys.Type.SetEnabled(m.typing())
	m.list.SetLang(l, m.keys)
	m.lesson.SetLang(l, m.keys)
	m.panes.SetLang(l, m.keys)
	m.claims.SetLang(l)
	m.recapPage.SetLang(l, m.keys)
	m.glossaryPage.SetLang(l, m.keys)
}

func (m Model) step() *steps.Step { return steps.All()[m.cur] }

// Init starts the first step right away, so its observation is under way
// before the first frame is drawn.
func (m Model) Init() tea.Cmd {
	return tea.Batch(m.spinner.Tick, m.stepCmd(), m.publishPosition())
}

// Update handles quitting, resizing and results, then hands keys to the
// screen on show.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.refresh()
		return m, nil
	case stepDoneMsg:
		return m.stepDone(msg)
	case liveSampleMsg:
		return m.liveSample(msg), nil
	case shellDoneMsg:
		switch {
		case msg.err != nil:
			m.status = i18n.T("the shell failed").In(m.lang) + ": " + msg.err.Error()
		case msg.changesErr != nil:
			m.status = i18n.T("what the shell changed on the host is not known").In(m.lang) + ": " + msg.changesErr.Error()
		}
		// What the learner changed on the host through what the step
		// still shares with it, and what burk put back: the lesson of
		// the steps before a namespace is isolated.
		if len(msg.changes) > 0 || len(msg.exercises) > 0 {
			m.screen = afterShellScreen{under: m.screen, at: m.cur, changes: msg.changes, exercises: msg.exercises}
		}
		if len(msg.exercises) > 0 {
			if m.opts.Exercised != nil {
				m.opts.Exercised(msg.exercises)
			}
			// Kept in the progress, saved in a command as ever.
			m.progress.recordExercises(msg.exercises, time.Now())
			return m, tea.Batch(m.saveProgress(), m.runStep())
		}
		// The learner may have changed things in there: look again.
		return m, m.runStep()
	case flashDoneMsg:
		if msg.seq == m.flashSeq {
			m.flash = false
		}
		return m, nil
	case pickedMsg:
		return m.goTo(msg.index)
	case digitTimeoutMsg:
		if msg.seq == m.digitSeq && m.digits > 0 {
			return m.jumpTo(m.digits)
		}
		return m, nil
	case stageWrittenMsg:
		if msg.err != nil && !m.stage.failed {
			m.stage.failed = true // said once: the tour goes on without
			m.status = i18n.T("burk notes cannot follow the tour").In(m.lang) + ": " + msg.err.Error()
		}
		return m, nil
	case progressSavedMsg:
		if msg.err != nil {
			m.status = i18n.T("progress not saved").In(m.lang) + ": " + msg.err.Error()
		}
		return m, nil
	case spinner.TickMsg:
		if !m.running {
			m.ticking = false // stop ticking until the next run
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		return m.updateKey(msg)
	}
	return m, nil
}

// updateKey is a key: ctrl-c quits from anywhere, the first key dismisses
// the notice, a step number being typed ends, then the screen on show
// has the key, and the tour the keys it lets through.
func (m Model) updateKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if key.Matches(msg, k.ForceQuit) {
		m.runs.cancelAll()
		return m, tea.Quit
	}
	// The first key dismisses the notice, and does what it does.
	if m.notice != nil {
		m.notice = nil
		m.refresh()
	}
	if m.digits > 0 && !key.Matches(msg, k.Jump) {
		// A key other than a digit ends a step number being typed: enter
		// goes there, anything else goes there and does what it does.
		model, cmd := m.jumpTo(m.digits)
		if key.Matches(msg, k.Select) {
			return model, cmd
		}
		next, more := model.(Model).updateKey(msg)
		return next, tea.Batch(cmd, more)
	}
	next, cmd, pass := m.screen.update(m, msg)
	if !pass {
		return next, cmd
	}
	after, more := next.tourKey(msg)
	return after, tea.Batch(cmd, more)
}

// tourKey is what a key does on the tour's own screen, the step's, and
// what a screen over it lets through.
func (m Model) tourKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		m.runs.cancelAll()
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.screen = helpScreen{under: m.screen}
	case key.Matches(msg, k.Glossary):
		m.screen = glossaryScreen{under: m.screen}
		m.glossaryPage.Top()
		m.refresh()
	case key.Matches(msg, k.Next):
		if m.cur < len(steps.All())-1 {
			if m.opts.Predict {
				m.screen = questionScreen{step: m.cur + 1}
				return m, nil
			}
			return m.goTo(m.cur + 1)
		}
		m.screen = endScreen{}
	case key.Matches(msg, k.Prev):
		if m.cur > 0 {
			return m.goTo(m.cur - 1)
		}
	case key.Matches(msg, k.Jump):
		return m.typeDigit(int(msg.Runes[0] - '0'))
	case key.Matches(msg, k.Picker):
		m.list.SetCurrent(m.cur, m.progress)
		m.list = m.list.Open()
		m.screen = pickerScreen{under: m.screen}
	case key.Matches(msg, k.Rerun):
		cmd := m.runStep()
		m.rerun = true
		return m, cmd
	case key.Matches(msg, k.Break):
		if !m.step().HasBreak() {
			m.status = i18n.T("this step has no \"break it\" variant").In(m.lang)
			return m, nil
		}
		if m.variant == steps.Itself {
			m.variant = steps.BreakIt
		} else {
			m.variant = steps.Itself
		}
		m.refresh()
		return m, tea.Batch(m.runStep(), m.publishPosition())
	case key.Matches(msg, m.stepKeys().Fallback): // on when a live run failed
		return m.fallBack(), nil
	case key.Matches(msg, k.Shell):
		if m.opts.Replay != nil {
			m.noShellInReplay()
			return m, nil
		}
		if m.opts.Shell == nil {
			m.status = i18n.T("no shell here").In(m.lang)
			return m, nil
		}
		m.typeNext = "" // s types nothing, whatever t asked before
		return m, m.openShell()
	case key.Matches(msg, k.Type):
		return m.typeCommand()
	case key.Matches(msg, k.Lesson):
		if m.wide() {
			m.showLesson = !m.showLesson
		} else {
			m.lessonOnly = !m.lessonOnly
		}
		m.refresh()
	case key.Matches(msg, k.Lang):
		next := i18n.Swedish
		if m.lang == i18n.Swedish {
			next = i18n.English
		}
		m.setLang(next)
		m.refresh()
	case key.Matches(msg, k.Reset):
		m.screen, m.status = resetScreen{under: m.screen}, i18n.T("forget every step you have seen? y/n").In(m.lang)
	case key.Matches(msg, k.Hood):
		m.lesson.ToggleHood()
	case key.Matches(msg, k.LessonUp, k.LessonDown):
		m.lesson, _ = m.lesson.Update(msg, false)
	case m.layout().lessonOnly:
		m.lesson, _ = m.lesson.Update(msg, true)
	default:
		m.panes, _ = m.panes.Update(msg)
	}
	return m, nil
}

// digitWait is how long the tour waits for a second digit of a step
// number, when the first could begin one (1 of 10–14).
const digitWait = 800 * time.Millisecond

// digitTimeoutMsg ends the wait for a second digit.
type digitTimeoutMsg struct{ seq int }

// typeDigit goes to the step a digit names. Where the tour has ten steps
// or more, a digit that could begin a number waits a moment for the next:
// 1 then 2 is step 12, 1 alone is step 1.
func (m Model) typeDigit(d int) (tea.Model, tea.Cmd) {
	n := len(steps.All())
	if m.digits > 0 {
		d, m.digits = m.digits*10+d, 0
		if d <= n {
			return m.jumpTo(d)
		}
		return m, nil
	}
	if d == 0 {
		return m, nil
	}
	if d*10 > n {
		return m.jumpTo(d)
	}
	m.digits = d
	m.digitSeq++
	seq := m.digitSeq
	m.status = i18n.T("step %d… (another digit, or enter)", d).In(m.lang)
	return m, tea.Tick(digitWait, func(time.Time) tea.Msg { return digitTimeoutMsg{seq} })
}

// jumpTo goes to step n, counted from 1 as the tour numbers them.
func (m Model) jumpTo(n int) (tea.Model, tea.Cmd) {
	m.digits, m.status = 0, ""
	if n < 1 || n > len(steps.All()) {
		return m, nil
	}
	return m.goTo(n - 1)
}

// goTo makes step i the current one and runs it.
func (m Model) goTo(i int) (tea.Model, tea.Cmd) {
	m.cur, m.variant, m.digits = i, steps.Itself, 0
	switch m.screen.(type) {
	case endScreen, recapScreen:
		m.screen = stepScreen{} // the tour goes on at that step
	}
	m.progress.Current = m.step().ID
	cmd := tea.Batch(m.saveProgress(), m.runStep(), m.publishPosition())
	return m, cmd
}

// saveProgress writes the progress file in a command, never in Update: a
// slow disk must not hold up a key. A save that fails says so in the
// status line (progressSavedMsg).
func (m *Model) saveProgress() tea.Cmd { return m.saver.save(m.progress, m.opts.StatePath) }

// current is what the current step showed last, or nil.
func (m Model) current() *steps.Observation {
	return m.obs[obsKey{m.step().ID, m.variant}]
}

// previous is what the current observation is compared with, and its
// name: for a "break it" run, the step itself; for a step, the step
// before it. nil when that has not run.
func (m Model) previous() (*steps.Observation, string) {
	s := m.step()
	if m.variant != steps.Itself {
		return m.obs[obsKey{s.ID, steps.Itself}], s.ID
	}
	if m.cur == 0 {
		return nil, ""
	}
	prev := steps.All()[m.cur-1]
	return m.obs[obsKey{prev.ID, steps.Itself}], prev.ID
}

// noticeHeight is the most lines the notice may take.
func (m Model) noticeHeight(l layout) int { return max(l.bodyH/4, 2) }

// refresh hands every component its part of the state and its size. It
// runs after every change, so that View only draws.
func (m *Model) refresh() {
	l := m.layout()
	m.help.Width = m.width
	m.list.SetSize(l.listW, l.bodyH)
	m.list.SetCurrent(m.cur, m.progress)
	m.lesson.SetSize(l.lessonW, l.bodyH)
	m.lesson.Show(m.step().ID, m.lang)

	o := m.current()
	var claims []steps.ClaimResult
	if o != nil && o.Err == nil {
		claims = o.Claims
	}
	m.claims.SetSize(l.panesW, max(l.bodyH/3, 2))
	m.claims.SetClaims(claims)
	prev, name := m.previous()
	m.panes.SetSize(l.panesW, l.bodyH-m.claims.Height()-len(m.noticeLines(l.panesW, m.noticeHeight(l)))-len(m.breakNoteLines(l.panesW)))
	m.panes.SetObservation(o, prev, name, m.step().FocusFor(m.variant))
	pageW := min(m.width, 100)
	m.recapPage.SetSize(pageW, l.bodyH)
	m.glossaryPage.SetSize(pageW, l.bodyH)
	if showing[recapScreen](m.screen) {
		m.recapPage.SetContent(m.recapText(pageW))
	}
	if showing[glossaryScreen](m.screen) {
		m.glossaryPage.SetContent(m.lesson.rendered(GlossaryID, m.lang, pageW))
	}
}
