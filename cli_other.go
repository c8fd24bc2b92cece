//go:build !linux

package main

// burk off Linux: containers are Linux's — namespaces, mounts and cgroups
// are its kernel's — so here burk shows the tour as it was recorded on
// Linux, from the recording built into the binary, and says how to get
// the live tour in a Linux VM. The commands that start containers say
// they need Linux.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/buildinfo"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/record"
	"github.com/burk-tui/burk/ui"
)

func newRootCommand() *cobra.Command {
	cliLang = langFromArgs(os.Args[1:])
	tour := newTourCommand()
	root := &cobra.Command{
		Use:   "burk",
		Short: tr(i18n.T("Build a Linux container from scratch, one isolation step at a time")),
		Long: tr(i18n.T(`burk is an interactive tour of how Linux containers work. At every step it
starts a real container on this machine and shows side by side what the host
sees and what the container sees, and the syscalls that made the difference.`)),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE:          tour.RunE,
		Version:       buildinfo.Version(),
	}
	root.SetVersionTemplate("burk {{.Version}}\n")
	root.Flags().AddFlagSet(tour.Flags())
	root.PersistentFlags().StringVar(&langOption, "lang", "", tr(i18n.T("language: en or sv (default from LANG)")))
	root.AddCommand(tour, newStepsCommand(),
		needsLinux("run", i18n.T("Run a command in a container at a step's isolation")),
		needsLinux("doctor", i18n.T("Say what this machine allows, and how to fix what it doesn't")),
		needsLinux("rootfs", i18n.T("Build the root filesystem the containers run in")),
		needsLinux("cleanup", i18n.T("Remove anything a crashed burk left on this machine")),
		needsLinux("exercise", i18n.T("The tasks per step, checked against the container's real state")))
	translateCommands(root)
	return root
}

// needsLinux is a command that starts containers, which off Linux says
// that it needs Linux, and how to get it.
func needsLinux(name string, short i18n.Msg) *cobra.Command {
	return &cobra.Command{
		Use:                name,
		Short:              tr(short),
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			howToGoLive(cmd.ErrOrStderr())
			return errors.New(tr(i18n.T("burk %s starts containers, which need Linux (this is %s): run it in a Linux VM, as above", name, runtime.GOOS)))
		},
	}
}

func newTourCommand() *cobra.Command {
	var stepID, theme, replayFrom, recordTo string
	var plainOut, presenter, predict bool
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
			o := replayOptions{lang: l, plain: plainOut, presenter: presenter, predict: predict, theme: theme}
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
			howToGoLive(cmd.ErrOrStderr())
			return replayTour(cmd, rec, o, howToGoLive)
		},
	}
	f := cmd.Flags()
	f.StringVar(&stepID, "step", "", tr(i18n.T("start at this step, by id or number, and go on from there (see burk steps)")))
	f.BoolVar(&plainOut, "plain", false, tr(i18n.T("print every step as text instead of the interactive tour")))
	f.BoolVar(&presenter, "presenter", false, tr(i18n.T("large panes, lesson hidden, high contrast: for a projector")))
	f.BoolVar(&predict, "predict", false, tr(i18n.T("ask the class first: → shows the next step's question, the next → runs it")))
	f.StringVar(&theme, "theme", "dark", tr(i18n.T("colour theme: dark, light or high-contrast")))
	f.StringVar(&replayFrom, "replay", "", tr(i18n.T("show a recorded tour from this file (default: the one built into burk)")))
	f.StringVar(&recordTo, "record", "", tr(i18n.T("save every step's run as it is taken to this file, for --replay (see docs/recording.md)")))
	return cmd
}

// howToGoLive says on w that this is a recording, and how to get the live
// tour: a Linux VM, with one command for each of the usual ones.
func howToGoLive(w io.Writer) {
	fmt.Fprintln(w, tr(i18n.T("burk: this is %s; the live tour needs Linux, so burk shows a tour recorded on Linux.", runtime.GOOS)))
	fmt.Fprintln(w, tr(i18n.T("For the live tour, build burk for Linux here (GOOS=linux go build -o burk-linux .) and run sudo ./burk-linux in a Linux VM:")))
	for _, vm := range liveVMs {
		fmt.Fprintf(w, "  %-10s %s\n", vm.name, vm.command)
	}
	fmt.Fprintln(w, tr(i18n.T("Lima, OrbStack and WSL2 see this directory inside the VM; multipass copies the binary in; in UTM, make a Debian VM from its gallery first.")))
}

// liveVMs are the usual ways to a Linux VM, each with its one command.
var liveVMs = []struct{ name, command string }{
	{"Lima", "limactl start --name=burk template://debian-12 && limactl shell burk"},
	{"OrbStack", "orb create debian burk && orb -m burk"},
	{"multipass", "multipass launch --name burk && multipass transfer burk-linux burk: && multipass shell burk"},
	{"UTM", "utmctl start Debian"},
	{"WSL2", "wsl --install -d Debian && wsl -d Debian"},
}
