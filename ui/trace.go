package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/sandbox"
)

// traceLines renders the syscall trace for a width, in the order the calls
// returned: which side made the call, the call, and what the kernel
// answered. A refused call is flagged ✗; a call the previous step did not
// make, +.
func (p obsPanes) traceLines(w int) []string {
	var d lineDiff
	if p.prev != nil {
		d = diffLines(calls(p.obs), calls(p.prev))
	}
	sideW := max(lipgloss.Width(p.t.Host), lipgloss.Width(p.t.Container))
	lines := make([]string, 0, len(p.obs.Trace))
	for i, ev := range p.obs.Trace {
		label, style := p.t.Container, p.styles.TraceContainer
		if ev.Side == sandbox.HostSide {
			label, style = p.t.Host, p.styles.TraceHost
		}
		side := style.Render(label + strings.Repeat(" ", sideW-lipgloss.Width(label)))
		call := ev.Call + " = " + ev.Result
		if ev.Failed() {
			call = p.styles.TraceFailed.Render(call)
		}
		gutter := p.gutter(d.isNew(i), ev.Failed(), "✗", p.styles.TraceFailed)
		lines = append(lines, gutter+ansi.Truncate(side+" "+call, w-3, "…"))
	}
	if len(lines) == 0 {
		lines = append(lines, p.styles.Dim.Render("–"))
	}
	return append(lines, p.goneLines(d.gone, w)...)
}
