package procfs

// Process is what /proc/PID says about one process.
type Process struct {
	PID, PPID int
	UID       int // the real uid, as the host numbers it
	Comm      string
	Cmdline   []string
	// NSpid is the process's PID in each PID namespace it is in, from the
	// host's outward in: [host PID, ..., PID in its own namespace].
	NSpid []int
}

// NamespaceTypes are the namespace files under /proc/PID/ns that burk shows.
var NamespaceTypes = []string{"mnt", "pid", "uts", "ipc", "net", "user", "cgroup", "time"}
