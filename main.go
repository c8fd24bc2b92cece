// Command burk is an interactive tour that builds a Linux container from
// scratch, one isolation step at a time, on the learner's own kernel.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/burk-tui/burk/sandbox"
)

func main() {
	// The container's init is this same binary, re-executed inside new
	// namespaces. It must take over before anything else runs: no flag
	// parsing, no terminal set-up.
	if sandbox.IsInit() {
		sandbox.Init()
	}
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
