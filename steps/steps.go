// Package steps is the tour as data: the ordered isolation steps, the change
// each makes to the container's Spec, what to look at, and the claims each
// makes about what the kernel does — checked against a real container.
package steps

import (
	"fmt"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// Step is one stop of the tour. Steps are cumulative: a step's container has
// every change of the steps before it, plus its own.
type Step struct {
	ID      string
	Title   i18n.Msg
	Summary i18n.Msg // one line: what the step adds
	// Apply makes the step's change to a Spec that already has every earlier
	// step's changes.
	Apply func(*sandbox.Spec)
	// Probes are the views the step shows: every step's (see everyStep),
	// then its own.
	Probes []*Probe
	// Claims are what the step says the kernel does.
	Claims []Claim
	// Break is the step's "break it" variant, where it has one.
	Break *Break
	// Focus is the view the step's lesson talks about first: the tab the
	// tour opens the step on.
	Focus string
	// Question is what a class is asked before the step runs (burk tour
	// --predict); the step's claims answer it.
	Question i18n.Msg
	// Exercises are the step's tasks for the learner's shell, each checked
	// against the container's real state (see exercises.go).
	Exercises []*Exercise
}

// Variant is which version of a step runs: the step itself, or its "break
// it" variant.
type Variant string

const (
	// Itself is the step as the tour teaches it.
	Itself Variant = ""
	// BreakIt is the step deliberately broken, to show why it does what it
	// does. ("break" is also how a recording names it.)
	BreakIt Variant = "break"
)

// Break is a deliberately broken version of a step, to show why the step
// does what it does.
type Break struct {
	Title i18n.Msg
	// Apply is run after the step's own Apply.
	Apply func(*sandbox.Spec)
	// Probes are shown in addition to the step's own.
	Probes []*Probe
	// Claims replace the step's own: they are about the broken step.
	Claims []Claim
	// Focus is the view that shows what breaks; "" is the step's own.
	Focus string
}

// HasBreak reports whether the step has a "break it" variant.
func (s *Step) HasBreak() bool { return s.Break != nil }

// ProbesFor returns the probes a run of the variant takes, in order.
func (s *Step) ProbesFor(v Variant) []*Probe {
	if v == BreakIt && s.Break != nil {
		return append(append([]*Probe{}, s.Probes...), s.Break.Probes...)
	}
	return s.Probes
}

// FocusFor returns the view a run of the variant opens on.
func (s *Step) FocusFor(v Variant) string {
	if v == BreakIt && s.Break != nil && s.Break.Focus != "" {
		return s.Break.Focus
	}
	return s.Focus
}

// ClaimsFor returns the claims a run of the variant checks.
func (s *Step) ClaimsFor(v Variant) []Claim {
	if v == BreakIt && s.Break != nil {
		return s.Break.Claims
	}
	return s.Claims
}

// everyStep are the probes every step shows, before its own: processes,
// mounts and the hostname.
func everyStep(own ...*Probe) []*Probe {
	return append([]*Probe{probePS, probeMount, probeHostname}, own...)
}

// ContainerHostname is the hostname the container gets from uts-ns on.
const ContainerHostname = "burk"

// Hardening is what the last step keeps and masks. The capabilities are
// Docker's default set (moby's oci/caps/defaults.go) less CAP_MKNOD,
// CAP_NET_RAW and CAP_SETFCAP: burk's /dev is a tmpfs with bound devices,
// its container has no network but lo, and nothing inside needs to set
// file capabilities. (runc spec's example config keeps only three:
// CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE.) The read-only paths
// are Docker's defaults, and the masked paths most of them: current Docker
// (moby's oci/defaults.go) also masks /proc/asound, /proc/interrupts and
// /sys/devices/virtual/powercap, which this list leaves out.
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

// TimeOffsets are the time-ns step's clock offsets: a hundred days, so
// that uptime inside says so at a glance.
var TimeOffsets = sandbox.TimeOffsets{Monotonic: 100 * 24 * time.Hour, Boottime: 100 * 24 * time.Hour}

// UserMapSize is how many ids the user namespace maps.
const UserMapSize = 65536

// UserMapHostID is the first host uid and gid that root inside the user
// namespace is mapped to: an id no account on the host uses.
const UserMapHostID = 100000

// all is the tour, in order: each step with what it changes, the views it
// shows and the claims it makes. The probes are in probes.go and
// cgroups.go, the claims in claims.go.
var all = []*Step{
	{
		ID:        "process",
		Question:  i18n.T("Nothing is isolated yet. What will ps in the container list, compared with the host's ps?"),
		Exercises: []*Exercise{exInitPID},
		Focus:     "ps",
		Title:     i18n.T("A plain process"),
		Summary:   i18n.T("nothing isolated: a child process like any other"),
		Apply:     func(s *sandbox.Spec) {},
		Probes:    everyStep(probeNamespaces),
		Claims:    []Claim{claimSharesNamespaces, claimSameHostname},
	},
	{
		ID:        "chroot",
		Question:  i18n.T("After chroot into the rootfs, what will ps print inside the container?"),
		Exercises: []*Exercise{exMountProc},
		Focus:     "ps",
		Title:     i18n.T("chroot"),
		Summary:   i18n.T("a root directory of its own"),
		Apply:     func(s *sandbox.Spec) { s.Root = sandbox.RootChroot },
		Probes:    everyStep(probeEscape),
		Claims:    []Claim{claimRootIsRootfs, claimPSFails, claimEscapeWorks},
	},
	{
		ID:        "proc",
		Question:  i18n.T("With proc mounted inside the chroot, which processes will ps list? Will the host's mount table change?"),
		Exercises: []*Exercise{exMountLeaks},
		Focus:     "ps",
		Title:     i18n.T("Mounting /proc"),
		Summary:   i18n.T("a proc filesystem inside the chroot"),
		Apply:     func(s *sandbox.Spec) { s.MountProc = true },
		Probes:    everyStep(),
		Claims:    []Claim{claimPSListsHost, claimProcLeaks},
	},
	{
		ID:        "mount-ns",
		Question:  i18n.T("With a mount namespace of its own, will the host still see the container's proc mount?"),
		Exercises: []*Exercise{exMountPrivate},
		Focus:     "mount",
		Title:     i18n.T("Mount namespace"),
		Summary:   i18n.T("its own mount table, with / made private"),
		Apply:     func(s *sandbox.Spec) { s.Namespaces.Mount = true },
		Probes:    everyStep(probeNamespaces),
		Claims:    []Claim{claimProcPrivate, claimNewNamespace("mnt", i18n.T("The container has a mount namespace of its own."))},
		Break: &Break{
			Title: i18n.T("without making / private"),
			// / stays shared: mounts propagate where the host's / is a
			// shared mount.
			Apply:  func(s *sandbox.Spec) { s.KeepSharedRoot = true },
			Claims: []Claim{claimPropagationBreak},
		},
	},
	{
		ID:        "pid-ns",
		Question:  i18n.T("In a new PID namespace, which PID will the container's first process have inside? And on the host?"),
		Exercises: []*Exercise{exNamePID1},
		Focus:     "ps",
		Title:     i18n.T("PID namespace"),
		Summary:   i18n.T("its own process numbers, starting at 1"),
		Apply:     func(s *sandbox.Spec) { s.Namespaces.PID = true },
		Probes:    everyStep(probeNamespaces),
		Claims:    []Claim{claimPID1, claimOnlyOwnProcesses, claimOtherPIDOutside},
		Break: &Break{
			Title: i18n.T("with the host's /proc"),
			// The host's /proc bound in place of a new one: the PID
			// namespace is there, but ps reads the host's processes.
			Apply:  func(s *sandbox.Spec) { s.HostProc = true },
			Probes: []*Probe{probeProcDir},
			Claims: []Claim{claimHostProcLeaks},
		},
	},
	{
		ID:        "uts-ns",
		Question:  i18n.T("The container sets its hostname to burk. What will hostname print on the host?"),
		Exercises: []*Exercise{exDomainName},
		Focus:     "hostname",
		Title:     i18n.T("UTS namespace"),
		Summary:   i18n.T("its own hostname"),
		Apply: func(s *sandbox.Spec) {
			s.Namespaces.UTS = true
			s.Hostname = ContainerHostname
		},
		Probes: everyStep(probeNamespaces),
		Claims: []Claim{claimOwnHostname, claimHostHostnameUnchanged},
	},
	{
		ID:        "ipc-ns",
		Question:  i18n.T("burk makes a message queue on the host. Will ipcs -q inside the container list it?"),
		Exercises: []*Exercise{exQueueKey},
		Focus:     "ipc",
		Title:     i18n.T("IPC namespace"),
		Summary:   i18n.T("its own message queues, semaphores and shared memory"),
		Apply:     func(s *sandbox.Spec) { s.Namespaces.IPC = true },
		Probes:    everyStep(probeIPC, probeNamespaces),
		Claims:    []Claim{claimQueueHidden, claimNewNamespace("ipc", i18n.T("The container has an IPC namespace of its own."))},
	},
	{
		ID:        "net-ns",
		Question:  i18n.T("Which network interfaces will ip link list inside a new network namespace?"),
		Exercises: []*Exercise{exCutOff},
		Focus:     "net",
		Title:     i18n.T("Network namespace"),
		Summary:   i18n.T("its own network stack: a loopback, nothing else"),
		Apply:     func(s *sandbox.Spec) { s.Namespaces.Net = true },
		Probes:    everyStep(probeNet, probeNamespaces),
		Claims:    []Claim{claimOnlyLoopback, claimNewNamespace("net", i18n.T("The container has a network namespace of its own."))},
	},
	{
		ID:        "user-ns",
		Question:  i18n.T("Inside, id says uid 0. Which uid will the host say the container's processes run as?"),
		Exercises: []*Exercise{exFindUID},
		Focus:     "id",
		Title:     i18n.T("User namespace"),
		Summary:   i18n.T("root inside, an unprivileged uid outside"),
		Apply: func(s *sandbox.Spec) {
			s.Namespaces.User = true
			s.UIDMap = []sandbox.IDMap{{ContainerID: 0, HostID: UserMapHostID, Size: UserMapSize}}
			s.GIDMap = []sandbox.IDMap{{ContainerID: 0, HostID: UserMapHostID, Size: UserMapSize}}
		},
		Probes: everyStep(probeID, probeNamespaces),
		Claims: []Claim{claimRootInside, claimUnprivilegedOutside},
	},
	{
		ID:        "cgroups",
		Question:  i18n.T("A program in the container uses more memory than memory.max allows. What happens to it?"),
		Exercises: []*Exercise{exHitPidsMax},
		Focus:     "cgroup",
		Title:     i18n.T("cgroups"),
		Summary:   i18n.T("limits on memory, processes and CPU"),
		Apply:     func(s *sandbox.Spec) { s.Limits = CgroupLimits },
		Probes:    everyStep(probeCgroup),
		Claims:    []Claim{claimOOMKilled, claimPidsMax, claimThrottled},
	},
	{
		ID:        "cgroup-ns",
		Question:  i18n.T("What will /proc/self/cgroup say inside the container, and what does the host see for the same process?"),
		Exercises: []*Exercise{exMemLimit},
		Focus:     "cgroupns",
		Title:     i18n.T("Cgroup namespace"),
		Summary:   i18n.T("its own cgroup as the root of the cgroup tree it sees"),
		Apply:     func(s *sandbox.Spec) { s.Namespaces.Cgroup = true },
		Probes:    everyStep(probeCgroupNS, probeNamespaces),
		Claims:    []Claim{claimNewCgroupNS, claimCgroupPathHidden, claimCgroupMountOwnSubtree},
	},
	{
		ID:        "time-ns",
		Question:  i18n.T("burk sets the container's monotonic and boot-time clocks 100 days ahead. What will uptime say inside? And date?"),
		Exercises: []*Exercise{exUptimeDays},
		Focus:     "clocks",
		Title:     i18n.T("Time namespace"),
		Summary:   i18n.T("its own uptime; the wall clock stays the host's"),
		Apply: func(s *sandbox.Spec) {
			s.Namespaces.Time = true
			s.TimeOffsets = TimeOffsets
		},
		Probes: everyStep(probeClocks, probeNamespaces),
		Claims: []Claim{claimNewTimeNS, claimUptimeShifted, claimWallClockShared},
	},
	{
		ID:        "pivot-root",
		Question:  i18n.T("The chroot escape worked at step 2. Will the same escape work after pivot_root?"),
		Exercises: []*Exercise{exRootReadonly},
		Focus:     "escape",
		Title:     i18n.T("pivot_root"),
		Summary:   i18n.T("swap the root mount instead of chroot"),
		Apply: func(s *sandbox.Spec) {
			s.Root = sandbox.RootPivot
			s.MountDev = true
		},
		Probes: everyStep(probeEscape),
		Claims: []Claim{claimEscapeFails},
	},
	{
		ID:        "hardening",
		Question:  i18n.T("id inside still says uid 0. Will hostname x work at this step?"),
		Exercises: []*Exercise{exDroppedCap},
		Focus:     "caps",
		Title:     i18n.T("Hardening"),
		Summary:   i18n.T("capabilities dropped, no_new_privs, masked /proc, a binary the container cannot write"),
		Apply:     func(s *sandbox.Spec) { s.Hardening = Hardening },
		Probes:    everyStep(probeCaps),
		Claims:    []Claim{claimCapsDropped, claimNothingInheritable, claimNoNewPrivs, claimNoSysAdmin, claimSealed},
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
