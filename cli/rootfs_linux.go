package cli

// burk rootfs: build the root filesystem the containers run in.

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/rootfs"
)

func newRootfsCommand() *cobra.Command {
	var dir, from string
	cmd := &cobra.Command{
		Use:   "rootfs",
		Short: tr(i18n.T("Build the root filesystem the containers run in")),
		Long: tr(i18n.T(`Build a root filesystem: from this machine's own binaries and their
libraries (host, the default), from a static busybox (busybox), or from a
tarball such as an Alpine minirootfs or "docker export" output (FILE.tar[.gz]).`)),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// A running burk may have a container in the directory this
			// would replace.
			_, release, err := lockedHost()
			if err != nil {
				return err
			}
			defer release()
			if dir == "" {
				dir = rootfs.DefaultDir()
			}
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			rep, err := rootfs.Build(abs, rootfs.Source(from))
			var tooLarge *rootfs.TooLargeError
			if errors.As(err, &tooLarge) {
				return errors.New(tooLarge.In(cliLang))
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "built %s from %s: %v\n", abs, from, rep)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", tr(i18n.T("where to build it (default: %s)", rootfs.DefaultDir())))
	cmd.Flags().StringVar(&from, "from", string(rootfs.FromHost), tr(i18n.T("host, busybox, or FILE.tar[.gz]")))
	return cmd
}
