package machine

import "github.com/burk-tui/burk/sandbox"

// Config is what a machine is made of. The server fills it; PID 1 inside
// reads it (as JSON in the environment) to build the machine's root.
type Config struct {
	// Name is the machine's hostname: the learner's name.
	Name string `json:"name"`
	// Args is the burk command PID 1 runs inside ("tour", "--lang", "sv").
	Args []string `json:"args"`
	// Env is added to the program's environment (TERM, LANG).
	Env []string `json:"env"`
	// IDs is the server's ids the machine's user namespace maps.
	IDs IDRange `json:"ids"`
	// Rootfs is the tour's root filesystem on the server: bound read-only
	// at the same path inside, for the tour's containers. PID 1 opens it
	// as the machine's root: its parents must be searchable by anyone.
	Rootfs string `json:"rootfs"`
	// Seed is the files the learner's state directory (StateInside, a
	// tmpfs of the machine's) starts with, by path below it: the progress
	// of their last session. The server keeps it, reading it back out
	// with ReadState; the machine never writes the server's disk.
	Seed map[string][]byte `json:"seed"`
	// Binary is burk's binary on the server, alone in its directory
	// (serve.New puts a copy there), which the machine gets read-only.
	Binary string `json:"binary"`
	// TmpBytes is the size of each writable tmpfs (/tmp, /run): the
	// only places a learner can write besides State.
	TmpBytes int64 `json:"tmp_bytes"`
}

// StateInside is where the learner's directory is inside a machine; the
// tour keeps its progress below it ($XDG_STATE_HOME).
const StateInside = "/var/lib/burk/learner"

// BinDir is where the directory of burk's binary is inside a machine: a
// directory, not the file alone, because the tour's hardening step reaches
// its binary through an overlayfs whose lower layer is that directory, and
// overlayfs sees a directory's own files, not what is mounted on them.
const BinDir = "/.burk"

// Env is set in the program a machine runs, so that burk there knows it
// is root of a machine of its own, not of the real host.
const Env = sandbox.MachineEnv
