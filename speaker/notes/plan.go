package notes

import (
	"fmt"
	"time"
)

// plan is the talk's time split over the steps: each step's share of the
// minutes the speaker has is its own figure's share of all the figures.
type plan struct {
	steps []time.Duration // each step's time, in the tour's order
	total time.Duration
}

// newPlan splits minutes over the steps by their figures; minutes 0 is
// the figures as they are.
func newPlan(figures []float64, minutes float64) plan {
	var sum float64
	for _, f := range figures {
		sum += f
	}
	if minutes <= 0 {
		minutes = sum
	}
	p := plan{total: minutes2d(minutes)}
	for _, f := range figures {
		share := 0.0
		if sum > 0 {
			share = f / sum
		}
		p.steps = append(p.steps, minutes2d(minutes*share))
	}
	return p
}

func minutes2d(m float64) time.Duration {
	return time.Duration(m * float64(time.Minute)).Round(time.Second)
}

// before is the time planned for the steps before step i.
func (p plan) before(i int) time.Duration {
	var d time.Duration
	for _, s := range p.steps[:min(i, len(p.steps))] {
		d += s
	}
	return d
}

// drift is how far behind the plan the talk is (ahead when negative):
// the time taken to reach step i from step first, where the tour started,
// against the time planned for the steps between, plus what this step has
// overrun its own share.
func (p plan) drift(first, i int, beforeStep, onStep time.Duration) time.Duration {
	d := beforeStep - (p.before(i) - p.before(first))
	if i < len(p.steps) && onStep > p.steps[i] {
		d += onStep - p.steps[i]
	}
	return d
}

// clock writes a duration as a speaker reads it at a glance: 4:05, or
// 1:02:03 past an hour. Negative durations keep their sign.
func clock(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%s%d:%02d:%02d", sign, s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%s%d:%02d", sign, s/60, s%60)
}
