package sandbox

import (
	"strings"

	"golang.org/x/sys/unix"
)

// nsFlags pairs each namespace with its clone flag, in the order the tour
// adds them.
func (n Namespaces) flags() []struct {
	on   bool
	flag int
	name string
} {
	return []struct {
		on   bool
		flag int
		name string
	}{
		{n.Mount, unix.CLONE_NEWNS, "CLONE_NEWNS"},
		{n.PID, unix.CLONE_NEWPID, "CLONE_NEWPID"},
		{n.UTS, unix.CLONE_NEWUTS, "CLONE_NEWUTS"},
		{n.IPC, unix.CLONE_NEWIPC, "CLONE_NEWIPC"},
		{n.Net, unix.CLONE_NEWNET, "CLONE_NEWNET"},
		{n.User, unix.CLONE_NEWUSER, "CLONE_NEWUSER"},
		{n.Cgroup, unix.CLONE_NEWCGROUP, "CLONE_NEWCGROUP"},
	}
}

// cloneFlags are the flags clone(2) gets to create these namespaces.
func (n Namespaces) cloneFlags() int {
	var f int
	for _, x := range n.flags() {
		if x.on {
			f |= x.flag
		}
	}
	return f
}

// cloneFlagNames spells the flags as the trace shows them.
func (n Namespaces) cloneFlagNames() string {
	var names []string
	for _, x := range n.flags() {
		if x.on {
			names = append(names, x.name)
		}
	}
	names = append(names, "SIGCHLD")
	return strings.Join(names, "|")
}
