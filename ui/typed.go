package ui

import (
	"os/exec"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/ptyshell"
)

// The presenter's t key: a shell in the container, with the step's
// command typed into it at a human pace, so the speaker does not type
// on stage. The command is the step's speaker notes' (Options.TypedCommand).

// typeKey is t, off until the tour is in presenter mode with commands to
// type.
func typeKey(lang i18n.Lang) key.Binding {
	return key.NewBinding(key.WithKeys("t"), key.WithHelp("t", i18n.T("type the step's command").In(lang)), key.WithDisabled())
}

// typeCommand opens the shell with the step's command to type.
func (m Model) typeCommand() (tea.Model, tea.Cmd) {
	typed := m.opts.TypedCommand(m.step().ID)
	if typed == "" {
		m.status = i18n.T("this step has no command to type").In(m.lang)
		return m, nil
	}
	if m.opts.Shell == nil {
		m.status = i18n.T("no shell here").In(m.lang)
		return m, nil
	}
	m.typeNext = typed
	return m, m.openShell()
}

// run runs the shell: on the terminal as it is, or, with a command to
// type, on a pseudo-terminal burk holds and types into.
func (s *clearedShell) run(cmd *exec.Cmd) error {
	if s.typed == "" {
		return cmd.Run()
	}
	return ptyshell.Run(cmd, s.stdin, s.stdout, ptyshell.Typing{Text: s.typed, Enter: true})
}
