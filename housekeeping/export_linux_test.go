package housekeeping

// What the tests in package housekeeping_test (so that they can use
// testutil, which imports housekeeping) need of the unexported code.

var (
	InstanceID    = instanceID
	InstanceAlive = instanceAlive
)
