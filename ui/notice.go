package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// The notice is what burk's start-up removed after a run that was killed
// (kill -9, a crash): its mounts, cgroups and processes. The learner should
// know, and stderr is hidden behind the tour's screen, so it is said on the
// first screen, above the panes, until the first key.

// noticeLines renders the notice for a width, in at most maxH lines.
func (m Model) noticeLines(w, maxH int) []string {
	if len(m.notice) == 0 || w <= 0 || maxH <= 0 {
		return nil
	}
	lines := []string{}
	for _, row := range wrapLine("! "+i18n.T("burk cleaned up after a run that was killed:").In(m.lang), w, "  ") {
		lines = append(lines, m.styles.Marked.Render(row))
	}
	for _, what := range m.notice {
		for _, row := range wrapLine("  "+what, w, "    ") {
			lines = append(lines, m.styles.Dim.Render(row))
		}
	}
	if len(lines) > maxH {
		left := len(lines) - (maxH - 1)
		lines = append(lines[:maxH-1], m.styles.Overflow.Render(i18n.T("↓ %d more", left).In(m.lang)))
	}
	return lines
}

func (m Model) noticeView(w, maxH int) string { return strings.Join(m.noticeLines(w, maxH), "\n") }

// breakNoteLines say, in a "break it" run, what breaking the step did on
// this machine, from what its claims saw: at mount-ns on a host whose / is
// private, nothing leaks, and the panes say so rather than only the
// lesson. At most two lines.
func (m Model) breakNoteLines(w int) []string {
	o := m.current()
	if m.variant != steps.BreakIt || o == nil || o.Err != nil || w <= 0 {
		return nil
	}
	var seen []string
	for _, c := range o.Claims {
		if !c.Seen.IsZero() {
			seen = append(seen, c.Seen.In(m.lang))
		}
	}
	if len(seen) == 0 {
		return nil
	}
	label := i18n.T("On this machine:").In(m.lang)
	rows := wrapLine(label+" "+strings.Join(seen, "; "), w, "  ")
	if len(rows) > 2 {
		rows = rows[:2]
		rows[1] = ansi.Truncate(rows[1]+" …", w, "…")
	}
	rows[0] = m.styles.Marked.Render(label) + m.styles.Text.Render(rows[0][len(label):])
	for i := 1; i < len(rows); i++ {
		rows[i] = m.styles.Text.Render(rows[i])
	}
	return rows
}
