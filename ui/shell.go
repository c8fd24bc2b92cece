package ui

import (
	"io"
	"os"
	"os/exec"

	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/steps"
)

// clearedShell is the shell in a container, started on a clear screen of
// its own. The tour leaves its alternate screen for the shell; the shell
// runs on an alternate screen too, so that it never opens under the
// transcript of the one before (a learner could take an old prompt's
// output for this step's), and quitting burk leaves the terminal as it
// was before burk started. Its first line says where the learner is.
//
// When the shell ends, it reads what the container changed on the host
// from changesPath, where burk run --changes wrote it, into found.
type clearedShell struct {
	cmd         *exec.Cmd
	banner      string
	changesPath string
	found       *shellFound
}

// shellFound is what the shell's burk run said it changed on the host.
type shellFound struct {
	changes []steps.HostChange
	err     error
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
	if s.changesPath != "" {
		os.Remove(s.changesPath) // a file left by a shell before
	}
	w := s.cmd.Stdout
	if w == nil {
		err := s.cmd.Run()
		s.readChanges()
		return err
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
	s.readChanges()
	return err
}

// readChanges reads what the shell's container changed on the host, and
// removes the file, so that the next shell's is never taken for it.
func (s clearedShell) readChanges() {
	if s.changesPath == "" || s.found == nil {
		return
	}
	s.found.changes, s.found.err = steps.ReadHostChanges(s.changesPath)
	os.Remove(s.changesPath)
}
