package sandbox

import (
	"strings"

	"golang.org/x/sys/unix"
)

// nsFlag is one namespace: whether it is asked for, its clone flag, and
// its name in /proc/PID/ns.
type nsFlag struct {
	on   bool
	flag int
	name string // as the trace spells the flag
	proc string // the file in /proc/PID/ns
}

// flags pairs each namespace with its clone flag, in the order the tour
// adds them.
func (n Namespaces) flags() []nsFlag {
	return []nsFlag{
		{n.Mount, unix.CLONE_NEWNS, "CLONE_NEWNS", "mnt"},
		{n.PID, unix.CLONE_NEWPID, "CLONE_NEWPID", "pid"},
		{n.UTS, unix.CLONE_NEWUTS, "CLONE_NEWUTS", "uts"},
		{n.IPC, unix.CLONE_NEWIPC, "CLONE_NEWIPC", "ipc"},
		{n.Net, unix.CLONE_NEWNET, "CLONE_NEWNET", "net"},
		{n.User, unix.CLONE_NEWUSER, "CLONE_NEWUSER", "user"},
		{n.Cgroup, unix.CLONE_NEWCGROUP, "CLONE_NEWCGROUP", "cgroup"},
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
