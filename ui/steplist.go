package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// stepListWidth is the step list's column on a wide screen.
const stepListWidth = 24

// stepList is the tour's steps and the learner's progress through them:
// the column at the left of a wide screen, the strip in the header of a
// narrower one, and the step picker.
type stepList struct {
	styles        *Styles
	keys          KeyMap
	lang          i18n.Lang
	width, height int
	cur           int
	progress      progress
	pick          int // the picker's cursor
	typed         int // the digit typed last, which a second may follow
}

// pickedMsg is the picker's answer: go to this step.
type pickedMsg struct{ index int }

func newStepList(st *Styles) stepList { return stepList{styles: st} }

func (l *stepList) SetSize(w, h int) { l.width, l.height = w, h }

func (l *stepList) SetLang(lang i18n.Lang, keys KeyMap) {
	l.lang, l.keys = lang, keys
}

// SetCurrent says where the learner is and what they have seen.
func (l *stepList) SetCurrent(cur int, p progress) { l.cur, l.progress = cur, p }

// Open starts picking, from the current step.
func (l stepList) Open() stepList {
	l.pick, l.typed = l.cur, 0
	return l
}

// Pick moves the picker's cursor; enter answers with a pickedMsg. closed
// says the picker is done: picked, or given up with esc.
func (l stepList) Pick(k tea.KeyMsg) (next stepList, cmd tea.Cmd, closed bool) {
	switch {
	case key.Matches(k, l.keys.Up):
		l.pick, l.typed = max(l.pick-1, 0), 0
	case key.Matches(k, l.keys.Down):
		l.pick, l.typed = min(l.pick+1, len(steps.All())-1), 0
	case key.Matches(k, l.keys.Jump):
		// Digits move the cursor to the step they number; a second digit
		// makes a number of two where the tour has one (1, 2: step 12).
		d, n := int(k.Runes[0]-'0'), len(steps.All())
		if two := l.typed*10 + d; l.typed > 0 && two <= n {
			l.pick, l.typed = two-1, 0
		} else if d >= 1 && d <= n {
			l.pick, l.typed = d-1, d
		}
	case key.Matches(k, l.keys.Select):
		pick := l.pick
		return l, func() tea.Msg { return pickedMsg{index: pick} }, true
	case key.Matches(k, l.keys.Cancel):
		return l, nil, true
	}
	return l, nil, false
}

// mark is a step's progress as a character and a style: the character
// says it without colour.
func (l stepList) mark(i int) (string, lipgloss.Style) {
	id := steps.All()[i].ID
	switch {
	case i == l.cur:
		return "▸", l.styles.StepCurrent
	case l.progress.failed(id):
		return "✗", l.styles.StepFailed
	case l.progress.seen(id):
		return "✓", l.styles.StepSeen
	}
	return " ", l.styles.StepTodo
}

// View is the column: every step, numbered, with its mark.
func (l stepList) View() string {
	all := steps.All()
	lines := make([]string, 0, len(all))
	for i, s := range all {
		mark, style := l.mark(i)
		line := fmt.Sprintf("%s %2d %s", mark, i+1, s.Title.In(l.lang))
		if ex := l.progress.exerciseMark(s); ex != "" {
			line += " " + ex
		}
		lines = append(lines, style.Render(ansi.Truncate(line, l.width, "…")))
	}
	// A short screen keeps the current step in sight.
	if len(lines) > l.height && l.height > 0 {
		start := min(max(l.cur-l.height/2, 0), len(lines)-l.height)
		lines = lines[start : start+l.height]
	}
	return strings.Join(lines, "\n")
}

// Strip is the list in one line, for the header when there is no column.
func (l stepList) Strip() string {
	var b strings.Builder
	for i := range steps.All() {
		mark, style := l.mark(i)
		if mark == " " {
			mark = "·"
		}
		b.WriteString(style.Render(mark))
	}
	return b.String()
}

// PickerView is the picker, the whole width wide: every step with its
// summary, and the cursor.
func (l stepList) PickerView(width int) string {
	lines := []string{l.styles.Title.Render(i18n.T("Go to step").In(l.lang)), ""}
	for i, s := range steps.All() {
		mark, style := l.mark(i)
		if mark == "▸" {
			mark = " "
		}
		cursor := "  "
		if i == l.pick {
			cursor = "▶ "
			style = l.styles.StepCurrent
		}
		line := fmt.Sprintf("%s%s %2d  %-11s %s — %s", cursor, mark, i+1, s.ID, s.Title.In(l.lang), s.Summary.In(l.lang))
		if ex := l.progress.exerciseMark(s); ex != "" {
			line = fmt.Sprintf("%s%s %2d  %-11s %s %s — %s", cursor, mark, i+1, s.ID, ex, s.Title.In(l.lang), s.Summary.In(l.lang))
		}
		lines = append(lines, style.Render(ansi.Truncate(line, width, "…")))
	}
	h := help.New()
	h.Styles = l.styles.Help
	lines = append(lines, "", ansi.Truncate(h.ShortHelpView(l.keys.PickerHelp()), width, "…"))
	return strings.Join(lines, "\n")
}
