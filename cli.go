//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

func newRootCommand() *cobra.Command {
	// Before the commands are made: their help is said in it.
	cliLang = langFromArgs(os.Args[1:])
	return rootCommand(newTourCommand(), newRunCommand(), newStepsCommand(), newDoctorCommand(),
		newRootfsCommand(), newCleanupCommand(), newExerciseCommand(), newGlossaryCommand(), newNotesCommand(), newServeCommand(), newClassCommand())
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

// prepareHost checks what every command that starts containers needs, takes
// the lock, and removes what a crashed burk left, which it returns, a line
// each, for the caller to tell. The release func must run on the way out.
func prepareHost() (host *sandbox.Host, release func(), removed []string, err error) {
	if !sandbox.IsRealRoot() && !sandbox.InLab() {
		// Not root: this burk makes a lab where the learner is, and runs
		// the same command again inside it (sandbox/lab_linux.go). What
		// this machine forbids an ordinary user is said first, with the
		// setting that changes it.
		fmt.Fprintln(os.Stderr, tr(sandbox.LabNotice))
		// The rootfs cache is the learner's own (~/.cache), chosen out
		// here: inside the lab burk is uid 0, which would pick root's
		// /var/cache, where the learner cannot write.
		if os.Getenv("BURK_ROOTFS") == "" {
			os.Setenv("BURK_ROOTFS", rootfs.DefaultDir())
		}
		code, err := sandbox.EnterLab()
		var blocked *sandbox.RootlessError
		if err != nil && !errors.As(err, &blocked) {
			err = fmt.Errorf("%v\n%w", err, errNotRoot)
		} else if blocked != nil {
			err = errors.New(blocked.In(cliLang))
		}
		if err != nil {
			return nil, nil, nil, err
		}
		os.Exit(code)
	}
	if sandbox.InLab() {
		if err := sandbox.LabCapabilities(); err != nil {
			var blocked *sandbox.RootlessError
			if errors.As(err, &blocked) {
				err = errors.New(blocked.In(cliLang))
			}
			return nil, nil, nil, err
		}
	}
	host, err = sandbox.NewHost("")
	if err != nil {
		return nil, nil, nil, err
	}
	release, err = host.Lock()
	if err != nil {
		return nil, nil, nil, err
	}
	removed, err = host.Recover()
	if err != nil {
		release()
		tellRemoved(os.Stderr, removed)
		return nil, nil, nil, fmt.Errorf("clean up after a crashed run: %w", err)
	}
	unlock := release
	release = func() {
		host.Close() // the guard: nothing is left for it to clean up
		unlock()
	}
	return host, release, removed, nil
}

// tellRemoved says on w what start-up removed after a crashed run.
func tellRemoved(w io.Writer, removed []string) {
	for _, r := range removed {
		fmt.Fprintln(w, "burk: removed what a crashed run left:", r)
	}
}

// prepare readies the host and the root filesystem for a command that
// starts containers; release must run on the way out.
func prepare(rootfsDir string) (host *sandbox.Host, dir string, release func(), err error) {
	host, release, removed, err := prepareHost()
	if err != nil {
		return nil, "", nil, err
	}
	tellRemoved(os.Stderr, removed)
	dir, err = resolveRootfs(rootfsDir, os.Stderr)
	if err != nil {
		release()
		return nil, "", nil, err
	}
	return host, dir, release, nil
}

// resolveRootfs returns the root filesystem to use: a directory the user
// gave, verified, or the default one, built on first use.
func resolveRootfs(dir string, stderr io.Writer) (string, error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", err
		}
		if err := rootfs.Verify(abs); err != nil {
			return "", err
		}
		return abs, nil
	}
	dir = rootfs.DefaultDir()
	// Checked against what was built, not only verified: a program or a
	// library the tour runs may be gone or replaced in the cache.
	err := rootfs.Check(dir)
	if err == nil {
		return dir, nil
	}
	why := "once"
	var ve *rootfs.VerifyError
	if _, serr := os.Lstat(dir); serr == nil && errors.As(err, &ve) {
		why = "it " + ve.Problem
	}
	fmt.Fprintf(stderr, "burk: building the root filesystem in %s (%s)…\n", dir, why)
	if _, err := rootfs.Ensure(dir); err != nil {
		return "", fmt.Errorf("build the root filesystem: %w", err)
	}
	return dir, nil
}

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
			host, err := sandbox.NewHost("")
			if err != nil {
				return err
			}
			failed := false
			for _, c := range host.Doctor() {
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
				doctorSteps(out, host)
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
		problems := host.Preflight(steps.SpecFor(s, ""))
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
			host, err := sandbox.NewHost("")
			if err != nil {
				return err
			}
			release, err := host.Lock()
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

func newCleanupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "cleanup",
		Short: tr(i18n.T("Remove anything a crashed burk left on this machine")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if os.Geteuid() != 0 {
				return errNotRoot
			}
			host, err := sandbox.NewHost("")
			if err != nil {
				return err
			}
			release, err := host.Lock()
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
