package steps

// The recap: the tour's last word, checked like every step. A container at
// full isolation (every step applied, the hardening step's spec) is
// started once more, and what it has of its own and what it still shares
// with the host are claims about it, each checked against the container
// and the host as they are — the same kernel, the same wall clock, the
// host's devices, every syscall — never a canned list.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// RecapID is the recap's id: not a step of the tour, and so never in its
// progress, but run through the engine like one.
const RecapID = "recap"

// recapIsolated and recapShared are the recap's two lists of claims: what
// the container has of its own now, and what it still shares with the
// host. The recap step checks both, in this order.
var (
	recapIsolated = []Claim{claimEveryNamespaceOwn, claimUnprivilegedOutside, claimCgroupLimits, claimRootOwn, claimCapsDropped}
	recapShared   = []Claim{claimSameKernel, claimHostMemory, claimWallClockNotUptime, claimNoSysfs, claimSameDevices, claimEverySyscall}
)

// recapStep is the recap as a step: no change of its own, so that SpecFor
// — which applies every step of the tour up to the one it is given, and
// all of them to one that is not in the tour — gives it the last step's
// spec, full isolation.
var recapStep = &Step{
	ID:      RecapID,
	Title:   i18n.T("Recap"),
	Summary: i18n.T("what is isolated now, and what is still shared with the host"),
	Apply:   func(*sandbox.Spec) {},
	Focus:   "shared",
	Probes:  []*Probe{probeNamespaces, probeCaps, probeEscape, probeShared},
	Claims:  append(slices.Clone(recapIsolated), recapShared...),
}

// Recap returns the recap, to run as a step: Engine.Run(ctx, Recap(),
// Itself), or any Runner.
func Recap() *Step { return recapStep }

// Runnable is, by id, what a tour runs: one of its steps, or the recap
// after them — what a recording of a tour holds.
func Runnable(id string) (*Step, error) {
	if id == RecapID {
		return recapStep, nil
	}
	return ByID(id)
}

// RunOrder is where a Runnable comes in a tour: a step's index, the recap
// after every step.
func RunOrder(id string) int {
	if id == RecapID {
		return len(All())
	}
	return Index(id)
}

// RecapClaims splits a run of the recap into its two lists: what the
// container has of its own, and what it shares with the host.
func RecapClaims(obs *Observation) (isolated, shared []ClaimResult) {
	if obs == nil || obs.Err != nil || len(obs.Claims) != len(recapIsolated)+len(recapShared) {
		return nil, nil
	}
	return obs.Claims[:len(recapIsolated)], obs.Claims[len(recapIsolated):]
}

// Misconception is a belief about containers the tour has shown false,
// and the recap claim that shows it on this machine.
type Misconception struct {
	Belief, Instead i18n.Msg
	// shownBy is the text of the claim that shows it; zero when no claim
	// can (which program is the runtime is not a kernel's fact).
	shownBy i18n.Msg
}

// Misconceptions are the beliefs the recap clears up, in the order a class
// meets them.
var Misconceptions = []Misconception{
	{
		Belief:  i18n.T("A container is a small virtual machine."),
		Instead: i18n.T("It is a group of processes on the host's own kernel: the same kernel release inside and out, and the host's memory in /proc/meminfo."),
		shownBy: claimSameKernel.Text,
	},
	{
		Belief:  i18n.T("Root in a container is root on the host."),
		Instead: i18n.T("With a user namespace, root inside is an unprivileged uid outside, and holds only the capabilities the runtime kept."),
		shownBy: claimUnprivilegedOutside.Text,
	},
	{
		Belief:  i18n.T("Namespaces limit what a container may use."),
		Instead: i18n.T("Namespaces change what a process sees; cgroups limit what it uses. The memory and pids limits did that here."),
		shownBy: claimCgroupLimits.Text,
	},
	{
		Belief:  i18n.T("Docker is the container runtime."),
		Instead: i18n.T("Docker is an engine: it fetches images, prepares the root filesystem and hands a bundle to containerd, whose runtime (runc or crun) makes the syscalls this tour showed."),
	},
}

// ShownBy is the result of the claim that shows the misconception false,
// in a run of the recap; nil when no claim can, or the run has none.
func (m Misconception) ShownBy(obs *Observation) *ClaimResult {
	if obs == nil || m.shownBy.IsZero() {
		return nil
	}
	for i := range obs.Claims {
		if obs.Claims[i].Text.Format() == m.shownBy.Format() {
			return &obs.Claims[i]
		}
	}
	return nil
}

// sharedSeen is what the recap's own probe saw, inside and on the host.
type sharedSeen struct {
	// Release is the kernel's release inside (uname -r, or the proc file
	// where the rootfs has no uname), HostRelease the host's.
	Release     sandbox.ExecResult
	HostRelease string
	MemInfo     sandbox.ExecResult // cat /proc/meminfo, inside
	HostMemInfo string
	// Uptime and Date inside, with the host's clocks read just before and
	// just after each.
	Uptime                    sandbox.ExecResult
	UptimeBefore, UptimeAfter float64
	Date                      sandbox.ExecResult
	WallBefore, WallAfter     time.Time
	Sys                       sandbox.ExecResult // ls /sys, inside
	Mounts                    sandbox.ExecResult // cat /proc/self/mountinfo, inside
	HostSysBlock              []string
	Devices                   sandbox.ExecResult // cat /proc/devices, inside
	HostDevices               string
	Status                    sandbox.ExecResult // cat /proc/self/status, inside
	HostStatus                string
	Stats                     *sandbox.CgroupStats
	StatsErr                  string
}

// probeShared looks at what a container shares with the host, from both
// sides: the kernel, the memory it reports, the clocks, /sys, the devices,
// and the seccomp mode every syscall passes.
var probeShared = newProbe("shared", i18n.T("shared with the host"), probeFuncs[sharedSeen]{
	take: func(ctx context.Context, r *probeRun, e *sharedSeen) (host, container Pane) {
		hostFile := func(path string) string { data, _ := r.host.ReadFile(path); return string(data) }
		hostUptime := func() float64 { f, _ := strconv.ParseFloat(firstField(hostFile("/proc/uptime")), 64); return f }

		e.Release = r.inside(ctx, "uname", "-r")
		if e.Release.StartErr != "" {
			// A bare rootfs may have no uname: the kernel says the same
			// in a file.
			e.Release = r.inside(ctx, "cat", "/proc/sys/kernel/osrelease")
		}
		e.HostRelease = strings.TrimSpace(hostFile("/proc/sys/kernel/osrelease"))
		e.MemInfo = r.inside(ctx, "cat", "/proc/meminfo")
		e.HostMemInfo = hostFile("/proc/meminfo")
		e.UptimeBefore = hostUptime()
		e.Uptime = r.inside(ctx, "cat", "/proc/uptime")
		e.UptimeAfter = hostUptime()
		e.WallBefore = time.Now()
		e.Date = r.inside(ctx, "date", "+%s")
		e.WallAfter = time.Now()
		e.Sys = r.inside(ctx, "ls", "/sys")
		e.Mounts = r.inside(ctx, "cat", "/proc/self/mountinfo")
		e.HostSysBlock, _ = r.host.ReadDir("/sys/block")
		e.Devices = r.inside(ctx, "cat", "/proc/devices")
		e.HostDevices = hostFile("/proc/devices")
		e.Status = r.inside(ctx, "cat", "/proc/self/status")
		e.HostStatus = hostFile("/proc/self/status")
		if st, err := r.c.CgroupStats(); err == nil {
			e.Stats = &st
		} else {
			e.StatsErr = err.Error()
		}

		container.Source = i18n.T("commands run inside one after another")
		host.Source = i18n.T("the same, read by burk on the host")
		line := func(p *Pane, what, value string) {
			if value == "" {
				value = "-" // nothing there: an empty /sys
			}
			p.Marked = append(p.Marked, len(p.Lines))
			p.show(fmt.Sprintf("%-10s %s", what, value))
		}
		out := func(res sandbox.ExecResult) string {
			if res.StartErr != "" {
				return res.StartErr
			}
			return strings.Join(strings.Fields(res.Stdout+res.Stderr), " ")
		}
		line(&container, "release", out(e.Release))
		line(&host, "release", e.HostRelease)
		line(&container, "MemTotal", statusField(e.MemInfo.Stdout, "MemTotal"))
		line(&host, "MemTotal", statusField(e.HostMemInfo, "MemTotal"))
		line(&container, "uptime", firstField(e.Uptime.Stdout))
		line(&host, "uptime", fmt.Sprintf("%.2f", e.UptimeAfter))
		line(&container, "date +%s", out(e.Date))
		line(&host, "date +%s", strconv.FormatInt(e.WallAfter.Unix(), 10))
		line(&container, "/sys", out(e.Sys))
		line(&host, "/sys/block", strings.Join(e.HostSysBlock, " "))
		line(&container, "devices", fmt.Sprintf("%d", len(splitLines(e.Devices.Stdout))))
		line(&host, "devices", fmt.Sprintf("%d", len(splitLines(e.HostDevices))))
		line(&container, "Seccomp", statusField(e.Status.Stdout, "Seccomp"))
		line(&host, "Seccomp", statusField(e.HostStatus, "Seccomp"))
		return host, container
	},
})

// firstField is a text's first word: the seconds of a /proc/uptime.
func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// The isolated list.

var claimEveryNamespaceOwn = claimOnRun(i18n.T("Every one of the eight namespaces is the container's own."), func(run *runFacts) (bool, i18n.Msg) {
	var own, shared []string
	for _, t := range sandbox.NamespaceTypes {
		if run.ContainerNS[t] != 0 && run.ContainerNS[t] != run.HostNS[t] {
			own = append(own, t)
		} else {
			shared = append(shared, t)
		}
	}
	return len(shared) == 0 && len(own) == len(sandbox.NamespaceTypes), i18n.T("its own: %v; shared with the host: %v", own, shared)
})

var claimCgroupLimits = claimOrSkip(i18n.T("A cgroup of its own limits its memory and its number of processes."), func(run *runFacts, seen *sharedSeen) verdict {
	st := seen.Stats
	if st == nil {
		return holds(false, i18n.T("the cgroup files could not be read: %s", i18n.Raw(seen.StatsErr)))
	}
	for _, c := range []string{"memory", "pids"} {
		if slices.Contains(st.Missing, c) {
			return skip(i18n.T("this host has no %s controller (see burk doctor)", c))
		}
	}
	want := run.Spec.Limits
	said := i18n.T("memory.max %d bytes, pids.max %d", st.MemoryMax, st.PidsMax)
	if st.Version["memory"] == "v1" {
		// v1 names the limit otherwise (cgroup-v1/memory.rst).
		said = i18n.T("memory.limit_in_bytes %d bytes, pids.max %d", st.MemoryMax, st.PidsMax)
	}
	return holds(st.MemoryMax == want.MemoryBytes && st.PidsMax == int64(want.Pids), said)
})

var claimRootOwn = claimOn(i18n.T("Its / is its own: the chroot escape ends there, not at the host's /."), func(run *runFacts, seen *escapeSeen) (bool, i18n.Msg) {
	if seen.Escape == nil {
		return false, i18n.T("the escape was not tried")
	}
	return escapedToRootfs(seen), escapeTargets(seen)
})

// The shared list.

var claimSameKernel = claimOn(i18n.T("The kernel is the host's: the same release inside and out."), func(run *runFacts, seen *sharedSeen) (bool, i18n.Msg) {
	inside := strings.TrimSpace(seen.Release.Stdout)
	return inside != "" && inside == seen.HostRelease, i18n.T("inside %q, on the host %q", inside, seen.HostRelease)
})

var claimHostMemory = claimOn(i18n.T("/proc/meminfo inside shows the host's memory, not the cgroup's limit."), func(run *runFacts, seen *sharedSeen) (bool, i18n.Msg) {
	inside, host := statusField(seen.MemInfo.Stdout, "MemTotal"), statusField(seen.HostMemInfo, "MemTotal")
	said := i18n.T("MemTotal inside %s, on the host %s; memory.max %d bytes", inside, host, run.Spec.Limits.MemoryBytes)
	if seen.Stats != nil && seen.Stats.Version["memory"] == "v1" {
		// v1 names the limit otherwise (cgroup-v1/memory.rst).
		said = i18n.T("MemTotal inside %s, on the host %s; memory.limit_in_bytes %d bytes", inside, host, run.Spec.Limits.MemoryBytes)
	}
	return inside != "" && inside == host, said
})

var claimWallClockNotUptime = claimOn(i18n.T("The wall clock is the host's; only the uptime is the container's own, shifted by its time namespace."), func(run *runFacts, seen *sharedSeen) (bool, i18n.Msg) {
	date, derr := strconv.ParseInt(strings.TrimSpace(seen.Date.Stdout), 10, 64)
	uptime, uerr := strconv.ParseFloat(firstField(seen.Uptime.Stdout), 64)
	// date reads the coarse clock, which may lag the one burk read by a
	// tick (see claimWallClockShared); /proc/uptime has two decimals.
	const tick = 10 * time.Millisecond
	wall := derr == nil && date >= seen.WallBefore.Add(-tick).Unix() && date <= seen.WallAfter.Unix()
	off := run.Spec.TimeOffsets.Boottime.Seconds()
	shifted := uerr == nil && off != 0 && uptime-off >= seen.UptimeBefore-0.02 && uptime-off <= seen.UptimeAfter+0.02
	return wall && shifted, i18n.T("date +%%s inside %d, on the host %d; uptime inside %.2f s, on the host %.2f s", date, seen.WallAfter.Unix(), uptime, seen.UptimeAfter)
})

var claimNoSysfs = claimOn(i18n.T("There is no sysfs namespace: burk mounts no /sys inside, because it would show the host's devices (all but the network interfaces, which sysfs shows for the mounter's network namespace)."), func(run *runFacts, seen *sharedSeen) (bool, i18n.Msg) {
	var sysfs []string
	for _, line := range splitLines(seen.Mounts.Stdout) {
		// mountinfo: the filesystem type follows the " - " separator.
		if _, after, ok := strings.Cut(line, " - "); ok && firstField(after) == "sysfs" {
			sysfs = append(sysfs, line)
		}
	}
	listing := strings.Join(strings.Fields(seen.Sys.Stdout), " ")
	return seen.Mounts.Stdout != "" && len(sysfs) == 0 && listing == "",
		i18n.T("sysfs mounts inside: %d; ls /sys inside: %q; the host's /sys/block: %v", len(sysfs), listing, seen.HostSysBlock)
})

var claimSameDevices = claimOn(i18n.T("There is no device namespace: the kernel's devices (/proc/devices) are the host's."), func(run *runFacts, seen *sharedSeen) (bool, i18n.Msg) {
	inside := splitLines(seen.Devices.Stdout)
	return len(inside) > 0 && seen.Devices.Stdout == seen.HostDevices,
		i18n.T("/proc/devices: %d lines inside, %d on the host, the same: %s", len(inside), len(splitLines(seen.HostDevices)), yesNo(seen.Devices.Stdout == seen.HostDevices))
})

var claimEverySyscall = claimOrSkip(i18n.T("burk adds no seccomp filter: every syscall reaches the host's kernel. Docker and Podman add one by default, Kubernetes when a pod or the kubelet asks."), func(run *runFacts, seen *sharedSeen) verdict {
	inside, host := statusField(seen.Status.Stdout, "Seccomp"), statusField(seen.HostStatus, "Seccomp")
	if inside == "" && host == "" {
		return skip(i18n.T("this kernel has no seccomp (no Seccomp line in /proc/self/status)"))
	}
	// A filter burk itself runs under (in a container of its own) is
	// inherited: the container's mode is then burk's, and no stricter.
	return holds(inside != "" && inside == host, i18n.T("Seccomp inside: %s; burk on the host: %s (0: no filter)", inside, host))
})
