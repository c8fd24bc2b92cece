package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/burk-tui/burk/internal/i18n"
)

// traceLines renders the syscall trace for a width, in the order the calls
// returned: which side made the call, the call, and what the kernel
// answered, wrapped under the call when it is long. A refused call is
// flagged ✗; a call the previous step did not make, +.
func (p obsPanes) traceLines(w int) ([]string, marks) {
	var m marks
	var d lineDiff
	if p.prev != nil {
		d = diffLines(calls(p.obs), nil, calls(p.prev), nil)
	}
	sideW := max(lipgloss.Width(i18n.T("HOST").In(p.lang)), lipgloss.Width(i18n.T("CONTAINER").In(p.lang)))
	lines := make([]string, 0, len(p.obs.Trace))
	for i, c := range p.obs.Trace {
		label, style := i18n.T("CONTAINER").In(p.lang), p.styles.TraceContainer
		if c.Host {
			label, style = i18n.T("HOST").In(p.lang), p.styles.TraceHost
		}
		lead := style.Render(label+strings.Repeat(" ", sideW-lipgloss.Width(label))) + " "
		gutter := p.gutter(d.isNew(i), c.Failed, "✗", p.styles.TraceFailed)
		m.add(marks{added: d.isNew(i), refused: c.Failed})
		for _, row := range wrapLine(c.Call+" = "+c.Result, w-3-sideW-1, "  ") {
			if c.Failed {
				row = p.styles.TraceFailed.Render(row)
			}
			lines = append(lines, gutter+lead+row)
			gutter, lead = "   ", strings.Repeat(" ", sideW+1)
		}
	}
	if len(lines) == 0 {
		lines = append(lines, p.styles.Dim.Render("–"))
	}
	var gone []string
	for _, j := range d.gone {
		gone = append(gone, p.prev.Trace[j].Call)
	}
	m.gone = len(gone) > 0
	return append(lines, p.goneLines(gone, w)...), m
}
