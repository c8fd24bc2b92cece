//go:build !linux

package sandbox

// IsProbe reports whether this process was started as a probe in a
// learner's container: never, off Linux.
func IsProbe() bool { return false }

// Probe is never reached off Linux (IsProbe is false).
func Probe() { panic("sandbox: the probe needs Linux") }
