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

// SealedCopy is a sealed memfd copy of the program at path, as the init's
// binary is sealed.
func SealedCopy(path string) (*os.File, error) {
	return sealedCopy(path, trace.New(trace.HostSide, time.Now()))
}

// InitBinaryGuardOf is the host's check of the binary pid runs from, with
// the calls it made.
func InitBinaryGuardOf(pid int) (string, bool, []trace.Event) {
	rec := trace.New(trace.HostSide, time.Now())
	guard, sealed := initBinaryGuard(pid, rec)
	return guard, sealed, rec.Events()
}
