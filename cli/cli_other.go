//go:build !linux

package cli

// burk off Linux: containers are Linux's — namespaces, mounts and cgroups
// are its kernel's — so here burk shows the tour as it was recorded on
// Linux, from the recording built into the binary, and says how to get
// the live tour in a Linux VM. The commands that start containers say
// they need Linux.

import (
	"errors"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/record"
)

func newRootCommand() *cobra.Command {
	// Before the commands are made: their help is said in it.
	cliLang = langFromArgs(os.Args[1:])
	return rootCommand(newTourCommand(), newStepsCommand(), newGlossaryCommand(), newNotesCommand(),
		needsLinux("run", i18n.T("Run a command in a container at a step's isolation")),
		needsLinux("doctor", i18n.T("Say what this machine allows, and how to fix what it doesn't")),
		needsLinux("rootfs", i18n.T("Build the root filesystem the containers run in")),
		needsLinux("cleanup", i18n.T("Remove anything a crashed burk left on this machine")),
		needsLinux("exercise", i18n.T("The tasks per step, checked against the container's real state")))
}

func newTourCommand() *cobra.Command {
	var flags tourFlags
	cmd := &cobra.Command{
		Use:   "tour",
		Short: tr(i18n.T("The interactive tour (the default)")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := flags.options()
			if err != nil {
				return err
			}
			if flags.record != "" {
				return errors.New(tr(i18n.T("--record runs the live tour, which needs Linux (this is %s)", runtime.GOOS)))
			}
			rec, err := record.Shipped()
			if flags.replay != "" {
				rec, err = loadRecording(flags.replay)
			}
			if err != nil {
				return err
			}
			// Said once the tour is over: the tour's screen would cover it.
			return replayTour(cmd, rec, o, howToGoLive)
		},
	}
	flags.add(cmd, i18n.T("show the tour recorded in `FILE` (default: the one built into burk)"))
	return cmd
}
