package ui

import (
	"io"
	"os/exec"

	"github.com/charmbracelet/x/ansi"
)

// clearedShell is the shell in a container, started on a clear screen of
// its own. The tour leaves its alternate screen for the shell; the shell
// runs on an alternate screen too, so that it never opens under the
// transcript of the one before (a learner could take an old prompt's
// output for this step's), and quitting burk leaves the terminal as it
// was before burk started. Its first line says where the learner is.
type clearedShell struct {
	cmd    *exec.Cmd
	banner string
}

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

// Run opens an alternate screen, clear, says the banner, runs the shell,
// and closes the screen again.
func (s clearedShell) Run() error {
	w := s.cmd.Stdout
	if w == nil {
		return s.cmd.Run()
	}
	start := ansi.SetModeAltScreenSaveCursor + ansi.EraseEntireScreen + ansi.CursorHomePosition
	if s.banner != "" {
		start += s.banner + "\r\n"
	}
	if _, err := io.WriteString(w, start); err != nil {
		return err
	}
	err := s.cmd.Run()
	io.WriteString(w, ansi.ResetModeAltScreenSaveCursor)
	return err
}
