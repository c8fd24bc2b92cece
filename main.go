// Command burk is an interactive tour that builds a Linux container from
// scratch, one isolation step at a time, on the learner's own kernel.
package main

import (
	"errors"
	"fmt"
	"os"

	// The container's init is this same binary, re-executed inside new
	// namespaces. It takes over in a package init, before the packages
	// it does not need are initialized: no flag parsing, no terminal set-up.
	_ "github.com/burk-tui/burk/sandbox/initentry"
)

func main() {
	if err := newRootCommand().Execute(); err != nil {
		var exit exitError
		if errors.As(err, &exit) {
			os.Exit(int(exit))
		}
		fmt.Fprintln(os.Stderr, "burk:", err)
		var status statusError
		if errors.As(err, &status) {
			os.Exit(status.code)
		}
		os.Exit(1)
	}
}

// exitError carries an exit status out of a command without a message:
// `burk run`'s command's own status, or a plain tour whose claims failed.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// statusError is an error said on stderr that exits with a status of its
// own: burk run's container ended by burk after the grace period exits
// 137, as a container docker stop had to kill does.
type statusError struct {
	code int
	err  error
}

func (e statusError) Error() string { return e.err.Error() }
func (e statusError) Unwrap() error { return e.err }
