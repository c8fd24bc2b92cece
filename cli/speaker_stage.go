package cli

import (
	"os"

	"github.com/burk-tui/burk/speaker/stage"
	"github.com/burk-tui/burk/steps"
	"github.com/burk-tui/burk/ui"
)

// stageFile is where a tour says where it is, for burk notes: the
// position file in the tour's state directory (speaker/stage).
type stageFile struct{ dir string }

// tourStage is the stage of a tour run by this user.
func tourStage() ui.Stage { return stageFile{dir: stage.Dir()} }

func (s stageFile) Say(w ui.Where) error {
	return stage.Write(s.dir, stage.Position{
		Version: stage.Version,
		PID:     os.Getpid(),
		Started: w.Started,
		First:   w.First,
		Step:    w.Step,
		Index:   w.Index,
		Total:   len(steps.All()),
		Variant: string(w.Variant),
		Since:   w.Since,
		Lang:    string(w.Lang),
	})
}

func (s stageFile) Leave() { stage.Remove(s.dir) }
