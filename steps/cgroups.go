package steps

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/burk-tui/burk/sandbox"
)

// The cgroup demonstrations. Each is bounded by itself in size and time,
// so that it stays harmless even if its limit failed to apply: the hog
// doubles a string 25 times (32 MiB, twice the limit), the fork loop starts
// at most 60 one-second sleeps, the busy loop counts to 100,000 and is cut
// off after a second. The step waits for each, so none runs longer than
// it must to show its limit: counting to 100,000 takes a shell 80 to 100 ms
// of CPU time on a current machine, four or five times the quota of one
// period, so the loop is throttled in each period it runs. (A bound by time
// alone would not do: busybox's timeout rounds up to whole seconds.) They
// need nothing but sh, sleep and timeout: a root filesystem a user brings
// may have an empty /dev. That is also why the sleeps run as one pipeline
// rather than with &: a shell without job control starts a background
// command on /dev/null, and fails it where there is none.
var (
	memoryHog = []string{"sh", "-c", `i=0; x=y; while [ $i -lt 25 ]; do x=$x$x; i=$((i+1)); done; echo "held ${#x} bytes"`}
	forkBomb  = []string{"sh", "-c", `p="sleep 1"; n=1; while [ $n -lt 60 ]; do p="$p | sleep 1"; n=$((n+1)); done; eval "$p"; echo "started $n"`}
	busyLoop  = []string{"timeout", "1", "sh", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"}
)

var probeCgroup = &Probe{ID: "cgroup", Title: Text{"cgroup limits", "cgroup-gränser"}, Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "cgroup", Title: Text{"cgroup limits", "cgroup-gränser"}}
	st, _ := r.c.CgroupStats()
	missing := func(c string) bool { return slices.Contains(st.Missing, c) }
	demo := func(key string, controller string, args []string) {
		v.Container.show("$ " + strings.Join(args[len(args)-1:], " "))
		if missing(controller) {
			v.Container.say(tf("  skipped: this host has no %s controller", "  hoppades över: värden har ingen %s-controller", controller))
			return
		}
		res := r.inside(ctx, key, args...)
		for _, l := range splitLines(res.Stdout + res.Stderr) {
			if len(v.Container.Lines) < 40 {
				if sv, ok := demoLineSv(l); ok {
					v.Container.say(Text{"  " + l, "  " + sv})
				} else {
					v.Container.show("  " + l)
				}
			}
		}
		status := tf("  exit status %d", "  avslutades med status %d", res.ExitCode)
		if res.Signal != "" {
			status = tf("  killed by %s", "  dödades av %s", res.Signal)
		}
		v.Container.say(status)
	}
	v.Container.setSource(Text{"three bounded demonstrations, run inside one after another",
		"tre begränsade demonstrationer, körda där inne en efter en"})
	demo("memory", "memory", memoryHog)
	// While the fork loop fills the pids limit, the host lists its
	// processes, again and again until the loop has ended: it stays
	// responsive. The slowest listing is shown, beside one just before
	// the loop, to compare. (The loop itself takes milliseconds: its shell
	// dies at the first fork refused, and its sleeps with it.)
	start := time.Now()
	sandbox.ProcessTree(r.ev.BurkPID)
	r.ev.HostReadBefore = time.Since(start)
	loopEnded, listed := make(chan struct{}), make(chan struct{})
	var slowest time.Duration
	var listErr error
	go func() {
		defer close(listed)
		for {
			start := time.Now()
			if _, _, err := sandbox.ProcessTree(r.ev.BurkPID); err != nil {
				listErr = err
			}
			slowest = max(slowest, time.Since(start))
			select {
			case <-loopEnded:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	demo("pids", "pids", forkBomb)
	close(loopEnded)
	<-listed
	r.ev.HostReadTime, r.ev.HostReadErr = slowest, listErr
	demo("cpu", "cpu", busyLoop)

	st, err := r.c.CgroupStats()
	if err != nil {
		v.Host.Err = err.Error()
		return v
	}
	r.ev.Cgroup = &st
	v.Host.setSource(Text{"the container's cgroup files", "containerns cgroup-filer"})
	// What the limits did first, where a small screen shows it; then
	// where each controller's files are, and the files themselves.
	mark := func(t Text) {
		v.Host.Marked = append(v.Host.Marked, len(v.Host.Lines))
		v.Host.say(t)
	}
	if !missing("memory") {
		mark(tf("OOM kills: %d (limit %d MiB, peak %d MiB)", "OOM-killern dödade: %d (gräns %d MiB, som mest %d MiB)",
			st.OOMKills, st.MemoryMax>>20, st.MemoryPeak>>20))
	}
	if !missing("pids") {
		mark(tf("forks refused at pids.max=%d: %d", "fork som nekades vid pids.max=%d: %d", st.PidsMax, st.PidsMaxHits))
		v.Host.say(tf("host listed its processes during the fork loop in %v (%v before it)",
			"värden listade sina processer under fork-loopen på %v (%v före den)",
			r.ev.HostReadTime.Round(time.Millisecond), r.ev.HostReadBefore.Round(time.Millisecond)))
	}
	if !missing("cpu") {
		mark(tf("throttled in %d of %d periods (quota %v per %v), %v in all",
			"bromsad i %d av %d perioder (kvot %v per %v), %v sammanlagt",
			st.NrThrottled, st.NrPeriods, st.CPUQuota, st.CPUPeriod, st.ThrottledTime.Round(time.Millisecond)))
	}
	for _, c := range []string{"memory", "pids", "cpu"} {
		if ver, ok := st.Version[c]; ok {
			v.Host.show(fmt.Sprintf("%s: cgroup %s, %s", c, ver, st.Dirs[c]))
		}
	}
	paths := make([]string, 0, len(st.Files))
	for p := range st.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		name := filepath.Base(p)
		if strings.HasSuffix(name, "events") || name == "memory.oom_control" || name == "cpu.stat" || strings.HasSuffix(name, ".max") ||
			strings.HasSuffix(name, "limit_in_bytes") || strings.HasSuffix(name, "quota_us") {
			// The directory is on the controller's line above.
			v.Host.show(name + ":")
			for _, l := range splitLines(st.Files[p]) {
				v.Host.show("  " + l)
			}
		}
	}
	return v
}}

// demoLineSv is, in Swedish, a line a demonstration's own script echoes
// at its end ("held 67108864 bytes", "started 60"); the shell's own
// complaints are its own.
func demoLineSv(line string) (string, bool) {
	if n, ok := strings.CutPrefix(line, "held "); ok {
		if n, ok := strings.CutSuffix(n, " bytes"); ok {
			return "höll " + n + " byte", true
		}
	}
	if n, ok := strings.CutPrefix(line, "started "); ok {
		return "startade " + n, true
	}
	return "", false
}
