package ui

import (
	"io"
	"os/exec"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
)

// The presenter's t key: a shell in the container, with the step's
// command typed into it at a human pace, so the speaker does not type
// on stage. The command is the step's speaker notes' (Options.TypedCommand).

// TypeInto runs a shell on a terminal burk holds, relaying in and out,
// and types text into it, then return, once it is ready (speaker/ptyshell).
type TypeInto func(shell *exec.Cmd, in io.Reader, out io.Writer, text string) error

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

// typing says whether t is on: in presenter mode, live, with commands to
// type and a way to type them.
func (m Model) typing() bool {
	return m.opts.Presenter && m.opts.Replay == nil && m.opts.TypedCommand != nil && m.opts.TypeInto != nil
}

// run runs the shell: on the terminal as it is, or, with a command to
// type, on a pseudo-terminal burk holds and types into.
func (s *clearedShell) run(cmd *exec.Cmd) error {
	if s.typed == "" || s.typeInto == nil {
		return cmd.Run()
	}
	return s.typeInto(cmd, s.stdin, s.stdout, s.typed)
}
