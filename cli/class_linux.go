//go:build linux

package cli

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/serve"
)

func newClassCommand() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "class",
		Short: tr(i18n.T("The teacher's view of the room burk serve serves, on the server")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := langFlag(langOption)
			if err != nil {
				return err
			}
			m := serve.NewRoomModel(serve.ClassDir(dir), l, lipgloss.DefaultRenderer())
			_, err = tea.NewProgram(m, tea.WithAltScreen()).Run()
			return err
		},
	}
	cmd.Flags().StringVar(&dir, "dir", serve.DefaultDir, tr(i18n.T("where the host key and the learners' progress are kept")))
	return cmd
}
