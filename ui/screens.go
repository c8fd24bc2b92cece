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
	title := st.Title.Render(i18n.T("The end: you built a container").In(m.lang))
	var built []string
	for i, s := range steps.All() {
		mark, style := "·", st.StepTodo
		claims := ""
		if o := m.obs[obsKey{s.ID, steps.Itself}]; o != nil && o.Err == nil {
			held, skipped := claimCounts(o.Claims)
			claims = i18n.T("%d/%d held", held, len(o.Claims)).In(m.lang)
			if skipped > 0 {
				claims = i18n.T("%d/%d held, %d skipped", held, len(o.Claims), skipped).In(m.lang)
			}
			mark, style = "✓", st.StepSeen
			if held+skipped < len(o.Claims) {
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
		built = append(built, style.Render(line))
	}
	next := []string{
		st.Title.Render(i18n.T("Where to go next").In(m.lang)),
		"  " + i18n.T("→ the recap: what is isolated now, and what is still shared, checked live").In(m.lang),
		"  " + i18n.T("sudo burk run -- sh: a shell in the container you built, every step applied").In(m.lang),
		"  " + i18n.T("burk build: write the runtime yourself, stage by stage (docs/build.md)").In(m.lang),
		"  " + i18n.T("burk tour --plain: the whole tour as text, for notes or a handout").In(m.lang),
		"  " + i18n.T("runc and crun do the same as the last step, from an OCI bundle's config.json").In(m.lang),
	}
	back := st.Dim.Render(i18n.T("← back to the last step · q quit").In(m.lang))
	// It fits the screen, the way back last: first the blank lines go,
	// then where to go next, from its end. Every step stays.
	assemble := func(blanks int, next []string) []string {
		out := []string{title}
		if blanks >= 3 {
			out = append(out, "")
		}
		out = append(out, built...)
		if len(next) > 0 {
			if blanks >= 2 {
				out = append(out, "")
			}
			out = append(out, next...)
		}
		if blanks >= 1 {
			out = append(out, "")
		}
		return append(out, back)
	}
	blanks := 3
	lines := assemble(blanks, next)
	for len(lines) > m.layout().bodyH {
		switch {
		case blanks > 0:
			blanks--
		case len(next) > 3:
			next = next[:len(next)-1]
		case len(next) > 0:
			next = nil // a heading with nothing under it
		default:
			return strings.Join(lines, "\n")
		}
		lines = assemble(blanks, next)
	}
	return strings.Join(lines, "\n")
}

// hostChangesView is the screen after a shell that changed the host
// through what its step still shares with it: what the container did, and
// what burk put back — or, where it cannot safely, the command that does.
func (m Model) hostChangesView(shell afterShellScreen) string {
	st, w := m.styles, min(m.width, 100)
	at := shell.at
	s := steps.All()[at]
	para := func(indent string, text string) []string { return wrapLine(indent+text, w, indent) }
	var lines []string
	if len(shell.exercises) > 0 {
		// The exercise first: it is what the learner went in to do.
		lines = append(lines, st.Title.Render(i18n.T("Your exercise at step %d (%s)", at+1, s.ID).In(m.lang)), "")
		for _, o := range shell.exercises {
			mark, style := "✓", st.StepSeen
			said := func(seen string) i18n.Msg { return i18n.T("seen: %s", i18n.Raw(seen)) }
			switch {
			case o.Skipped:
				// The rootfs cannot do the task: neither passed nor failed.
				mark, style = "○", st.Dim
			case o.NotDone:
				// Only looked around: nothing failed.
				mark, style = "·", st.Dim
				said = func(seen string) i18n.Msg { return i18n.T("not done yet; seen: %s", i18n.Raw(seen)) }
			case !o.Held:
				mark, style = "✗", st.Error
				said = func(seen string) i18n.Msg { return i18n.T("tried, and this is what was seen: %s", i18n.Raw(seen)) }
			}
			task := i18n.Raw(o.ExerciseID)
			if ex, err := s.ExerciseByID(o.ExerciseID); err == nil {
				task = ex.Task
			}
			first := para("  ", task.In(m.lang))
			first[0] = style.Render(mark) + first[0][1:]
			lines = append(lines, first...)
			seen := o.Seen[m.lang]
			if seen == "" {
				seen = o.Seen[i18n.English]
			}
			lines = append(lines, st.Dim.Render(strings.Join(para("    ", said(seen).In(m.lang)), "\n")))
		}
		lines = append(lines, "")
	}
	if len(shell.changes) > 0 {
		lines = append(lines, st.Title.Render(i18n.T("What your shell did to the host").In(m.lang)), "")
		lines = append(lines, para("", i18n.T("At step %d (%s) the container still shares these with the host, so what you did in there, you did to the host:", at+1, s.ID).In(m.lang))...)
		lines = append(lines, "")
	}
	for _, c := range shell.changes {
		mark, style := "✓", st.StepSeen
		if !c.Restored {
			mark, style = "!", st.Error
		}
		text := hostChangeSentence(c).In(m.lang)
		first := para("  ", text)
		first[0] = style.Render(mark) + first[0][1:]
		lines = append(lines, first...)
		if !c.Restored && c.Undo != "" {
			// On a line of its own, never wrapped: to be typed as it is.
			lines = append(lines, "    "+st.Marked.Render(c.Undo))
		}
		if id := c.IsolatedBy(); id != "" && steps.Index(id) > at {
			lines = append(lines, st.Dim.Render(strings.Join(para("    ", i18n.T("From step %d (%s) on, this stays inside the container.", steps.Index(id)+1, id).In(m.lang)), "\n")))
		}
	}
	lines = append(lines, "", st.Dim.Render(i18n.T("Press any key to go back to the step.").In(m.lang)))
	return strings.Join(lines, "\n")
}

// hostChangeSentence says one change, and what burk did about it.
func hostChangeSentence(c steps.HostChange) i18n.Msg {
	switch {
	case c.Restored && c.Kind == steps.ChangedHostname:
		return i18n.T("The container renamed your host to %q; burk renamed it back to %q.", c.After, c.Before)
	case c.Restored && c.Kind == steps.ChangedDomainname:
		return i18n.T("The container set your host's NIS domain name to %q; burk set it back to %q.", c.After, c.Before)
	case c.Restored && c.Kind == steps.ChangedLink && c.After == "down":
		return i18n.T("The container took your host's %s down; burk brought it back up.", c.Name)
	case c.Restored && c.Kind == steps.ChangedLink:
		return i18n.T("The container brought your host's %s up; burk took it down again.", c.Name)
	case c.Restored && c.Kind == steps.ChangedMount:
		return i18n.T("The container mounted %s (%s) on your host; burk unmounted it.", c.Name, c.After)
	case c.Restored && c.Before == "":
		return i18n.T("The container made %v on your host; burk removed it.", c.Thing())
	case c.Restored:
		return i18n.T("The container changed your host's %v from %q to %q; burk put it back.", c.Thing(), c.Before, c.After)
	case c.Err != "":
		return i18n.T("The container changed your host's %v from %q to %q, and burk could not put it back: %s", c.Thing(), c.Before, c.After, i18n.Raw(c.Err))
	case c.Before == "":
		return i18n.T("New on your host since the shell started: %v. burk leaves it, since a program on the host may have made it. To remove it:", c.Thing())
	}
	return i18n.T("The container removed your host's %v. To put it back:", c.Thing())
}

// questionView is the question a class is asked before a step runs
// (--predict): the step's number and title, and its question, large.
func (m Model) questionView(asking int) string {
	st, w := m.styles, min(m.width, 76)
	s := steps.All()[asking]
	return strings.Join([]string{
		st.Dim.Render(i18n.T("Before the step runs").In(m.lang)),
		"",
		st.Title.Render(fmt.Sprintf("%d. %s", asking+1, s.Title.In(m.lang))),
		"",
		st.Text.Width(w).Render(s.Question.In(m.lang)),
		"",
		st.Dim.Width(w).Render(i18n.T("Think, or ask the room, then press → to run the step: its claims give the answer.").In(m.lang)),
	}, "\n")
}
