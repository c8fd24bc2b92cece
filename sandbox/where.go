package sandbox

// What the makers of a lab and of a machine (package machine) set in the
// burk they run there, for the runtime to read where it runs
// (where_linux.go).

// LabEnv is "1" in the burk inside a lab (machine.EnterLab sets it). The
// lab has a PID namespace of its own, so a pid of the burk outside would
// mean nothing there.
const LabEnv = "BURK_LAB"

// LabCgroupEnv names, in a lab or a machine, the delegated cgroup its
// containers' cgroups go below; unset when there is none.
const LabCgroupEnv = "BURK_LAB_CGROUP"

// MachineEnv is set by a machine's PID 1 (package machine) in the burk it
// runs there.
const MachineEnv = "BURK_MACHINE"
