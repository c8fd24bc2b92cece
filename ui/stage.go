package ui

import (
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// The tour says where it is for burk notes, the speaker's second screen:
// at every move, in a command (a slow disk must not hold up a key), the
// newest position only.

// Where is where the tour is.
type Where struct {
	Started time.Time // when the tour started
	First   int       // the step it started at, by its place from 0
	Step    string    // the step on screen
	Index   int       // its place, from 0
	Variant steps.Variant
	Since   time.Time // when the step came on screen
	Lang    i18n.Lang
}

// Stage is where the tour says where it is (burk's speaker/stage, the
// file burk notes follows).
type Stage interface {
	// Say says where the tour is now; it runs in a command.
	Say(Where) error
	// Leave says the tour has ended.
	Leave()
}

// publisher writes the position file for every copy of the model, one
// write at a time, never an older position over a newer one.
type publisher struct {
	mu      sync.Mutex
	started int // writes asked for
	written int // the newest write done
	tour    time.Time
	first   int       // the step the tour started at
	step    string    // the step the clock below is for
	since   time.Time // when that step came on screen
	failed  bool      // a write failed, and the status line said so
}

// stageWrittenMsg is how writing the position went; an error is said
// once in the status line, and the tour goes on.
type stageWrittenMsg struct{ err error }

// publishPosition returns the command that says where the tour is now;
// nil when the tour says it nowhere (Options.Stage is nil).
func (m *Model) publishPosition() tea.Cmd {
	to, p := m.opts.Stage, m.stage
	if to == nil || p == nil {
		return nil
	}
	now := time.Now()
	p.mu.Lock()
	p.started++
	seq := p.started
	if p.tour.IsZero() {
		p.tour, p.first = now, m.cur
	}
	if p.step != m.step().ID {
		p.step, p.since = m.step().ID, now
	}
	where := Where{
		Started: p.tour,
		First:   p.first,
		Step:    m.step().ID,
		Index:   m.cur,
		Variant: m.variant,
		Since:   p.since,
		Lang:    m.lang,
	}
	p.mu.Unlock()
	return func() tea.Msg {
		p.mu.Lock()
		defer p.mu.Unlock()
		if seq < p.written {
			return nil // a newer position is written already
		}
		p.written = seq
		return stageWrittenMsg{to.Say(where)}
	}
}

// PresenterSize is the smallest terminal presenter mode is drawn for: the
// golden files hold every step at 80×24. (Below minWidth×minHeight the
// tour draws nothing but how large it needs to be.)
func PresenterSize() (w, h int) { return 80, 24 }
