package record

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/burk-tui/burk/internal/buildinfo"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// Recorder is a Runner that runs each step on another Runner — the live
// engine — and keeps what it returned. Safe for concurrent use.
type Recorder struct {
	runner  Runner
	machine Machine

	mu        sync.Mutex
	runs      map[runKey]Run
	exercises []steps.ExerciseOutcome
}

type runKey struct {
	step    string
	variant steps.Variant
}

// NewRecorder records the runs of r on the machine m. m.Burk is this
// burk's version when it is empty.
func NewRecorder(r Runner, m Machine) *Recorder {
	if m.Burk == "" {
		m.Burk = buildinfo.Version()
	}
	return &Recorder{runner: r, machine: m, runs: map[runKey]Run{}}
}

// Run runs the step and keeps the observation: the last one of each step
// and variant. A run that was stopped before it finished — the learner
// moved on — is not kept: it shows nothing of the step. Nor is a run of a
// step outside the tour's list and its recap, which Parse would refuse.
func (r *Recorder) Run(ctx context.Context, step *steps.Step, variant steps.Variant) *steps.Observation {
	obs := r.runner.Run(ctx, step, variant)
	if obs == nil || errors.Is(obs.Err, context.Canceled) || errors.Is(obs.Err, context.DeadlineExceeded) {
		return obs
	}
	if _, err := steps.Runnable(obs.StepID); err != nil {
		return obs
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs[runKey{obs.StepID, obs.Variant}] = runOf(obs)
	return obs
}

// AddExercises keeps how the exercises of a shell came out.
func (r *Recorder) AddExercises(outcomes []steps.ExerciseOutcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exercises = append(r.exercises, outcomes...)
}

// Recording is what was recorded so far, the runs in the tour's order.
func (r *Recorder) Recording() *Recording {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := &Recording{Format: Format, Version: Version, Machine: r.machine, Runs: []Run{},
		Exercises: slices.Clone(r.exercises)}
	for _, run := range r.runs {
		rec.Runs = append(rec.Runs, run)
	}
	slices.SortFunc(rec.Runs, func(a, b Run) int {
		if d := steps.RunOrder(a.Step) - steps.RunOrder(b.Step); d != 0 {
			return d
		}
		return variantRank(a.Variant) - variantRank(b.Variant)
	})
	return rec
}

func variantRank(v string) int {
	if v == VariantBreak {
		return 1
	}
	return 0
}

// Player is a Runner that returns the recorded observations instead of
// running the steps: a replay, on any machine, with no privilege.
type Player struct {
	rec  *Recording
	runs map[runKey]Run
}

// NewPlayer plays rec back.
func NewPlayer(rec *Recording) *Player {
	p := &Player{rec: rec, runs: map[runKey]Run{}}
	for _, run := range rec.Runs {
		p.runs[runKey{run.Step, variantOf(run.Variant)}] = run
	}
	return p
}

// Recording is what the player plays.
func (p *Player) Recording() *Recording { return p.rec }

// Run returns the recorded observation of the step, or one whose error
// says the recording has none: then Hint says how to see it live. Under
// steps.WithLive, it first gives the step's chart samples at the times
// they were recorded, and so takes as long as their demonstrations took.
func (p *Player) Run(ctx context.Context, step *steps.Step, variant steps.Variant) *steps.Observation {
	run, ok := p.runs[runKey{step.ID, variant}]
	if !ok {
		what := "step " + step.ID
		if variant == steps.BreakIt {
			what += `, "break it"`
		}
		return &steps.Observation{StepID: step.ID, Variant: variant,
			Err:  fmt.Errorf("the recording has no run of %s", what),
			Hint: i18n.T("This step was not recorded: run the live tour on Linux to see it."),
		}
	}
	obs := run.Observation()
	replayLive(ctx, obs)
	return obs
}

// Has reports whether the recording has a run of the step and variant.
func (p *Player) Has(stepID string, variant steps.Variant) bool {
	_, ok := p.runs[runKey{stepID, variant}]
	return ok
}
