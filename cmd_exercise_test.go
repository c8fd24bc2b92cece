package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// burk exercise check's exit status is the verdict: a command that does
// nothing passes no exercise (· not done yet), the solution passes it, and the host is
// left as it was (the steps before uts-ns rename the host for a moment).
func TestExerciseCheckExitsWithTheVerdict(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	for _, s := range steps.All() {
		for _, ex := range s.Exercises {
			out, stderr, code := burk(t, "", "exercise", "check", "--step", s.ID, "--rootfs", dir, "--", "true")
			if code != 1 || !strings.Contains(out, "· "+s.ID+"/"+ex.ID) || !strings.Contains(out, "not done yet") {
				t.Errorf("%s with true: exit %d, %q (stderr %q); want 1 and · not done yet", s.ID, code, out, stderr)
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
	if out, _, _ := burk(t, "", "--lang", "sv", "exercise", "list"); !strings.Contains(out, "Ett UTS-namespace rymmer ett namn till") {
		t.Errorf("exercise list --lang sv is not in Swedish: %q", out)
	}
}

// burk exercise list shows how each exercise came out in the tour, from
// the progress file the tour keeps.
func TestExerciseListShowsTheTourProgress(t *testing.T) {
	state := t.TempDir()
	progress := `{"current": "uts-ns", "seen": ["process"], "exercises": {"uts-ns/domain-name": {"outcome": "passed", "at": "2026-11-30T04:00:00Z"}, "ipc-ns/queue-key": {"outcome": "skipped", "at": "2026-11-30T04:05:00Z"}, "net-ns/cut-off": {"outcome": "not-done", "at": "2026-11-30T04:06:00Z"}}}`
	if err := os.MkdirAll(filepath.Join(state, "burk"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "burk", "progress.json"), []byte(progress), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := burkEnv(t, "", []string{"XDG_STATE_HOME=" + state}, "exercise", "list")
	if code != 0 {
		t.Fatalf("exercise list: exit %d, %s", code, stderr)
	}
	for _, want := range []string{"✓ passed in the tour, 2026-11-30", "○ skipped in the tour", "· not done yet in the tour's shell"} {
		if !strings.Contains(out, want) {
			t.Errorf("exercise list lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "in the tour"); n != 3 {
		t.Errorf("exercise list shows %d outcomes, want 3:\n%s", n, out)
	}
}
