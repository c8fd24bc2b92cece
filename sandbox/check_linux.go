package sandbox

import (
	"os"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
)

// Check is one thing `burk doctor` looks at on this machine (package
// doctor). It is here for the rootless lab's checks (rootless_linux.go),
// and goes with them when the lab leaves the runtime.
type Check struct {
	Name   string
	OK     bool
	Detail string // what was found
	Fix    string // how to fix it, when not OK
	// Needed is false for a check whose failure only limits the tour.
	Needed bool
	// DetailMsg and FixMsg, when set, are Detail and Fix in every
	// language (the rootless checks'), for the learner to read in theirs.
	DetailMsg, FixMsg i18n.Msg
}

func readTrim(path string) (string, error) {
	b, err := os.ReadFile(path)
	return strings.TrimSpace(string(b)), err
}
