package cli

// burk build, the watch mode: the stages as a list in the tour's look, the
// chosen stage's task and its checks with what was seen, checked again on
// every save (after a short quiet) or on r.

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/burk-tui/burk/build"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/ui"
)

// saveQuiet is how long the files must stay unchanged after a save before
// the stage is checked: an editor writes a file in several steps.
const saveQuiet = 300 * time.Millisecond

type (
	checkedMsg  struct{ res build.Result }
	changedMsg  struct{}
	debounceMsg struct{ gen int }
)

type watchModel struct {
	st      ui.Styles
	lang    i18n.Lang
	stages  []*build.Stage
	sel     int
	results map[string]build.Result
	passed  map[string]bool
	// checking is set while a check runs; again when a save or r came
	// meanwhile, for one more check after it.
	checking, again bool
	gen             int // the last change's number, for the debounce
	width, height   int
	check           func(*build.Stage) build.Result
	changes         <-chan struct{}
}

func newWatchModel(lang i18n.Lang, passed map[string]bool, check func(*build.Stage) build.Result, changes <-chan struct{}) watchModel {
	m := watchModel{st: ui.NewStyles(""), lang: lang, stages: build.Stages(), results: map[string]build.Result{},
		passed: passed, check: check, changes: changes, width: 100, height: 30}
	for m.sel < len(m.stages)-1 && passed[m.stages[m.sel].ID] {
		m.sel++
	}
	return m
}

func (m watchModel) Init() tea.Cmd { return tea.Batch(m.waitChange(), m.startCheck()) }

func (m watchModel) waitChange() tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-m.changes; !ok {
			return nil
		}
		return changedMsg{}
	}
}

// startCheck checks the chosen stage in the background.
func (m *watchModel) startCheck() tea.Cmd {
	if m.checking {
		m.again = true
		return nil
	}
	m.checking = true
	st, check := m.stages[m.sel], m.check
	return func() tea.Msg { return checkedMsg{check(st)} }
}

func (m watchModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "q", "ctrl+c", "esc":
			return m, tea.Quit
		case "r":
			return m, m.startCheck()
		case "up", "k":
			if m.sel > 0 && !m.checking {
				m.sel--
			}
		case "down", "j":
			if m.sel < len(m.stages)-1 && !m.checking {
				m.sel++
			}
		}
	case changedMsg:
		m.gen++
		gen := m.gen
		return m, tea.Batch(m.waitChange(), tea.Tick(saveQuiet, func(time.Time) tea.Msg { return debounceMsg{gen} }))
	case debounceMsg:
		if msg.gen == m.gen {
			return m, m.startCheck()
		}
	case checkedMsg:
		m.checking = false
		id := msg.res.Stage.ID
		m.results[id] = msg.res
		if msg.res.Passed() {
			m.passed[id] = true
			// On to the next stage, checked at once: a learner may have
			// written more than one.
			if m.stages[m.sel].ID == id && m.sel < len(m.stages)-1 {
				m.sel++
				return m, m.startCheck()
			}
		}
		if m.again {
			m.again = false
			return m, m.startCheck()
		}
	}
	return m, nil
}

func (m watchModel) View() string {
	var list []string
	for i, st := range m.stages {
		mark, style := "○", m.st.StepTodo
		if r, ok := m.results[st.ID]; ok && r.NeedsRoot {
			mark = "○"
		} else if ok && !r.Passed() {
			mark, style = "✗", m.st.StepFailed
		} else if m.passed[st.ID] {
			mark, style = "✓", m.st.StepSeen
		}
		line := fmt.Sprintf("%s %2d %s", mark, st.N, st.ID)
		if i == m.sel {
			line, style = "▸"+line, m.st.StepCurrent
		} else {
			line = " " + line
		}
		list = append(list, style.Render(line))
	}
	left := lipgloss.JoinVertical(lipgloss.Left, list...)
	width := max(m.width-lipgloss.Width(left)-4, 30)
	right := m.stageView(width)
	status := i18n.T("r check again · ↑↓ choose a stage · q quit · a save checks the stage again").In(m.lang)
	if m.checking {
		status = i18n.T("checking stage %d…", m.stages[m.sel].N).In(m.lang)
	}
	title := m.st.Title.Render(i18n.T("burk build: your runtime, stage by stage").In(m.lang))
	body := lipgloss.JoinHorizontal(lipgloss.Top, left, "   ", right)
	return lipgloss.JoinVertical(lipgloss.Left, title, "", body, "", m.st.Status.Render(status))
}

// stageView is the chosen stage: its task, and its checks as last seen.
func (m watchModel) stageView(width int) string {
	st := m.stages[m.sel]
	wrap := lipgloss.NewStyle().Width(width)
	out := []string{m.st.Title.Render(fmt.Sprintf("%d %s — %s", st.N, st.ID, st.Step.Title.In(m.lang))),
		wrap.Render(m.st.Text.Render(st.Task(m.lang))), "", m.st.ClaimsTitle.Render(i18n.T("burk checks:").In(m.lang))}
	r, ok := m.results[st.ID]
	switch {
	case !ok:
		for _, c := range st.Checks(m.lang) {
			out = append(out, wrap.Render("○ "+c))
		}
	case r.NeedsRoot:
		out = append(out, wrap.Render(m.st.Dim.Render("○ "+needsRootLine(r, m.lang))))
	case r.Err != nil:
		out = append(out, wrap.Render(m.st.Error.Render("✗ "+build.Say(r.Err, m.lang))))
	default:
		for _, c := range r.Claims {
			mark, _ := claimStatus(c)
			style := m.st.ClaimHeld
			if !c.Held {
				style = m.st.ClaimFailed
			}
			out = append(out, wrap.Render(style.Render(mark+" "+c.Text.In(m.lang))))
			if !c.Held {
				out = append(out, wrap.Render(m.st.Seen.Render("    "+c.Seen.In(m.lang))))
			}
		}
	}
	if ok {
		for _, l := range r.Left {
			out = append(out, wrap.Render(m.st.Dim.Render("! "+l.In(m.lang))))
		}
		out = append(out, m.st.Dim.Render(strings.TrimSpace(i18n.T("(%.2f s)", r.Seconds).In(m.lang))))
	}
	return lipgloss.JoinVertical(lipgloss.Left, out...)
}
