package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// The recap: after the end screen, what is isolated now and what is still
// shared with the host, each checked on a container at full isolation
// that the tour starts for it, and the misconceptions that clears up.

// recapObs is the recap's run, when it has come back.
func (m Model) recapObs() *steps.Observation {
	return m.obs[obsKey{steps.RecapID, steps.Itself}]
}

// openRecap shows the recap, and runs it when the tour has not yet.
func (m Model) openRecap() (Model, tea.Cmd) {
	m.screen = recapScreen{}
	m.recapPage.Top()
	m.refresh()
	if m.recapObs() != nil {
		return m, nil
	}
	m.seq++
	m.running = true
	cmds := []tea.Cmd{m.runCmd(steps.Recap(), steps.Itself, false)}
	if !m.ticking {
		m.ticking = true
		cmds = append(cmds, m.spinner.Tick)
	}
	return m, tea.Batch(cmds...)
}

// recapText is the recap's page at width w.
func (m Model) recapText(w int) string {
	st := m.styles
	para := func(indent, text string) []string { return wrapLine(indent+text, w, indent) }
	dim := func(indent, text string) string { return st.Dim.Render(strings.Join(para(indent, text), "\n")) }
	lines := []string{st.Title.Render(i18n.T("Recap: what is isolated, and what is not").In(m.lang)), ""}
	lines = append(lines, para("", i18n.T("burk started one more container, with every step applied (as at step %d), and checked each line below against it and the host, now.", len(steps.All())).In(m.lang))...)
	lines = append(lines, "")
	obs := m.recapObs()
	switch {
	case obs == nil:
		return strings.Join(append(lines, m.spinner.View()+" "+st.Dim.Render(i18n.T("checking a container at full isolation…").In(m.lang))), "\n")
	case obs.Err != nil:
		lines = append(lines, st.Error.Render(strings.Join(para("", i18n.T("The recap could not run: %s", i18n.Raw(obs.Err.Error())).In(m.lang)), "\n")))
		return strings.Join(append(lines, dim("", obs.Hint.In(m.lang))), "\n")
	}
	claim := func(c steps.ClaimResult) {
		mark, style := "✓", st.StepSeen
		switch {
		case c.Skipped:
			mark, style = "○", st.Dim
		case !c.Held:
			mark, style = "✗", st.Error
		}
		first := para("  ", c.Text.In(m.lang))
		first[0] = style.Render(mark) + first[0][1:]
		lines = append(lines, first...)
		lines = append(lines, dim("    ", c.Seen.In(m.lang)))
	}
	isolated, shared := steps.RecapClaims(obs)
	lines = append(lines, st.Title.Render(i18n.T("Isolated now").In(m.lang)))
	for _, c := range isolated {
		claim(c)
	}
	lines = append(lines, "", st.Title.Render(i18n.T("Still shared with the host").In(m.lang)))
	for _, c := range shared {
		claim(c)
	}
	lines = append(lines, "", st.Title.Render(i18n.T("What this clears up").In(m.lang)))
	for _, mc := range steps.Misconceptions {
		lines = append(lines, para("  ", i18n.T("Misconception: %s", mc.Belief).In(m.lang))...)
		instead := "→ " + mc.Instead.In(m.lang)
		if c := mc.ShownBy(obs); c != nil {
			switch {
			case c.Skipped:
				instead += " " + i18n.T("(not shown on this machine: %s)", c.Seen).In(m.lang)
			case !c.Held:
				instead += " " + i18n.T("(this machine did not show it: see above)").In(m.lang)
			default:
				instead += " " + i18n.T("(✓ shown above)").In(m.lang)
			}
		}
		lines = append(lines, dim("    ", instead))
	}
	lines = append(lines, "", st.Dim.Render(i18n.T("← back to the end · ↑/↓ scroll · q quit").In(m.lang)))
	return strings.Join(lines, "\n")
}
