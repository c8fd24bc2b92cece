//go:build !linux

package machine

// IsInit reports whether this process was started as a machine's PID 1:
// never, off Linux.
func IsInit() bool { return false }

// Init is never reached off Linux (IsInit is false).
func Init() {}

// IsLabGuard reports whether this process is a lab's cgroup guard: never,
// off Linux.
func IsLabGuard() bool { return false }

// LabGuard is never reached off Linux (IsLabGuard is false).
func LabGuard() { panic("machine: a rootless lab needs Linux") }

// IsLabGate reports whether this process is a lab waiting for its maps:
// never, off Linux.
func IsLabGate() bool { return false }

// PassLabGate is never reached off Linux (IsLabGate is false).
func PassLabGate() { panic("machine: a rootless lab needs Linux") }

// IsLabInit reports whether this process is a lab's PID 1: never, off
// Linux.
func IsLabInit() bool { return false }

// LabInit is never reached off Linux (IsLabInit is false).
func LabInit() { panic("machine: a rootless lab needs Linux") }
