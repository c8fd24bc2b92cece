package ui

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/steps"
)

// These tests run the real Bubble Tea program loop (teatest), where
// commands run on goroutines of their own as they do in the terminal.
// Their durations are deadlines for a broken program, not measurements.
const deadline = 20 * time.Second

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(deadline), teatest.WithCheckInterval(10*time.Millisecond))
}

// A step runs in a command: while it runs, the screen still answers keys.
func TestTheTourAnswersKeysWhileAStepRuns(t *testing.T) {
	release := make(chan struct{})
	tm := teatest.NewTestModel(t, New(Options{Runner: fixtureRunner{release: release}, Lesson: lessons.Get}),
		teatest.WithInitialTermSize(160, 45))
	waitFor(t, tm, "running the step on this machine")
	tm.Send(keyMsg("?"))
	waitFor(t, tm, "reset progress")
	tm.Send(keyMsg("esc"))
	close(release)
	waitFor(t, tm, "held")
	tm.Send(keyMsg("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(deadline)).(Model)
	if final.running || final.current() == nil || final.current().StepID != "process" {
		t.Errorf("the first step's result never landed: running %v, observation %v", final.running, final.current())
	}
}

// cancelRunner blocks until its run is cancelled, and says so.
type cancelRunner struct{ cancelled chan struct{} }

func (r cancelRunner) Run(ctx context.Context, s *steps.Step, variant steps.Variant) *steps.Observation {
	<-ctx.Done()
	close(r.cancelled)
	return &steps.Observation{StepID: s.ID, Err: ctx.Err()}
}

// Quitting in the middle of a step stops it: its container is closed at
// once, not when the step would have finished.
func TestQuittingStopsTheStepInFlight(t *testing.T) {
	r := cancelRunner{cancelled: make(chan struct{})}
	tm := teatest.NewTestModel(t, New(Options{Runner: r, Lesson: lessons.Get}), teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "running")
	tm.Send(keyMsg("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(deadline))
	select {
	case <-r.cancelled:
	case <-time.After(deadline):
		t.Fatal("the step in flight was not cancelled when the tour quit")
	}
}
