package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// A bad theme is refused the same way by the plain tour as by the
// interactive one, before anything starts.
func TestTourRefusesAnUnknownThemeInBothModes(t *testing.T) {
	before := testutil.Snapshot(t)
	for _, args := range [][]string{{"tour", "--plain", "--theme", "bogus"}, {"--plain", "--theme", "bogus"}, {"tour", "--theme", "bogus"}} {
		out, stderr, code := burk(t, "", args...)
		if code == 0 || !strings.Contains(stderr, `unknown theme "bogus"`) || !strings.Contains(stderr, "dark, light, high-contrast") {
			t.Errorf("burk %v = %d, stderr %q; want the themes named", args, code, stderr)
		}
		if out != "" {
			t.Errorf("burk %v printed a tour before refusing the theme:\n%s", args, out)
		}
	}
	testutil.AssertClean(t, before)
}

// --step is where the plain tour starts, as --help says: it goes on from
// there to the end.
func TestPlainTourStartsAtTheStepAndGoesOn(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	out, stderr, code := burk(t, "", "tour", "--plain", "--step", "pivot-root", "--rootfs", dir)
	if code != 0 {
		t.Errorf("burk tour --plain --step pivot-root = %d, stderr %q", code, stderr)
	}
	for i, s := range steps.All() {
		shown := strings.Contains(out, fmt.Sprintf("# %d. %s", i+1, s.Title.String()))
		if want := i >= steps.Index("pivot-root"); shown != want {
			t.Errorf("step %d, %s: in the plain tour %v, want %v", i+1, s.ID, shown, want)
		}
	}
	testutil.AssertClean(t, before)
}
