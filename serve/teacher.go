package serve

// The teacher's view of the room: each learner's step, claims, exercises,
// time on the step and idle time; a bar per step with how many are there;
// and who has been stuck longest. It fits 80×24, in large letters on a
// projector. ssh teacher@server shows it live; burk class shows it on the
// server, from the snapshot the server writes each second (RoomFile).

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// RoomFile is the room's snapshot in the server's directory, for burk
// class; root's only (0600).
const RoomFile = "room.json"

// writeRoom writes the snapshot, whole, beside the old one.
func (s *Server) writeRoom() {
	data, err := json.Marshal(s.room.Snapshot())
	if err != nil {
		return
	}
	p := filepath.Join(s.cfg.Dir, RoomFile)
	if os.WriteFile(p+".new", data, 0o600) == nil {
		os.Rename(p+".new", p)
	}
}

// ReadRoom reads the snapshot a server in dir wrote.
func ReadRoom(dir string) ([]LearnerView, error) {
	data, err := os.ReadFile(filepath.Join(dir, RoomFile))
	if err != nil {
		return nil, err
	}
	var v []LearnerView
	return v, json.Unmarshal(data, &v)
}

// RoomModel is the teacher's view.
type RoomModel struct {
	class    Class
	lang     i18n.Lang
	styles   roomStyles
	learners []LearnerView
	err      error
	width    int
	height   int
	now      func() time.Time
	follow   followState // f, ←/→ and m: teacher_follow.go
}

type roomStyles struct{ title, head, bar, stuck, dim, on lipgloss.Style }

func newRoomStyles(r *lipgloss.Renderer) roomStyles {
	return roomStyles{
		title: r.NewStyle().Bold(true),
		head:  r.NewStyle().Bold(true).Underline(true),
		bar:   r.NewStyle().Foreground(lipgloss.Color("4")),
		stuck: r.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		dim:   r.NewStyle().Faint(true),
		on:    r.NewStyle().Bold(true).Reverse(true),
	}
}

// NewRoomModel is the view of class, drawn by r.
func NewRoomModel(class Class, lang i18n.Lang, r *lipgloss.Renderer) RoomModel {
	return RoomModel{class: class, lang: lang, styles: newRoomStyles(r), width: 80, height: 24, now: time.Now, follow: newFollowState()}
}

type roomTickMsg struct{}

func roomTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return roomTickMsg{} })
}

func (m RoomModel) Init() tea.Cmd { return tea.Batch(m.refresh, roomTick()) }

type roomMsg struct {
	learners []LearnerView
	err      error
	cast     castRead
}

func (m RoomModel) refresh() tea.Msg {
	l, err := m.class.Learners()
	return roomMsg{l, err, m.readCast()}
}

func (m RoomModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if m.follow.typing {
			return m.typeMessage(msg)
		}
		switch msg.String() {
		case "q", "ctrl+c", "esc":
			return m, tea.Quit
		}
		return m.followKey(msg)
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case roomTickMsg:
		return m, tea.Batch(m.refresh, roomTick())
	case roomMsg:
		m.learners, m.err = msg.learners, msg.err
		m.follow.took(msg.cast)
	case castSetMsg:
		m.follow.err = msg.err
	}
	return m, nil
}

// View draws the room: the learners on the left, the steps on the right.
func (m RoomModel) View() string {
	tr := func(msg i18n.Msg) string { return msg.In(m.lang) }
	var b strings.Builder
	b.WriteString(m.styles.title.Render(tr(i18n.T("burk serve — the room: %d learners", len(m.learners)))) + "\n")
	if m.err != nil {
		b.WriteString(tr(i18n.T("no room to show: %v", m.err)) + "\n")
	}
	b.WriteString(m.followLine() + "\n")
	b.WriteString(m.messageLine() + "\n")
	left := m.table()
	right := m.bars()
	b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(48).Render(left), right) + "\n")
	if s := m.stuckLongest(); s != "" {
		b.WriteString(m.styles.stuck.Render(s) + "\n")
	}
	b.WriteString(m.styles.dim.Render(m.keysLine()))
	return b.String()
}

// rows is how many learners fit beside the bars, below the title and the
// lines of follow and message.
func (m RoomModel) rows() int { return max(3, m.height-7) }

func (m RoomModel) table() string {
	tr := func(msg i18n.Msg) string { return msg.In(m.lang) }
	var b strings.Builder
	b.WriteString(m.styles.head.Render(fmt.Sprintf("%-10s %-11s %5s %5s %5s %4s", tr(i18n.T("name")), tr(i18n.T("step")), tr(i18n.T("ok")), tr(i18n.T("ex")), tr(i18n.T("here")), tr(i18n.T("idle")))) + "\n")
	for i, l := range m.learners {
		if i == m.rows()-1 && len(m.learners) > m.rows() {
			b.WriteString(tr(i18n.T("… and %d more", len(m.learners)-i)) + "\n")
			break
		}
		step := "-"
		if l.Step != "" {
			step = fmt.Sprintf("%d %s", l.Index+1, l.Step)
		}
		here := "-"
		if !l.OnStepSince.IsZero() {
			here = short(m.now().Sub(l.OnStepSince))
		}
		fmt.Fprintf(&b, "%-10.10s %-11.11s %2d/%-2d %2d/%-2d %5s %4s\n", l.Name, step,
			l.Seen-l.Failed, l.Seen, l.ExPassed, l.ExPassed+l.ExFailed, here, short(l.Idle))
	}
	return b.String()
}

// bars is a bar per step, as long as the learners there.
func (m RoomModel) bars() string {
	at := map[string]int{}
	for _, l := range m.learners {
		at[l.Step]++
	}
	var b strings.Builder
	for i, id := range steps.IDs() {
		n := at[id]
		here := "  "
		if id == m.follow.cast.Step {
			here = "▶ " // the teacher's step
		}
		fmt.Fprintf(&b, "%s%2d %-10.10s %s %s\n", here, i+1, id, m.styles.bar.Render(strings.Repeat("█", min(n, 12))), count(n))
	}
	return b.String()
}

func count(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// stuckLongest names the learner longest on one step.
func (m RoomModel) stuckLongest() string {
	var who LearnerView
	for _, l := range m.learners {
		if !l.OnStepSince.IsZero() && (who.OnStepSince.IsZero() || l.OnStepSince.Before(who.OnStepSince)) {
			who = l
		}
	}
	if who.Name == "" {
		return ""
	}
	return i18n.T("stuck longest: %s, %s at %s", who.Name, short(m.now().Sub(who.OnStepSince)), who.Step).In(m.lang)
}

// short is a duration in at most five characters: 42s, 3m12s, 1h05m.
func short(d time.Duration) string {
	d = d.Truncate(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02d", int(d.Minutes()), int(d.Seconds())%60)
	default:
		return fmt.Sprintf("%dh%02d", int(d.Hours()), int(d.Minutes())%60)
	}
}

// teacherView runs the view for a teacher connected over SSH.
func (s *Server) teacherView(sess ssh.Session, lang i18n.Lang) {
	_, winCh, ok := sess.Pty()
	if !ok {
		tell(sess, lang, i18n.T("the teacher's view needs a terminal: connect with ssh -t"))
		return
	}
	// No pty of the server's between: \n must reach the terminal as \r\n.
	out := ssh.NewPtyWriter(sess)
	m := NewRoomModel(s, lang, renderer(sess, out))
	p := tea.NewProgram(m, tea.WithInput(sess), tea.WithOutput(out), tea.WithAltScreen())
	go func() {
		for {
			select {
			case <-sess.Context().Done():
				p.Quit()
				return
			case w, ok := <-winCh:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	p.Run()
	p.Kill()
}

// renderer draws for the teacher's terminal: 256 colours, none on a dumb
// terminal or with NO_COLOR.
func renderer(sess ssh.Session, out io.Writer) *lipgloss.Renderer {
	pty, _, _ := sess.Pty()
	profile := termenv.ANSI256
	if pty.Term == "" || pty.Term == "dumb" || slices.ContainsFunc(sess.Environ(), func(e string) bool { return strings.HasPrefix(e, "NO_COLOR=") }) {
		profile = termenv.Ascii
	}
	return lipgloss.NewRenderer(out, termenv.WithProfile(profile))
}
