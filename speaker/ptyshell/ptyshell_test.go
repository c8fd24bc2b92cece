package ptyshell

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
)

// syncBuffer is what the shell printed, read while it prints.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitFor(t *testing.T, out *syncBuffer, text string) {
	t.Helper()
	if testutil.Eventually(10*time.Second, func() bool { return strings.Contains(out.String(), text) }) {
		return
	}
	t.Fatalf("the shell never printed %q; it printed:\n%q", text, out.String())
}

// shell runs an interactive sh on a pty with typing, the learner's keys
// written to keys, and returns what it prints and how Run ended.
func shell(t *testing.T, typing Typing) (keys *os.File, out *syncBuffer, done <-chan error) {
	t.Helper()
	keysR, keysW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { keysW.Close() })
	out = &syncBuffer{}
	cmd := exec.Command("/bin/sh", "-i")
	cmd.Env = []string{"PS1=[test] $ ", "PATH=/usr/bin:/bin"}
	ended := make(chan error, 1)
	go func() { ended <- Run(cmd, keysR, out, typing) }()
	return keysW, out, ended
}

// The command is typed into a real shell on a pty, at a human pace, and
// runs; the learner's keys reach the same shell after it, and end it.
func TestTypingRunsTheCommandAndTheLearnersKeysStillWork(t *testing.T) {
	text := "echo typed-$((6 * 7))"
	start := time.Now()
	keysW, out, done := shell(t, Typing{Text: text, Enter: true, Settle: 100 * time.Millisecond})
	// The shell echoes what is typed (the pty's line discipline), then
	// prints what the command printed: 42 is only in the output.
	waitFor(t, out, text)
	waitFor(t, out, "typed-42")
	typing := time.Since(start)
	if min := time.Duration(len(text)) * 30 * time.Millisecond; typing < min {
		t.Errorf("%d characters typed in %v: faster than a person, want at least %v", len(text), typing, min)
	}
	// The learner's turn: their keys reach the shell.
	keysW.WriteString("echo mine-$((1 + 1))\n")
	waitFor(t, out, "mine-2")
	keysW.WriteString("exit 3\n")
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			t.Errorf("Run = %v, want the shell's exit status 3", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the shell did not end on the learner's exit")
	}
	// The pty was the shell's terminal: it thought it interactive.
	if !strings.Contains(out.String(), "[test] $ ") {
		t.Errorf("no prompt: the shell did not see a terminal:\n%q", out.String())
	}
}

// When the shell ends, burk stops reading the learner's keys: the next
// key is the tour's, and nothing left here may take it.
func TestTheLearnersNextKeyIsLeftForTheTour(t *testing.T) {
	keysR, keysW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer keysR.Close()
	defer keysW.Close()
	if err := Run(exec.Command("/bin/true"), keysR, &syncBuffer{}, Typing{}); err != nil {
		t.Fatal(err)
	}
	keysW.WriteString("q")
	buf := make([]byte, 1)
	keysR.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := keysR.Read(buf); n != 1 || buf[0] != 'q' {
		t.Errorf("the key after the shell: %q, %v; want q, left for the tour", buf[:n], err)
	}
}

// A key of the learner's while burk types stops the typing: the speaker
// takes over, and what was not typed yet is not typed at all.
func TestAKeyStopsTheTyping(t *testing.T) {
	keysW, out, done := shell(t, Typing{Text: "echo never-finished-typing", Enter: true, Settle: 50 * time.Millisecond,
		Min: 100 * time.Millisecond, Max: 100 * time.Millisecond})
	waitFor(t, out, "echo ne")
	keysW.WriteString("\x03") // ^C: the shell drops the line
	time.Sleep(500 * time.Millisecond)
	keysW.WriteString("echo mine\n")
	waitFor(t, out, "\nmine")
	keysW.WriteString("exit\n")
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the shell did not end")
	}
	if strings.Contains(out.String(), "finished") {
		t.Errorf("burk typed on after the learner's key:\n%q", out.String())
	}
}
