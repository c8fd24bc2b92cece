package cli

// burk cleanup: remove what a crashed burk left on this machine.

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
)

func newCleanupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "cleanup",
		Short: tr(i18n.T("Remove anything a crashed burk left on this machine")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if os.Geteuid() != 0 {
				return errNotRoot
			}
			host, release, err := lockedHost()
			if err != nil {
				return err
			}
			defer release()
			removed, err := host.Recover()
			for _, r := range removed {
				fmt.Fprintln(cmd.OutOrStdout(), "removed", r)
			}
			if len(removed) == 0 && err == nil {
				fmt.Fprintln(cmd.OutOrStdout(), "nothing to clean up")
			}
			return err
		},
	}
}
