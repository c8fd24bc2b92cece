package steps

import (
	"context"

	"github.com/burk-tui/burk/sandbox"
)

// RunWithExec is Engine.Run, and also what every command run inside the
// container printed, by probe: text a pane may show as it came, in every
// language.
func (e *Engine) RunWithExec(ctx context.Context, step *Step, variant string) (*Observation, map[string]sandbox.ExecResult) {
	obs, ev := e.run(ctx, step, variant)
	if ev == nil {
		return obs, nil
	}
	return obs, ev.Exec
}
