package main

import (
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// burk exercise check's exit status is the verdict: a command that does
// nothing fails every exercise, the solution passes it, and the host is
// left as it was (the steps before uts-ns rename the host for a moment).
func TestExerciseCheckExitsWithTheVerdict(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	for _, s := range steps.All() {
		for _, ex := range s.Exercises {
			out, stderr, code := burk(t, "", "exercise", "check", "--step", s.ID, "--rootfs", dir, "--", "true")
			if code != 1 || !strings.Contains(out, "✗ "+s.ID+"/"+ex.ID) {
				t.Errorf("%s with true: exit %d, %q (stderr %q); want 1 and ✗", s.ID, code, out, stderr)
			}
			out, stderr, code = burk(t, "", "exercise", "check", "--step", s.ID, "--rootfs", dir, "--", "sh", "-c", ex.Solution)
			if code != 0 || !strings.Contains(out, "✓ "+s.ID+"/"+ex.ID) {
				t.Errorf("%s with %q: exit %d, %q (stderr %q); want 0 and ✓", s.ID, ex.Solution, code, out, stderr)
			}
		}
	}
	testutil.AssertClean(t, before)
}

func TestExerciseListInBothLanguages(t *testing.T) {
	for _, lang := range []string{"en", "sv"} {
		out, stderr, code := burk(t, "", "--lang", lang, "exercise", "list", "--step", "uts-ns", "--solutions")
		if code != 0 || !strings.Contains(out, "klass42") || strings.Contains(out, "cgroups") {
			t.Errorf("exercise list --lang %s: exit %d, %q (stderr %q)", lang, code, out, stderr)
		}
	}
	if out, _, _ := burk(t, "", "--lang", "sv", "exercise", "list"); !strings.Contains(out, "Ge containern värdnamnet klass42") {
		t.Errorf("exercise list --lang sv is not in Swedish: %q", out)
	}
}
