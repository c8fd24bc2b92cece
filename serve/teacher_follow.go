package serve

// The teacher's view speaks to the room: f makes every learner's tour
// follow the teacher's step, ←/→ move that step (the room with it, when
// it follows), and m writes a message to everyone, which an empty one
// clears. What the view shows is what it last set, or read from the
// server each second (Class.Cast).

import (
	"fmt"
	"slices"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/roomcast"
	"github.com/burk-tui/burk/steps"
)

type followState struct {
	cast   roomcast.Cast // as the view shows it
	seq    int           // the casts this view set: a read begun before the newest is stale
	typing bool          // m: a message is being written
	typed  []rune        // the message being written
	err    error         // the last cast could not be said
}

func newFollowState() followState { return followState{} }

// castRead is the cast as the server has it, read for the view.
type castRead struct {
	cast roomcast.Cast
	err  error
	seq  int // the view's seq when the read began
}

// castSetMsg is how saying a cast to the room went.
type castSetMsg struct{ err error }

func (m RoomModel) readCast() castRead {
	c, err := m.class.Cast()
	return castRead{c, err, m.follow.seq}
}

// took shows the cast read, unless the view has set a newer one since.
func (f *followState) took(r castRead) {
	if r.err == nil && r.seq == f.seq && !f.typing {
		f.cast = r.cast
	}
}

// step is the teacher's step, by its place: the first until one is chosen.
func (f followState) step() int { return max(slices.Index(steps.IDs(), f.cast.Step), 0) }

// say shows c at once, and says it to the room in a command.
func (m RoomModel) say(c roomcast.Cast) (RoomModel, tea.Cmd) {
	m.follow.cast = c.Clean()
	m.follow.seq++
	class := m.class
	return m, func() tea.Msg { return castSetMsg{class.SetCast(c)} }
}

// followKey is f, ←/→ and m.
func (m RoomModel) followKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	c := m.follow.cast
	ids := steps.IDs()
	switch msg.String() {
	case "f":
		c.Follow = !c.Follow
		c.Step = ids[m.follow.step()]
		return m.say(c)
	case "right", "l":
		c.Step = ids[min(m.follow.step()+1, len(ids)-1)]
		return m.say(c)
	case "left", "h":
		c.Step = ids[max(m.follow.step()-1, 0)]
		return m.say(c)
	case "m":
		m.follow.typing, m.follow.typed = true, []rune(c.Message)
		return m, nil
	}
	return m, nil
}

// typeMessage is a key while the message is written: enter says it (an
// empty one clears the message), esc leaves it as it was. A line of its
// own is all a message needs: letters, backspace, ctrl+u to start over.
func (m RoomModel) typeMessage(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	f := &m.follow
	switch msg.Type {
	case tea.KeyEnter:
		f.typing = false
		c := f.cast
		c.Message = string(f.typed)
		return m.say(c)
	case tea.KeyEsc, tea.KeyCtrlC:
		f.typing = false
	case tea.KeyBackspace:
		if len(f.typed) > 0 {
			f.typed = f.typed[:len(f.typed)-1]
		}
	case tea.KeyCtrlU:
		f.typed = nil
	case tea.KeySpace, tea.KeyRunes:
		r := msg.Runes
		if msg.Type == tea.KeySpace {
			r = []rune{' '}
		}
		if utf8.RuneCountInString(string(f.typed))+len(r) <= roomcast.MaxMessage {
			f.typed = append(f.typed, r...)
		}
	}
	return m, nil
}

// followLine says whether the room follows, and the teacher's step.
func (m RoomModel) followLine() string {
	i := m.follow.step()
	id := steps.IDs()[i]
	if m.follow.cast.Follow {
		return m.styles.on.Render(" " + i18n.T("▶ the room follows you: step %d %s", i+1, id).In(m.lang) + " ")
	}
	return i18n.T("the room does not follow you; your step: %d %s", i+1, id).In(m.lang)
}

// messageLine is the message to everyone, or the one being written.
func (m RoomModel) messageLine() string {
	tr := func(msg i18n.Msg) string { return msg.In(m.lang) }
	switch {
	case m.follow.typing:
		// The end of a long message, where the teacher types.
		typed := m.follow.typed[max(len(m.follow.typed)-60, 0):]
		return m.styles.title.Render(tr(i18n.T("message:"))) + " " + string(typed) + "█"
	case m.follow.err != nil:
		return m.styles.stuck.Render(fmt.Sprintf("%.78s", tr(i18n.T("not said to the room: %v", m.follow.err))))
	case m.follow.cast.Message != "":
		return m.styles.title.Render(tr(i18n.T("message to everyone: %s", m.follow.cast.Message)))
	}
	return m.styles.dim.Render(tr(i18n.T("no message")))
}

// keysLine is the view's keys.
func (m RoomModel) keysLine() string {
	if m.follow.typing {
		return i18n.T("enter says it to everyone, an empty one clears it, esc leaves it").In(m.lang)
	}
	return i18n.T("f room follows you: on/off · ←/→ your step · m message · q quit").In(m.lang)
}
