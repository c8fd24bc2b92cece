// Package sandbox is burk's container runtime: a Spec says what to isolate,
// Start turns it into a real container on this kernel, and Close undoes
// every change it made to the host. It has no user interface in it and
// words nothing for the learner: it returns typed errors and facts, and
// its callers say them. What is built around it lives above it: the lock,
// the guard, the mount journal and the recovery in package housekeeping;
// the kinds of host a tour runs on — root on the real host, a rootless lab,
// a machine of one's own (a burk serve session) — in package machine, with
// the rootless checks; what the machine allows in package doctor. The
// runtime only reads which kind of host it runs on (where_linux.go), and
// does what the kernel lets it do there (lab_linux.go). The host's own
// processes and namespaces, which the tour shows beside the container's,
// are read by internal/procfs.
//
// Read build/reference/main.go first: the same runtime in about 130 lines of
// code, top to bottom, without the trace, the guard and the rootless lab.
//
// # The life of a container
//
// What happens between typing `burk run -- sh` and getting the host back
// as it was, in ten steps, each with the function that does it. Read them
// in this order: each file is short, and its comments say why the kernel
// needs what it does.
//
//  1. The command line readies the host (prepareHost, cli/host_linux.go):
//     for an ordinary user it first runs burk again inside a lab where the
//     learner is root (machine.EnterLab); then housekeeping.New names this
//     burk process as an instance, Keeper.Lock makes it the only burk
//     changing the machine, and Keeper.Recover removes what a crashed burk
//     left.
//
//  2. The step becomes a Spec (steps.SpecFor): plain data, each step of the
//     tour adding its field — a namespace, a chroot, a limit. Spec.Validate
//     (validate.go) refuses what the kernel cannot do, one rule a line.
//
//  3. Host.RunWith (run_linux.go) starts the container through Host.start
//     (start_linux.go), a list of steps: Host.check, then Host.startGuard,
//     which has the Keeper start the guard that cleans up should burk be
//     SIGKILLed, then Host.newContainer, which notes what the container
//     could change on the host (noteHost, hostchanges_linux.go).
//
//  4. The host makes what the container is held by, each with its undo:
//     Container.watchLeakedMounts, for mounts that can reach the host's
//     table, and Container.makeCgroup, the cgroup with its limits
//     (internal/cgroup), which every container gets so that all of its
//     processes can be found and killed.
//
//  5. The host prepares the init, which is burk itself again:
//     Container.openControlSocket, the socket pair they talk over;
//     Container.makeInitCommand, the clone flags (Namespaces.cloneFlags,
//     namespaces_linux.go) and the binary, sealed against being written
//     from inside (Host.initBinary, seal_linux.go); then
//     Container.bornInCgroup, Container.delegateCgroup and
//     Container.passPayloadCgroups.
//
//  6. Container.launchInit clones it: Container.startInit and cloneInit
//     (birth_linux.go) make the new namespaces — a time namespace first,
//     on the cloning thread — and recordClone writes the clone into the
//     trace; then the init gets its InitSpec (protocol.go).
//
//  7. Inside the new namespaces, the binary's first package init
//     (sandbox/initentry) runs Init (init_linux.go), and setupContainer
//     (setup_linux.go) sets the container up from inside: / made private,
//     the hostname, lo, then enterChroot or enterPivotRoot with /proc and
//     /dev, the masked paths, and hardenThread (harden_linux.go) on the one
//     thread that starts every process (spawner, spawn_linux.go). Every
//     call goes through one recorded layer (internal/trace), which writes
//     the trace line from the call's real arguments.
//
//  8. Container.awaitSetup takes the init's word and its trace. The
//     container now runs its command (runForeground), or serves the tour's
//     probes one at a time (serve: Container.Exec, Container.Escape).
//
//  9. When the command ends, or burk is asked to stop, Container.Close
//     (container_linux.go) kills the init and everything in its cgroup,
//     runs the undos in reverse — the leaked mounts unmounted
//     (UnmountAdded), the cgroup removed — and puts back what the
//     container changed on the host through a namespace it shared
//     (hostBefore.restore), which Container.HostChanges then tells.
//
//  10. Back in the command line, the release from step 1 runs: Keeper.Close
//     tells the guard there is nothing to clean up, and the lock goes. Had
//     burk been killed instead, the guard (housekeeping.Guard) would have
//     recovered the instance the moment it died, as the next burk's
//     Recover also would.
package sandbox
