// Package steps is the tour as data: the ordered isolation steps, the change
// each makes to the container's Spec, what to look at, and the claims each
// makes about what the kernel does — checked against a real container.
package steps

import (
	"fmt"
	"strings"
	"time"

	"github.com/burk-tui/burk/sandbox"
)

// Step is one stop of the tour. Steps are cumulative: a step's container has
// every change of the steps before it, plus its own.
type Step struct {
	ID      string
	Title   Text
	Summary Text // one line: what the step adds
	// Apply makes the step's change to a Spec that already has every earlier
	// step's changes.
	Apply func(*sandbox.Spec)
	// Probes are the views the step shows, beyond the ones every step shows.
	Probes []*Probe
	// Claims are what the step says the kernel does.
	Claims []Claim
	// Break is the step's "break it" variant, where it has one.
	Break *Variant
}

// Variant is a deliberately broken version of a step, to show why the step
// does what it does.
type Variant struct {
	Title Text
	// Apply is run after the step's own Apply.
	Apply func(*sandbox.Spec)
	// Probes are shown in addition to the step's own.
	Probes []*Probe
	Claims []Claim
}

// ContainerHostname is the hostname the container gets from uts-ns on.
const ContainerHostname = "burk"

// Hardening is what the last step keeps and masks, as runc's defaults do.
var Hardening = sandbox.Hardening{
	Enabled: true,
	KeepCaps: []string{
		"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
		"CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
		"CAP_SYS_CHROOT", "CAP_AUDIT_WRITE",
	},
	NoNewPrivs: true,
	MaskedPaths: []string{
		"/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
		"/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/proc/acpi",
		"/sys/firmware",
	},
	ReadonlyPaths: []string{
		"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
	},
	SealedBinary: true,
}

// CgroupLimits are the limits of the cgroups step: small enough that the
// demonstrations hit them at once, large enough for the probes to run.
var CgroupLimits = sandbox.Limits{
	MemoryBytes: 16 << 20,
	Pids:        24,
	CPUQuota:    20 * time.Millisecond,
	CPUPeriod:   100 * time.Millisecond,
}

// UserMapSize is how many ids the user namespace maps.
const UserMapSize = 65536

// UserMapHostID is the first host uid and gid that root inside the user
// namespace is mapped to: an id no account on the host uses.
const UserMapHostID = 100000

// all is the tour, in order. The probes and claims of each step live in
// tour.go beside the probes they read.
var all = []*Step{
	{
		ID:      "process",
		Title:   Text{"A plain process", "En vanlig process"},
		Summary: Text{"nothing isolated: a child process like any other", "ingenting isolerat: en barnprocess som alla andra"},
		Apply:   func(s *sandbox.Spec) {},
	},
	{
		ID:      "chroot",
		Title:   Text{"chroot", "chroot"},
		Summary: Text{"a root directory of its own", "en egen rotkatalog"},
		Apply:   func(s *sandbox.Spec) { s.Root = sandbox.RootChroot },
	},
	{
		ID:      "proc",
		Title:   Text{"Mounting /proc", "Montera /proc"},
		Summary: Text{"a proc filesystem inside the chroot", "ett proc-filsystem i chrooten"},
		Apply:   func(s *sandbox.Spec) { s.MountProc = true },
	},
	{
		ID:      "mount-ns",
		Title:   Text{"Mount namespace", "Mount-namespace"},
		Summary: Text{"its own mount table, with / made private", "en egen mount-tabell, med / gjord privat"},
		Apply:   func(s *sandbox.Spec) { s.Namespaces.Mount = true },
	},
	{
		ID:      "pid-ns",
		Title:   Text{"PID namespace", "PID-namespace"},
		Summary: Text{"its own process numbers, starting at 1", "egna processnummer, från 1"},
		Apply:   func(s *sandbox.Spec) { s.Namespaces.PID = true },
	},
	{
		ID:      "uts-ns",
		Title:   Text{"UTS namespace", "UTS-namespace"},
		Summary: Text{"its own hostname", "ett eget värdnamn"},
		Apply: func(s *sandbox.Spec) {
			s.Namespaces.UTS = true
			s.Hostname = ContainerHostname
		},
	},
	{
		ID:      "ipc-ns",
		Title:   Text{"IPC namespace", "IPC-namespace"},
		Summary: Text{"its own message queues, semaphores and shared memory", "egna meddelandeköer, semaforer och delat minne"},
		Apply:   func(s *sandbox.Spec) { s.Namespaces.IPC = true },
	},
	{
		ID:      "net-ns",
		Title:   Text{"Network namespace", "Nätverks-namespace"},
		Summary: Text{"its own network stack: a loopback, nothing else", "en egen nätverksstack: en loopback, inget mer"},
		Apply:   func(s *sandbox.Spec) { s.Namespaces.Net = true },
	},
	{
		ID:      "user-ns",
		Title:   Text{"User namespace", "User-namespace"},
		Summary: Text{"root inside, an unprivileged uid outside", "root inuti, en oprivilegierad uid utanför"},
		Apply: func(s *sandbox.Spec) {
			s.Namespaces.User = true
			s.UIDMap = []sandbox.IDMap{{ContainerID: 0, HostID: UserMapHostID, Size: UserMapSize}}
			s.GIDMap = []sandbox.IDMap{{ContainerID: 0, HostID: UserMapHostID, Size: UserMapSize}}
		},
	},
	{
		ID:      "cgroups",
		Title:   Text{"cgroups", "cgroups"},
		Summary: Text{"limits on memory, processes and CPU", "gränser för minne, processer och CPU"},
		Apply:   func(s *sandbox.Spec) { s.Limits = CgroupLimits },
	},
	{
		ID:      "pivot-root",
		Title:   Text{"pivot_root", "pivot_root"},
		Summary: Text{"swap the root mount instead of chroot", "byt rot-mounten i stället för chroot"},
		Apply: func(s *sandbox.Spec) {
			s.Root = sandbox.RootPivot
			s.MountDev = true
		},
	},
	{
		ID:      "hardening",
		Title:   Text{"Hardening", "Härdning"},
		Summary: Text{"capabilities dropped, no_new_privs, masked /proc, a binary nobody can write", "capabilities borttagna, no_new_privs, maskad /proc, en binär ingen kan skriva i"},
		Apply:   func(s *sandbox.Spec) { s.Hardening = Hardening },
	},
}

// All returns the steps of the tour, in order.
func All() []*Step { return all }

// IDs returns the ids of the steps, in order.
func IDs() []string {
	ids := make([]string, len(all))
	for i, s := range all {
		ids[i] = s.ID
	}
	return ids
}

// Last is the fullest step: everything a real runtime does.
func Last() *Step { return all[len(all)-1] }

// ByID returns the step with the given id; an unknown id is an error that
// lists the valid ones.
func ByID(id string) (*Step, error) {
	for _, s := range all {
		if s.ID == id {
			return s, nil
		}
	}
	return nil, fmt.Errorf("unknown step %q: the steps are %s", id, strings.Join(IDs(), ", "))
}

// Index returns the position of the step in the tour, or -1.
func Index(id string) int {
	for i, s := range all {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// SpecFor returns the Spec of a container at step, on the given root
// filesystem: every step up to and including it applied in order.
func SpecFor(step *Step, rootfs string) sandbox.Spec {
	spec := sandbox.Spec{Rootfs: rootfs}
	for _, s := range all {
		s.Apply(&spec)
		if s == step {
			break
		}
	}
	return spec
}
