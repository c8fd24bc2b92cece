//go:build linux

package build

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
)

func TestMain(m *testing.M) { os.Exit(testutil.RunPrivileged(m)) }

// moduleOf writes the reference up to stage n as a learner's module.
func moduleOf(t testing.TB, n int) string {
	t.Helper()
	files, err := Files(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	if files["main.go"], err = Program(n, i18n.English); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildAt builds the reference up to stage n.
func buildAt(t *testing.T, n int) string {
	t.Helper()
	bin, clean, err := BuildModule(context.Background(), moduleOf(t, n))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(clean)
	return bin
}

// rogue builds the misbehaving runtime of testdata/rogue in one of its modes.
func rogue(t *testing.T, mode string) string {
	t.Helper()
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "rogue-"+mode)
	cmd := exec.Command("go", "build", "-ldflags", "-X main.mode="+mode, "-o", bin, ".")
	cmd.Dir = "testdata/rogue"
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the rogue runtime: %v\n%s", err, out)
	}
	return bin
}

func checker(t testing.TB, bin string) *Checker {
	t.Helper()
	return &Checker{Host: testutil.Host(t).Host, Binary: bin, Rootfs: testutil.BusyboxRootfs(t), ReadyTimeout: 3 * time.Second}
}

// check checks the stages with bin, and fails the test when the lab
// could not be made.
func check(t *testing.T, bin string, list ...*Stage) []Result {
	t.Helper()
	res, err := checker(t, bin).Check(context.Background(), list)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func describe(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "stage %d %s: err=%v\n", r.Stage.N, r.Stage.ID, r.Err)
	for _, c := range r.Claims {
		fmt.Fprintf(&b, "  held=%v skipped=%v %s — %s\n", c.Held, c.Skipped, c.Text, c.Seen)
	}
	for _, l := range r.Left {
		fmt.Fprintf(&b, "  left: %s\n", l)
	}
	return b.String()
}

// The reference up to each stage passes that stage, and fails the next:
// every stage asks for something the one before did not do.
func TestReferencePassesItsStageAndNotTheNext(t *testing.T) {
	testutil.RequireRoot(t)
	before := testutil.Snapshot(t)
	for _, st := range Stages() {
		bin := buildAt(t, st.N)
		list := []*Stage{st}
		if st.N < len(stages) {
			list = append(list, stages[st.N])
		}
		res := check(t, bin, list...)
		for _, r := range res {
			t.Logf("reference up to stage %2d on stage %2d %-10s passed=%-5v %.2fs (%d checks)", st.N, r.Stage.N, r.Stage.ID, r.Passed(), r.Seconds, len(r.Claims))
		}
		if !res[0].Passed() {
			t.Errorf("the reference up to stage %d fails it:\n%s", st.N, describe(res[0]))
		}
		if len(res) == 2 && res[1].Passed() {
			t.Errorf("the reference up to stage %d passes stage %d too:\n%s", st.N, st.N+1, describe(res[1]))
		}
	}
	testutil.AssertClean(t, before)
}

// None of the skeleton, a program that prints what the checks expect, and
// one that runs the command with no isolation passes a stage past the first.
func TestNoCheaterPassesAStagePastTheFirst(t *testing.T) {
	testutil.RequireRoot(t)
	before := testutil.Snapshot(t)
	bins := map[string]string{"skeleton": buildAt(t, 0), "printer": rogue(t, "printer"), "plain": rogue(t, "plain")}
	for name, bin := range bins {
		for _, r := range check(t, bin, Stages()[1:]...) {
			failed := 0
			for _, c := range r.Claims {
				if c.Failed() {
					failed++
				}
			}
			t.Logf("%-8s on stage %2d %-10s passed=%-5v failed checks %d, error: %v", name, r.Stage.N, r.Stage.ID, r.Passed(), failed, firstLine(r.Err))
			if r.Passed() {
				t.Errorf("%s passes stage %d (%s):\n%s", name, r.Stage.N, r.Stage.ID, describe(r))
			}
		}
	}
	// And the skeleton not even the first: it never runs the command.
	if r := check(t, bins["skeleton"], Stages()[0])[0]; r.Passed() {
		t.Errorf("the skeleton passes stage 1:\n%s", describe(r))
	}
	testutil.AssertClean(t, before)
}

// A runtime that crashes half-way, leaves mounts, forks away, hangs, fills
// the disk or leaves its cgroup: burk ends it, removes what it left, names
// each thing, and the host is as it was.
func TestUnrulyRuntimesLeaveNothing(t *testing.T) {
	testutil.RequireRoot(t)
	before := testutil.Snapshot(t)
	for mode, want := range map[string][]string{
		"crash":  {},
		"mounts": {"left a proc mount at", "left a tmpfs mount at"},
		"forks":  {"processes running after it exited", "sleep"},
		"hangs":  {},
		"fills":  {"filesystem is full"},
		"cgroup": {"left its cgroup", LearnerCgroupPrefix},
	} {
		t.Run(mode, func(t *testing.T) {
			r := check(t, rogue(t, mode), Stages()[0])[0]
			var left []string
			for _, l := range r.Left {
				left = append(left, l.String())
			}
			for _, w := range want {
				if !strings.Contains(strings.Join(left, "\n"), w) {
					t.Errorf("what it left does not say %q:\n%s", w, describe(r))
				}
			}
			switch mode {
			case "forks":
				if pids := processesRunning("sleep\x003600\x00"); len(pids) > 0 {
					t.Errorf("the process the runtime left still runs: %v", pids)
				}
			case "crash":
				if r.Passed() {
					t.Errorf("a runtime that dies half-way passes:\n%s", describe(r))
				}
			case "hangs":
				if r.Err == nil || !strings.Contains(r.Err.Error(), "did not answer") {
					t.Errorf("a runtime that never runs the command: err = %v", r.Err)
				}
			}
		})
	}
	testutil.AssertClean(t, before)
}

func firstLine(err error) string {
	if err == nil {
		return "none"
	}
	line, _, _ := strings.Cut(err.Error(), "\n")
	return line
}

// What a killed burk's check left — its lab's tmpfs and cgroup, the
// cgroup of its learner's runtime — the next check removes.
func TestAKilledChecksLabIsRemovedByTheNext(t *testing.T) {
	testutil.RequireRoot(t)
	before := testutil.Snapshot(t)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	pid := strconv.Itoa(dead.Process.Pid)
	l := &lab{dir: filepath.Join("/run", labPrefix+pid)}
	os.MkdirAll(l.dir, 0o755)
	if err := unix.Mount("burk-build", l.dir, "tmpfs", 0, ""); err != nil {
		t.Fatal(err)
	}
	info, err := cgroup.Detect()
	if err != nil {
		t.Fatal(err)
	}
	l.info = info
	if err := l.makeCgroup(labPrefix + pid); err != nil {
		t.Fatal(err)
	}
	learner := filepath.Join(l.cgroups[0], "..", LearnerCgroupPrefix+pid)
	os.Mkdir(learner, 0o755)
	removed := strings.Join(recoverLabs(info), "\n")
	for _, want := range append([]string{l.dir, filepath.Clean(learner)}, l.cgroups...) {
		if !strings.Contains(removed, want) {
			t.Errorf("not removed: %s (removed: %s)", want, removed)
		}
	}
	testutil.AssertClean(t, before)
}

// processesRunning lists the processes whose command line is cmdline.
func processesRunning(cmdline string) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline")); err == nil && string(data) == cmdline {
			out = append(out, e.Name())
		}
	}
	return out
}
