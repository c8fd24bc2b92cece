package ui

import (
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
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
