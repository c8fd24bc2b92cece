// Package machine makes a machine of one's own: the third kind of host a
// tour runs on, beside root on the real host and the tour's containers.
//
// A machine is a burk process that is PID 1 in new user, mount, PID, UTS,
// IPC, network, cgroup and time namespaces, with a root filesystem of its
// own and a cgroup whose limits it cannot raise. Inside it, burk is root —
// of the machine only: the user namespace maps its ids to a range of the
// server's that no user and no other machine has, so whatever escapes a
// namespace arrives as a stranger. Each `burk serve` session is one.
//
// The life of a machine, in the order to read it:
//
//  1. ids.go: a range of ids of its own (Allocator.Take);
//  2. start_linux.go: the server clones burk into the new namespaces
//     (Start), puts it in its cgroup, writes its id maps, then opens the
//     gate;
//  3. init_linux.go: PID 1 inside builds the machine's root (mounts),
//     names it, brings lo up, and starts the program (the tour);
//  4. start_linux.go: when the program ends or the learner leaves, Stop
//     kills PID 1 — the kernel then kills every process in the PID
//     namespace, and the mount namespace and its mounts go with them —
//     and removes the cgroup. A server killed with SIGKILL takes its
//     machines with it (PR_SET_PDEATHSIG), and its guard removes their
//     cgroups.
package machine
