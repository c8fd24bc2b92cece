package plain

import (
	"fmt"
	"io"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// ExerciseMark is how an exercise came out, as every text of burk marks
// it: ✓ passed, ✗ tried and not passed, · not done yet (nothing of the
// task was to be seen: not a failure), ○ skipped (the rootfs cannot do it).
func ExerciseMark(held, notDone, skipped bool) string {
	switch {
	case skipped:
		return "○"
	case held:
		return "✓"
	case notDone:
		return "·"
	}
	return "✗"
}

// WriteExercises prints how the exercises came out in the shells of a
// recorded tour, each with its task and what its check saw.
func WriteExercises(w io.Writer, outcomes []steps.ExerciseOutcome, lang i18n.Lang) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", i18n.T("Exercises in the recorded tour").In(lang))
	for _, o := range outcomes {
		task := o.ExerciseID
		if s, err := steps.ByID(o.StepID); err == nil {
			if ex, err := s.ExerciseByID(o.ExerciseID); err == nil {
				task = ex.Task.In(lang)
			}
		}
		seen := o.Seen[lang]
		if seen == "" {
			seen = o.Seen[i18n.English]
		}
		said := i18n.T("seen: %s", i18n.Raw(seen))
		switch {
		case o.Skipped:
			said = i18n.T("skipped: %v", i18n.Raw(seen))
		case o.NotDone:
			said = i18n.T("not done yet; seen: %s", i18n.Raw(seen))
		case !o.Held:
			said = i18n.T("tried, and this is what was seen: %s", i18n.Raw(seen))
		}
		fmt.Fprintf(&b, "- %s %s/%s: %s\n  - %s\n", ExerciseMark(o.Held, o.NotDone, o.Skipped), o.StepID, o.ExerciseID, task, said.In(lang))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
