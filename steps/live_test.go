package steps_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/steps"
)

// Assumes root: the cgroups step starts a real container with limits.
//
// A step run under steps.WithLive gives each chart sample as it is taken,
// not at the end: the samples arrive spread over the demonstrations, and
// they are the observation's own, chart by chart, in order.
func TestChartSamplesArriveWhileTheStepRuns(t *testing.T) {
	testutil.RequireRoot(t)
	engine := newEngine(t, rootfsFor(t, rootfs.FromBusybox))
	step, err := steps.Runnable("cgroups")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []steps.LiveSample
	var arrived []time.Time
	ctx := steps.WithLive(context.Background(), func(s steps.LiveSample) {
		mu.Lock()
		defer mu.Unlock()
		got, arrived = append(got, s), append(arrived, time.Now())
	})
	before := testutil.Snapshot(t)
	obs := engine.Run(ctx, step, steps.Itself)
	ended := time.Now()
	testutil.AssertClean(t, before)
	if obs.Err != nil {
		t.Fatalf("Run: %v", obs.Err)
	}
	v := obs.View("cgroup")
	if v == nil || len(v.Host.Charts) == 0 {
		t.Fatal("the cgroups step drew no chart")
	}
	n := 0
	for i, c := range v.Host.Charts {
		for j, s := range c.Samples {
			if n >= len(got) {
				t.Fatalf("%d samples arrived; the observation has more", len(got))
			}
			if g := got[n]; g.Chart != i || g.Sample != s || g.Of.Controller != c.Controller || len(g.Of.Samples) != 0 {
				t.Errorf("live sample %d is chart %d (%s) %+v; the observation's is chart %d (%s) sample %d %+v",
					n, g.Chart, g.Of.Controller, g.Sample, i, c.Controller, j, s)
			}
			n++
		}
	}
	if n != len(got) {
		t.Errorf("%d samples arrived, the observation has %d", len(got), n)
	}
	// Each chart's samples arrived as they were taken, spread over its
	// demonstration, not all at once after it: from its first to its
	// last, at least half the time the samples say it ran. And the first
	// came before the step ended by at least what the last chart took.
	n = 0
	for _, c := range v.Host.Charts {
		first, last := arrived[n], arrived[n+len(c.Samples)-1]
		if took := c.Samples[len(c.Samples)-1].At - c.Samples[0].At; last.Sub(first) < took/2 {
			t.Errorf("%s: its samples, taken over %v, arrived within %v: not as they were taken", c.Controller, took, last.Sub(first))
		}
		n += len(c.Samples)
	}
	last := v.Host.Charts[len(v.Host.Charts)-1]
	if early := ended.Sub(arrived[0]); early < last.Samples[len(last.Samples)-1].At {
		t.Errorf("the first sample arrived %v before the step ended, less than the last chart took: not live", early)
	}
}
