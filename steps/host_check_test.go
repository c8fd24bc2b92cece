package steps_test

import (
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// The tour runs on sandbox's host.
var _ steps.Host = (*sandbox.Host)(nil)
