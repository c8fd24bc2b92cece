package ui

import (
	"bytes"
	"os/exec"
	"testing"
)

// The shell starts on a clear screen, not under the last one's transcript.
func TestTheShellStartsOnAClearScreen(t *testing.T) {
	var out bytes.Buffer
	s := clearedShell{exec.Command("echo", "inside")}
	s.SetStdout(&out)
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "\x1b[2J\x1b[Hinside\n"; got != want {
		t.Errorf("the shell wrote %q, want %q: the clear first, then the shell", got, want)
	}
}
