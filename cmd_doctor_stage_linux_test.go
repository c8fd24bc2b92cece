package main

// burk doctor --stage, end to end: the whole tour run once on this
// machine, and the checks of a real terminal. Assumes root, as main_test.go.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// The real thing: burk doctor --stage on this machine runs every step and
// variant, keeps each as the fallback, and — its output not being a
// terminal here — says no-go for the terminal, and exits 1.
func TestDoctorStageRunsTheWholeTour(t *testing.T) {
	state := t.TempDir()
	out, errOut, code := burkEnv(t, "", []string{"XDG_STATE_HOME=" + state}, "doctor", "--stage", "--rootfs", rootfsDir(t))
	if code != 1 || !strings.Contains(out, "NO-GO terminal") || !strings.Contains(out, "no-go: 1 to fix before the talk") {
		t.Errorf("burk doctor --stage into a pipe exited %d, want 1 and a no-go for the terminal alone:\n%s%s", code, out, errOut)
	}
	for _, s := range steps.All() {
		variants := []string{"itself"}
		if s.HasBreak() {
			variants = append(variants, "break")
		}
		for _, v := range variants {
			if _, err := os.Stat(filepath.Join(state, "burk", "last-good", s.ID+"."+v+".json")); err != nil {
				t.Errorf("no fallback kept for %s %s: %v\n%s", s.ID, v, err, out)
			}
		}
	}
}

// In a real terminal (tmux) of 70×20 with NO_COLOR set: burk reads the
// terminal's size and the environment itself, and says no-go for both,
// with their fixes.
func TestDoctorStageOnASmallColourlessTerminal(t *testing.T) {
	testutil.RequireRoot(t) // before tmux: -short skips it, tmux or not
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("this test needs tmux (apt-get install tmux)")
	}
	state := t.TempDir()
	socket := fmt.Sprintf("burk-stage-%d", os.Getpid())
	tmux := func(args ...string) string {
		out, _ := exec.Command("tmux", append([]string{"-L", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
		return string(out)
	}
	t.Cleanup(func() {
		tmux("kill-server")
		dir := os.Getenv("TMUX_TMPDIR")
		if dir == "" {
			dir = "/tmp"
		}
		os.Remove(filepath.Join(dir, fmt.Sprintf("tmux-%d", os.Getuid()), socket))
	})
	command := fmt.Sprintf("env XDG_STATE_HOME=%s NO_COLOR=1 LANG=C.UTF-8 %s doctor --stage --rootfs %s; echo \"exited with $?\"; sleep 60",
		state, burkBin, rootfsDir(t))
	tmux("new-session", "-d", "-s", "stage", "-x", "70", "-y", "20", command)
	var screen string
	testutil.Eventually(30*time.Second, func() bool {
		// -J joins the lines the terminal wrapped; -S - takes the history.
		screen = tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "stage")
		return strings.Contains(screen, "exited with")
	})
	for _, want := range []string{
		"NO-GO size                   70×20; presenter mode is drawn for 80×24 or more",
		"fix: make the window larger or the font smaller until it has 80 columns and 24 lines",
		"NO-GO colours                NO_COLOR is set",
		"fix: unset NO_COLOR",
		"go    box drawing",
		"no-go: 2 to fix before the talk",
		"exited with 1",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("the terminal does not show %q:\n%s", want, screen)
		}
	}
}
