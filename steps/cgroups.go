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
	memoryHog = []string{"sh", "-c", `i=0; x=y; while [ $i -lt 25 ]; do x=$x$x; i=$((i+1)); done; ` + heldBytes.echo("${#x}")}
	forkBomb  = []string{"sh", "-c", `p="sleep 1"; n=1; while [ $n -lt 60 ]; do p="$p | sleep 1"; n=$((n+1)); done; eval "$p"; ` + started.echo("$n")}
	busyLoop  = []string{"timeout", "1", "sh", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"}
)

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
}

var probeCgroup = newProbe("cgroup", i18n.T("cgroup limits"), probeFuncs[cgroupSeen]{take: takeCgroup})

func takeCgroup(ctx context.Context, r *probeRun, e *cgroupSeen) (host, container Pane) {
	st, _ := r.c.CgroupStats()
	missing := func(c string) bool { return slices.Contains(st.Missing, c) }
	demo := func(controller string, args []string) sandbox.ExecResult {
		container.show("$ " + strings.Join(args[len(args)-1:], " "))
		if missing(controller) {
			container.say(i18n.T("  skipped: this host has no %s controller", controller))
			return sandbox.ExecResult{}
		}
		res := r.inside(ctx, args...)
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
	e.Memory = demo("memory", memoryHog)
	// While the fork loop fills the pids limit, the host lists its
	// processes, again and again until the loop has ended: it stays
	// responsive. The slowest listing is shown, beside one just before
	// the loop, to compare. (The loop itself takes milliseconds: its shell
	// dies at the first fork refused, and its sleeps with it.)
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
	demo("pids", forkBomb)
	close(loopEnded)
	<-listed
	e.HostReadTime, e.HostReadErr = slowest, listErr
	demo("cpu", busyLoop)

	st, err := r.c.CgroupStats()
	if err != nil {
		host.Err = i18n.Raw(err.Error())
		return host, container
	}
	e.Stats = &st
	host.Source = i18n.T("the container's cgroup files")
	// What the limits did first, where a small screen shows it; then
	// where each controller's files are, and the files themselves.
	mark := func(t i18n.Msg) {
		host.Marked = append(host.Marked, len(host.Lines))
		host.say(t)
	}
	if !missing("memory") {
		mark(i18n.T("OOM kills: %d (limit %d MiB, peak %d MiB)", st.OOMKills, st.MemoryMax>>20, st.MemoryPeak>>20))
	}
	if !missing("pids") {
		mark(i18n.T("forks refused at pids.max=%d: %d", st.PidsMax, st.PidsMaxHits))
		host.say(i18n.T("host listed its processes during the fork loop in %v (%v before it)",
			e.HostReadTime.Round(time.Millisecond), e.HostReadBefore.Round(time.Millisecond)))
	}
	if !missing("cpu") {
		mark(i18n.T("throttled in %d of %d periods (quota %v per %v), %v in all", st.NrThrottled, st.NrPeriods, st.CPUQuota, st.CPUPeriod, st.ThrottledTime.Round(time.Millisecond)))
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
