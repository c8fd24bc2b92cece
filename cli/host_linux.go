package cli

// What every command that starts containers does first: the lab for an
// ordinary user, the lock, the recovery after a crash, the rootfs.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/burk-tui/burk/housekeeping"
	"github.com/burk-tui/burk/machine"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/sandbox"
)

// prepareHost checks what every command that starts containers needs, takes
// the lock, and removes what a crashed burk left, which it returns, a line
// each, for the caller to tell. The release func must run on the way out.
func prepareHost() (host *housekeeping.Keeper, release func(), removed []string, err error) {
	if !sandbox.IsRealRoot() && !sandbox.InLab() {
		// Not root: this burk makes a lab where the learner is, and runs
		// the same command again inside it (machine/lab_linux.go). What
		// this machine forbids an ordinary user is said first, with the
		// setting that changes it.
		fmt.Fprintln(os.Stderr, tr(machine.LabNotice))
		// The rootfs cache is the learner's own (~/.cache), chosen out
		// here: inside the lab burk is uid 0, which would pick root's
		// /var/cache, where the learner cannot write.
		if os.Getenv("BURK_ROOTFS") == "" {
			os.Setenv("BURK_ROOTFS", rootfs.DefaultDir())
		}
		code, err := machine.EnterLab()
		var blocked *machine.RootlessError
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
		if err := machine.LabCapabilities(); err != nil {
			var blocked *machine.RootlessError
			if errors.As(err, &blocked) {
				err = errors.New(blocked.In(cliLang))
			}
			return nil, nil, nil, err
		}
	}
	host, release, err = lockedHost()
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

// lockedHost is this burk's host with the lock taken: no other burk
// changes the machine, or uses what the command may replace, until
// release.
func lockedHost() (host *housekeeping.Keeper, release func(), err error) {
	host, err = housekeeping.New("")
	if err != nil {
		return nil, nil, err
	}
	release, err = host.Lock()
	if err != nil {
		return nil, nil, err
	}
	return host, release, nil
}

// tellRemoved says on w what start-up removed after a crashed run.
func tellRemoved(w io.Writer, removed []string) {
	for _, r := range removed {
		fmt.Fprintln(w, "burk: removed what a crashed run left:", r)
	}
}

// prepare readies the host and the root filesystem for a command that
// starts containers; release must run on the way out.
func prepare(rootfsDir string) (host *housekeeping.Keeper, dir string, release func(), err error) {
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
