package sandbox

// Where this runtime runs: root on the real host, a rootless lab, or a
// machine of its own (a burk serve session). The lab and the machine are
// made above the runtime (package machine); the runtime only reads which
// one it is in, from what their maker set, because the kernel lets it do
// less in each (see labSpec).

import (
	"os"
	"strings"
	"sync"
)

// IsRealRoot reports whether this process is root on the machine: uid 0
// in the initial user namespace. Root in a user namespace of its own (a
// rootless container, or burk's own lab) owns only what that namespace
// owns: the host's cgroups, its /run and its hostname are not its to change.
func IsRealRoot() bool {
	return os.Geteuid() == 0 && initialUserNamespace(readTrim)
}

// initialUserNamespace reports whether uid_map is the identity map of
// every id, which only the initial user namespace has.
func initialUserNamespace(read func(string) (string, error)) bool {
	m, err := read("/proc/self/uid_map")
	if err != nil {
		return true // no user namespaces in this kernel: all is initial
	}
	return strings.Join(strings.Fields(m), " ") == "0 0 4294967295"
}

// InLab reports whether this burk runs inside a lab its parent made, or
// as root of a machine of its own (InMachine): in both it is root of a
// user namespace, not of the host, and owns its PID and mount namespaces
// (the lab's PID 1 mounted its /proc).
func InLab() bool { return inRootlessLab() || InMachine() }

// inRootlessLab reports whether machine.EnterLab made the lab this burk
// runs in.
var inRootlessLab = sync.OnceValue(func() bool {
	return os.Getenv(LabEnv) == "1" && !IsRealRoot()
})

// InMachine reports whether this burk runs as root of a machine of its own
// (a burk serve session): root of a user namespace that also owns its
// mount, PID, UTS, IPC, network, cgroup and time namespaces. Unlike the
// lab, its ps, hostname and mount table are its own, not the host's.
func InMachine() bool { return os.Getenv(MachineEnv) == "1" && !IsRealRoot() }

func readTrim(path string) (string, error) {
	b, err := os.ReadFile(path)
	return strings.TrimSpace(string(b)), err
}
