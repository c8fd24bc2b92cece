package cli

// What burk says off Linux, where containers cannot run: kept apart from
// cli_other.go, which builds only there, so that Linux's tests read it too.

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
)

// needsLinux is a command that starts containers, which off Linux says
// that it needs Linux, and how to get it.
func needsLinux(name string, short i18n.Msg) *cobra.Command {
	return &cobra.Command{
		Use:                name,
		Short:              tr(short),
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			howToGoLive(cmd.ErrOrStderr())
			return errors.New(tr(i18n.T("burk %s needs Linux, whose kernel makes the containers (this is %s): run it in a Linux VM, as above", name, runtime.GOOS)))
		},
	}
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
