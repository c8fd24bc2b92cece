package record

import "github.com/burk-tui/burk/steps"

// A recording holds the tour's steps and, last, its recap: a run of the
// engine like a step's, though not one of steps.All().

// stepByID is the step or the recap a run was of.
func stepByID(id string) (*steps.Step, error) {
	if id == steps.RecapID {
		return steps.Recap(), nil
	}
	return steps.ByID(id)
}

// order is where a run goes in a recording: the tour's order, the recap
// after every step.
func order(id string) int {
	if id == steps.RecapID {
		return len(steps.All())
	}
	return steps.Index(id)
}
