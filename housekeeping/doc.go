// Package housekeeping keeps the host clean around burk's runtime
// (package sandbox): whatever a burk process puts on the machine goes when
// it goes, however it goes.
//
// The runtime undoes what each container changed when the container is
// closed. What it cannot do is clean up after itself once it is dead: a
// SIGKILL, the OOM killer or a closed laptop lid runs no Go code. So this
// package, one layer above the runtime, keeps
//
//   - the lock (lock_linux.go): one burk at a time changes this host;
//   - the instance names (instanceid_linux.go): a burk process is named by
//     its pid and start time, and everything it makes carries that name, so
//     that a later burk can tell a dead one's leftovers from a live one's;
//   - the mount journal (journal_linux.go): which mounts were under a
//     rootfs before a container that can leak mounts started;
//   - the guard (guard_linux.go): a small burk that outlives this one and
//     recovers its instance the moment it dies;
//   - the recovery (recover_linux.go): at each start, what crashed burks
//     left — the processes in their cgroups, the cgroups, their mounts.
//
// A Keeper is all of that for one burk process, wrapped around its
// sandbox.Host: the runtime asks it for the guard and the journal as it
// starts each container (sandbox.Keeper).
package housekeeping
