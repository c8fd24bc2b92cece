package cli

import (
	"context"
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/record"
	"github.com/burk-tui/burk/steps"
)

type cannedRunner struct{ held bool }

func (r cannedRunner) Run(_ context.Context, s *steps.Step, v steps.Variant) *steps.Observation {
	return &steps.Observation{StepID: s.ID, Variant: v, Started: time.Now(),
		Claims: []steps.ClaimResult{{Text: i18n.T("The container's hostname is the host's."), Held: r.held}}}
}

// The interactive tour keeps each step's run that held, and only that, for
// the presenter's fallback.
func TestTheTourKeepsTheLastGoodRun(t *testing.T) {
	dir := t.TempDir()
	uts, _ := steps.ByID("uts-ns")
	(&lastGoodRunner{runner: cannedRunner{held: true}, dir: dir}).Run(context.Background(), uts, steps.Itself)
	good, err := record.LastGood(dir, "uts-ns", steps.Itself)
	if err != nil || !good.Held() {
		t.Fatalf("LastGood after a run that held: %v, %v", good, err)
	}
	(&lastGoodRunner{runner: cannedRunner{held: false}, dir: dir}).Run(context.Background(), uts, steps.Itself)
	if kept, err := record.LastGood(dir, "uts-ns", steps.Itself); err != nil || !kept.Started.Equal(good.Started) {
		t.Errorf("a run that failed replaced the last good one: %v, %v", kept, err)
	}
	proc, _ := steps.ByID("proc")
	(&lastGoodRunner{runner: cannedRunner{held: false}, dir: dir}).Run(context.Background(), proc, steps.Itself)
	if _, err := record.LastGood(dir, "proc", steps.Itself); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed run was kept as good: %v", err)
	}
}
