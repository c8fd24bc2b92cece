package steps_test

// Every exercise checked on real containers, both ways: a command that
// does nothing (true) must never pass, and the exercise's own solution,
// which really does the task, must. Privileged: the tests assume root
// (see TestMain), and leave the host as they found it — Close puts back
// the hostname the steps before uts-ns let the container change.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/steps"
)

func TestEveryStepHasAnExercise(t *testing.T) {
	for _, s := range steps.All() {
		if len(s.Exercises) == 0 {
			t.Errorf("step %s has no exercise", s.ID)
		}
		for _, ex := range s.Exercises {
			if ex.ID == "" || ex.Task.IsZero() || ex.Solution == "" {
				t.Errorf("step %s: exercise %q lacks an id, a task or a solution", s.ID, ex.ID)
			}
			if missing := ex.Task.Missing(i18n.Swedish); len(missing) > 0 {
				t.Errorf("step %s: exercise %s has no Swedish: %q", s.ID, ex.ID, missing)
			}
		}
	}
}

// A command that does nothing passes no exercise, and is told "not done
// yet", never that it failed: a learner who only looked around in the
// shell has not tried.
func TestNothingPassesAnExercise(t *testing.T) {
	checkEveryExercise(t, func(*steps.Exercise) []string { return []string{"true"} }, false)
}

func TestTheSolutionPassesEveryExercise(t *testing.T) {
	checkEveryExercise(t, func(ex *steps.Exercise) []string { return []string{"sh", "-c", ex.Solution} }, true)
}

// checkEveryExercise runs every exercise with command on each rootfs the
// claims are tested on. Where the rootfs lacks a command the task needs,
// the exercise must be skipped, saying which — and only there.
func checkEveryExercise(t *testing.T, command func(*steps.Exercise) []string, wantHeld bool) {
	for _, from := range []rootfs.Source{rootfs.FromHost, rootfs.FromBusybox, bare} {
		t.Run(string(from), func(t *testing.T) { checkExercisesOn(t, rootfsFor(t, from), command, wantHeld) })
	}
}

// lacks lists the commands of names that no bin directory of the rootfs
// at dir has, and that its busybox, if it has one, has no applet for
// (busybox's sh runs its applets without a link to them).
func lacks(dir string, names []string) []string {
	var out []string
	applets, _ := exec.Command(filepath.Join(dir, "bin", "busybox"), "--list").Output()
	for _, n := range names {
		found := slices.Contains(strings.Fields(string(applets)), n)
		for _, bin := range []string{"bin", "sbin", "usr/bin", "usr/sbin"} {
			if _, err := os.Stat(filepath.Join(dir, bin, n)); err == nil {
				found = true
			}
		}
		if !found {
			out = append(out, n)
		}
	}
	return out
}

func checkExercisesOn(t *testing.T, dir string, command func(*steps.Exercise) []string, wantHeld bool) {
	e := newEngine(t, dir)
	hostname, _ := os.Hostname()
	n := 0
	for _, s := range steps.All() {
		for _, ex := range s.Exercises {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			out, results, err := e.Exercise(ctx, s, command(ex))
			cancel()
			if err != nil {
				t.Errorf("%s/%s: %v", s.ID, ex.ID, err)
				continue
			}
			for _, r := range results {
				if r.ExerciseID != ex.ID {
					continue
				}
				n++
				t.Logf("%s/%s: held %v, skipped %v: %s", s.ID, ex.ID, r.Held, r.Skipped, r.Seen)
				missing := lacks(dir, ex.Needs)
				if r.Skipped != (len(missing) > 0) || (r.Skipped && (r.Held || !strings.Contains(r.Seen.String(), missing[0]))) {
					t.Errorf("%s/%s: skipped = %v (%s), held %v; the rootfs lacks %v", s.ID, ex.ID, r.Skipped, r.Seen, r.Held, missing)
					continue
				}
				if r.Skipped {
					continue
				}
				if r.Held != wantHeld || r.NotDone == wantHeld {
					t.Errorf("%s/%s with %q: held = %v, not done = %v, want held %v; seen: %s; the command said: %s%s",
						s.ID, ex.ID, out.Args, r.Held, r.NotDone, wantHeld, r.Seen, out.Stdout, out.Stderr)
				}
			}
			if now, _ := os.Hostname(); now != hostname {
				t.Fatalf("%s/%s left the host's hostname %q, was %q", s.ID, ex.ID, now, hostname)
			}
		}
	}
	t.Logf("%d exercises, each held = %v", n, wantHeld)
}

// A wrong answer is no "not done yet": where the check can tell an attempt
// from a look around, a learner who tried is told what was seen instead.
func TestAWrongAnswerIsTriedNotNotDone(t *testing.T) {
	wrong := map[string]string{
		"init-pid":  "hostname pid1",
		"queue-key": "ipcmk -Q",
		// 127.0.0.0/8 stays local with any of its addresses on lo: the
		// container still reaches 127.0.0.1.
		"cut-off":     "ip addr del 127.0.0.1/8 dev lo && ip addr add 127.0.0.2/8 dev lo",
		"find-uid":    "hostname uid0",
		"mem-limit":   "hostname mem1",
		"uptime-days": "hostname up0",
		"name-pid1":   "hostname sh",
		"dropped-cap": "echo cap_chown > " + steps.DroppedFile,
	}
	e := newEngine(t, rootfsFor(t, rootfs.FromHost))
	hostname, _ := os.Hostname()
	n := 0
	for _, s := range steps.All() {
		for _, ex := range s.Exercises {
			cmd, ok := wrong[ex.ID]
			if !ok {
				continue
			}
			n++
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			_, results, err := e.Exercise(ctx, s, []string{"sh", "-c", cmd})
			cancel()
			if err != nil || len(results) != 1 {
				t.Fatalf("%s/%s: %v, %v", s.ID, ex.ID, results, err)
			}
			if r := results[0]; r.Held || r.NotDone || r.Skipped || r.Seen.IsZero() {
				t.Errorf("%s/%s with %q: held %v, not done %v, skipped %v, want tried, with what was seen: %s", s.ID, ex.ID, cmd, r.Held, r.NotDone, r.Skipped, r.Seen)
			}
			if now, _ := os.Hostname(); now != hostname {
				t.Fatalf("%s/%s left the host's hostname %q, was %q", s.ID, ex.ID, now, hostname)
			}
		}
	}
	if n != len(wrong) {
		t.Errorf("%d of the %d wrong answers found their exercise", n, len(wrong))
	}
}
