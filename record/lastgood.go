package record

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/burk-tui/burk/internal/buildinfo"
	"github.com/burk-tui/burk/steps"
)

// The last good observation of each step is kept in burk's state
// directory, one recording of one run per step and variant, so that a
// speaker whose live step fails on stage can show the one that held.

// lastGoodPath is where the last good run of a step and variant is kept.
func lastGoodPath(stateDir, stepID string, v steps.Variant) string {
	return filepath.Join(stateDir, "last-good", stepID+"."+variantName(v)+".json")
}

// SaveLastGood keeps o as its step's last good observation in stateDir.
// An observation that did not hold — an error, or a claim that failed — is
// not kept, and is no error: the last good one stays.
func SaveLastGood(stateDir string, o *steps.Observation) error {
	if o == nil || !o.Held() {
		return nil
	}
	if _, err := steps.Runnable(o.StepID); err != nil {
		return err
	}
	path := lastGoodPath(stateDir, o.StepID, o.Variant)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("keep the last good run of %s: %w", o.StepID, err)
	}
	rec := &Recording{Format: Format, Version: Version, Runs: []Run{runOf(o)},
		Machine: Machine{Arch: runtime.GOARCH, Taken: time.Now(), Burk: buildinfo.Version()}}
	if err := rec.Save(path); err != nil {
		return fmt.Errorf("keep the last good run of %s: %w", o.StepID, err)
	}
	return nil
}

// LastGood is the last good observation of the step and variant kept in
// stateDir; its error satisfies errors.Is(err, fs.ErrNotExist) when there
// is none. Its Started says when it was taken.
func LastGood(stateDir, stepID string, v steps.Variant) (*steps.Observation, error) {
	rec, err := Load(lastGoodPath(stateDir, stepID, v))
	if err != nil {
		return nil, err
	}
	for _, run := range rec.Runs {
		if run.Step == stepID && variantOf(run.Variant) == v {
			return run.Observation(), nil
		}
	}
	return nil, fmt.Errorf("%s: no run of step %s in it", lastGoodPath(stateDir, stepID, v), stepID)
}
