package cli

// burk doctor: what this machine allows, and for each step what it will
// skip here and how to fix it.

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/doctor"
	"github.com/burk-tui/burk/housekeeping"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

func newDoctorCommand() *cobra.Command {
	var onStage bool
	var rootfsDir string
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: tr(i18n.T("Say what this machine allows, and how to fix what it doesn't")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if onStage {
				return doctorStage(cmd, rootfsDir)
			}
			out := cmd.OutOrStdout()
			host, err := housekeeping.New("")
			if err != nil {
				return err
			}
			failed := false
			for _, c := range doctor.Doctor(host.Host) {
				mark := tr(i18n.T("ok"))
				if !c.OK {
					mark = tr(i18n.T("no"))
					if c.Needed {
						failed = true
						mark = tr(i18n.T("FAIL"))
					}
				}
				detail, fix := doctorText(c.Detail), doctorText(c.Fix)
				if !c.DetailMsg.IsZero() {
					detail, fix = tr(c.DetailMsg), tr(c.FixMsg)
				}
				fmt.Fprintf(out, "%s  %s %s\n", pad(mark, 4), pad(doctorText(c.Name), 30), detail)
				if !c.OK && fix != "" {
					fmt.Fprintf(out, "      %s %s %s\n", pad("", 30), tr(i18n.T("fix:")), fix)
				}
			}
			if os.Geteuid() == 0 {
				doctorSteps(out, host.Host)
			}
			if failed {
				return exitError(1)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&onStage, "stage", false, tr(i18n.T("a speaker's pre-flight: run the whole tour once, keep it as the fallback, check the terminal")))
	cmd.Flags().StringVar(&rootfsDir, "rootfs", "", tr(i18n.T("the root filesystem (default: built on first use)")))
	return cmd
}

// doctorSteps says, for each step of the tour, whether it can run in full
// on this host, and what it will skip and how to fix that where it can't.
func doctorSteps(out io.Writer, host *sandbox.Host) {
	fmt.Fprintln(out)
	for _, s := range steps.All() {
		problems := doctor.Preflight(host, steps.SpecFor(s, ""))
		name := tr(i18n.T("step %s", s.ID))
		if len(problems) == 0 {
			fmt.Fprintf(out, "%s  %s %s\n", pad(tr(i18n.T("ok")), 4), pad(name, 30), tr(i18n.T("runs here in full")))
			continue
		}
		for _, p := range problems {
			fmt.Fprintf(out, "%s  %s %s\n", pad(tr(i18n.T("no")), 4), pad(name, 30), doctorText(p.Detail))
			fmt.Fprintf(out, "      %s %s %s\n", pad("", 30), tr(i18n.T("fix:")), doctorText(p.Fix))
		}
	}
}
