//go:build !linux

package main

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
	"github.com/burk-tui/burk/ui"
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
	var stepID, theme, replayFrom, recordTo string
	var plainOut, presenter, predict, ascii bool
	cmd := &cobra.Command{
		Use:   "tour",
		Short: tr(i18n.T("The interactive tour (the default)")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := langFlag(langOption)
			if err != nil {
				return err
			}
			if err := ui.CheckTheme(theme); err != nil {
				return err
			}
			if recordTo != "" {
				return errors.New(tr(i18n.T("--record runs the live tour, which needs Linux (this is %s)", runtime.GOOS)))
			}
			o := replayOptions{lang: l, plain: plainOut, presenter: presenter, predict: predict, ascii: ascii, theme: theme}
			if stepID != "" {
				if o.start, err = stepArg(stepID); err != nil {
					return err
				}
			}
			rec, err := record.Shipped()
			if replayFrom != "" {
				rec, err = loadRecording(replayFrom)
			}
			if err != nil {
				return err
			}
			// Said once the tour is over: the tour's screen would cover it.
			return replayTour(cmd, rec, o, howToGoLive)
		},
	}
	f := cmd.Flags()
	f.StringVar(&stepID, "step", "", tr(i18n.T("start at this step, by id or number, and go on from there (see burk steps)")))
	f.BoolVar(&plainOut, "plain", false, tr(i18n.T("print every step as text instead of the interactive tour")))
	f.BoolVar(&presenter, "presenter", false, tr(i18n.T("large panes, lesson hidden, high contrast: for a projector")))
	f.BoolVar(&predict, "predict", false, tr(i18n.T("ask the class first: → shows the next step's question, the next → runs it")))
	f.BoolVar(&ascii, "ascii", false, tr(i18n.T("draw the tour in ASCII (boxes with + - |, marks as + x o) where the terminal cannot draw Unicode's")))
	f.StringVar(&theme, "theme", "dark", tr(i18n.T("colour theme: dark, light or high-contrast")))
	f.StringVar(&replayFrom, "replay", "", tr(i18n.T("show the tour recorded in `FILE` (default: the one built into burk)")))
	f.StringVar(&recordTo, "record", "", tr(i18n.T("save every step's run as it is taken to `FILE`, for --replay (see docs/recording.md)")))
	return cmd
}
