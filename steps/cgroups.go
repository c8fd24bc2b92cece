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
// doubles a string 26 times (64 MiB), the fork loop starts at most 60
// one-second sleeps, the busy loop ends after a second. They need nothing
// but sh, sleep and timeout: a root filesystem a user brings may have an
// empty /dev. That is also why the sleeps run as one pipeline rather than
// with &: a shell without job control starts a background command on
// /dev/null, and fails it where there is none.
var (
	memoryHog = []string{"sh", "-c", `i=0; x=y; while [ $i -lt 26 ]; do x=$x$x; i=$((i+1)); done; ` + heldBytes.echo("${#x}")}
	forkBomb  = []string{"sh", "-c", `p="sleep 1"; n=1; while [ $n -lt 60 ]; do p="$p | sleep 1"; n=$((n+1)); done; eval "$p"; ` + started.echo("$n")}
	busyLoop  = []string{"timeout", "1", "sh", "-c", "while :; do :; done"}
)

var probeCgroup = &Probe{ID: "cgroup", Title: i18n.T("cgroup limits"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "cgroup", Title: i18n.T("cgroup limits")}
	st, _ := r.c.CgroupStats()
	missing := func(c string) bool { return slices.Contains(st.Missing, c) }
	demo := func(key string, controller string, args []string) {
		v.Container.show("$ " + strings.Join(args[len(args)-1:], " "))
		if missing(controller) {
			v.Container.say(i18n.T("  skipped: this host has no %s controller", controller))
			return
		}
		res := r.inside(ctx, key, args...)
		for _, l := range splitLines(res.Stdout + res.Stderr) {
			if len(v.Container.Lines) < 40 {
				if line := ownLine(l, demoEchoes...); line.IsRaw() {
					v.Container.show("  " + l)
				} else {
					v.Container.say(i18n.T("  %v", line))
				}
			}
		}
		status := i18n.T("  exit status %d", res.ExitCode)
		if res.Signal != "" {
			status = i18n.T("  killed by %s", res.Signal)
		}
		v.Container.say(status)
	}
	v.Container.Source = i18n.T("three bounded demonstrations, run inside one after another")
	demo("memory", "memory", memoryHog)
	// While the fork loop fills the pids limit, time how long the host
	// takes to list its processes: it stays responsive.
	// The time before the loop is shown beside it, to compare.
	start := time.Now()
	sandbox.ProcessTree(r.ev.BurkPID)
	r.ev.HostReadBefore = time.Since(start)
	done := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		start := time.Now()
		_, _, err := sandbox.ProcessTree(r.ev.BurkPID)
		r.ev.HostReadTime = time.Since(start)
		done <- err
	}()
	demo("pids", "pids", forkBomb)
	r.ev.HostReadErr = <-done
	demo("cpu", "cpu", busyLoop)

	st, err := r.c.CgroupStats()
	if err != nil {
		v.Host.Err = i18n.Raw(err.Error())
		return v
	}
	r.ev.Cgroup = &st
	v.Host.Source = i18n.T("the container's cgroup files")
	// What the limits did first, where a small screen shows it; then
	// where each controller's files are, and the files themselves.
	mark := func(t i18n.Msg) {
		v.Host.Marked = append(v.Host.Marked, len(v.Host.Lines))
		v.Host.say(t)
	}
	if !missing("memory") {
		mark(i18n.T("OOM kills: %d (limit %d MiB, peak %d MiB)", st.OOMKills, st.MemoryMax>>20, st.MemoryPeak>>20))
	}
	if !missing("pids") {
		mark(i18n.T("forks refused at pids.max=%d: %d", st.PidsMax, st.PidsMaxHits))
		v.Host.say(i18n.T("host listed its processes during the fork loop in %v (%v before it)", r.ev.HostReadTime.Round(time.Millisecond), r.ev.HostReadBefore.Round(time.Millisecond)))
	}
	if !missing("cpu") {
		mark(i18n.T("throttled in %d of %d periods (quota %v per %v), %v in all", st.NrThrottled, st.NrPeriods, st.CPUQuota, st.CPUPeriod, st.ThrottledTime.Round(time.Millisecond)))
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

// The lines the demonstrations' own scripts echo at their end ("held
// 67108864 bytes", "started 60"); the shell's own complaints are its own.
var (
	heldBytes  = echoed(func(n string) i18n.Msg { return i18n.T("held %s bytes", n) })
	started    = echoed(func(n string) i18n.Msg { return i18n.T("started %s", n) })
	demoEchoes = []echoed{heldBytes, started}
)
