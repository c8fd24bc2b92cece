package ui

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/steps"
)

// progress is what the tour remembers between runs, per user: where the
// learner was, and what they have seen.
type progress struct {
	Current string   `json:"current"`
	Seen    []string `json:"seen"`
	Failed  []string `json:"failed,omitempty"` // steps with a claim that did not hold
	// Exercises is how each exercise the learner tried last came out, by
	// "step/exercise".
	Exercises map[string]ExerciseRecord `json:"exercises,omitempty"`
}

// ExerciseRecord is how an exercise came out the last time the learner
// tried it in the tour's shell, and when.
type ExerciseRecord struct {
	Outcome string    `json:"outcome"` // ExercisePassed, ExerciseFailed, ExerciseNotDone or ExerciseSkipped
	At      time.Time `json:"at"`
}

// The outcomes of an exercise.
const (
	ExercisePassed  = "passed"
	ExerciseFailed  = "failed"
	ExerciseSkipped = "skipped" // the rootfs cannot do the task
	// ExerciseNotDone: the shell was opened, and nothing of the task was
	// to be seen in it; not a failure.
	ExerciseNotDone = "not-done"
)

// LoadExercises reads how the exercises came out from the tour's progress
// file at path, by "step/exercise": for burk exercise list. A missing or
// unreadable file is no exercise tried.
func LoadExercises(path string) map[string]ExerciseRecord {
	return loadProgress(path).Exercises
}

// recordExercises keeps how the exercises of a shell came out.
func (p *progress) recordExercises(outcomes []steps.ExerciseOutcome, at time.Time) {
	if len(outcomes) == 0 {
		return
	}
	p.Exercises = maps.Clone(p.Exercises)
	if p.Exercises == nil {
		p.Exercises = map[string]ExerciseRecord{}
	}
	for _, o := range outcomes {
		r := ExerciseRecord{Outcome: ExerciseFailed, At: at.UTC().Truncate(time.Second)}
		id := o.StepID + "/" + o.ExerciseID
		switch {
		case o.Skipped:
			r.Outcome = ExerciseSkipped
		case o.Held:
			r.Outcome = ExercisePassed
		case o.NotDone:
			// A look around after a pass or an attempt changes neither.
			if _, ok := p.Exercises[id]; ok {
				continue
			}
			r.Outcome = ExerciseNotDone
		}
		p.Exercises[id] = r
	}
}

// exerciseMark is how a step's exercises came out, as the step list shows
// it: ✎✓ every one tried passed, ✎✗ one failed, ✎○ skipped, ✎· not done
// yet in a shell that was opened; "" when no shell was.
func (p progress) exerciseMark(s *steps.Step) string {
	mark := ""
	for _, ex := range s.Exercises {
		switch p.Exercises[s.ID+"/"+ex.ID].Outcome {
		case ExerciseFailed:
			return "✎✗"
		case ExercisePassed:
			mark = "✎✓"
		case ExerciseSkipped:
			if mark == "" || mark == "✎·" {
				mark = "✎○"
			}
		case ExerciseNotDone:
			if mark == "" {
				mark = "✎·"
			}
		}
	}
	return mark
}

// exercisesPassed counts the exercises passed, of all the tour's.
func (p progress) exercisesPassed() (passed, total int) {
	for _, s := range steps.All() {
		for _, ex := range s.Exercises {
			total++
			if p.Exercises[s.ID+"/"+ex.ID].Outcome == ExercisePassed {
				passed++
			}
		}
	}
	return passed, total
}

// loadProgress reads the progress file. A missing or unreadable one is a
// fresh start: progress is a convenience, never a reason not to start.
func loadProgress(path string) progress {
	var p progress
	if path == "" {
		return p
	}
	data, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(data, &p) != nil {
		return progress{}
	}
	if steps.Index(p.Current) < 0 {
		p.Current = "" // a step this version of burk does not have
	}
	return p
}

func (p progress) seen(id string) bool   { return slices.Contains(p.Seen, id) }
func (p progress) failed(id string) bool { return slices.Contains(p.Failed, id) }

// see records a step as seen, and whether every claim held.
func (p *progress) see(id string, held bool) {
	if !slices.Contains(p.Seen, id) {
		p.Seen = append(p.Seen, id)
	}
	p.Failed = slices.DeleteFunc(p.Failed, func(s string) bool { return s == id })
	if !held {
		p.Failed = append(p.Failed, id)
	}
}

// progressSavedMsg is how saving the progress went.
type progressSavedMsg struct{ err error }

// saver writes the progress file for every copy of the model: in commands,
// off Update, which Bubble Tea may run side by side — so one at a time,
// and never an older progress over a newer one.
type saver struct {
	mu      sync.Mutex
	started int // saves asked for
	written int // the newest save written
}

// save returns the command that writes p to path.
func (s *saver) save(p progress, path string) tea.Cmd {
	s.mu.Lock()
	s.started++
	seq := s.started
	s.mu.Unlock()
	p = progress{Current: p.Current, Seen: slices.Clone(p.Seen), Failed: slices.Clone(p.Failed), Exercises: maps.Clone(p.Exercises)}
	return func() tea.Msg {
		s.mu.Lock()
		defer s.mu.Unlock()
		if seq < s.written {
			return nil // a newer progress is on disk already
		}
		s.written = seq
		return progressSavedMsg{p.save(path)}
	}
}

// last writes p to path when the tour has ended, and is the last write:
// Bubble Tea does not wait for the commands still running when the
// program ends, and a save among them must not put an older progress
// over this one.
func (s *saver) last(p progress, path string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written = math.MaxInt // every save asked for before is older
	return p.save(path)
}

// save writes the progress atomically: a new file beside the old one,
// renamed over it, so a crash or a second burk never leaves half a file.
func (p progress) save(path string) error {
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("save progress: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save progress: %w", err)
	}
	f, err := os.CreateTemp(dir, ".progress-*.json")
	if err != nil {
		return fmt.Errorf("save progress: %w", err)
	}
	_, err = f.Write(append(data, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("save progress to %s: %w", path, err)
	}
	return nil
}
