package ui

// The end-to-end tour's wait for a step's claims (showsClaimsOf), checked
// against the frames the tour draws. TestEndToEndInARealTerminal once in
// 17 runs found a progress file without time-ns that listed the steps
// after it: its wait had taken a frame caught half drawn for time-ns's
// claims, and pressed → before time-ns had run.

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/steps"
)

// A frame is written to the terminal in pieces: tmux can be read between
// them, with the top of the next step's screen (its number, its title)
// over the bottom of the last one's (its claims). The wait must not take
// such a frame for the next step's claims.
func TestTheWaitForAStepsClaimsIsNotFooledByAHalfDrawnFrame(t *testing.T) {
	all := steps.All()
	for i := range all {
		done := newTestModel(t, 160, 45, Options{StartStep: all[i].ID})
		if !showsClaimsOf(done.View(), i) {
			t.Errorf("step %s: the wait does not see its claims when they are there:\n%s", all[i].ID, done.View())
		}
		if i == len(all)-1 {
			continue
		}
		// → pressed, and the next step still running.
		next, _ := done.Update(keyMsg("right"))
		before, after := strings.Split(done.View(), "\n"), strings.Split(next.(Model).View(), "\n")
		for k := range after {
			torn := strings.Join(append(slices.Clone(after[:k]), before[min(k, len(before)):]...), "\n")
			if showsClaimsOf(torn, i+1) {
				t.Errorf("the wait for %s's claims takes a frame with the first %d lines of %s's screen over %s's:\n%s",
					all[i+1].ID, k, all[i+1].ID, all[i].ID, torn)
				break
			}
		}
	}
}

// What the tour keeps when → comes before a step has run, as the wait
// fooled did at time-ns: the step is not seen (its claims never came on
// its screen; its result, late, is dropped), and the steps after it are.
// That is the progress file the end-to-end test found.
func TestAStepLeftBeforeItRanIsNotSeen(t *testing.T) {
	m := newTestModel(t, 160, 45, Options{StartStep: "cgroup-ns"})
	next, timeNS := m.Update(keyMsg("right")) // time-ns runs…
	m = next.(Model)
	m = press(m, "right", "right") // …and the learner is at hardening before it is back
	m = finish(m, func() tea.Msg { return runOf(t, timeNS) })
	if m.progress.seen("time-ns") || !m.progress.seen("pivot-root") || !m.progress.seen("hardening") {
		t.Errorf("seen: %v; want pivot-root and hardening, not time-ns", m.progress.Seen)
	}
}
