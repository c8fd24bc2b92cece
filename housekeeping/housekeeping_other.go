//go:build !linux

package housekeeping

// Off Linux no container starts, so there is nothing to keep: the guard is
// never started (see sandbox_other.go).

// IsGuard reports whether this process was started as a guard: never, off
// Linux.
func IsGuard() bool { return false }

// Guard is never reached off Linux (IsGuard is false).
func Guard() { panic("housekeeping: the guard needs Linux") }
