package steps_test

// Every claim of every step, asserted on real containers: with the default
// rootfs (the host's binaries), with a static busybox, and with a bare
// directory a user might bring (busybox and empty mount points: no
// /etc/passwd, so no user names). Privileged: the tests assume root and a
// static busybox (CI installs busybox-static).

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/steps"
)

func TestMain(m *testing.M) {
	code := testutil.RunPrivileged(m)
	for _, dir := range built {
		os.RemoveAll(filepath.Dir(dir))
	}
	os.Exit(code)
}

var built = map[rootfs.Source]string{}

func rootfsFor(t testing.TB, from rootfs.Source) string {
	t.Helper()
	testutil.RequireRoot(t)
	if dir, ok := built[from]; ok {
		return dir
	}
	parent, err := os.MkdirTemp("", "burk-steps-test-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(parent, 0o755)
	dir := filepath.Join(parent, "rootfs")
	if from == bare {
		built[from] = bareRootfs(t, dir)
		return dir
	}
	if _, err := rootfs.Build(dir, from); err != nil {
		os.RemoveAll(parent)
		t.Fatalf("build the %s rootfs: %v", from, err)
	}
	built[from] = dir
	return dir
}

// newEngine is the engine the tests run steps with, on the machine itself.
func newEngine(tb testing.TB, rootfs string) *steps.Engine {
	return &steps.Engine{Rootfs: rootfs, Host: testutil.Host(tb)}
}

// bare stands for a directory the user brings rather than one burk builds.
const bare rootfs.Source = "bare"

// bareRootfs makes the least burk accepts: a static busybox with its
// applets, and the empty directories burk mounts on.
func bareRootfs(t testing.TB, dir string) string {
	t.Helper()
	for _, d := range []string{"bin", "proc", "dev", "tmp", "etc"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("/bin/busybox")
	if err != nil {
		t.Fatalf("a bare rootfs needs a static busybox (apt-get install busybox-static): %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bin", "busybox"), data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, applet := range []string{"sh", "ps", "mount", "umount", "hostname", "ls", "cat", "id", "ip", "ipcs",
		"sleep", "date", "grep", "head", "tail", "wc", "echo", "true", "timeout", "chroot", "cd", "readlink", "awk", "sed", "tr", "cut"} {
		os.Symlink("busybox", filepath.Join(dir, "bin", applet))
	}
	return dir
}

func TestEveryClaimHolds(t *testing.T) {
	for _, from := range []rootfs.Source{rootfs.FromHost, rootfs.FromBusybox, bare} {
		t.Run(string(from), func(t *testing.T) {
			engine := newEngine(t, rootfsFor(t, from))
			for _, s := range steps.All() {
				variants := []steps.Variant{steps.Itself}
				if s.HasBreak() {
					variants = append(variants, steps.BreakIt)
				}
				for _, variant := range variants {
					t.Run(s.ID+string(variant), func(t *testing.T) {
						before := testutil.Snapshot(t)
						obs := engine.Run(context.Background(), s, variant)
						if obs.Err != nil {
							t.Fatalf("Run: %v", obs.Err)
						}
						if len(obs.Claims) == 0 {
							t.Errorf("step %s makes no claim", s.ID)
						}
						for _, c := range obs.Claims {
							if !c.Held {
								t.Errorf("claim %q did not hold: %s", c.Text.String(), c.Seen)
							}
						}
						if len(obs.Trace) == 0 {
							t.Errorf("no syscall trace")
						}
						if s.ID == "cgroups" {
							chartsShowTheLimits(t, obs)
						}
						// In every language, what burk wrote came from its
						// catalogue (translation_test.go).
						for _, lang := range i18n.Langs {
							for _, p := range untranslated(obs, lang) {
								t.Errorf("%s: %s", lang, p)
							}
						}
						testutil.AssertClean(t, before)
					})
				}
			}
		})
	}
}

// chartsShowTheLimits checks the cgroups step's charts: one a
// demonstration, read from its cgroup files before it began and after it
// ended, the kernel's count of enforcements rising in between, each under
// the marked line it shows over time.
func chartsShowTheLimits(t *testing.T, obs *steps.Observation) {
	t.Helper()
	v := obs.View("cgroup")
	if v == nil || len(v.Host.Charts) != 3 {
		t.Fatalf("the cgroups step drew %d charts, want 3", len(v.Host.Charts))
	}
	for _, c := range v.Host.Charts {
		if len(c.Samples) < 2 {
			t.Errorf("%s: %d samples, want one before the demonstration and one after at least", c.Controller, len(c.Samples))
			continue
		}
		if c.Events() < 1 {
			t.Errorf("%s: the kernel's count of %s did not rise while sampled: %+v", c.Controller, c.Event.In(i18n.English), c.Samples)
		}
		if !slices.Contains(v.Host.Marked, c.Line) {
			t.Errorf("%s: drawn under line %d, which is not a marked line", c.Controller, c.Line)
		}
	}
}

func TestCancellingAStepLeavesTheHostClean(t *testing.T) {
	engine := newEngine(t, rootfsFor(t, rootfs.FromHost))
	cg, _ := steps.ByID("cgroups")
	for _, after := range []time.Duration{time.Millisecond, 20 * time.Millisecond, 300 * time.Millisecond} {
		before := testutil.Snapshot(t)
		ctx, cancel := context.WithTimeout(context.Background(), after)
		obs := engine.Run(ctx, cg, "")
		cancel()
		if obs.Err == nil {
			t.Errorf("cancelled after %v: no error", after)
		}
		testutil.AssertClean(t, before)
	}
}

func BenchmarkObserve(b *testing.B) {
	engine := newEngine(b, rootfsFor(b, rootfs.FromHost))
	for _, s := range steps.All() {
		b.Run(s.ID, func(b *testing.B) {
			for b.Loop() {
				if obs := engine.Run(context.Background(), s, ""); obs.Err != nil {
					b.Fatal(obs.Err)
				}
			}
		})
	}
}

// A learner pressing → quickly starts runs that overlap; the engine takes
// them one at a time, so neither sees the other's proc mount as its own.
func TestOverlappingRunsDoNotSeeEachOther(t *testing.T) {
	engine := newEngine(t, rootfsFor(t, rootfs.FromHost))
	before := testutil.Snapshot(t)
	ids := []string{"proc", "proc", "mount-ns", "proc"}
	results := make(chan *steps.Observation, len(ids))
	for _, id := range ids {
		s, _ := steps.ByID(id)
		go func() { results <- engine.Run(context.Background(), s, "") }()
	}
	for range ids {
		obs := <-results
		for _, c := range obs.Claims {
			if !c.Held {
				t.Errorf("%s: claim %q did not hold: %s", obs.StepID, c.Text.String(), c.Seen)
			}
		}
	}
	testutil.AssertClean(t, before)
}

// The namespaces view marks what the step made new, the namespace a child
// will be born in (pid_for_children) included.
func TestTheNewNamespacesAreMarked(t *testing.T) {
	engine := newEngine(t, rootfsFor(t, rootfs.FromBusybox))
	s, _ := steps.ByID("pid-ns")
	obs := engine.Run(context.Background(), s, "")
	if obs.Err != nil {
		t.Fatal(obs.Err)
	}
	v := obs.View("ns")
	if v == nil {
		t.Fatal("pid-ns has no ns view")
	}
	want := map[string]bool{"mnt": true, "pid": true, "pid_for_children": true, "uts": false, "net": false}
	for i, line := range v.Container.LinesIn(i18n.English) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if mark, ok := want[f[0]]; ok && slices.Contains(v.Container.Marked, i) != mark {
			t.Errorf("%q marked %v, want %v", line, !mark, mark)
		}
		delete(want, f[0])
	}
	if len(want) > 0 {
		t.Errorf("no line for %v in %q", want, v.Container.Lines)
	}
}
