// Package cli is burk's command line: one file per command, made in the
// learner's language (lang.go), on cobra. Files named _linux.go build only
// on Linux, where containers run; cli_other.go stands in for them
// elsewhere, where burk replays a recorded tour. The speaker's tools have
// one home, speaker/ — notes (burk notes, the second screen), stage (the
// tour's place on stage, which the notes follow), ptyshell (what the t key
// types into the shell) — and their commands here are the speaker_*.go
// files (burk notes, doctor --stage, the tour's stage file).
package cli

import (
	"errors"
	"fmt"
	"os"
)

// Main runs the command burk was started with, and returns the status
// burk exits with.
func Main() int {
	err := newRootCommand().Execute()
	if err == nil {
		return 0
	}
	var exit exitError
	if errors.As(err, &exit) {
		return int(exit)
	}
	fmt.Fprintln(os.Stderr, "burk:", err)
	var status statusError
	if errors.As(err, &status) {
		return status.code
	}
	return 1
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
