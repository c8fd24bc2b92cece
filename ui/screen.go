package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// screen is what the body of the tour shows: each state of the tour is one
// screen value, with its own keys and its own view. The step screen is the
// tour itself, and the end and the recap come after it; the others are
// opened over a screen (under), and give it back when they close.
type screen interface {
	// update handles a key. pass is true when the screen lets the key
	// through, having closed or not: the tour's own keys (tourKey) then do
	// what they do with it.
	update(m Model, msg tea.KeyMsg) (next Model, cmd tea.Cmd, pass bool)
	// view is the body of the screen, at the current layout.
	view(m Model, l layout) string
}

// stepScreen is the tour: the step list, the lesson, the panes and the
// claims. Its keys are the tour's own.
type stepScreen struct{}

func (stepScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) { return m, nil, true }
func (stepScreen) view(m Model, l layout) string                         { return m.bodyView(l) }

// welcomeScreen is the first screen of a first run: what burk is. Any key
// starts the tour; the welcome is never in the way.
type welcomeScreen struct{}

func (welcomeScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	m.screen = stepScreen{}
	k := m.keys
	return m, nil, !key.Matches(msg, k.Next, k.Select, k.Quit, k.Cancel)
}

func (welcomeScreen) view(m Model, l layout) string { return m.welcomeView() }

// questionScreen is the question a class is asked before step runs
// (--predict). → or enter runs the step asked about; ← and esc stay where
// the class was; q quits as ever.
type questionScreen struct{ step int }

func (s questionScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	m.screen = stepScreen{}
	k := m.keys
	switch {
	case key.Matches(msg, k.Next, k.Select):
		next, cmd := m.goTo(s.step)
		return next.(Model), cmd, false
	case key.Matches(msg, k.Prev, k.Cancel):
		return m, nil, false
	}
	return m, nil, true
}

func (s questionScreen) view(m Model, l layout) string { return m.questionView(s.step) }

// afterShellScreen is what the shell's container changed on the host and
// what burk put back, and how the step's exercises came out in it: until
// the next key, which goes back to the screen under it, as from the
// welcome.
type afterShellScreen struct {
	under     screen
	at        int // the step the shell was at
	changes   []steps.HostChange
	exercises []steps.ExerciseOutcome
}

func (s afterShellScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	m.screen = s.under
	k := m.keys
	return m, nil, !key.Matches(msg, k.Next, k.Select, k.Quit, k.Cancel)
}

func (s afterShellScreen) view(m Model, l layout) string { return m.hostChangesView(s) }

// resetScreen is R's question, "forget every step?", in the status line
// over the screen it was asked on: any key but yes keeps the progress (n
// is also "next step").
type resetScreen struct{ under screen }

func (s resetScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	m.screen, m.status = s.under, i18n.T("progress kept").In(m.lang)
	if key.Matches(msg, m.keys.Yes) {
		m.progress = progress{Current: steps.All()[0].ID}
		m.status = i18n.T("progress reset").In(m.lang)
		next, cmd := m.goTo(0)
		return next.(Model), cmd, false
	}
	return m, nil, false
}

func (s resetScreen) view(m Model, l layout) string { return s.under.view(m, l) }

// pickerScreen is the step picker. q and esc close it: a speaker must not
// lose the room by closing it.
type pickerScreen struct{ under screen }

func (s pickerScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	if key.Matches(msg, m.keys.Quit) {
		m.screen = s.under
		return m, nil, false
	}
	var cmd tea.Cmd
	var closed bool
	m.list, cmd, closed = m.list.Pick(msg)
	if closed {
		m.screen = s.under
	}
	return m, cmd, false
}

func (pickerScreen) view(m Model, l layout) string { return m.list.PickerView(m.width) }

// glossaryScreen is the glossary, over the screen it was opened on: esc,
// q and its own key close it, the scroll keys scroll it, L switches its
// language, and any other key closes it and does what it does.
type glossaryScreen struct{ under screen }

func (s glossaryScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Glossary, k.Cancel, k.Quit):
		m.screen = s.under
		m.refresh()
		return m, nil, false
	case key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown):
		m.glossaryPage = m.glossaryPage.Update(msg)
		return m, nil, false
	case key.Matches(msg, k.Lang):
	default:
		m.screen = s.under
	}
	return m, nil, true
}

func (glossaryScreen) view(m Model, l layout) string { return m.glossaryPage.View() }

// helpScreen is every key: q and esc close it, as ? does; only the tour's
// own screen quits on q. Any other key closes it and does what it does.
type helpScreen struct{ under screen }

func (s helpScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	m.screen = s.under
	k := m.keys
	return m, nil, !key.Matches(msg, k.Help, k.Cancel, k.Quit)
}

func (helpScreen) view(m Model, l layout) string { return m.helpView() }

// endScreen is the screen after the last step: what the class built. →
// opens the recap, ← goes back to the last step; the glossary, the
// language and the help open over it, and any other key goes back to the
// step and does what it does.
type endScreen struct{}

func (endScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Prev, k.Cancel):
		m.screen = stepScreen{}
		return m, nil, false
	case key.Matches(msg, k.Next):
		next, cmd := m.openRecap()
		return next, cmd, false
	}
	return pastTheEnd(m, msg)
}

func (endScreen) view(m Model, l layout) string { return m.endView() }

// recapScreen is the recap, after the end screen: what is isolated and
// what is still shared. ← goes back to the end, r runs it again, the
// scroll keys scroll it; the glossary, the language and the help open
// over it, and any other key goes back to the step and does what it does.
type recapScreen struct{}

func (recapScreen) update(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Prev, k.Cancel):
		m.screen = endScreen{}
		return m, nil, false
	case key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown):
		m.recapPage = m.recapPage.Update(msg)
		return m, nil, false
	case key.Matches(msg, k.Rerun):
		delete(m.obs, obsKey{steps.RecapID, steps.Itself})
		next, cmd := m.openRecap()
		return next, cmd, false
	case key.Matches(msg, k.Next):
		return m, nil, false
	}
	return pastTheEnd(m, msg)
}

// pastTheEnd is what the end and the recap do with the keys they do not
// keep: q quits; the glossary, the language and the help open over them;
// any other key goes back to the step and does what it does.
func pastTheEnd(m Model, msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		m.runs.cancelAll()
		return m, tea.Quit, false
	case key.Matches(msg, k.Glossary, k.Lang, k.Help):
	default:
		m.screen = stepScreen{}
	}
	return m, nil, true
}

func (recapScreen) view(m Model, l layout) string { return m.recapPage.View() }

// under is the screen s was opened over, or nil for a screen of its own.
func under(s screen) screen {
	switch s := s.(type) {
	case afterShellScreen:
		return s.under
	case resetScreen:
		return s.under
	case pickerScreen:
		return s.under
	case glossaryScreen:
		return s.under
	case helpScreen:
		return s.under
	}
	return nil
}

// showing reports whether a screen like want is on the screen, or under
// the ones opened over it.
func showing[S screen](s screen) bool {
	for ; s != nil; s = under(s) {
		if _, ok := s.(S); ok {
			return true
		}
	}
	return false
}
