package ui

import (
	"bytes"
	"os/exec"
	"testing"
)

// The shell starts on a clear screen of its own, its first line says where
// the learner is, and the screen is closed when the shell ends: quitting
// burk leaves no shell transcript behind.
func TestTheShellStartsOnAClearScreen(t *testing.T) {
	var out bytes.Buffer
	s := &clearedShell{shell: func(string) *exec.Cmd { return exec.Command("echo", "inside") }, banner: "step 6: type exit"}
	s.SetStdout(&out)
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "\x1b[?1049h\x1b[2J\x1b[Hstep 6: type exit\r\ninside\n\x1b[?1049l"; got != want {
		t.Errorf("the shell wrote %q, want %q: a clear screen of its own, the banner, the shell, the screen closed", got, want)
	}
}

// The banner names the step and what is isolated there.
func TestTheShellsFirstLine(t *testing.T) {
	m := newTestModel(t, 80, 24, Options{StartStep: "uts-ns"})
	got := m.shellBanner()
	for _, want := range []string{"step 6 of", "uts-ns", "chroot, proc, mount-ns, pid-ns, uts-ns", "exit"} {
		if !bytes.Contains([]byte(got), []byte(want)) {
			t.Errorf("the shell's first line %q lacks %q", got, want)
		}
	}
}
