package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/plain"
	"github.com/burk-tui/burk/steps"
	"github.com/burk-tui/burk/ui"
)

func newExerciseCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "exercise",
		Short: tr(i18n.T("The tasks per step, checked against the container's real state")),
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newExerciseListCommand(), newExerciseCheckCommand())
	return cmd
}

func newExerciseListCommand() *cobra.Command {
	var stepID string
	var solutions bool
	cmd := &cobra.Command{
		Use:   "list [--step ID]",
		Short: tr(i18n.T("List the exercises, of every step or of one")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := langFlag(langOption)
			if err != nil {
				return err
			}
			list := steps.All()
			if stepID != "" {
				s, err := stepArg(stepID)
				if err != nil {
					return err
				}
				list = []*steps.Step{s}
			}
			out := cmd.OutOrStdout()
			// How each came out in the tour's shell, as its progress keeps it.
			done := ui.LoadExercises(progressPath())
			for _, s := range list {
				for _, ex := range s.Exercises {
					fmt.Fprintf(out, "%s  %s\n", s.ID, s.Title.In(l))
					fmt.Fprintf(out, "    %s\n", ex.Task.In(l))
					if r, ok := done[s.ID+"/"+ex.ID]; ok {
						fmt.Fprintf(out, "    %s\n", exerciseRecordLine(r).In(l))
					}
					if solutions {
						fmt.Fprintf(out, "    $ %s\n", ex.Solution)
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&stepID, "step", "", tr(i18n.T("only this step's exercises, by id or number")))
	cmd.Flags().BoolVar(&solutions, "solutions", false, tr(i18n.T("show a command that does each task, for the teacher")))
	return cmd
}

func newExerciseCheckCommand() *cobra.Command {
	var stepID, rootfsDir string
	cmd := &cobra.Command{
		Use:   "check --step ID [--rootfs DIR] -- CMD [ARG...]",
		Short: tr(i18n.T("Run a command in the shell's place at a step, then check the step's exercises")),
		Long: tr(i18n.T(`Start a container at the step, run the command inside it where the tour's
shell would run, then check the step's exercises against the container's real
state before closing it. burk exits with status 0 only when every exercise
passed: for tests, CI and scripted workshops.`)),
		Example: "  sudo burk exercise check --step uts-ns -- hostname klass42\n  sudo burk exercise check --step cgroups -- sh -c 'for i in $(seq 40); do sleep 1 & done; wait'",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New(tr(i18n.T("burk exercise check needs a command to run, after --: burk exercise check --step ID -- CMD [ARG...]")))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if stepID == "" {
				return errors.New(tr(i18n.T("burk exercise check needs --step: which step's exercises to check (burk exercise list)")))
			}
			step, err := stepArg(stepID)
			if err != nil {
				return err
			}
			lang, err := langFlag(langOption)
			if err != nil {
				return err
			}
			host, dir, release, err := prepare(rootfsDir)
			if err != nil {
				return err
			}
			defer release()
			ctx, cancel := signalContext()
			defer cancel()
			engine := &steps.Engine{Rootfs: dir, Host: host}
			out, results, err := engine.Exercise(ctx, step, args)
			fmt.Fprint(cmd.OutOrStdout(), out.Stdout)
			fmt.Fprint(cmd.ErrOrStderr(), out.Stderr)
			if out.StartErr != "" {
				fmt.Fprintln(cmd.ErrOrStderr(), "burk:", out.StartErr)
			}
			if err != nil {
				return err
			}
			if !tellExercises(cmd.OutOrStdout(), results, lang) {
				return exitError(1)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&stepID, "step", "", tr(i18n.T("the step whose exercises to check, by id or number")))
	cmd.Flags().StringVar(&rootfsDir, "rootfs", "", tr(i18n.T("the root filesystem (default: built on first use)")))
	return cmd
}

// exerciseRecordLine is how an exercise came out in the tour, and when.
func exerciseRecordLine(r ui.ExerciseRecord) i18n.Msg {
	at := i18n.Raw(r.At.Local().Format("2006-01-02 15:04"))
	switch r.Outcome {
	case ui.ExercisePassed:
		return i18n.T("✓ passed in the tour, %s", at)
	case ui.ExerciseSkipped:
		return i18n.T("○ skipped in the tour (the rootfs cannot do it), %s", at)
	case ui.ExerciseNotDone:
		return i18n.T("· not done yet in the tour's shell, %s", at)
	}
	return i18n.T("✗ not passed yet in the tour, %s", at)
}

// tellExercises says on w how each exercise went, and reports whether
// every one passed.
func tellExercises(w io.Writer, results []steps.ExerciseResult, lang i18n.Lang) bool {
	all := len(results) > 0
	for _, r := range results {
		// Skipped: this rootfs cannot do the task, not passed and not
		// failed; not done: nothing of the task to be seen, not tried
		// rather than failed.
		all = all && r.Held
		fmt.Fprintf(w, "%s %s/%s: %s\n", plain.ExerciseMark(r.Held, r.NotDone, r.Skipped), r.StepID, r.ExerciseID, r.Task.In(lang))
		switch {
		case r.Skipped:
			fmt.Fprintf(w, "  %s\n", i18n.T("skipped: %v", r.Seen).In(lang))
		case r.NotDone:
			fmt.Fprintf(w, "  %s\n", i18n.T("not done yet; seen: %s", r.Seen).In(lang))
		case !r.Held:
			fmt.Fprintf(w, "  %s\n", i18n.T("seen instead: %s", r.Seen).In(lang))
		default:
			fmt.Fprintf(w, "  %s\n", strings.TrimSpace(r.Seen.In(lang)))
		}
	}
	return all
}
