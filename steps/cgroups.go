package steps

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// The cgroup demonstrations. Each reaches its limit by construction, not
// by how fast the machine is, and each is bounded by itself, so that it
// stays harmless even if its limit failed to apply:
//
//   - the hog keeps one more copy of a 1 MiB string, again and again,
//     until the OOM killer ends it, or until it holds 32 MiB, twice the
//     limit (a copy of the chunk, not of all it holds: its CPU time stays
//     small, and the CPU quota cannot slow it);
//   - the fork loop is a chain of subshells, each the parent of the next,
//     and each waits for its child: every process it made is still there
//     when it makes the next, so the chain reaches pids.max however slowly
//     the machine forks. The first fork refused ends the shell that asked,
//     and the chain unwinds; 60 deep, it ends by itself. No clock ends it:
//     on a slow machine (an emulated VM, where each exec takes a quarter
//     of a second) it takes seconds, and gets there. (bash, sh on some
//     distributions, retries a refused fork for 15 s before it gives up.)
//   - the busy loop counts, a thousand at a time, until /proc/uptime says
//     0.43 s have passed: it wants all of a CPU for all that time, far
//     more than the quota of a period, so it is throttled in each period
//     it runs, however fast the machine; and it ends by the clock, not
//     after so much work, so a machine busy with other things does not
//     draw it out. It can only see the clock while it runs: it ends at
//     the first look past its time, at the latest when the quota lets it
//     run again, 80 ms on; timeout cuts it off after a second in any
//     case. (timeout alone would not do: busybox's rounds up to whole
//     seconds. The uptime read as hundredths of a second: 12345.67 s is
//     1234567.)
//
// The hog and the fork loop pause at each step, so that the host, reading
// the cgroup files 20 times a second, sees each climb in ten readings or
// more: a reading as it starts, one as it ends, and eight between, so a
// little over 400 ms each (the hog's copies 30 ms apart, the chain's
// shells 18 ms apart, each as many as its limit lets in), as the busy
// loop's 0.43 s. (A sleep that takes no fractions of a second fails at
// once: they run unpaced then, to the same limits, drawn from fewer
// readings.) They need nothing but sh, sleep and timeout, and /proc,
// mounted since the proc step: a root filesystem a user brings may
// have an empty /dev, so nothing runs in the background (a shell without
// job control starts a background command on /dev/null, and fails it
// where there is none).
var (
	memoryHog = []string{"sh", "-c", `c=y; i=0; while [ $i -lt 20 ]; do c=$c$c; i=$((i+1)); done; ` +
		`i=0; while [ $i -lt 32 ]; do eval "x$i=\$c"; i=$((i+1)); sleep 0.03; done; ` + heldBytes.echo("$((i << 20))")}
	forkBomb = []string{"sh", "-c", `f() { n=$((n+1)); if [ $n -ge 60 ]; then ` + started.echo("$n") + `; else sleep 0.018; (f); fi; }; n=1; f`}
	busyLoop = []string{"timeout", "1", "sh", "-c", `now() { read t _ </proc/uptime; t=${t%.*}${t#*.}; }; now; end=$((t+43)); ` +
		`while now; [ $t -lt $end ]; do i=0; while [ $i -lt 1000 ]; do i=$((i+1)); done; done`}
)

// demoBound is the most a demonstration may take, should it not end.
const demoBound = 30 * time.Second

// cgroupSeen is what the demonstrations did, as the container's cgroup
// files count it, and how the host fared meanwhile.
type cgroupSeen struct {
	Stats  *sandbox.CgroupStats // nil when the files could not be read
	Memory sandbox.ExecResult   // the memory hog
	// HostReadErr is how the host's listing of its processes ended while
	// the fork loop ran, HostReadTime how long it took, and HostReadBefore
	// how long the same took just before.
	HostReadErr                  error
	HostReadTime, HostReadBefore time.Duration
	// BusyBefore is cpu.stat's count just before the busy loop: the
	// cgroup's counts run from when it was made, so they hold the hog's
	// and the fork loop's periods too; nil when it could not be read.
	BusyBefore *periodCount
}

// periodCount is cpu.stat's nr_throttled and nr_periods at one reading.
type periodCount struct{ Throttled, Periods int64 }

var probeCgroup = newProbe("cgroup", i18n.T("cgroup limits"), probeFuncs[cgroupSeen]{take: takeCgroup})

func takeCgroup(ctx context.Context, r *probeRun, e *cgroupSeen) (host, container Pane) {
	began, live := time.Now(), Live(ctx)
	st, _ := r.c.CgroupStats()
	missing := func(c string) bool { return slices.Contains(st.Missing, c) }
	// Each demonstration is drawn as it ran: its controller's files,
	// read while it runs.
	var charts []Chart
	demo := func(controller string, args []string, chart Chart, read func(sandbox.CgroupStats, time.Duration) Sample) sandbox.ExecResult {
		container.show("$ " + strings.Join(args[len(args)-1:], " "))
		if missing(controller) {
			container.say(i18n.T("  skipped: this host has no %s controller", controller))
			return sandbox.ExecResult{}
		}
		// Longer than the 10 s a probe's command is given by default: a
		// demonstration ends by itself, and on a slow machine it may take
		// that long to get to its limit.
		dctx, cancel := context.WithTimeout(ctx, demoBound)
		chart.Began = time.Since(began)
		s := sample(r.c, read, live, len(charts), chart)
		res := r.inside(dctx, args...)
		chart.Samples = s.Stop()
		cancel()
		charts = append(charts, chart)
		for _, l := range splitLines(res.Stdout + res.Stderr) {
			if len(container.Lines) < 40 {
				if line := ownLine(l, demoEchoes...); line.IsRaw() {
					container.show("  " + l)
				} else {
					container.say(i18n.T("  %v", line))
				}
			}
		}
		status := i18n.T("  exit status %d", res.ExitCode)
		if res.Signal != "" {
			status = i18n.T("  killed by %s", res.Signal)
		}
		container.say(status)
		return res
	}
	container.Source = i18n.T("three bounded demonstrations, run inside one after another")
	chart, read := memoryChart(st)
	e.Memory = demo("memory", memoryHog, chart, read)
	// While the fork loop fills the pids limit, the host lists its
	// processes, again and again until the loop has ended: it stays
	// responsive. The slowest listing is shown, beside one just before
	// the loop, to compare. (The loop ends at the first fork refused: the
	// shell that asked dies, and the chain of shells above it unwinds.)
	start := time.Now()
	r.host.ProcessTree(r.run.BurkPID)
	e.HostReadBefore = time.Since(start)
	loopEnded, listed := make(chan struct{}), make(chan struct{})
	var slowest time.Duration
	var listErr error
	go func() {
		defer close(listed)
		for {
			start := time.Now()
			if _, _, err := r.host.ProcessTree(r.run.BurkPID); err != nil {
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
	chart, read = pidsChart(st.PidsMax)
	demo("pids", forkBomb, chart, read)
	close(loopEnded)
	<-listed
	e.HostReadTime, e.HostReadErr = slowest, listErr
	chart, read = cpuChart(st)
	if before, err := r.c.CgroupStats(); err == nil {
		e.BusyBefore = &periodCount{before.NrThrottled, before.NrPeriods}
	}
	demo("cpu", busyLoop, chart, read)

	st, err := r.c.CgroupStats()
	if err != nil {
		host.Err = i18n.Raw(err.Error())
		return host, container
	}
	e.Stats = &st
	host.Source = i18n.T("the container's cgroup files")
	host.Charts = charts
	// What the limits did first, where a small screen shows it; then
	// where each controller's files are, and the files themselves.
	// Each chart goes under the line it shows over time.
	mark := func(controller string, t i18n.Msg) {
		for i := range host.Charts {
			if host.Charts[i].Controller == controller {
				host.Charts[i].Line = len(host.Lines)
			}
		}
		host.Marked = append(host.Marked, len(host.Lines))
		host.say(t)
	}
	if !missing("memory") {
		mark("memory", i18n.T("OOM kills: %d (limit %d MiB, peak %d MiB)", st.OOMKills, st.MemoryMax>>20, st.MemoryPeak>>20))
	}
	if !missing("pids") {
		mark("pids", i18n.T("forks refused at pids.max=%d: %d", st.PidsMax, st.PidsMaxHits))
		host.say(i18n.T("host listed its processes during the fork loop in %v (%v before it)",
			e.HostReadTime.Round(time.Millisecond), e.HostReadBefore.Round(time.Millisecond)))
	}
	if !missing("cpu") {
		mark("cpu", i18n.T("%v; quota %v per %v, throttled %v in all", busyThrottled(e, &st), st.CPUQuota, st.CPUPeriod, st.ThrottledTime.Round(time.Millisecond)))
	}
	for _, c := range []string{"memory", "pids", "cpu"} {
		if ver, ok := st.Version[c]; ok {
			host.show(fmt.Sprintf("%s: cgroup %s, %s", c, ver, st.Dirs[c]))
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
			// The directory is on the controller's line above. A file a
			// row, one a line of it: a table of file and value.
			if host.Table == nil {
				host.Table = tableOf(len(host.Lines), 2, false)
			}
			for _, l := range splitLines(st.Files[p]) {
				host.show(name + " " + l)
			}
		}
	}
	return host, container
}

// The lines the demonstrations' own scripts echo at their end ("held
// 67108864 bytes", "started 60"); the shell's own complaints are its own.
var (
	heldBytes  = echoed(func(n string) i18n.Msg { return i18n.T("held %s bytes", n) })
	started    = echoed(func(n string) i18n.Msg { return i18n.T("started %s", n) })
	demoEchoes = []echoed{heldBytes, started}
)
