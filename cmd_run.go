package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

func newRunCommand() *cobra.Command {
	var stepID, rootfsDir string
	cmd := &cobra.Command{
		Use:   "run [--step ID] [--rootfs DIR] -- CMD [ARG...]",
		Short: "Run a command in a container at a step's isolation",
		Long: `Run a command in a real container isolated as far as the given step goes
(the last, fullest step by default), like "docker run": stdin, stdout and
stderr are passed through, and burk exits with the command's status.`,
		Example: "  sudo burk run --step uts-ns -- /bin/sh\n  sudo burk run -- ps",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			step := steps.Last()
			if stepID != "" {
				s, err := steps.ByID(stepID)
				if err != nil {
					return err
				}
				step = s
			}
			dir, release, err := prepare(rootfsDir)
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
			// and Run passes every signal on to it.
			code, err := sandbox.Run(context.Background(), spec)
			if err != nil {
				return err
			}
			if code != 0 {
				return exitError(code)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&stepID, "step", "", "the step whose isolation to use (default: the last)")
	cmd.Flags().StringVar(&rootfsDir, "rootfs", "", "the root filesystem (default: built on first use)")
	return cmd
}

func termOr(def string) string {
	if t := os.Getenv("TERM"); t != "" {
		return t
	}
	return def
}
