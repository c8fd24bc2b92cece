package bench_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/steps"
)

// BenchmarkCgroupsStep runs the cgroups step again and again on each kind
// of root filesystem burk supports (the host's binaries, busybox, and a
// bare one a user brings: a static busybox and empty directories), and
// counts how often each claim held: scripts/bench-cgroups runs it while
// the machine is loaded on every core, where a demonstration that relied on
// timing would miss its limit. It reports, per rootfs, the runs, the claims
// that held, the fewest samples any chart had, and the median and slowest
// step. Not a timed test: nothing here fails on a figure.
func BenchmarkCgroupsStep(b *testing.B) {
	setup(b)
	step, _ := steps.Runnable("cgroups")
	dirs := map[string]string{"bare": testutil.BusyboxRootfs(b)}
	for _, from := range []rootfs.Source{rootfs.FromHost, rootfs.FromBusybox} {
		dir := filepath.Join(workDir, "rootfs-cgroups-"+string(from))
		if _, err := rootfs.Build(dir, from); err != nil {
			b.Fatalf("build the %s rootfs: %v", from, err)
		}
		dirs[string(from)] = dir
	}
	for _, kind := range []string{"host", "busybox", "bare"} {
		b.Run(kind, func(b *testing.B) {
			engine := &steps.Engine{Rootfs: dirs[kind], Host: testutil.Host(b)}
			var runs, claims, held int
			fewest := -1
			var times []time.Duration
			for b.Loop() {
				obs := engine.Run(context.Background(), step, steps.Itself)
				if obs.Err != nil {
					b.Fatalf("the cgroups step: %v", obs.Err)
				}
				runs++
				times = append(times, obs.Duration)
				for _, c := range obs.Claims {
					claims++
					if c.Held {
						held++
					} else {
						b.Logf("run %d: ✗ %s: %s", runs, c.Text.In(i18n.English), c.Seen.In(i18n.English))
					}
				}
				if v := obs.View("cgroup"); v != nil {
					if len(v.Host.Charts) != 3 {
						b.Logf("run %d: %d charts, not 3", runs, len(v.Host.Charts))
						fewest = 0
					}
					for _, ch := range v.Host.Charts {
						if runs == 1 {
							b.Logf("%s: %d samples over %v, %d events", ch.Controller, len(ch.Samples), ch.Samples[len(ch.Samples)-1].At.Round(time.Millisecond), ch.Events())
						}
						if fewest < 0 || len(ch.Samples) < fewest {
							fewest = len(ch.Samples)
						}
					}
				}
			}
			b.ReportMetric(float64(runs), "runs")
			b.ReportMetric(float64(claims), "claims")
			b.ReportMetric(float64(held), "held")
			b.ReportMetric(float64(fewest), "fewest-samples")
			b.ReportMetric(ms(median(times)), "median-ms")
			b.ReportMetric(ms(slices.Max(times)), "slowest-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}
