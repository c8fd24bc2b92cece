package ui

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/steps"
)

const stepListWidth = 24

// View renders the whole screen.
func (m Model) View() string {
	if m.width == 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		msg := fmt.Sprintf(m.t["toosmall"], minWidth, minHeight, m.width, m.height)
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
			lipgloss.NewStyle().Width(min(m.width, 50)).Render(msg))
	}
	header := m.headerView()
	footer := m.footerView()
	bodyH := m.height - lipgloss.Height(header) - lipgloss.Height(footer)
	var body string
	switch {
	case m.showHelp:
		body = m.fullHelpView(bodyH)
	case m.picking:
		body = m.pickerView(bodyH)
	default:
		body = m.bodyView(bodyH)
	}
	return lipgloss.JoinVertical(lipgloss.Left, header, fit(body, m.width, bodyH), footer)
}

// wide is the projector layout: step list, lesson and panes side by side.
func (m Model) wide() bool { return m.width >= 120 }

// lessonOnly is the narrow layout with the lesson toggled on: it takes the
// place of the panes.
func (m Model) lessonOnly() bool { return !m.wide() && m.narrowLesson }

func (m Model) headerView() string {
	s := m.step()
	title := fmt.Sprintf("burk  %d/%d  %s", m.cur+1, len(steps.All()), s.Title.In(m.lang))
	if m.variant == "break" && s.Break != nil {
		title += " — " + m.t["breaking"] + ": " + s.Break.Title.In(m.lang)
	}
	left := m.styles.Title.Render(title) + m.styles.Dim.Render("  "+s.Summary.In(m.lang))
	right := m.status
	if m.running {
		right = m.spinner.View() + " " + m.t["running"]
	} else if o := m.obs[s.ID]; o != nil && right == "" {
		right = fmt.Sprintf("%v", o.Duration.Round(1e6))
	}
	right = m.styles.Status.Render(right)
	gap := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return ansi.Truncate(left, m.width, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

func (m Model) footerView() string {
	return ansi.Truncate(m.help.ShortHelpView(m.keys.ShortHelp()), m.width, "…")
}

func (m Model) fullHelpView(h int) string {
	hm := m.help
	hm.ShowAll = true
	return hm.FullHelpView(m.keys.FullHelp())
}

func (m Model) pickerView(h int) string {
	lines := []string{m.styles.Title.Render(m.t["pickertitle"]), ""}
	for i, s := range steps.All() {
		line := fmt.Sprintf("%2d  %-11s %s", i+1, s.ID, s.Title.In(m.lang))
		if i == m.pick {
			line = m.styles.StepCurrent.Render("▸ " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func (m Model) bodyView(h int) string {
	var cols []string
	w := m.width
	if m.width >= 150 && !m.opts.Presenter {
		cols = append(cols, fit(m.stepListView(), stepListWidth, h))
		w -= stepListWidth + 1
	}
	if m.showLesson && m.wide() {
		lw := w / 3
		if m.width >= 150 {
			lw = w * 2 / 5
		}
		cols = append(cols, fit(m.lessonView(lw-1, h), lw, h))
		w -= lw + 1
	}
	if m.lessonOnly() {
		cols = append(cols, fit(m.lessonView(w, h), w, h))
	} else {
		cols = append(cols, m.observationView(w, h))
	}
	return joinColumns(cols)
}

func (m Model) stepListView() string {
	var lines []string
	for i, s := range steps.All() {
		mark, style := " ", m.styles.StepTodo
		switch {
		case m.progress.failed(s.ID):
			mark, style = "✗", m.styles.StepFailed
		case m.progress.seen(s.ID):
			mark, style = "✓", m.styles.StepSeen
		}
		line := fmt.Sprintf("%s %2d %s", mark, i+1, s.Title.In(m.lang))
		if i == m.cur {
			line = "▸" + line[len(mark):]
			style = m.styles.StepCurrent
		}
		lines = append(lines, style.Render(ansi.Truncate(line, stepListWidth, "…")))
	}
	return strings.Join(lines, "\n")
}

func (m Model) lessonView(w, h int) string {
	s := m.step()
	cacheKey := fmt.Sprintf("%s/%s/%d", s.ID, m.lang, w)
	text, ok := m.lessonCache[cacheKey]
	if !ok {
		md, err := m.opts.Lesson(s.ID, string(m.lang))
		if err != nil {
			md = err.Error()
		}
		text = renderMarkdown(md, w, m.styles)
		m.lessonCache[cacheKey] = text // the map is shared by copies of the model
	}
	lines := strings.Split(text, "\n")
	start := min(m.lessonScroll, max(len(lines)-h, 0))
	return strings.Join(lines[start:], "\n")
}

// tabCount is the number of tabs: the step's views and the syscall trace.
func (m Model) tabCount() int {
	if o := m.obs[m.step().ID]; o != nil && len(o.Views) > 0 {
		return len(o.Views) + 1
	}
	return len(m.step().Probes) + 1
}

func (m Model) observationView(w, h int) string {
	s := m.step()
	o := m.obs[s.ID]
	if o == nil {
		return m.styles.Dim.Render(m.spinner.View() + " " + m.t["running"])
	}
	if o.Err != nil {
		msg := m.styles.Error.Render(m.t["failed"]+":") + " " + o.Err.Error() + "\n\n" +
			m.styles.Title.Render(m.t["hint"]+":") + " " + o.Hint.In(m.lang)
		return lipgloss.NewStyle().Width(w).Render(msg)
	}
	tabs := m.tabsView(o, w)
	claims := m.claimsView(o, w)
	paneH := h - lipgloss.Height(tabs) - lipgloss.Height(claims)
	var panes string
	if m.tab >= len(o.Views) {
		panes = m.traceView(o, w, paneH)
	} else {
		v := o.Views[m.tab]
		prev := m.previousView(v.ID)
		hw := w / 2
		host := m.paneView(m.styles.HostLabel.Render(m.t["host"]), v.Host, prevPane(prev, true), hw, paneH)
		cont := m.paneView(m.styles.ContainerLabel.Render(m.t["container"]), v.Container, prevPane(prev, false), w-hw, paneH)
		panes = lipgloss.JoinHorizontal(lipgloss.Top, host, cont)
	}
	return lipgloss.JoinVertical(lipgloss.Left, tabs, panes, claims)
}

func (m Model) tabsView(o *steps.Observation, w int) string {
	var parts []string
	for i, v := range o.Views {
		style := m.styles.Tab
		if i == m.tab {
			style = m.styles.TabActive
		}
		parts = append(parts, style.Render(v.Title.In(m.lang)))
	}
	style := m.styles.Tab
	if m.tab >= len(o.Views) {
		style = m.styles.TabActive
	}
	parts = append(parts, style.Render(m.t["syscalls"]))
	return ansi.Truncate(strings.Join(parts, ""), w, "…")
}

// previousView is the same view at the previous step, to show what changed.
func (m Model) previousView(id string) *steps.View {
	if m.cur == 0 {
		return nil
	}
	if o := m.obs[steps.All()[m.cur-1].ID]; o != nil {
		return o.View(id)
	}
	return nil
}

func prevPane(v *steps.View, host bool) *steps.Pane {
	if v == nil {
		return nil
	}
	if host {
		return &v.Host
	}
	return &v.Container
}

var digits = regexp.MustCompile(`[0-9]+`)

// sameShape is a line as compared with the previous step's: a PID that
// changed, or ps widening its columns for it, is not news.
func sameShape(line string) string {
	return strings.Join(strings.Fields(digits.ReplaceAllString(line, "#")), " ")
}

// paneView renders one side: its label and source, then its lines, with
// the marked ones bold and the ones new since the previous step flagged.
func (m Model) paneView(label string, p steps.Pane, prev *steps.Pane, w, h int) string {
	inner := max(w-4, 10)
	lines := []string{ansi.Truncate(label+" "+m.styles.Source.Render(p.Source), inner, "…")}
	old := map[string]bool{}
	if prev != nil {
		for _, l := range prev.Lines {
			old[sameShape(l)] = true
		}
	}
	body := p.Lines
	if p.Err != "" {
		body = append(append([]string{}, body...), "! "+p.Err)
	}
	start := min(m.scroll, max(len(body)-(h-3), 0))
	for i := start; i < len(body); i++ {
		l := strings.ReplaceAll(body[i], "\t", " ")
		gutter := "  "
		if prev != nil && !old[sameShape(l)] {
			gutter = m.styles.Changed.Render("+ ")
		}
		text := ansi.Truncate(l, inner-2, "…")
		switch {
		case i >= len(p.Lines):
			text = m.styles.Error.Render(text)
		case contains(p.Marked, i):
			text = m.styles.Marked.Render(text)
		}
		lines = append(lines, gutter+text)
	}
	content := fit(strings.Join(lines, "\n"), inner, max(h-2, 1))
	return m.styles.Pane.Width(w - 2).Render(content)
}

func (m Model) traceView(o *steps.Observation, w, h int) string {
	inner := max(w-4, 10)
	var lines []string
	for _, ev := range o.Trace {
		side := m.styles.TraceHost.Render(fmt.Sprintf("%-9s", m.t[string(ev.Side)]))
		if ev.Side != "host" {
			side = m.styles.TraceContainer.Render(fmt.Sprintf("%-9s", m.t["container"]))
		}
		call := ev.Call + " = " + ev.Result
		if ev.Failed() {
			call = m.styles.TraceFailed.Render(call)
		}
		lines = append(lines, ansi.Truncate(side+" "+call, inner, "…"))
	}
	start := min(m.scroll, max(len(lines)-(h-2), 0))
	content := fit(strings.Join(lines[start:], "\n"), inner, max(h-2, 1))
	return m.styles.Pane.Width(w - 2).Render(content)
}

func (m Model) claimsView(o *steps.Observation, w int) string {
	lines := []string{m.styles.Title.Render(m.t["claims"])}
	for _, c := range o.Claims {
		line := m.styles.ClaimHeld.Render("✓ " + c.Text.In(m.lang))
		if !c.Held {
			line = m.styles.ClaimFailed.Render("✗ "+c.Text.In(m.lang)) + m.styles.Seen.Render("  "+m.t["seen"]+": "+c.Seen)
		}
		lines = append(lines, ansi.Truncate(line, w, "…"))
	}
	return strings.Join(lines, "\n")
}

// fit pads or cuts a block to exactly w×h cells.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		l = ansi.Truncate(l, w, "")
		if pad := w - ansi.StringWidth(l); pad > 0 {
			l += strings.Repeat(" ", pad)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

func joinColumns(cols []string) string {
	var parts []string
	for i, c := range cols {
		if i > 0 {
			parts = append(parts, " ")
		}
		parts = append(parts, c)
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, parts...)
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (p progress) seen(id string) bool   { return containsStr(p.Seen, id) }
func (p progress) failed(id string) bool { return containsStr(p.Failed, id) }

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
