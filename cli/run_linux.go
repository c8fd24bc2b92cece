package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

func newRunCommand() *cobra.Command {
	var stepID, rootfsDir, changesPath string
	cmd := &cobra.Command{
		Use:   "run [--step ID] [--rootfs DIR] -- CMD [ARG...]",
		Short: tr(i18n.T("Run a command in a container at a step's isolation")),
		Long: tr(i18n.T(`Run a command in a real container isolated as far as the given step goes
(the last, fullest step by default), like "docker run": stdin, stdout and
stderr are passed through, and burk exits with the command's status.`)),
		Example: "  sudo burk run --step uts-ns -- /bin/sh\n  sudo burk run -- ps",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New(tr(i18n.T("burk run needs a command to run, after --: burk run [--step ID] -- CMD [ARG...], e.g. burk run -- sh")))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			step := steps.Last()
			if stepID != "" {
				s, err := stepArg(stepID)
				if err != nil {
					return err
				}
				step = s
			}
			host, dir, release, err := prepare(rootfsDir)
			if err != nil {
				return err
			}
			defer release()
			spec := steps.SpecFor(step, dir)
			spec.Args = args
			spec.Stdin, spec.Stdout, spec.Stderr = os.Stdin, os.Stdout, os.Stderr
			spec.Env = append(append([]string{}, sandbox.DefaultEnv...),
				"TERM="+termOr("xterm"), fmt.Sprintf("PS1=[burk %s] # ", step.ID))
			// No signal context here: Ctrl-C belongs to the command inside,
			// and Run passes every signal on to it. But the tour's shell
			// ends with the tour, however the tour ends.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			holderGone := host.LockHolderGone()
			go func() {
				select {
				case <-holderGone:
					cancel()
				case <-ctx.Done():
				}
			}()
			// For the tour's shell, its step's exercises are checked
			// once the shell has ended, in the container it ran in,
			// before that is closed.
			var hooks sandbox.RunHooks
			var exercise *steps.ExerciseRun
			var results []steps.ExerciseResult
			if changesPath != "" && len(step.Exercises) > 0 {
				hooks.Started = func(c *sandbox.Container) { exercise = steps.NewExerciseRun(c, host, spec, step) }
				hooks.Ended = func(*sandbox.Container) {
					if exercise != nil {
						results = exercise.Check(ctx)
					}
				}
			}
			code, changes, err := host.RunWith(ctx, spec, hooks)
			lang, _ := langFlag("")
			if changesPath == "" {
				tellChanges(os.Stderr, changes, lang)
			} else if err := steps.WriteShellReport(changesPath, changes, results); err != nil {
				// The tour will not show them: say them here at least.
				tellChanges(os.Stderr, changes, lang)
				fmt.Fprintln(os.Stderr, "burk:", err)
			}
			if err != nil {
				if ctx.Err() != nil {
					return errors.New(tr(i18n.T("the tour that opened this shell has ended, and the container with it")))
				}
				if code != 0 {
					return statusError{code, err}
				}
				return err
			}
			if code != 0 {
				return exitError(code)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&stepID, "step", "", tr(i18n.T("the step whose isolation to use, by id or number (default: the last)")))
	cmd.Flags().StringVar(&rootfsDir, "rootfs", "", tr(i18n.T("the root filesystem (default: built on first use)")))
	// For the tour, whose shell is a burk run: the report on stderr would
	// be lost when the tour draws its screen again, so the tour shows it
	// from this file instead (JSON, see steps.WriteShellReport).
	cmd.Flags().StringVar(&changesPath, "changes", "", "write what the command changed on the host, and what burk put back, to this file as JSON instead of saying it on stderr")
	cmd.Flags().MarkHidden("changes")
	return cmd
}

func termOr(def string) string {
	if t := os.Getenv("TERM"); t != "" {
		return t
	}
	return def
}
