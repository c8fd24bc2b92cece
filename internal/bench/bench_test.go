package bench_test

// These benchmarks need root: they start real containers, with burk and
// with runc and unshare(1) beside it. Each runs its contenders in rounds,
// one of each per round, the order turning every round, and reports the
// median of each and the ratio of the medians: on a machine others share,
// a ratio measured side by side holds where two figures taken a minute
// apart do not. Run them through scripts/bench, which prints the table.

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

func TestMain(m *testing.M) {
	if os.Getenv(labObserverEnv) != "" {
		// The test binary as the rootless lab's observer: no turn on the
		// host of its own, the benchmark that started it holds it.
		os.Exit(labObserver())
	}
	code := testutil.RunPrivileged(m)
	if workDir != "" {
		os.RemoveAll(workDir)
	}
	os.Exit(code)
}

var (
	setupOnce sync.Once
	setupErr  error
	workDir   string // the burk binary, the rootfs and runc's bundle
	burkBin   string
	rootfsDir string
)

// setup builds, once per test binary, what every benchmark shares: the
// burk binary as a user runs it, and a busybox root filesystem as
// `burk rootfs --from busybox` builds it (BURK_BENCH_ROOTFS=host for the
// one made from the host's binaries, the tour's default).
func setup(b *testing.B) {
	b.Helper()
	testutil.RequireRoot(b)
	setupOnce.Do(func() {
		// Not b.TempDir: its parent is private to root, and the user
		// namespace's root (another uid) must reach the rootfs.
		workDir, setupErr = os.MkdirTemp("", "burk-bench-")
		if setupErr != nil {
			return
		}
		os.Chmod(workDir, 0o755)
		burkBin = filepath.Join(workDir, "burk")
		build := exec.Command("go", "build", "-o", burkBin, "github.com/burk-tui/burk")
		build.Env = append(os.Environ(), "CGO_ENABLED=0") // as the README builds burk
		if out, err := build.CombinedOutput(); err != nil {
			setupErr = fmt.Errorf("build burk: %v\n%s", err, out)
			return
		}
		from := rootfs.FromBusybox
		if os.Getenv("BURK_BENCH_ROOTFS") == "host" {
			from = rootfs.FromHost
		}
		rootfsDir = filepath.Join(workDir, "rootfs")
		if _, err := rootfs.Build(rootfsDir, from); err != nil {
			setupErr = fmt.Errorf("build the rootfs: %w", err)
		}
	})
	if setupErr != nil {
		b.Fatal(setupErr)
	}
	before := testutil.Snapshot(b)
	b.Cleanup(func() { testutil.AssertClean(b, before) })
}

// contender is one thing timed in each round.
type contender struct {
	name string // the metric's unit: "burk-ms"
	run  func(b *testing.B)
}

// rounds runs one of each contender per round, for as many rounds as
// -benchtime asks (use Nx), the first of a round turning each time so that
// none always runs on a machine the one before left warm. It reports each
// contender's median and the ratio of the first median to the second's.
func rounds(b *testing.B, cs ...contender) []time.Duration {
	b.Helper()
	times := make([][]time.Duration, len(cs))
	for i := 0; b.Loop(); i++ {
		for j := range cs {
			k := (i + j) % len(cs)
			start := time.Now()
			cs[k].run(b)
			times[k] = append(times[k], time.Since(start))
		}
	}
	medians := make([]time.Duration, len(cs))
	for k, c := range cs {
		medians[k] = median(times[k])
		b.ReportMetric(ms(medians[k]), c.name)
	}
	if len(cs) > 1 {
		b.ReportMetric(float64(medians[0])/float64(medians[1]), "x")
	}
	b.ReportMetric(0, "ns/op") // a round of several things: meaningless
	return medians
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.SortFunc(s, cmp.Compare)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// hardeningSpec is the container of `burk run --step hardening -- /bin/true`:
// every step of the tour, its fullest isolation.
func hardeningSpec() sandbox.Spec {
	spec := steps.SpecFor(steps.Last(), rootfsDir)
	spec.Args = []string{"/bin/true"}
	return spec
}

func runTrue(b *testing.B) {
	if code, _, err := testutil.Host(b).Run(context.Background(), hardeningSpec()); err != nil || code != 0 {
		b.Fatalf("sandbox.Run = %d, %v", code, err)
	}
}

func command(b *testing.B, name string, args ...string) {
	cmd := exec.Command(name, args...)
	// A lock of burk's own: a tour or test elsewhere on this machine holds
	// the usual one, and burk run would refuse to start beside it. Taking
	// and dropping it costs the same.
	cmd.Env = append(os.Environ(), fmt.Sprintf("BURK_LOCK_NAME=burk-bench-%d", os.Getpid()))
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// BenchmarkRunVsRunc: `burk run --step hardening -- /bin/true` as a user
// types it (burk's own start, its lock and recovery check, the rootfs
// check, the container) against `runc run` of an equivalent bundle: runc's
// default spec (pid, network, ipc, uts and mount namespaces, its masked
// and read-only paths, its capabilities), on the same rootfs, with the
// step's memory, pids and cpu limits. Target: burk at most 0.5× runc.
func BenchmarkRunVsRunc(b *testing.B) {
	setup(b)
	if _, err := exec.LookPath("runc"); err != nil {
		b.Fatal("the comparison needs runc (apt-get install runc)")
	}
	bundle, id := runcBundle(b), fmt.Sprintf("runc-bench-%d", os.Getpid())
	b.Cleanup(func() { exec.Command("runc", "delete", "--force", id).Run() })
	rounds(b,
		contender{"burk-ms", func(b *testing.B) {
			command(b, burkBin, "run", "--step", "hardening", "--rootfs", rootfsDir, "--", "/bin/true")
		}},
		contender{"runc-ms", func(b *testing.B) { command(b, "runc", "run", "--bundle", bundle, id) }},
	)
}

// runcBundle writes an OCI bundle of `runc spec`'s defaults, changed only
// where a bundle must say what to run and on what: /bin/true without a
// terminal, on the benchmark's rootfs, with the cgroups step's limits.
func runcBundle(b *testing.B) string {
	bundle := filepath.Join(workDir, "bundle")
	os.RemoveAll(bundle)
	if err := os.Mkdir(bundle, 0o755); err != nil {
		b.Fatal(err)
	}
	command(b, "runc", "spec", "--bundle", bundle)
	path := filepath.Join(bundle, "config.json")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		b.Fatal(err)
	}
	process, _ := cfg["process"].(map[string]any)
	root, _ := cfg["root"].(map[string]any)
	linux, _ := cfg["linux"].(map[string]any)
	if process == nil || root == nil || linux == nil {
		b.Fatalf("runc spec wrote an unexpected config:\n%s", data)
	}
	process["args"] = []string{"/bin/true"}
	process["terminal"] = false
	root["path"] = rootfsDir
	resources, _ := linux["resources"].(map[string]any)
	if resources == nil {
		resources = map[string]any{}
		linux["resources"] = resources
	}
	l := steps.CgroupLimits
	period := l.CPUPeriod
	if period == 0 {
		period = 100 * time.Millisecond
	}
	resources["memory"] = map[string]any{"limit": l.MemoryBytes}
	resources["pids"] = map[string]any{"limit": l.Pids}
	resources["cpu"] = map[string]any{"quota": l.CPUQuota.Microseconds(), "period": period.Microseconds()}
	if data, err = json.MarshalIndent(cfg, "", "\t"); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return bundle
}

// BenchmarkRunVsUnshare: sandbox.Run of the same container, from a running
// process (the init is this test binary), against util-linux's unshare
// making the namespaces but the user one, mounting /proc and chrooting to
// run /bin/true — which does far less. Target: at most 2×.
func BenchmarkRunVsUnshare(b *testing.B) {
	setup(b)
	rounds(b,
		contender{"run-ms", runTrue},
		contender{"unshare-ms", func(b *testing.B) {
			if out, err := testutil.UnshareTrue(b, rootfsDir).CombinedOutput(); err != nil {
				b.Fatalf("unshare: %v\n%s", err, out)
			}
		}},
	)
}

// BenchmarkObserve: observing each step as the tour does (start its
// container, take every probe on both sides, collect the trace, check the
// claims, close) against one full-isolation sandbox.Run of /bin/true.
// Target: at most 1.5× for every step but cgroups, whose demonstrations
// take their own time (each drawn from ten samples or more, 20 a second):
// that one is to take less than 1.5 s.
func BenchmarkObserve(b *testing.B) {
	setup(b)
	engine := &steps.Engine{Rootfs: rootfsDir, Host: testutil.Host(b)}
	for _, s := range steps.All() {
		b.Run(s.ID, func(b *testing.B) {
			rounds(b,
				contender{"observe-ms", func(b *testing.B) {
					obs := engine.Run(context.Background(), s, "")
					if obs.Err != nil {
						b.Fatalf("observe %s: %v", s.ID, obs.Err)
					}
					for _, c := range obs.Claims {
						if !c.Held {
							b.Errorf("%s: claim %q did not hold: %s", s.ID, c.Text, c.Seen)
						}
					}
				}},
				contender{"run-ms", runTrue},
			)
		})
	}
}

// BenchmarkInitFloor is not a target but the reason for one: the least a
// container start costs with a Go init, exec of the burk binary as an init
// that exits at once (no control socket), against exec of a static
// busybox doing nothing. Every container pays the difference, a Go
// runtime's start.
func BenchmarkInitFloor(b *testing.B) {
	setup(b)
	run := func(path string, args ...string) func(b *testing.B) {
		return func(b *testing.B) {
			cmd := exec.Command(path, args...)
			cmd.Env = []string{}
			cmd.Run() // the init exits 1 without its socket: only that it ran counts
			if cmd.ProcessState == nil {
				b.Fatalf("%s did not run", path)
			}
		}
	}
	rounds(b,
		contender{"go-init-ms", run(burkBin, sandbox.InitArg)},
		contender{"busybox-ms", run("/bin/busybox", "true")},
	)
}

// BenchmarkWhereRunSpends is not a target but the reasons for two: the
// container of `burk run --step hardening`, sandbox.Run of /bin/true, with
// one part of it taken away at a time, against the whole, in the same
// rounds; and at the end the container unshare(1) makes (namespaces, a
// proc mount, chroot). What each part costs is the whole's median less
// the one without it.
func BenchmarkWhereRunSpends(b *testing.B) {
	setup(b)
	without := func(change func(*sandbox.Spec)) func(b *testing.B) {
		return func(b *testing.B) {
			spec := hardeningSpec()
			change(&spec)
			if code, _, err := testutil.Host(b).Run(context.Background(), spec); err != nil || code != 0 {
				b.Fatalf("sandbox.Run = %d, %v", code, err)
			}
		}
	}
	// What unshare(1) does, by burk: no user, cgroup or time namespace,
	// no limits, no hardening, chroot and a proc mount.
	asUnshare := func(s *sandbox.Spec) {
		s.Namespaces = sandbox.Namespaces{Mount: true, PID: true, UTS: true, IPC: true, Net: true}
		s.TimeOffsets = sandbox.TimeOffsets{}
		s.UIDMap, s.GIDMap, s.Limits, s.Hardening = nil, nil, sandbox.Limits{}, sandbox.Hardening{}
		s.Root, s.MountDev, s.Hostname = sandbox.RootChroot, false, ""
	}
	rounds(b,
		contender{"whole-ms", runTrue},
		contender{"no-userns-ms", without(func(s *sandbox.Spec) {
			s.Namespaces.User, s.UIDMap, s.GIDMap = false, nil, nil
			// A time namespace needs the user namespace's full fork (Spec.Validate).
			s.Namespaces.Time, s.TimeOffsets = false, sandbox.TimeOffsets{}
		})},
		contender{"no-time-cgroup-ns-ms", without(func(s *sandbox.Spec) {
			s.Namespaces.Time, s.Namespaces.Cgroup, s.TimeOffsets = false, false, sandbox.TimeOffsets{}
		})},
		contender{"no-limits-ms", without(func(s *sandbox.Spec) { s.Limits = sandbox.Limits{} })},
		contender{"no-hardening-ms", without(func(s *sandbox.Spec) { s.Hardening = sandbox.Hardening{} })},
		contender{"no-pivot-dev-ms", without(func(s *sandbox.Spec) { s.Root, s.MountDev = sandbox.RootChroot, false })},
		contender{"as-unshare-ms", without(asUnshare)},
		contender{"unshare-ms", func(b *testing.B) {
			if out, err := testutil.UnshareTrue(b, rootfsDir).CombinedOutput(); err != nil {
				b.Fatalf("unshare: %v\n%s", err, out)
			}
		}},
	)
}
