// Command burk is an interactive tour that builds a Linux container from
// scratch, one isolation step at a time, on the learner's own kernel.
package main

import (
	"os"

	"github.com/burk-tui/burk/cli"
	// The container's init is this same binary, re-executed inside new
	// namespaces. It takes over in a package init, before the packages
	// it does not need are initialized: no flag parsing, no terminal set-up.
	_ "github.com/burk-tui/burk/sandbox/initentry"
)

func main() { os.Exit(cli.Main()) }
