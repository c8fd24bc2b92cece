package ui

import (
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// typist records what the t key asked to type, and types nothing.
type typist struct{ text string }

func (ty *typist) typeInto(shell *exec.Cmd, in io.Reader, out io.Writer, text string) error {
	ty.text = text
	return nil
}

func typingOptions(ty *typist, presenter bool) Options {
	return Options{
		Presenter:    presenter,
		TypedCommand: func(id string) string { return map[string]string{"uts-ns": "hostname mybox; hostname"}[id] },
		TypeInto:     ty.typeInto,
		Shell:        func(id, changes string) *exec.Cmd { return exec.Command("/bin/true") },
		StartStep:    "uts-ns",
	}
}

// t is the presenter's: on in presenter mode, in the footer there; off,
// and doing nothing, otherwise.
func TestTheTypingKeyIsThePresenters(t *testing.T) {
	ty := &typist{}
	m := newTestModel(t, 100, 30, typingOptions(ty, false))
	if _, cmd := m.Update(keyMsg("t")); cmd != nil || strings.Contains(ansi.Strip(m.View()), "t type") {
		t.Errorf("t is on outside presenter mode")
	}
	m = newTestModel(t, 100, 30, typingOptions(ty, true))
	if !strings.Contains(ansi.Strip(m.View()), "t type the step's command") {
		t.Errorf("presenter mode's footer lacks t:\n%s", ansi.Strip(m.View()))
	}
	next, cmd := m.Update(keyMsg("t"))
	if cmd == nil {
		t.Fatal("t opened no shell")
	}
	if next.(Model).typeNext != "" {
		t.Errorf("the command to type was not handed to the shell: %q left", next.(Model).typeNext)
	}
}

// A step with no command to type says so, and opens no shell.
func TestAStepWithNothingToTypeSaysSo(t *testing.T) {
	ty := &typist{}
	opts := typingOptions(ty, true)
	opts.StartStep = "chroot"
	m := newTestModel(t, 100, 30, opts)
	next, cmd := m.Update(keyMsg("t"))
	if cmd != nil || !strings.Contains(next.(Model).status, "no command to type") {
		t.Errorf("t at a step with no command: cmd %v, status %q", cmd, next.(Model).status)
	}
}

// t while a step runs waits for it; moving on before the shell opens
// forgets the command, so that a later s types nothing.
func TestMovingOnForgetsTheCommandToType(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ty := &typist{}
	opts := typingOptions(ty, true)
	opts.Runner = fixtureRunner{release: release}
	m := New(opts)
	m.Init() // the first step's run, in flight (never run here)
	m = send(m, keyMsg("t"))
	if !m.pendingShell || m.typeNext != "hostname mybox; hostname" {
		t.Fatalf("t during a run: pending %v, to type %q", m.pendingShell, m.typeNext)
	}
	m = send(m, keyMsg("right"))
	if m.pendingShell || m.typeNext != "" {
		t.Errorf("after →: pending %v, to type %q; want both forgotten", m.pendingShell, m.typeNext)
	}
}

// The shell that t opens is run through TypeInto with the command.
func TestTheShellTypesThroughTypeInto(t *testing.T) {
	ty := &typist{}
	shell := &clearedShell{shell: func(string) *exec.Cmd { return exec.Command("/bin/true") }, typed: "ps", typeInto: ty.typeInto}
	shell.SetStdout(io.Discard)
	if err := shell.Run(); err != nil {
		t.Fatal(err)
	}
	if ty.text != "ps" {
		t.Errorf("TypeInto got %q, want ps", ty.text)
	}
}
