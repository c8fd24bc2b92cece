package sandbox

import "github.com/burk-tui/burk/internal/trace"

// Event is one syscall the runtime made, on either side (see trace.Event).
type Event = trace.Event

// The two sides of the container boundary a syscall is made on.
const (
	HostSide      = trace.HostSide
	ContainerSide = trace.ContainerSide
)
