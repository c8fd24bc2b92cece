package cli

// burk steps: the steps of the tour, in order, in the learner's language.

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

func newStepsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "steps",
		Short: tr(i18n.T("List the steps of the tour")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := langFlag(langOption)
			if err != nil {
				return err
			}
			for i, s := range steps.All() {
				fmt.Fprintf(cmd.OutOrStdout(), "%2d  %-11s %s — %s\n", i+1, s.ID, s.Title.In(l), s.Summary.In(l))
			}
			return nil
		},
	}
	return cmd
}
