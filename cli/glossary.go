package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
)

func newGlossaryCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "glossary [--lang en|sv]",
		Short: tr(i18n.T("The words the lessons use, with the man pages to read more")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := langFlag(langOption)
			if err != nil {
				return err
			}
			text, err := lessons.Glossary(string(l))
			if err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), text)
			return err
		},
	}
}
