package ui

import (
	"io"
	"os/exec"

	"github.com/charmbracelet/x/ansi"
)

// clearedShell is the shell in a container, started on a clear screen.
// The tour leaves its alternate screen for the shell, which lands on the
// terminal's main screen: without the clear, each shell would open under
// the transcript of the one before, and a learner could take an old
// prompt's output for this step's.
type clearedShell struct{ cmd *exec.Cmd }

// SetStdin and the others give the shell the terminal, unless the command
// was given streams of its own.
func (s clearedShell) SetStdin(r io.Reader) {
	if s.cmd.Stdin == nil {
		s.cmd.Stdin = r
	}
}

func (s clearedShell) SetStdout(w io.Writer) {
	if s.cmd.Stdout == nil {
		s.cmd.Stdout = w
	}
}

func (s clearedShell) SetStderr(w io.Writer) {
	if s.cmd.Stderr == nil {
		s.cmd.Stderr = w
	}
}

// Run clears the screen, puts the cursor at its top, and runs the shell.
func (s clearedShell) Run() error {
	if s.cmd.Stdout != nil {
		if _, err := io.WriteString(s.cmd.Stdout, ansi.EraseEntireScreen+ansi.CursorHomePosition); err != nil {
			return err
		}
	}
	return s.cmd.Run()
}
