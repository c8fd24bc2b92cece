//go:build !linux

package machine

// IsInit reports whether this process was started as a machine's PID 1:
// never, off Linux.
func IsInit() bool { return false }

// Init is never reached off Linux (IsInit is false).
func Init() {}
