package ui

import (
	"errors"
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
// The shell is a burk run, which writes what its container changed on the
// host to a file (burk run --changes); Run makes that file for it, reads
// it into found when the shell ends, and removes it. The file lives only
// as long as the shell, so that a tour killed with the shell closed leaves
// none behind.
type clearedShell struct {
	shell  func(changes string) *exec.Cmd
	banner string
	found  *shellFound
	// dir is where the file the shell reports to is made; "" is the
	// system's temporary directory.
	dir string

	stdin          io.Reader
	stdout, stderr io.Writer
	// typed is a command to type into the shell once it is ready (the
	// presenter's t key); "" types nothing.
	typed    string
	typeInto TypeInto
}

// shellFound is what the shell's burk run said it changed on the host.
type shellFound struct {
	changes   []steps.HostChange
	exercises []steps.ExerciseOutcome
	err       error
}

// SetStdin and the others give the shell the terminal, unless the command
// was given streams of its own.
func (s *clearedShell) SetStdin(r io.Reader)  { s.stdin = r }
func (s *clearedShell) SetStdout(w io.Writer) { s.stdout = w }
func (s *clearedShell) SetStderr(w io.Writer) { s.stderr = w }

// Run opens an alternate screen, clear, says the banner, runs the shell,
// and closes the screen again.
func (s *clearedShell) Run() error {
	if s.dir != "" {
		// Made for the shell, and removed after it when empty: burk
		// removes its own directory whenever it has nothing left in it.
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return err
		}
		defer os.Remove(s.dir)
	}
	f, err := os.CreateTemp(s.dir, "burk-changes-*.json")
	if err != nil {
		return err
	}
	f.Close()
	defer os.Remove(f.Name())
	cmd := s.shell(f.Name())
	if cmd == nil {
		return errors.New("no shell")
	}
	if cmd.Stdin == nil {
		cmd.Stdin = s.stdin
	}
	if cmd.Stdout == nil {
		cmd.Stdout = s.stdout
	}
	if cmd.Stderr == nil {
		cmd.Stderr = s.stderr
	}
	w := cmd.Stdout
	if w == nil {
		err := cmd.Run()
		s.readChanges(f.Name())
		return err
	}
	start := ansi.SetModeAltScreenSaveCursor + ansi.EraseEntireScreen + ansi.CursorHomePosition
	if s.banner != "" {
		start += s.banner + "\r\n"
	}
	if _, err := io.WriteString(w, start); err != nil {
		return err
	}
	err = s.run(cmd)
	io.WriteString(w, ansi.ResetModeAltScreenSaveCursor)
	s.readChanges(f.Name())
	return err
}

// readChanges reads what the shell's container changed on the host. A
// shell whose burk run never got to write it leaves the file empty: then
// nothing is known, and nothing is said.
func (s *clearedShell) readChanges(path string) {
	if s.found == nil {
		return
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		return
	}
	s.found.changes, s.found.exercises, s.found.err = steps.ReadShellReport(path)
}
