// Package initentry makes a binary that imports it start a container's init
// before the rest of the program is initialized.
//
// The init is burk's own binary, re-executed inside the new namespaces, and
// every container start waits for it. Go runs every package's init before
// main: for burk that is the Markdown parser's entity tables, the terminal
// width tables, the UI — about 0.7 ms that the init never uses. Go
// initializes packages in dependency order, otherwise in import-path order
// (The Go Programming Language Specification, "Package initialization"), so
// this package runs as soon as sandbox and its own imports are ready, ahead
// of those. The same trick, in C, is runc's nsenter.
//
// Import it for its effect, in package main:
//
//	import _ "github.com/burk-tui/burk/sandbox/initentry"
package initentry

import (
	"github.com/burk-tui/burk/housekeeping"
	"github.com/burk-tui/burk/machine"
	"github.com/burk-tui/burk/sandbox"
)

func init() {
	if sandbox.IsInit() {
		sandbox.Init() // never returns
	}
	if machine.IsLabGate() {
		machine.PassLabGate() // never returns
	}
	if machine.IsLabInit() {
		machine.LabInit() // never returns: a rootless lab's PID 1
	}
	if machine.IsLabGuard() {
		machine.LabGuard() // never returns
	}
	if machine.IsInit() {
		machine.Init() // never returns: a burk serve session's PID 1
	}
	if housekeeping.IsGuard() {
		housekeeping.Guard() // never returns
	}
	if sandbox.IsProbe() {
		sandbox.Probe() // never returns: burk build check's eyes inside
	}
}
