package ui

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// traceLines renders the syscall trace for a width: the step's own calls
// in the order they returned, then burk's bookkeeping of the container's
// cgroup, the same at every step. Each call says which side made it and
// what the kernel answered, wrapped under the call when it is long. A
// refused call is flagged ✗; a call the previous step did not make, +,
// and where it is a call the previous step made otherwise (clone3 with
// one flag more), what differs is highlighted.
func (p obsPanes) traceLines(w int) ([]string, marks) {
	var m marks
	var d lineDiff
	if p.prev != nil {
		d = diffLines(calls(p.obs), nil, calls(p.prev), nil)
	}
	changed := changedParts(p.obs, p.prev, d)
	sideW := max(lipgloss.Width(i18n.T("HOST").In(p.lang)), lipgloss.Width(i18n.T("CONTAINER").In(p.lang)))
	lines := make([]string, 0, len(p.obs.Trace)+1)
	render := func(i int, c steps.Call) {
		label, style := i18n.T("CONTAINER").In(p.lang), p.styles.TraceContainer
		if c.Host {
			label, style = i18n.T("HOST").In(p.lang), p.styles.TraceHost
		}
		lead := style.Render(label+strings.Repeat(" ", sideW-lipgloss.Width(label))) + " "
		gutter := p.gutter(d.isNew(i), c.Failed, "✗", p.styles.TraceFailed)
		m.add(marks{added: d.isNew(i), refused: c.Failed})
		for _, row := range wrapLine(c.Call+" = "+c.Result, w-3-sideW-1, "  ") {
			switch {
			case c.Failed:
				row = p.styles.TraceFailed.Render(row)
			case changed[i] != nil:
				row = highlight(row, changed[i], p.styles.Changed)
			}
			lines = append(lines, gutter+lead+row)
			gutter, lead = "   ", strings.Repeat(" ", sideW+1)
		}
	}
	var bookkeeping []int
	for i, c := range p.obs.Trace {
		if isBookkeeping(c) && !d.isNew(i) {
			bookkeeping = append(bookkeeping, i)
			continue
		}
		render(i, c)
	}
	if len(bookkeeping) > 0 {
		lines = append(lines, p.styles.Dim.Render("   "+i18n.T("and burk's cgroup for the container, at every step:").In(p.lang)))
		for _, i := range bookkeeping {
			render(i, p.obs.Trace[i])
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

// cgroupCall is a call on a cgroup's files: burk makes the container's
// cgroup before the clone, and removes it after.
var cgroupCall = regexp.MustCompile(`^(mkdir|rmdir|write)\("/sys/fs/cgroup/`)

// isBookkeeping says a call is burk's keeping of the container's cgroup,
// not what the step teaches. A step that writes limits into the cgroup
// makes calls the step before did not, and those stay where they are.
func isBookkeeping(c steps.Call) bool { return c.Host && cgroupCall.MatchString(c.Call) }

// callToken is a word of a call: a flag, a path, a number.
var callToken = regexp.MustCompile(`[A-Za-z0-9_./-]+`)

// changedParts pairs each call new since the previous step with a call of
// the same name the previous step made and this one does not, and returns,
// by call, the words it has that the other had not (by their shape: other
// numbers are another run, not news). A call with nothing to pair with is
// new as a whole, and has none.
func changedParts(o, prev *steps.Observation, d lineDiff) map[int]map[string]bool {
	out := map[int]map[string]bool{}
	if prev == nil {
		return out
	}
	used := map[int]bool{}
	for i, c := range o.Trace {
		if !d.isNew(i) {
			continue
		}
		for _, j := range d.gone {
			was := prev.Trace[j].Call
			if used[j] || callName(was) != callName(c.Call) {
				continue
			}
			used[j] = true
			had := map[string]bool{}
			for _, t := range callToken.FindAllString(was, -1) {
				had[sameShape(t)] = true
			}
			parts := map[string]bool{}
			for _, t := range callToken.FindAllString(c.Call, -1) {
				if !had[sameShape(t)] {
					parts[sameShape(t)] = true
				}
			}
			if len(parts) > 0 {
				out[i] = parts
			}
			break
		}
	}
	return out
}

// callName is the syscall's name: clone3, mount.
func callName(call string) string {
	name, _, _ := strings.Cut(call, "(")
	return name
}

// highlight renders the words of a row whose shape is in parts in style.
func highlight(row string, parts map[string]bool, style lipgloss.Style) string {
	return callToken.ReplaceAllStringFunc(row, func(t string) string {
		if parts[sameShape(t)] {
			return style.Render(t)
		}
		return t
	})
}
