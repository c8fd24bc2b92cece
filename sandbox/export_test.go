package sandbox

// What the tests in package sandbox_test (so that they can use testutil,
// which imports sandbox) need of the unexported code.

import (
	"os"
	"time"

	"github.com/burk-tui/burk/internal/trace"
)

// MemfdCopy is the sealed copy the init falls back to without overlayfs.
func MemfdCopy() (*os.File, error) { return memfdCopy(trace.New(trace.HostSide, time.Now())) }
