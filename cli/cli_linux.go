package cli

// burk on Linux: every command, and what they share — the signals that
// end burk, and the one privilege it needs.

import (
	"context"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
)

func newRootCommand() *cobra.Command {
	// Before the commands are made: their help is said in it.
	cliLang = langFromArgs(os.Args[1:])
	return rootCommand(newTourCommand(), newRunCommand(), newStepsCommand(), newDoctorCommand(),
		newRootfsCommand(), newCleanupCommand(), newExerciseCommand(), newGlossaryCommand(), newNotesCommand(), newBuildCommand(), newServeCommand(), newClassCommand())
}

// signalContext is cancelled by the signals that end burk — Ctrl-C, kill,
// and the terminal closing — so every container is closed on the way out.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), unix.SIGINT, unix.SIGTERM, unix.SIGHUP)
}

// errNotRoot explains the one privilege burk needs, and the fix.
var errNotRoot = notRootError{}

type notRootError struct{}

func (notRootError) Error() string {
	return tr(i18n.T("burk needs root: namespaces, mounts and cgroups are root's to create\n" +
		"run it with sudo:  sudo ./burk   (from the source: sudo env PATH=\"$PATH\" CGO_ENABLED=0 go run .)\n" +
		"burk doctor says what this machine allows"))
}
