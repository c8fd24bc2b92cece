package steps

import (
	"context"
	"sync"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// Chart is a cgroup file read again and again while a demonstration ran:
// one number against its limit over time, and the kernel's count of the
// times it enforced the limit. The UI and the plain tour draw it; a
// recording keeps it as it was sampled.
type Chart struct {
	// Controller is the cgroup controller sampled: "memory", "pids", "cpu".
	Controller string
	// Title says what is drawn, by the files' names:
	// "memory.current against memory.max".
	Title i18n.Msg
	// Unit is what Value and Limit count in: "MiB", "tasks", "% CPU".
	Unit i18n.Msg
	// Limit is the limit in Unit; 0 when the chart has none to draw.
	Limit float64
	// Event names what Events counts: "OOM kill", "fork refused".
	Event i18n.Msg
	// Began is when the chart's first sample was taken, since its probe
	// began to look: a replay draws each chart again at its time.
	Began   time.Duration
	Samples []Sample
	// Line is the pane's line the chart shows over time ("OOM kills: 1"):
	// it is drawn under it.
	Line int
}

// Sample is one reading of a chart's files.
type Sample struct {
	At     time.Duration // since the demonstration started
	Value  float64       // in the chart's Unit
	Events int64         // the kernel's count of enforcements so far
}

// Events is how many enforcements the chart saw, from its first sample to
// its last.
func (c Chart) Events() int64 {
	if len(c.Samples) == 0 {
		return 0
	}
	return c.Samples[len(c.Samples)-1].Events - c.Samples[0].Events
}

// FirstEvent is when the kernel's count of enforcements was first seen to
// rise: the first sample whose count is above the one before; false when
// it never rose.
func (c Chart) FirstEvent() (time.Duration, bool) {
	for i := 1; i < len(c.Samples); i++ {
		if c.Samples[i].Events > c.Samples[i-1].Events {
			return c.Samples[i].At, true
		}
	}
	return 0, false
}

// LiveSample is a chart's sample as it is taken, for a UI that draws the
// chart while its demonstration runs: the observation, which comes after,
// holds every sample again.
type LiveSample struct {
	// Chart is the chart's place among its pane's charts, in the order
	// they began.
	Chart int
	// Of is the chart without its samples: what it draws, in what unit,
	// against what limit.
	Of     Chart
	Sample Sample
}

type liveKey struct{}

// WithLive returns a context under which a step's run gives f each chart
// sample as it is taken, from the goroutine that took it: f must return
// at once, or the next samples are late.
func WithLive(ctx context.Context, f func(LiveSample)) context.Context {
	return context.WithValue(ctx, liveKey{}, f)
}

// Live is the function WithLive put in ctx; nil when there is none.
func Live(ctx context.Context) func(LiveSample) {
	f, _ := ctx.Value(liveKey{}).(func(LiveSample))
	return f
}

// sampleEvery is how often a demonstration's cgroup files are read: 20
// times a second, so that a demonstration of half a second is ten samples.
const sampleEvery = 50 * time.Millisecond

// sampler reads the container's cgroup files every sampleEvery until it is
// stopped, keeping what read turns each reading into.
type sampler struct {
	stop    chan struct{}
	done    sync.WaitGroup
	samples []Sample
}

// sample starts reading the cgroup files of c now, and then every
// sampleEvery, until stop. A reading that fails is left out: a chart
// shows only what the kernel said. Each sample is also given to live,
// when there is one, as the index-th chart of its pane.
func sample(c *sandbox.Container, read func(st sandbox.CgroupStats, since time.Duration) Sample, live func(LiveSample), index int, of Chart) *sampler {
	s := &sampler{stop: make(chan struct{})}
	start := time.Now()
	take := func() {
		if st, err := c.CgroupStats(); err == nil {
			smp := read(st, time.Since(start))
			s.samples = append(s.samples, smp)
			if live != nil {
				live(LiveSample{Chart: index, Of: of, Sample: smp})
			}
		}
	}
	take()
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		tick := time.NewTicker(sampleEvery)
		defer tick.Stop()
		for {
			select {
			case <-s.stop:
				take() // the demonstration's end, as the files say it
				return
			case <-tick.C:
				take()
			}
		}
	}()
	return s
}

// Stop ends the sampling and returns the samples.
func (s *sampler) Stop() []Sample {
	close(s.stop)
	s.done.Wait()
	return s.samples
}

// The charts of the cgroups step: what each demonstration's controller
// counts. Each turns one reading into a sample.
func memoryChart(st sandbox.CgroupStats) (Chart, func(sandbox.CgroupStats, time.Duration) Sample) {
	c := Chart{Controller: "memory", Unit: i18n.T("MiB"), Limit: mib(st.MemoryMax), Event: i18n.T("OOM kill"),
		Title: i18n.T("memory.current against memory.max")}
	if st.Version["memory"] == "v1" {
		// v1 names the files otherwise (cgroup-v1/memory.rst, "Files").
		c.Title = i18n.T("memory.usage_in_bytes against memory.limit_in_bytes")
	}
	return c, func(st sandbox.CgroupStats, at time.Duration) Sample {
		return Sample{At: at, Value: mib(st.MemoryCurrent), Events: st.OOMKills}
	}
}

func pidsChart(max int64) (Chart, func(sandbox.CgroupStats, time.Duration) Sample) {
	c := Chart{Controller: "pids", Unit: i18n.T("tasks"), Limit: float64(max), Event: i18n.T("fork refused"),
		Title: i18n.T("pids.current against pids.max")}
	return c, func(st sandbox.CgroupStats, at time.Duration) Sample {
		return Sample{At: at, Value: float64(st.PidsCurrent), Events: st.PidsMaxHits}
	}
}

// cpuChart is the container's CPU time in each interval between two
// samples, as a share of one CPU, against the share the quota allows. On
// a cgroup v1 host whose cpuacct hierarchy is apart from cpu's, the
// container's cgroup has no CPU time to read: the chart is then of the
// periods throttled, from cpu.stat.
func cpuChart(st sandbox.CgroupStats) (Chart, func(sandbox.CgroupStats, time.Duration) Sample) {
	if st.CPUUsage < 0 {
		c := Chart{Controller: "cpu", Unit: i18n.T("periods"), Event: i18n.T("period throttled"),
			Title: i18n.T("cpu.stat: periods throttled")}
		return c, func(st sandbox.CgroupStats, at time.Duration) Sample {
			return Sample{At: at, Value: float64(st.NrThrottled), Events: st.NrThrottled}
		}
	}
	c := Chart{Controller: "cpu", Unit: i18n.T("% CPU"), Event: i18n.T("period throttled"),
		Title: i18n.T("CPU time used against the quota")}
	if st.CPUQuota > 0 && st.CPUPeriod > 0 {
		c.Limit = 100 * float64(st.CPUQuota) / float64(st.CPUPeriod)
	}
	var lastAt, lastUsage time.Duration
	return c, func(st sandbox.CgroupStats, at time.Duration) Sample {
		s := Sample{At: at, Events: st.NrThrottled}
		if at > lastAt && lastAt > 0 {
			s.Value = 100 * float64(st.CPUUsage-lastUsage) / float64(at-lastAt)
		}
		lastAt, lastUsage = max(at, time.Nanosecond), st.CPUUsage
		return s
	}
}

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }
