// Package notes is burk notes: the speaker's second screen. It follows a
// running tour (the position file of speaker/stage) and shows the step
// on screen, its talking points, the question for the room, the command
// the presenter's t key types, and the time against the speaker's plan.
package notes

import (
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/speaker/stage"
	"github.com/burk-tui/burk/steps"
)

// Options configure the notes.
type Options struct {
	// Dirs are where to look for a running tour, in order (stage.Dirs).
	Dirs []string
	// Minutes is the time the talk has; 0 is the steps' own figures.
	Minutes float64
	Lang    i18n.Lang
	// Poll is how often the position file is read; 0 is half a second.
	Poll time.Duration
	// Now is the clock; nil is time.Now (a test gives a fixed one).
	Now func() time.Time
}

// Model is the notes screen.
type Model struct {
	opts   Options
	styles styles
	quit   key.Binding
	notes  map[string]lessons.SpeakerNotes
	plan   plan

	width, height int
	pos           *stage.Position // nil: no tour is running
	where         string          // the position file followed
	missing       error           // why no tour was found
	now           time.Time
}

// New reads every step's notes in the language; a lesson without them is
// an error before the screen opens.
func New(opts Options) (Model, error) {
	if opts.Lang == "" {
		opts.Lang = i18n.English
	}
	if opts.Poll == 0 {
		opts.Poll = 500 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Minutes < 0 {
		return Model{}, errors.New(i18n.T("--minutes %v: a talk takes more than 0 minutes", opts.Minutes).In(opts.Lang))
	}
	m := Model{
		opts:   opts,
		styles: newStyles(),
		quit:   key.NewBinding(key.WithKeys("q", "ctrl+c", "esc")),
		notes:  map[string]lessons.SpeakerNotes{},
		now:    opts.Now(),
	}
	var figures []float64
	for _, s := range steps.All() {
		n, err := lessons.Notes(s.ID, string(opts.Lang))
		if err != nil {
			return Model{}, err
		}
		m.notes[s.ID] = n
		figures = append(figures, n.Minutes)
	}
	m.plan = newPlan(figures, opts.Minutes)
	return m, nil
}

// positionMsg is what a look for the tour found.
type positionMsg struct {
	pos   stage.Position
	where string
	err   error
	at    time.Time
}

// look reads where the tour is, in a command: the file may be on a slow
// disk, and Update never waits.
func (m Model) look() tea.Msg {
	pos, where, err := stage.Find(m.opts.Dirs)
	return positionMsg{pos: pos, where: where, err: err, at: m.opts.Now()}
}

// Init looks for the tour at once.
func (m Model) Init() tea.Cmd { return m.look }

// Update follows the tour: every look schedules the next, which also moves
// the clocks on.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.KeyMsg:
		if key.Matches(msg, m.quit) {
			return m, tea.Quit
		}
	case positionMsg:
		m.now = msg.at
		if msg.err != nil {
			m.pos, m.where, m.missing = nil, "", msg.err
		} else {
			m.pos, m.where, m.missing = &msg.pos, msg.where, nil
		}
		return m, tea.Tick(m.opts.Poll, func(time.Time) tea.Msg { return m.look() })
	}
	return m, nil
}

// View draws the notes; it changes nothing.
func (m Model) View() string {
	if m.width == 0 {
		return ""
	}
	var lines []string
	if m.pos == nil || steps.Index(m.pos.Step) < 0 {
		lines = m.waitingView()
	} else {
		lines = m.stepView()
	}
	body := strings.Split(strings.Join(lines, "\n"), "\n")
	footer := m.footer()
	room := max(m.height-1, 0)
	if len(body) > room {
		body = body[:room]
	}
	for len(body) < room {
		body = append(body, "")
	}
	return strings.Join(append(body, footer), "\n")
}

// in says a message in the notes' language.
func (m Model) in(msg i18n.Msg) string { return msg.In(m.opts.Lang) }

// waitingView is the screen with no tour: what to do, and that the notes
// will follow one as soon as it starts.
func (m Model) waitingView() []string {
	st := m.styles
	lines := []string{
		st.title.Render(m.in(i18n.T("burk notes"))),
		"",
		m.wrap(m.in(i18n.T("No tour is running. Start one in another terminal — burk tour --presenter — and these notes follow it.")), 0),
		"",
		st.dim.Render(m.in(i18n.T("waiting…"))),
	}
	if m.pos != nil {
		// A position from another burk, with a step this one lacks.
		lines = append(lines, "", st.bad.Render(m.wrap(m.in(i18n.T("the tour is at step %q, which this burk does not know: use the same burk for the tour and the notes", m.pos.Step)), 0)))
	}
	var denied *stage.DeniedError
	var format *stage.FormatError
	switch {
	case errors.As(m.missing, &denied):
		// No tour here; where this user may not look, there may be one.
		lines = append(lines, "", st.dim.Render(m.wrap(m.in(i18n.T("A tour run by another user (with sudo) keeps its place in %s, which you may not read: follow it with sudo burk notes, or give --state.", denied.Dir)), 0)))
	case errors.As(m.missing, &format):
		lines = append(lines, "", st.bad.Render(m.wrap(m.in(i18n.T("%s is of format %d, and this burk reads %d: use the same burk for the tour and the notes.", format.Path, format.Got, stage.Version)), 0)))
	case m.missing != nil && !errors.Is(m.missing, stage.ErrNoTour):
		// A file that could not be read, and why.
		lines = append(lines, "", st.bad.Render(m.wrap(m.missing.Error(), 0)))
	}
	return lines
}

// stepView is the step on screen: the clocks first, for a glance; then
// what to say, what to ask and what t types; then what comes next.
func (m Model) stepView() []string {
	st := m.styles
	p := *m.pos
	all := steps.All()
	i := steps.Index(p.Step)
	s, n := all[i], m.notes[p.Step]

	title := m.in(i18n.T("Step %d of %d: %s", i+1, len(all), s.Title.In(m.opts.Lang)))
	if steps.Variant(p.Variant) == steps.BreakIt && s.HasBreak() {
		title += " — " + m.in(i18n.T("break it")) + ": " + s.Break.Title.In(m.opts.Lang)
	}
	lines := []string{st.title.Render(m.wrap(title, 0)), st.dim.Render(m.wrap(s.Summary.In(m.opts.Lang), 0)), ""}

	onStep := max(m.now.Sub(p.Since), 0)
	total := max(m.now.Sub(p.Started), 0)
	beforeStep := max(p.Since.Sub(p.Started), 0)
	planned := m.plan.steps[i]
	stepClock := st.clock.Render(m.in(i18n.T("this step %s of %s", clock(onStep), clock(planned))))
	if onStep > planned {
		stepClock = st.bad.Render(m.in(i18n.T("this step %s of %s", clock(onStep), clock(planned))))
	}
	totalClock := m.in(i18n.T("in all %s of %s", clock(total), clock(m.plan.total)))
	left := m.plan.total - total
	leftClock := m.in(i18n.T("%s left", clock(left)))
	if left < 0 {
		leftClock = st.bad.Render(m.in(i18n.T("%s over", clock(-left))))
	}
	var pace string
	switch d := m.plan.drift(min(p.First, i), i, beforeStep, onStep); {
	case d > 30*time.Second:
		pace = st.bad.Render(m.in(i18n.T("%s behind the plan", clock(d))))
	case d < -30*time.Second:
		pace = st.good.Render(m.in(i18n.T("%s ahead of the plan", clock(-d))))
	default:
		pace = st.good.Render(m.in(i18n.T("on plan")))
	}
	lines = append(lines, stepClock+"  ·  "+totalClock, leftClock+"  ·  "+pace, "")

	lines = append(lines, st.heading.Render(m.in(i18n.T("Say"))))
	for _, point := range n.Points {
		lines = append(lines, m.bullet(point))
	}
	ask := n.Ask
	if ask == "" {
		ask = s.Question.In(m.opts.Lang)
	}
	lines = append(lines, "", st.heading.Render(m.in(i18n.T("Ask the room"))), m.wrap(inline(ask, st), 2))
	lines = append(lines, "", st.heading.Render(m.in(i18n.T("t types in the shell")))+"  "+st.code.Render(n.Type))
	if i+1 < len(all) {
		next := all[i+1]
		lines = append(lines, "", st.dim.Render(m.wrap(m.in(i18n.T("Next: %d %s (%s)", i+2, next.Title.In(m.opts.Lang), clock(m.plan.steps[i+1]))), 0)))
	} else {
		lines = append(lines, "", st.dim.Render(m.wrap(m.in(i18n.T("The last step: then the recap, and questions.")), 0)))
	}
	return lines
}

// footer is the last line: how to quit, and which tour is followed.
func (m Model) footer() string {
	text := m.in(i18n.T("q quit"))
	if m.where != "" {
		text += " · " + m.in(i18n.T("following %s", m.where))
	}
	return m.styles.dim.Render(truncate(text, m.width))
}

// wrap wraps text to the screen's width, indented by indent.
func (m Model) wrap(text string, indent int) string {
	w := max(m.width-indent, 10)
	lines := strings.Split(lipgloss.NewStyle().Width(w).Render(text), "\n")
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		lines[i] = pad + strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// bullet is a talking point, its lines hanging under the bullet.
func (m Model) bullet(point string) string {
	lines := strings.Split(lipgloss.NewStyle().Width(max(m.width-2, 10)).Render(inline(point, m.styles)), "\n")
	for j := range lines {
		lead := "  "
		if j == 0 {
			lead = m.styles.bullet.Render("•") + " "
		}
		lines[j] = lead + strings.TrimRight(lines[j], " ")
	}
	return strings.Join(lines, "\n")
}

var (
	codeSpan = regexp.MustCompile("`([^`]+)`")
	strong   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

// inline renders the Markdown a talking point uses: code and strong.
func inline(md string, st styles) string {
	md = codeSpan.ReplaceAllStringFunc(md, func(s string) string { return st.code.Render(s[1 : len(s)-1]) })
	return strong.ReplaceAllStringFunc(md, func(s string) string { return st.strong.Render(s[2 : len(s)-2]) })
}

func truncate(s string, w int) string {
	r := []rune(s)
	if len(r) <= w {
		return s
	}
	if w < 1 {
		return ""
	}
	return string(r[:w-1]) + "…"
}

// styles is every style of the notes, made here only. Nothing relies on
// colour alone: the words say behind and ahead.
type styles struct {
	title, heading, dim, clock, good, bad, code, strong, bullet lipgloss.Style
}

func newStyles() styles {
	s := lipgloss.NewStyle
	return styles{
		title:   s().Bold(true).Foreground(lipgloss.Color("11")),
		heading: s().Bold(true).Foreground(lipgloss.Color("14")),
		dim:     s().Foreground(lipgloss.Color("245")),
		clock:   s().Bold(true),
		good:    s().Foreground(lipgloss.Color("10")),
		bad:     s().Bold(true).Foreground(lipgloss.Color("9")),
		code:    s().Foreground(lipgloss.Color("180")),
		strong:  s().Bold(true),
		bullet:  s().Foreground(lipgloss.Color("11")),
	}
}
