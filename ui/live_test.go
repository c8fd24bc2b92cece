package ui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/steps"
)

// liveRunner runs the fixture's steps and, as a live run does, gives each
// chart sample to the context's live function before it returns.
type liveRunner struct{ fixtureRunner }

func (r liveRunner) Run(ctx context.Context, s *steps.Step, v steps.Variant) *steps.Observation {
	obs := r.fixtureRunner.Run(ctx, s, v)
	live := steps.Live(ctx)
	for _, view := range obs.Views {
		for i, c := range view.Host.Charts {
			of := c
			of.Samples = nil
			for _, smp := range c.Samples {
				if live != nil {
					live(steps.LiveSample{Chart: i, Of: of, Sample: smp})
				}
			}
		}
	}
	return obs
}

// collected is a tour's live sink that keeps the messages the program
// would be sent.
type collected struct{ msgs []tea.Msg }

func (c *collected) sink() *liveSink {
	return &liveSink{send: func(m tea.Msg) { c.msgs = append(c.msgs, m) }}
}

// arriveAtCgroups is the tour moving from user-ns to the cgroups step:
// the run's samples as the program would be sent them, and its result,
// none of them given to the model yet.
func arriveAtCgroups(t *testing.T, w, h int, presenter bool, lang ...i18n.Lang) (Model, []tea.Msg, stepDoneMsg) {
	t.Helper()
	var c collected
	opts := Options{Runner: liveRunner{}, StartStep: "user-ns", Presenter: presenter, live: c.sink()}
	if len(lang) > 0 {
		opts.Lang = lang[0]
	}
	m := newTestModel(t, w, h, opts)
	c.msgs = nil
	next, cmd := m.Update(keyMsg("right"))
	done := runOf(t, cmd)
	return next.(Model), c.msgs, done
}

// While the cgroups step runs, each sample that arrives is drawn: the
// charts grow, one sample at a time, before the observation is in; then
// the observation's panes take their place.
func TestChartsGrowWhileTheStepRuns(t *testing.T) {
	m, samples, done := arriveAtCgroups(t, 160, 45, false)
	if len(samples) != 33 {
		t.Fatalf("the run sent %d samples, want the fixture's 33", len(samples))
	}
	if strings.Contains(ansi.Strip(m.View()), "memory.current against memory.max") {
		t.Fatalf("a chart is drawn before any sample came:\n%s", ansi.Strip(m.View()))
	}
	for i, s := range samples {
		m = send(m, s)
		if got := len(m.live.charts[len(m.live.charts)-1].Samples); i < 11 && got != i+1 {
			t.Fatalf("after %d samples the memory chart has %d", i+1, got)
		}
		if i == 4 {
			view := ansi.Strip(m.View())
			if !strings.Contains(view, "memory.current against memory.max (MiB)") || !strings.Contains(view, "OOM kill: none") {
				t.Errorf("five samples in, the memory chart is not drawn:\n%s", view)
			}
		}
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "CPU time used against the quota") || !strings.Contains(view, "running the step on this machine") {
		t.Errorf("with every sample in, the running step does not show its last chart:\n%s", view)
	}
	m = send(m, done)
	if m.liveShown() {
		t.Errorf("the observation is in, and the live charts are still shown")
	}
}

// A sample of a run the learner has moved on from, or of a baseline run,
// is not drawn.
func TestAStaleSampleIsDropped(t *testing.T) {
	m, samples, _ := arriveAtCgroups(t, 160, 45, false)
	stale := samples[0].(liveSampleMsg)
	stale.seq--
	if m = send(m, stale); m.liveShown() || len(m.live.charts) > 0 {
		t.Errorf("a sample of an older run is drawn")
	}
	baseline := samples[0].(liveSampleMsg)
	baseline.baseline = true
	if m = send(m, baseline); m.liveShown() || len(m.live.charts) > 0 {
		t.Errorf("a sample of a baseline run is drawn")
	}
}

// The charts mid-run (the hog killed, the fork chain half way) and with
// every sample in, at each size and in presenter mode.
func TestGoldenLiveCharts(t *testing.T) {
	for _, size := range sizes {
		m, samples, _ := arriveAtCgroups(t, size.w, size.h, size.presenter)
		for _, s := range samples[:16] {
			m = send(m, s)
		}
		golden(t, "live-mid-"+size.name, m.View())
		for _, s := range samples[16:] {
			m = send(m, s)
		}
		golden(t, "live-all-"+size.name, m.View())
	}
	// In Swedish: the titles, units and legends from the catalogue.
	m, samples, _ := arriveAtCgroups(t, 80, 24, false, i18n.Swedish)
	for _, s := range samples[:16] {
		m = send(m, s)
	}
	golden(t, "live-mid-swedish-80x24", m.View())
}

// heldLiveRunner gives the fixture's first chart's samples once start is
// closed, and its observation once release is.
type heldLiveRunner struct{ start, release chan struct{} }

func (r heldLiveRunner) Run(ctx context.Context, s *steps.Step, v steps.Variant) *steps.Observation {
	obs := fixtureRunner{}.Run(ctx, s, v)
	<-r.start
	if view := obs.View("cgroup"); view != nil {
		c := view.Host.Charts[0]
		of := c
		of.Samples = nil
		for _, smp := range c.Samples {
			steps.Live(ctx)(steps.LiveSample{Of: of, Sample: smp})
		}
	}
	<-r.release
	return obs
}

// In the real program loop, the samples a step gives while it runs are
// drawn before its result comes.
func TestTheProgramDrawsSamplesWhileTheStepRuns(t *testing.T) {
	r := heldLiveRunner{start: make(chan struct{}), release: make(chan struct{})}
	var program atomic.Pointer[teatest.TestModel]
	sink := &liveSink{send: func(m tea.Msg) { program.Load().Send(m) }}
	tm := teatest.NewTestModel(t, New(Options{Runner: r, StartStep: "cgroups", Lesson: lessons.Get, live: sink}),
		teatest.WithInitialTermSize(160, 45))
	program.Store(tm)
	close(r.start)
	waitFor(t, tm, "OOM kill: 1, first seen at 500ms")
	close(r.release)
	waitFor(t, tm, "held")
	tm.Send(keyMsg("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(deadline)).(Model)
	if final.running || final.current() == nil || final.current().StepID != "cgroups" {
		t.Errorf("the step's result never landed: running %v, observation %v", final.running, final.current())
	}
}
