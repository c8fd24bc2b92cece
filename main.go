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
		os.Exit(1)
	}
}

// exitError carries an exit status out of a command without a message:
// `burk run`'s command's own status, or a plain tour whose claims failed.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
