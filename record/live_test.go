package record

import (
	"context"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// A replay under steps.WithLive gives the recorded samples one by one,
// each no sooner than it was taken after the step began, chart after
// chart; without it, the replay gives none and does not wait.
func TestAReplayGivesItsSamplesAtTheirTimes(t *testing.T) {
	step, _ := steps.Runnable("cgroups")
	at := func(ms int) time.Duration { return time.Duration(ms) * time.Millisecond }
	chart := func(controller string, began time.Duration, ats ...int) steps.Chart {
		c := steps.Chart{Controller: controller, Title: i18n.T("pids.current against pids.max"), Unit: i18n.T("tasks"), Event: i18n.T("fork refused"), Began: began}
		for i, a := range ats {
			c.Samples = append(c.Samples, steps.Sample{At: at(a), Value: float64(i)})
		}
		return c
	}
	obs := sample("cgroups", steps.Itself)
	// The second chart says it began 10 ms in, before the first had ended:
	// as a recording older than 1.2 would, it begins where the first ended.
	obs.Views[0].Host.Charts = []steps.Chart{chart("memory", at(5), 0, 20, 40), chart("pids", at(10), 0, 15)}
	rec := NewRecorder(fakeRunner{obs: func(*steps.Step, steps.Variant) *steps.Observation { return obs }}, Machine{})
	rec.Run(context.Background(), step, steps.Itself)
	player := NewPlayer(rec.Recording())

	type arrival struct {
		s     steps.LiveSample
		after time.Duration
	}
	var got []arrival
	start := time.Now()
	ctx := steps.WithLive(context.Background(), func(s steps.LiveSample) { got = append(got, arrival{s, time.Since(start)}) })
	if o := player.Run(ctx, step, steps.Itself); o.Err != nil {
		t.Fatal(o.Err)
	}
	want := []struct {
		chart int
		at    time.Duration // since the replay began
	}{{0, at(5)}, {0, at(25)}, {0, at(45)}, {1, at(45)}, {1, at(60)}}
	if len(got) != len(want) {
		t.Fatalf("%d samples given, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if g := got[i]; g.s.Chart != w.chart || g.after < w.at || g.s.Of.Controller == "" || len(g.s.Of.Samples) != 0 {
			t.Errorf("sample %d: chart %d (%q) given after %v; want chart %d, no sooner than %v", i, g.s.Chart, g.s.Of.Controller, g.after, w.chart, w.at)
		}
	}

}
