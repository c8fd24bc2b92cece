package ui

// The presenter's t key end to end: the real burk in tmux, a real
// container's shell on burk's pty. Privileged, as e2e_test.go: it assumes
// root, Go and tmux. The package holds the host (TestMain).

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
)

// t opens the step's shell and types its command (uts-ns: "hostname
// mybox; hostname"), which runs: the container's hostname answers. The
// learner's keys work after it, and exit goes back to the tour.
func TestThePresenterKeyTypesTheStepsCommand(t *testing.T) {
	dir, bin, rootfsDir := buildBurk(t)
	before := testutil.Snapshot(t)

	x := newTmux(t, "burk-typed")
	x.start(120, 36, true, tourCommand(dir, bin, rootfsDir, "--presenter", "--step", "uts-ns")+`; echo "burk exited with $?"`)
	// Should the test fail with the tour up, the tour ends before its
	// directory is removed: a tour ending later would write its state
	// into a directory made again.
	t.Cleanup(func() {
		testutil.Eventually(5*time.Second, func() bool {
			if strings.TrimSpace(x.run("display-message", "-p", "-t", "tour", "#{pane_dead}")) == "1" {
				return true
			}
			x.keys("C-c")
			return false
		})
	})
	x.waitFor("uts-ns's claims", func(s string) bool {
		return strings.Contains(s, "UTS namespace") && claimsHeld.MatchString(s) && strings.Contains(s, "t type")
	})
	x.keys("t")
	// Typed after the prompt, and run: the answer is on a line of its own.
	x.waitForText("[burk uts-ns] # hostname mybox; hostname")
	x.waitFor("the typed command's output", func(s string) bool {
		return regexp.MustCompile(`(?m)^mybox\s*$`).MatchString(s)
	})
	// The learner's keys still reach the shell.
	x.keys("echo learner-$((40 + 2))", "Enter")
	x.waitFor("the learner's own command's output", func(s string) bool {
		return regexp.MustCompile(`(?m)^learner-42\s*$`).MatchString(s)
	})
	x.keys("exit", "Enter")
	// Back in the tour, the step's exercise says what the shell did; any
	// key goes on to the step.
	x.waitForText("Press any key to go back to the step.")
	x.keys("Space")
	x.waitFor("the tour again", func(s string) bool {
		return strings.Contains(s, "UTS namespace") && claimsHeld.MatchString(s) && !strings.Contains(s, "[burk uts-ns] #")
	})
	// The tour has its keys back: q quits it.
	x.keys("q")
	if code := x.paneExit(); code != 0 {
		t.Errorf("burk exited with %d:\n%s", code, x.screen())
	}
	testutil.AssertClean(t, before)
}
