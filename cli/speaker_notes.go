package cli

import (
	"context"
	"os"
	"os/signal"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/speaker/notes"
	"github.com/burk-tui/burk/speaker/stage"
)

func newNotesCommand() *cobra.Command {
	var minutes float64
	var stateDir string
	cmd := &cobra.Command{
		Use:   "notes",
		Short: tr(i18n.T("A speaker's notes, following the tour from a second terminal")),
		Long: tr(i18n.T(`burk notes follows a tour running on this machine: the step on screen,
what to say, the question for the room, the command the presenter's t key
types, and the time spent against the plan. Start it in a second terminal
or on a second screen; it waits for a tour to start.`)),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := langFlag(langOption)
			if err != nil {
				return err
			}
			// The tour says where it is in its state directory, which is
			// its user's: look where a tour run as this user, as the user
			// behind sudo, or as root would have said it.
			dirs := stage.Dirs()
			if stateDir != "" {
				dirs = []string{stateDir}
			}
			m, err := notes.New(notes.Options{Dirs: dirs, Minutes: minutes, Lang: l})
			if err != nil {
				return err
			}
			// Interrupt is the one signal every OS has: the notes follow a
			// replayed tour off Linux too.
			ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
			defer cancel()
			_, err = tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx)).Run()
			if err != nil && ctx.Err() == nil {
				return err
			}
			return nil // ended by a signal: no error
		},
	}
	f := cmd.Flags()
	f.Float64Var(&minutes, "minutes", 0, tr(i18n.T("the minutes the talk has, split over the steps by their own figures (default: the figures' sum)")))
	f.StringVar(&stateDir, "state", "", tr(i18n.T("the tour's state directory, where it says where it is (default: where a tour on this machine would)")))
	return cmd
}
