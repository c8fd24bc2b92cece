package vmtest

// TestHostMatrix boots every kernel of Kernels with every cgroup layout of
// CgroupModes and runs the plain tour inside with / private and then
// shared, on one root filesystem each time: every root filesystem meets
// both on every kernel and in every layout (rootfsPhases). It assumes root (burk builds the root
// filesystems as root), qemu-system-x86_64 and a static busybox, and the
// network to Debian's archive the first time (the kernels are cached). Under
// CI nothing here may skip: scripts/test installs what it needs.

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// needsVMs is what every test that boots a guest assumes: root, and qemu.
func needsVMs(t *testing.T) {
	t.Helper()
	testutil.RequireRoot(t)
	_, err := exec.LookPath("qemu-system-x86_64")
	testutil.Need(t, "qemu (apt-get install qemu-system-x86)", err)
}

// expectedClaims is how many claim lines a whole plain tour prints: every
// step's claims and those of its "break it" variant, and the recap's.
func expectedClaims() int { return expectedClaimsFrom(steps.All()[0].ID) }

// expectedClaimsFrom is expectedClaims for a tour that starts at a step.
func expectedClaimsFrom(id string) int {
	n := len(steps.Recap().Claims)
	for _, s := range steps.All()[steps.Index(id):] {
		n += len(s.Claims)
		if s.Break != nil {
			n += len(s.Break.Claims)
		}
	}
	return n
}

func TestHostMatrix(t *testing.T) {
	needsVMs(t)
	// Beside the other tests that boot guests: they share the guest slots
	// (guestSlot), so that none waits for another's last guest.
	t.Parallel()
	cache := CacheDir()
	work := t.TempDir()
	os.Chmod(work, 0o755)
	burk := filepath.Join(work, "burk")
	build := exec.Command("go", "build", "-o", burk, "github.com/burk-tui/burk")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build burk: %v\n%s", err, out)
	}
	// The containers' root filesystems, built here as a learner's machine
	// builds them: the default one from this machine's binaries, and busybox.
	rootfs := map[string]string{}
	for _, from := range []string{"host", "busybox"} {
		dir := filepath.Join(work, "rootfs-"+from)
		buildRootfs(t, dir, from)
		rootfs[from] = dir
	}
	enosys := filepath.Join(work, "enosys")
	build = exec.Command("go", "build", "-o", enosys, "github.com/burk-tui/burk/internal/vmtest/enosys")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build enosys: %v\n%s", err, out)
	}
	ir := Initramfs{Burk: burk, Rootfs: rootfs, Modules: GuestModules, Enosys: enosys}
	// The whole tour's lines first, the fallback lines' few steps last:
	// the longest boots start first, the short ones fill the end.
	var configs, fallbacks []Config
	for ki, series := range Kernels {
		k, err := FetchKernel(cache, series)
		testutil.Need(t, "Debian's kernel "+series.Name, err)
		img := filepath.Join(work, "initramfs-"+k.Release+".cpio.gz")
		if err := ir.Build(k, img); err != nil {
			t.Fatal(err)
		}
		lacks, err := k.V1Lacks()
		if err != nil {
			t.Fatal(err)
		}
		configs = append(configs, wholeTourLines(k, ki, img, lacks, slices.Sorted(maps.Keys(rootfs)))...)
		fb := fallbackLines[series.Name]
		fallbacks = append(fallbacks, Config{Kernel: k, Cgroups: fb.cgroups, Initramfs: img, Timeout: 3 * time.Minute, Tours: fb.tours})
	}
	if missed := uncoveredPhases(configs); len(missed) > 0 {
		t.Fatalf("no line runs the tour on these root filesystems with / private and shared:\n%s", strings.Join(missed, "\n"))
	}
	configs = append(configs, fallbacks...)

	// The rootless line first, the longest: it runs a third tour.
	slices.SortStableFunc(configs, func(a, b Config) int {
		return cmp.Compare(boolInt(b.Rootless), boolInt(a.Rootless))
	})

	want := expectedClaims()
	var mu sync.Mutex
	var summary []string
	t.Run("boot", func(t *testing.T) {
		// The lines in their order, as guest slots come free (guestSlot):
		// the longest first, the short fallback lines last, to fill the
		// end. (t.Parallel would start them in no set order.)
		next := make(chan Config, len(configs))
		for _, c := range configs {
			next <- c
		}
		close(next)
		var wg sync.WaitGroup
		for range cap(guests) {
			wg.Go(func() {
				for c := range next {
					t.Run(c.Name(), func(t *testing.T) {
						defer guestSlot()()
						lines := checkConfig(t, c, want)
						mu.Lock()
						summary = append(summary, lines...)
						mu.Unlock()
					})
				}
			})
		}
		wg.Wait()
	})
	slices.Sort(summary)
	t.Logf("the matrix, %d claims a tour:\n%s", want, strings.Join(summary, "\n"))
}

// guests are the guests that may run at once, across this package's
// tests: one per CPU, as a guest under TCG is one thread that keeps a CPU
// busy. More, and a guest's timing (the cgroups step's demonstrations)
// starves. Every boot takes one (guestSlot), in the order asked.
var guests = make(chan struct{}, runtime.GOMAXPROCS(0))

// guestSlot waits for a guest slot, and returns what gives it back.
func guestSlot() (release func()) {
	guests <- struct{}{}
	return func() { <-guests }
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// wholeTourLines are the lines of kernel k, the ki-th of Kernels, that run
// the whole tour: one per cgroup layout, and on the newest kernel one more
// on v2, the tours as an ordinary user with a cgroup systemd-style
// delegated to them. lacks are the controllers k offers on v2 only.
func wholeTourLines(k Kernel, ki int, img string, lacks, rootfs []string) []Config {
	var lines []Config
	for _, mode := range CgroupModes {
		c := Config{Kernel: k, Cgroups: mode, Initramfs: img, Timeout: 5 * time.Minute}
		if mode == "v1" {
			c.Missing = lacks
		}
		lines = append(lines, c)
	}
	if ki == len(Kernels)-1 {
		lines = append(lines, Config{Kernel: k, Cgroups: "v2", Initramfs: img, Timeout: 5 * time.Minute, Rootless: true})
	}
	for li := range lines {
		lines[li].Private, lines[li].Shared = rootfsPhases(rootfs, ki+li)
	}
	return lines
}

// rootfsPhases are the root filesystems of the n-th line: one with /
// private, the other with / shared, the next line the other way round.
// A line runs the whole tour twice, not on every root filesystem in each
// phase: the phases differ in the host (/ shared and systemd's cgroups),
// which every line must meet, and the root filesystems in what runs in
// the container, which each meets in both phases on every kernel and in
// every cgroup layout, on the lines beside it.
func rootfsPhases(names []string, n int) (private, shared []string) {
	i := n % len(names)
	return []string{names[i]}, []string{names[(i+1)%len(names)]}
}

// uncoveredPhases lists what the lines lack of rootfsPhases' promise:
// every root filesystem with / private and with / shared, on every
// kernel and in every cgroup layout.
func uncoveredPhases(lines []Config) []string {
	type run struct{ by, rootfs, phase string }
	ran := map[run]bool{}
	all := map[string]bool{}
	for _, c := range lines {
		for phase, names := range map[string][]string{"private": c.Private, "shared": c.Shared} {
			for _, r := range names {
				all[r] = true
				ran[run{"kernel " + c.Kernel.Series, r, phase}] = true
				ran[run{"cgroups " + c.Cgroups, r, phase}] = true
			}
		}
	}
	var missed []string
	for _, c := range lines {
		for r := range all {
			for _, phase := range []string{"private", "shared"} {
				for _, by := range []string{"kernel " + c.Kernel.Series, "cgroups " + c.Cgroups} {
					if !ran[run{by, r, phase}] {
						missed = append(missed, fmt.Sprintf("%s: rootfs %s with / %s", by, r, phase))
					}
				}
			}
		}
	}
	slices.Sort(missed)
	return slices.Compact(missed)
}

// checkConfig boots one configuration, fails the test for anything that
// went wrong in it with the guest's console, and returns one summary line
// per propagation of /.
func checkConfig(t *testing.T, c Config, want int) []string {
	var console strings.Builder
	start := time.Now()
	lines, err := Boot(context.Background(), c, &console)
	boot := time.Since(start)
	failed := err != nil
	if err != nil {
		t.Errorf("kernel %s, cgroups %s: %v", c.Kernel.Release, c.Cgroups, err)
	}
	// What the guest said of each tour ("private host"), and of the doctor
	// ("private doctor").
	details := map[string][]string{}
	var all []string
	for _, l := range lines {
		if l.Kind == "detail" {
			all = append(all, l.Text)
			f := strings.Fields(l.Text)
			if len(f) > 2 {
				key := f[0] + " " + strings.TrimSuffix(f[1], ":")
				_, rest, _ := strings.Cut(l.Text, ": ")
				details[key] = append(details[key], rest)
			}
		}
	}
	type tally struct {
		held, tours int
		secs        float64
	}
	byProp := map[string]*tally{"private": {}, "shared": {}}
	props := []string{"private", "shared"}
	wants := map[string]int{}
	if len(c.Tours) > 0 {
		byProp, props = map[string]*tally{}, nil
		for _, tour := range c.Tours {
			byProp[tour.Label] = &tally{}
			props = append(props, tour.Label)
			wants[tour.Label] = expectedClaimsFrom(tour.From)
			checkShows(t, tour, details[tour.Label+" busybox"])
		}
	}
	wantOf := func(prop string) int {
		if n, ok := wants[prop]; ok {
			return n
		}
		return want
	}
	if c.Rootless {
		// One more tour, on busybox, where the learner's cgroup is
		// offered memory and pids but not cpu, as where no admin
		// delegated it.
		byProp[noCPU] = &tally{}
		props = append(props, noCPU)
	}
	for _, l := range lines {
		f := l.Fields
		switch l.Kind {
		case "booted":
			if f["kernel"] != c.Kernel.Release {
				t.Errorf("the guest runs kernel %s, not %s", f["kernel"], c.Kernel.Release)
			}
		case "note":
			t.Logf("guest: %s", l.Text)
		case "error":
			t.Errorf("guest: %s", l.Text)
			failed = true
		case "doctor":
			if f["rc"] != "0" {
				t.Errorf("burk doctor (/ %s) exited %s", f["propagation"], f["rc"])
				failed = true
			}
			checkDoctor(t, c, details[f["propagation"]+" doctor"])
		case "result":
			tl := byProp[f["propagation"]]
			if tl == nil {
				t.Errorf("a result for / %q", f["propagation"])
				continue
			}
			held, _ := strconv.Atoi(f["held"])
			secs, _ := strconv.ParseFloat(f["seconds"], 64)
			tl.held += held
			tl.tours++
			tl.secs += secs
			var why []string
			var allowed []string
			if c.Rootless {
				allowed = rootlessSkips
			}
			if f["propagation"] == noCPU {
				allowed = append(slices.Clone(allowed), cpuNotDelegated)
				if !slices.ContainsFunc(details[noCPU+" "+f["rootfs"]], func(d string) bool { return strings.Contains(d, cpuNotDelegated) }) {
					t.Errorf("without cpu delegated the cpu claim was not skipped, saying %q", cpuNotDelegated)
					failed = true
				}
			}
			skipped := honestSkips(details[f["propagation"]+" "+f["rootfs"]], c.Missing, allowed)
			if said, _ := strconv.Atoi(f["skipped"]); skipped >= 0 && said != skipped {
				why = append(why, fmt.Sprintf("%d claims skipped, %d of them with a reason", said, skipped))
			}
			if f["rc"] != "0" && skipped <= 0 {
				why = append(why, "exit status "+f["rc"])
			}
			if held+skipped != wantOf(f["propagation"]) {
				why = append(why, fmt.Sprintf("%d of %d claims held", held, wantOf(f["propagation"])))
			}
			if len(c.Missing) > 0 && skipped == 0 {
				why = append(why, fmt.Sprintf("no claim says this host has no %v controller", c.Missing))
			}
			if f["errors"] != "0" {
				why = append(why, f["errors"]+" steps could not run")
			}
			why = append(why, chartProblems(t, c, details[f["propagation"]+" "+f["rootfs"]], runsCgroupsStep(c, f["propagation"]))...)
			if f["leftover"] != "0" {
				why = append(why, f["leftover"]+" things left on the host")
			}
			if len(why) > 0 {
				t.Errorf("/ %s, rootfs %s: %s", f["propagation"], f["rootfs"], strings.Join(why, ", "))
				failed = true
			}
		}
	}
	if failed {
		t.Logf("what the guest said:\n%s", strings.Join(all, "\n"))
		t.Logf("the guest's console:\n%s", console.String())
	}
	var out []string
	for _, prop := range props {
		tl := byProp[prop]
		tours := map[string]int{"private": len(c.Private), "shared": len(c.Shared)}[prop]
		if prop == noCPU || len(c.Tours) > 0 {
			tours = 1
		}
		if tl.tours != tours {
			t.Errorf("/ %s: %d tours ran, want %d", prop, tl.tours, tours)
		}
		note := ""
		if c.Rootless {
			note = "  (as an ordinary user with a delegated cgroup; the rest skipped, each saying what needs root)"
		}
		if prop == noCPU {
			note = "  (the learner's cgroup offered no cpu: its claim skipped, saying so)"
		}
		if len(c.Missing) > 0 {
			note = fmt.Sprintf("  (the rest skipped, and said so: no v1 %s in this kernel)", strings.Join(c.Missing, ", "))
		}
		cgroups := c.Cgroups
		if c.Rootless {
			cgroups += "-rl"
		}
		for _, tour := range c.Tours {
			if tour.Label == prop {
				cgroups += "-fb"
				note = "  (" + tour.describe() + ")"
			}
		}
		out = append(out, fmt.Sprintf("kernel %-5s cgroups %-6s / %-7s  claims held %3d/%-3d  tours %4.1fs  boot and all %3.0fs%s",
			c.Kernel.Series, cgroups, prop, tl.held, wantOf(prop)*tours, tl.secs, boot.Seconds(), note))
	}
	return out
}

// rootlessSkips start the reasons a rootless tour may give for a skipped
// claim even with a delegated cgroup: what needs root on any machine. A
// cgroup demonstration skipped is none of them.
var rootlessSkips = []string{
	"without root the user namespace maps one id",
}

// noCPU names the rootless line's last tour, made where the learner's
// cgroup is offered no cpu controller, and cpuNotDelegated the reason its
// cpu claim must give.
const (
	noCPU           = "nocpu"
	cpuNotDelegated = "without root burk may use only a cgroup delegated to you, and it has none with the cpu controller"
)

// honestSkips counts the claims of one tour that were skipped because the
// host lacks one of the missing controllers, and said so, or for a reason
// that starts with one of allowed (rootless: what needs root). It returns
// -1 when any claim failed, or was skipped for another reason: on the
// rootless line a cgroup demonstration skipped is one the delegated
// cgroup should have let run.
func honestSkips(details []string, missing []string, allowed []string) int {
	n := 0
	for _, d := range details {
		d = strings.TrimSpace(d)
		if strings.HasPrefix(d, "- seen: ") {
			return -1 // a ✗
		}
		reason, ok := strings.CutPrefix(d, "- skipped: ")
		if !ok {
			continue
		}
		honest := false
		for _, a := range allowed {
			honest = honest || strings.HasPrefix(reason, a)
		}
		for _, m := range missing {
			if strings.Contains(reason, "this host has no "+m+" controller") {
				honest = true
			}
		}
		if !honest {
			return -1
		}
		n++
	}
	return n
}

// checkDoctor checks what burk doctor said of the machine against how it
// was booted: the cgroup layout, each controller, the kernel.
func checkDoctor(t *testing.T, c Config, said []string) {
	t.Helper()
	find := func(name string) string {
		for _, l := range said {
			f := strings.Fields(l)
			if len(f) > 1 && strings.HasPrefix(strings.Join(f[1:], " ")+" ", name+" ") {
				return strings.Join(f, " ")
			}
		}
		t.Errorf("burk doctor says nothing of %s:\n%s", name, strings.Join(said, "\n"))
		return ""
	}
	if l := find("cgroup mode"); !strings.HasPrefix(l, "ok cgroup mode "+c.Cgroups+" ") {
		t.Errorf("burk doctor on a %s host: %q", c.Cgroups, l)
	}
	if l := find("kernel"); !strings.HasSuffix(l, " "+c.Kernel.Release) {
		t.Errorf("burk doctor on kernel %s: %q", c.Kernel.Release, l)
	}
	// A fallback line's guest starts without the overlay module.
	if l := find("overlayfs (fsopen)"); strings.HasPrefix(l, "ok ") == (len(c.Tours) > 0) {
		t.Errorf("burk doctor where overlay is loaded: %v: %q", len(c.Tours) == 0, l)
	}
	for _, ctrl := range []string{"memory", "pids", "cpu"} {
		l := find(ctrl + " controller")
		if want := !slices.Contains(c.Missing, ctrl); strings.HasPrefix(l, "ok ") != want {
			t.Errorf("burk doctor on a host where %s is there: %v: %q", ctrl, want, l)
		}
	}
	// Each step: in full, or what it skips here and the fix, which for a
	// controller this kernel keeps for v2 says so.
	for _, s := range steps.All() {
		var lines []string
		for i, l := range said {
			if f := strings.Fields(l); len(f) > 2 && f[1] == "step" && f[2] == s.ID {
				lines = append(lines, strings.Join(f, " "))
				if i+1 < len(said) && strings.HasPrefix(strings.TrimSpace(said[i+1]), "fix: ") {
					lines = append(lines, strings.TrimSpace(said[i+1]))
				}
			}
		}
		text := strings.Join(lines, " / ")
		skips := len(c.Missing) > 0 && steps.Index(s.ID) >= steps.Index("cgroups")
		switch {
		case len(lines) == 0:
			t.Errorf("burk doctor says nothing of step %s", s.ID)
		case !skips && text != "ok step "+s.ID+" runs here in full":
			t.Errorf("burk doctor of step %s: %q", s.ID, text)
		case skips && !strings.Contains(text, "on cgroup v2 only"):
			t.Errorf("burk doctor of step %s on a host without v1 %v: %q", s.ID, c.Missing, text)
		}
	}
}

var sampledTimes = regexp.MustCompile(`\), sampled (\d+) times in `)

// chartProblems checks the charts one tour printed (the plain tour's
// "… (MiB), sampled 12 times in 563ms"): each demonstration the tour ran
// drawn from ten real samples or more, read from this guest's cgroup files.
// runsCgroupsStep reports whether the tour named label on the line c runs
// the cgroups step: every tour but a fallback tour that starts after it.
func runsCgroupsStep(c Config, label string) bool {
	for _, tour := range c.Tours {
		if tour.Label == label {
			return steps.Index(tour.From) <= steps.Index("cgroups")
		}
	}
	return true
}

func chartProblems(t *testing.T, c Config, details []string, wantCharts bool) []string {
	var why []string
	charts := 0
	for _, chart := range details {
		m := sampledTimes.FindStringSubmatch(chart)
		if m == nil {
			continue
		}
		charts++
		t.Logf("%s: %s", c.Name(), chart)
		if n, _ := strconv.Atoi(m[1]); n < 10 {
			why = append(why, fmt.Sprintf("a chart of fewer than 10 samples: %q", chart))
		}
	}
	if charts == 0 && wantCharts {
		why = append(why, "the cgroups step drew no chart")
	}
	return why
}
