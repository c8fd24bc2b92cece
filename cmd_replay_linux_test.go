package main

// Recording and replaying the tour, end to end: a real tour recorded as
// root, replayed by an ordinary user, which needs no privilege and shows
// every view, trace line and claim as they were taken. Assumes root
// (useradd, setpriv, real containers).

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

func TestRecordThenReplayAsAnotherUser(t *testing.T) {
	dir := rootfsDir(t)
	// Readable by the user who replays it (t.TempDir's parent is not).
	tmp, err := os.MkdirTemp("", "burk-replay-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	os.Chmod(tmp, 0o755)
	file := filepath.Join(tmp, "tour.json")
	before := testutil.Snapshot(t)
	live, stderr, code := burk(t, "", "tour", "--plain", "--lang", "en", "--rootfs", dir, "--record", file)
	if code != 0 {
		t.Fatalf("burk tour --plain --record = %d, stderr %q", code, stderr)
	}
	// Every step, every "break it", and the recap.
	runs := len(steps.All()) + 1
	for _, s := range steps.All() {
		if s.HasBreak() {
			runs++
		}
	}
	if !strings.Contains(stderr, fmt.Sprintf("recorded %d runs of the steps to %s", runs, file)) {
		t.Errorf("the recording is not said on stderr: %q", stderr)
	}
	testutil.AssertClean(t, before)

	name := fmt.Sprintf("burkr%d", os.Getpid())
	if out, err := exec.Command("useradd", "-M", "-d", "/nonexistent", "-s", "/bin/sh", name).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("userdel", name).Run() })
	replay := func(args ...string) (string, string, error) {
		cmd := exec.Command("setpriv", append([]string{"--reuid=" + name, "--regid=" + name, "--init-groups",
			"env", "-i", "PATH=/usr/bin:/bin", "HOME=/nonexistent", "LANG=C", burkBin}, args...)...)
		cmd.Dir = "/"
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	before = testutil.Snapshot(t)
	played, stderr, err := replay("tour", "--plain", "--lang", "en", "--replay", file)
	if err != nil {
		t.Fatalf("burk tour --replay as %s: %v, stderr %q", name, err, stderr)
	}
	if strings.Contains(stderr, "lab") {
		t.Errorf("the replay made a rootless lab: %q", stderr)
	}
	// The mark, then the tour exactly as it was printed live: every view,
	// every syscall, every claim and what was seen.
	mark, rest, _ := strings.Cut(played, "\n\n")
	if !strings.HasPrefix(mark, "> A recording, not a live run on this machine: taken ") || !strings.Contains(mark, "cgroup ") || !strings.Contains(mark, "as root") {
		t.Errorf("the replay's mark: %q", mark)
	}
	if rest != live {
		t.Errorf("the replay differs from the live tour it recorded:\n%s", firstDifference(live, rest))
	}
	// In the other language too: the recording keeps messages, not text.
	sv, stderr, err := replay("tour", "--plain", "--lang", "sv", "--replay", file, "--step", "pid-ns")
	if err != nil || !strings.Contains(sv, "PID-namespace") || !strings.Contains(sv, "> En inspelning") {
		t.Errorf("the replay in Swedish: %v, stderr %q:\n%.600s", err, stderr, sv)
	}
	testutil.AssertClean(t, before)

	// A file cut short is refused, saying so.
	data, _ := os.ReadFile(file)
	cut := filepath.Join(tmp, "cut.json")
	os.WriteFile(cut, data[:len(data)/2], 0o644)
	if out, stderr, err := replay("tour", "--plain", "--replay", cut); err == nil || !strings.Contains(stderr, "truncated") || out != "" {
		t.Errorf("a truncated recording: %v, stderr %q, stdout %.200q", err, stderr, out)
	}
}

// firstDifference shows where two texts first part, with a line around.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n want %q\n got  %q", i+1, wl, gl)
		}
	}
	return "(the same)"
}

func TestVersion(t *testing.T) {
	out, stderr, code := burk(t, "", "--version")
	if code != 0 || !strings.HasPrefix(out, "burk ") || len(strings.TrimSpace(out)) <= len("burk ") {
		t.Errorf("burk --version = %d %q, stderr %q", code, out, stderr)
	}
}
