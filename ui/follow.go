package ui

// A served room's tour hears the teacher (Options.Room): when the room
// follows the teacher, the tour goes to the teacher's step as a learner's
// own step change does, and says so on a line under the header. A learner
// who goes to another step has stepped away: the line says so, with the
// key that brings them back (F). A message from the teacher is a line of
// its own until the teacher clears or replaces it.

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// RoomCast is what the teacher says to the room: burk's RoomCast,
// as the CLI reads it from the server, its message cleaned of control
// characters and cut to a length there.
type RoomCast struct {
	Follow  bool   // the tours go with the teacher's step
	Step    string // the teacher's step, by id
	Message string // to everyone; "" is none
}

// roomState is what the teacher last said, and whether this learner has
// stepped away from the teacher's step.
type roomState struct {
	cast RoomCast
	away bool
}

// teacherStep is the teacher's step by its place, when the room follows
// the teacher; -1 when it does not (or the step is not this tour's).
func (r roomState) teacherStep() int {
	if !r.cast.Follow {
		return -1
	}
	return steps.Index(r.cast.Step)
}

// roomCastMsg is what the teacher said.
type roomCastMsg struct{ cast RoomCast }

// listenRoom waits for what the teacher says next; nil outside a room.
func (m Model) listenRoom() tea.Cmd {
	ch := m.opts.Room
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		c, ok := <-ch
		if !ok {
			return nil // the room is gone: nothing more to hear
		}
		return roomCastMsg{c}
	}
}

// heard takes what the teacher said: a message is shown; a step to
// follow is gone to, unless the learner stepped away. When the room stops
// following, nobody is away: when it starts again, everyone comes along.
func (m Model) heard(c RoomCast) (tea.Model, tea.Cmd) {
	listen := m.listenRoom()
	if c == m.room.cast {
		return m, listen // said again, each second: nothing new
	}
	m.room.cast = c
	i := m.room.teacherStep()
	if i < 0 {
		m.room.away = false // nothing to step away from
	}
	if i < 0 || m.room.away || i == m.cur {
		m.refresh()
		return m, listen
	}
	next, cmd := m.goTo(i)
	return next, tea.Batch(cmd, listen)
}

// followTeacher is F: back to the teacher's step, following again.
func (m Model) followTeacher() (tea.Model, tea.Cmd) {
	i := m.room.teacherStep()
	if i < 0 {
		return m, nil
	}
	m.room.away = false
	if i == m.cur && m.variant == steps.Itself {
		m.refresh()
		return m, nil
	}
	return m.goTo(i)
}

// steppedTo notes a move to step i: away from the teacher's step, or
// back to it.
func (r *roomState) steppedTo(i int) {
	if t := r.teacherStep(); t >= 0 {
		r.away = i != t
	}
}

// roomLines are the lines under the header: following or stepped away,
// and the teacher's message, at most two lines of it.
func (m Model) roomLines() []string {
	var lines []string
	pad := func(s string) string {
		s = ansi.Truncate(s, m.width, "…")
		if n := m.width - ansi.StringWidth(s); n > 0 {
			s += spaces(n)
		}
		return s
	}
	if t := m.room.teacherStep(); t >= 0 {
		if m.room.away {
			lines = append(lines, m.styles.Marked.Render(pad(i18n.T("◂ you stepped away from the teacher, who is at step %d: %s follows again", t+1, m.keys.Follow.Help().Key).In(m.lang))))
		} else {
			lines = append(lines, m.styles.Marked.Render(pad(i18n.T("▶ following the teacher: step %d of %d", t+1, len(steps.All())).In(m.lang))))
		}
	}
	if msg := m.room.cast.Message; msg != "" && m.width > 0 {
		rows := wrapLine(i18n.T("• from the teacher: %s", msg).In(m.lang), m.width, "  ")
		if len(rows) > 2 {
			rows = rows[:2]
			rows[1] = ansi.Truncate(rows[1]+" …", m.width, "…")
		}
		for _, r := range rows {
			lines = append(lines, m.styles.Recorded.Render(pad(r)))
		}
	}
	return lines
}

// roomHeight is the lines the room takes under the header.
func (m Model) roomHeight() int { return len(m.roomLines()) }

func spaces(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
