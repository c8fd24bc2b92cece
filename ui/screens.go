package ui

import (
	"fmt"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// The tour's beginning and end: a welcome on a learner's first run, and
// after the last step what the class built.

// welcomeView is the first screen of a first run: what burk does, what
// the panes are, the keys to know, and that it is safe.
func (m Model) welcomeView() string {
	st, w := m.styles, min(m.width, 76)
	para := func(msg i18n.Msg) string { return st.Text.Width(w).Render(msg.In(m.lang)) }
	k := m.keys
	keyLine := func(b string, what i18n.Msg) string {
		return "  " + st.Help.FullKey.Render(fmt.Sprintf("%-5s", b)) + " " + what.In(m.lang)
	}
	return strings.Join([]string{
		st.Title.Render(i18n.T("Welcome to burk").In(m.lang)),
		"",
		para(i18n.T("burk builds a Linux container step by step, %d steps from a plain process to what a real runtime does. At every step it starts a real container on this machine.", len(steps.All()))),
		"",
		para(i18n.T("On the left, the step's lesson. On the right, HOST and CONTAINER: the same thing seen from both sides, and in the syscalls tab the calls that made the difference. Under them, the step's claims, checked against what this kernel did.")),
		"",
		keyLine(k.Next.Help().Key, i18n.T("the next step")),
		keyLine(k.NextView.Help().Key, i18n.T("the next view: ps, mounts, namespaces, syscalls…")),
		keyLine(k.Help.Help().Key, i18n.T("every key")),
		"",
		para(i18n.T("It is safe: each container is closed after its step, and burk leaves nothing behind on this machine. q quits; the tour remembers where you were.")),
		"",
		st.Dim.Render(i18n.T("Press any key to begin.").In(m.lang)),
	}, "\n")
}

// endView is the screen after the last step: what the class built, step
// by step, with its claims, and where to go next.
func (m Model) endView() string {
	st := m.styles
	lines := []string{st.Title.Render(i18n.T("The end: you built a container").In(m.lang)), ""}
	for i, s := range steps.All() {
		mark, style := "·", st.StepTodo
		claims := ""
		if o := m.obs[obsKey{s.ID, steps.Itself}]; o != nil && o.Err == nil {
			held := 0
			for _, c := range o.Claims {
				if c.Held {
					held++
				}
			}
			claims = i18n.T("%d/%d held", held, len(o.Claims)).In(m.lang)
			mark, style = "✓", st.StepSeen
			if held < len(o.Claims) {
				mark, style = "✗", st.StepFailed
			}
		} else if m.progress.seen(s.ID) {
			mark, style = "✓", st.StepSeen
			if m.progress.failed(s.ID) {
				mark, style = "✗", st.StepFailed
			}
		}
		line := fmt.Sprintf("%s %2d  %-11s %s", mark, i+1, s.ID, s.Summary.In(m.lang))
		if claims != "" {
			line += "  " + st.Dim.Render("("+claims+")")
		}
		lines = append(lines, style.Render(line))
	}
	lines = append(lines, "",
		st.Title.Render(i18n.T("Where to go next").In(m.lang)),
		"  "+i18n.T("sudo burk run -- sh: a shell in the container you built, every step applied").In(m.lang),
		"  "+i18n.T("burk tour --plain: the whole tour as text, for notes or a handout").In(m.lang),
		"  "+i18n.T("runc and crun do the same as the last step, from an OCI bundle's config.json").In(m.lang),
		"",
		st.Dim.Render(i18n.T("← back to the last step · q quit").In(m.lang)))
	return strings.Join(lines, "\n")
}
