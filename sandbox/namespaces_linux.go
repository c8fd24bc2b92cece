package sandbox

import (
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/trace"
)

// NamespaceFlag is one namespace: whether it is asked for, its clone
// flag, and its name in /proc/PID/ns.
type NamespaceFlag struct {
	On   bool
	Flag int
	Name string // as the trace spells the flag: "CLONE_NEWNS"
	Proc string // the file in /proc/PID/ns: "mnt"
}

// Flags pairs each namespace with its clone flag, in the order the tour
// adds them.
func (n Namespaces) Flags() []NamespaceFlag {
	return []NamespaceFlag{
		{n.Mount, unix.CLONE_NEWNS, "CLONE_NEWNS", "mnt"},
		{n.PID, unix.CLONE_NEWPID, "CLONE_NEWPID", "pid"},
		{n.UTS, unix.CLONE_NEWUTS, "CLONE_NEWUTS", "uts"},
		{n.IPC, unix.CLONE_NEWIPC, "CLONE_NEWIPC", "ipc"},
		{n.Net, unix.CLONE_NEWNET, "CLONE_NEWNET", "net"},
		{n.User, unix.CLONE_NEWUSER, "CLONE_NEWUSER", "user"},
		{n.Cgroup, unix.CLONE_NEWCGROUP, "CLONE_NEWCGROUP", "cgroup"},
		{n.Time, unix.CLONE_NEWTIME, "CLONE_NEWTIME", "time"},
	}
}

// cloneFlags are the flags the init's clone gets to create these
// namespaces. A time namespace is never among them: a process born in one
// has entered it, and once a process has entered a time namespace its
// offsets can no longer be written. The thread that clones the init makes
// it first instead, and the init is born in it (see cloneInit).
func (n Namespaces) cloneFlags() int {
	var f int
	for _, x := range n.Flags() {
		if x.On && x.Flag != unix.CLONE_NEWTIME {
			f |= x.Flag
		}
	}
	return f
}

// cloneFlagNames spells clone flags as the trace shows them.
func cloneFlagNames(flags int) string {
	names := []string{"SIGCHLD"}
	if flags != 0 {
		names = append([]string{trace.CloneFlags(flags)}, names...)
	}
	return strings.Join(names, "|")
}
