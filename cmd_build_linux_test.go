package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/burk-tui/burk/build"
	"github.com/burk-tui/burk/internal/i18n"
)

// burkState runs burk with its state (progress) in state: what it said
// on stdout and stderr, and an error for a status other than 0.
func burkState(t *testing.T, state string, args ...string) (string, error) {
	t.Helper()
	out, errOut, code := burkEnv(t, "", []string{"XDG_STATE_HOME=" + state}, args...)
	if code != 0 {
		return out + errOut, fmt.Errorf("exit status %d", code)
	}
	return out + errOut, nil
}

func TestBuildInitWritesTheSkeletonAndOverwritesNothing(t *testing.T) {
	dir, state := filepath.Join(t.TempDir(), "rt"), t.TempDir()
	if out, err := burkState(t, state, "build", "init", dir, "--lang", "sv"); err != nil {
		t.Fatalf("build init: %v\n%s", err, out)
	}
	main, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	if !strings.Contains(string(main), "// TODO steg 2 (chroot):") {
		t.Errorf("the Swedish skeleton has no Swedish TODO for chroot:\n%s", main)
	}
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("mine"), 0o644)
	out, err := burkState(t, state, "build", "init", dir)
	if err == nil || !strings.Contains(out, "overwrites nothing") {
		t.Errorf("a second init into the same directory: %v\n%s", err, out)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "main.go")); string(data) != "mine" {
		t.Error("a refused init changed main.go")
	}
}

func TestBuildHintsComeOneAtATimeAndSolutionsAfterAPass(t *testing.T) {
	state := t.TempDir()
	hints := build.Stages()[1].Hints(i18n.English)
	for i := range hints {
		out, err := burkState(t, state, "build", "hint", "chroot")
		if err != nil || strings.Count(out, "/"+itoa(len(hints))+"  ") != i+1 {
			t.Fatalf("hint %d: %v\n%s", i+1, err, out)
		}
	}
	if out, _ := burkState(t, state, "build", "hint", "2"); !strings.Contains(out, "No more hints") {
		t.Errorf("after the last hint:\n%s", out)
	}
	if out, err := burkState(t, state, "build", "solution", "chroot"); err == nil || !strings.Contains(out, "has not passed yet") {
		t.Fatalf("the solution before the stage passed: %v\n%s", err, out)
	}
	// As burk build check records a pass.
	data, _ := json.Marshal(map[string]any{"passed": map[string]string{"chroot": "2026-01-01T00:00:00Z"}})
	os.WriteFile(filepath.Join(state, "burk", "build.json"), data, 0o644)
	out, err := burkState(t, state, "build", "solution", "2")
	if err != nil || !strings.Contains(out, "unix.Chroot(rootfs)") || strings.Contains(out, "unix.PivotRoot") {
		t.Errorf("the solution of stage 2: %v\n%s", err, out)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }
