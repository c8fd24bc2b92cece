package record

import (
	"context"
	"slices"
	"time"

	"github.com/burk-tui/burk/steps"
)

// replayLive gives the live function in ctx (steps.WithLive), when there
// is one, the recorded chart samples of o at the times they were taken,
// counted from now: a replayed chart grows as the live one did. It
// returns when the last is given, or when ctx ends. A chart of a
// recording older than 1.2, which does not say when it began, begins
// where the chart before it ended.
func replayLive(ctx context.Context, o *steps.Observation) {
	live := steps.Live(ctx)
	if live == nil {
		return
	}
	type due struct {
		at     time.Duration
		sample steps.LiveSample
	}
	var all []due
	for _, v := range o.Views {
		for _, p := range []steps.Pane{v.Host, v.Container} {
			var ended time.Duration
			for i, c := range p.Charts {
				of := c
				of.Samples = nil
				began := max(c.Began, ended)
				for _, s := range c.Samples {
					all = append(all, due{began + s.At, steps.LiveSample{Chart: i, Of: of, Sample: s}})
					ended = max(ended, began+s.At)
				}
			}
		}
	}
	slices.SortStableFunc(all, func(a, b due) int { return int(a.at - b.at) })
	start := time.Now()
	for _, d := range all {
		if wait := d.at - time.Since(start); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		live(d.sample)
	}
}
