package steps

// The claims each step makes. A check reads only what really happened on
// this run — the evidence — and when a claim does not hold it says what
// was seen instead, so the learner's own kernel is reported honestly.

import (
	"github.com/burk-tui/burk/internal/caps"

	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

var claimSharesNamespaces = claimOnRun(i18n.T("The container shares every namespace with the host."), func(run *runFacts) (bool, i18n.Msg) {
	var differ []string
	for _, t := range sandbox.NamespaceTypes {
		if run.HostNS[t] != run.ContainerNS[t] {
			differ = append(differ, t)
		}
	}
	return len(differ) == 0, i18n.T("namespaces that differ: %v", differ)
})

var claimSameHostname = claimOn(i18n.T("The container's hostname is the host's."), func(run *runFacts, seen *hostnameSeen) (bool, i18n.Msg) {
	got := strings.TrimSpace(seen.Inside.Stdout)
	return got == seen.During, i18n.T("inside %q, host %q", got, seen.During)
})

var claimRootIsRootfs = claimOnRun(i18n.T("The container's / is the root filesystem, not the host's /."), func(run *runFacts) (bool, i18n.Msg) {
	return run.InitRoot == run.Spec.Rootfs, i18n.T("/proc/%d/root -> %s", run.InitPID, run.InitRoot)
})

var claimPSFails = claimOn(i18n.T("ps fails: /proc is empty inside the chroot."), func(run *runFacts, seen *psSeen) (bool, i18n.Msg) {
	r := seen.Inside
	pids := psPIDs(splitLines(r.Stdout))
	msg := strings.TrimSpace(r.Stderr + r.StartErr)
	return len(pids) == 0, i18n.T("ps listed %d processes; it said: %s", len(pids), firstLine(msg))
})

var claimEscapeWorks = claimOn(i18n.T("A process inside can climb out of a chroot to the host's /."), func(run *runFacts, seen *escapeSeen) (bool, i18n.Msg) {
	if seen.Escape == nil {
		return false, i18n.T("the escape was not tried")
	}
	ok := seen.Escape.RootDev == seen.HostRootDev && seen.Escape.RootIno == seen.HostRootIno
	return ok, i18n.T("reached dev %d inode %d; the host's / is dev %d inode %d", seen.Escape.RootDev, seen.Escape.RootIno, seen.HostRootDev, seen.HostRootIno)
})

var claimEscapeFails = claimOn(i18n.T("The same escape now ends at the container's own /."), func(run *runFacts, seen *escapeSeen) (bool, i18n.Msg) {
	if seen.Escape == nil {
		return false, i18n.T("the escape was not tried")
	}
	return escapedToRootfs(seen), escapeTargets(seen)
})

// escapedToRootfs is whether the escape ended at the container's own root,
// the rootfs directory, and not merely somewhere other than the host's /.
func escapedToRootfs(seen *escapeSeen) bool {
	e := seen.Escape
	return e.Err == "" && e.RootDev == seen.RootfsDev && e.RootIno == seen.RootfsIno &&
		(e.RootDev != seen.HostRootDev || e.RootIno != seen.HostRootIno)
}

// escapeTargets says where the escape ended, beside the rootfs and the
// host's /.
func escapeTargets(seen *escapeSeen) i18n.Msg {
	e := seen.Escape
	if e.Err != "" {
		return i18n.T("reached %v: %s", e.Listing, e.Err)
	}
	return i18n.T("the escape reached dev %d inode %d (%v); the rootfs is dev %d inode %d, the host's / dev %d inode %d",
		e.RootDev, e.RootIno, e.Listing, seen.RootfsDev, seen.RootfsIno, seen.HostRootDev, seen.HostRootIno)
}

var claimPSListsHost = claimOn(i18n.T("ps works now, and lists every process on the host."), func(run *runFacts, seen *psSeen) (bool, i18n.Msg) {
	pids := psPIDs(splitLines(seen.Inside.Stdout))
	listed := yesNo(slices.Contains(pids, run.BurkPID))
	// Every host process: more than a container of its own would have
	// (at most 4), or all the host has where that is fewer (a served
	// session's machine runs only a handful).
	return slices.Contains(pids, run.BurkPID) && len(pids) >= min(6, seen.HostProcesses),
		i18n.T("ps listed %d processes (the host has %d); burk's PID %d listed: %s", len(pids), seen.HostProcesses, run.BurkPID, listed)
})

var claimProcLeaks = claimOn(i18n.T("While the container runs the host's mount table has a second proc mount; burk unmounts it when it closes the container."), func(run *runFacts, seen *mountSeen) (bool, i18n.Msg) {
	ok := run.ProcMountsBefore == 0 && seen.ProcMountsDuring == 1 && run.ProcMountsAfter == 0
	return ok, i18n.T("proc mounts under the rootfs: %d before, %d during, %d after", run.ProcMountsBefore, seen.ProcMountsDuring, run.ProcMountsAfter)
})

var claimProcPrivate = claimOn(i18n.T("The proc mount stays in the container: the host sees only its own proc."), func(run *runFacts, seen *mountSeen) (bool, i18n.Msg) {
	return seen.ProcMountsDuring == 0, i18n.T("proc mounts under the rootfs on the host while it ran: %d", seen.ProcMountsDuring)
})

// claimNewNamespace: the container has a namespace of its own of type t.
func claimNewNamespace(t string, text i18n.Msg) Claim {
	return claimOnRun(text, func(run *runFacts) (bool, i18n.Msg) {
		return run.ContainerNS[t] != 0 && run.ContainerNS[t] != run.HostNS[t],
			i18n.T("%s namespace: container %d, host %d", t, run.ContainerNS[t], run.HostNS[t])
	})
}

var claimPropagationBreak = claimOn(i18n.T("Without making / private, the proc mount leaks to the host exactly when the mount holding the rootfs is shared."), propagationBreak)

// rootPropagation is the propagation of the mount holding the rootfs in
// words: mountinfo's tag ("shared:1") is the kernel's word; no tag is
// ours. The kernel lists shared:N first, before any master:N.
func rootPropagation(run *runFacts) i18n.Msg {
	if run.RootPropagation == "" {
		return i18n.T("private")
	} else if peers, ok := strings.CutPrefix(run.RootPropagation, "shared:"); ok {
		return i18n.T("shared:%s", peers)
	}
	return i18n.Raw(run.RootPropagation)
}

func propagationBreak(run *runFacts, seen *mountSeen) (bool, i18n.Msg) {
	shared := strings.Contains(run.RootPropagation, "shared")
	leaked := seen.ProcMountsDuring > 0
	prop := rootPropagation(run)
	// What the variant did on this machine, in words the pane can show.
	switch {
	case leaked && shared:
		return true, i18n.T("the mount holding the rootfs, %s, is %s here, so the container's proc mount leaked to the host", run.RootfsMount, prop)
	case !leaked && !shared:
		return true, i18n.T("the mount holding the rootfs, %s, is %s here, so nothing leaked, even without making / private: the host saw no proc mount of the container's", run.RootfsMount, prop)
	}
	return false, i18n.T("the mount holding the rootfs, %s, is %s; the proc mount leaked: %s", run.RootfsMount, prop, yesNo(leaked))
}

var claimPID1 = claimOn(i18n.T("The first process in the container is PID 1."), func(run *runFacts, seen *psSeen) (bool, i18n.Msg) {
	pids := psPIDs(splitLines(seen.Inside.Stdout))
	return slices.Contains(pids, 1), i18n.T("PIDs inside: %v", pids)
})

var claimHostProcLeaks = claimOn(i18n.T("With the host's /proc the container sees every host process, PID namespace or not: ps and ls read /proc."), func(run *runFacts, seen *procDirSeen) (bool, i18n.Msg) {
	dirs := pidDirs(seen.Inside.Stdout)
	burk := slices.Contains(dirs, strconv.Itoa(run.BurkPID))
	among := yesNo(burk)
	return burk && len(run.Init.NSpid) == 2,
		i18n.T("/proc inside lists %d processes, burk's PID %d among them: %s; the init's NSpid: %v", len(dirs), run.BurkPID, among, run.Init.NSpid)
})

var claimOnlyOwnProcesses = claimOn(i18n.T("The container sees only its own processes."), func(run *runFacts, seen *psSeen) (bool, i18n.Msg) {
	pids := psPIDs(splitLines(seen.Inside.Stdout))
	return len(pids) > 0 && len(pids) <= 4 && !slices.Contains(pids, run.BurkPID), i18n.T("ps inside listed %d processes (the host has %d)", len(pids), seen.HostProcesses)
})

var claimOtherPIDOutside = claimOnRun(i18n.T("The host sees the same init under another PID."), func(run *runFacts) (bool, i18n.Msg) {
	ns := run.Init.NSpid
	return len(ns) == 2 && ns[0] == run.InitPID && ns[1] == 1, i18n.T("NSpid of the init: %v", ns)
})

var claimOwnHostname = claimOn(i18n.T("The container's hostname is %q.", ContainerHostname), func(run *runFacts, seen *hostnameSeen) (bool, i18n.Msg) {
	got := strings.TrimSpace(seen.Inside.Stdout)
	return got == ContainerHostname, i18n.T("hostname inside: %q", got)
})

var claimHostHostnameUnchanged = claimOn(i18n.T("The host's hostname did not change."), func(run *runFacts, seen *hostnameSeen) (bool, i18n.Msg) {
	ok := run.HostnameBefore == seen.During && seen.During == run.HostnameAfter
	return ok, i18n.T("host: %q before, %q during, %q after", run.HostnameBefore, seen.During, run.HostnameAfter)
})

var claimQueueHidden = claimOn(i18n.T("A message queue made on the host is listed on the host and invisible inside."), func(run *runFacts, seen *ipcSeen) (bool, i18n.Msg) {
	onHost := queueListed(seen.OnHost, seen.QueueID)
	r := seen.Inside
	inside := queueListed(splitLines(r.Stdout), seen.QueueID)
	h, in := yesNo(onHost), yesNo(inside)
	return onHost && !inside && r.OK(), i18n.T("queue %d: on the host %s, inside %s", seen.QueueID, h, in)
})

var claimOnlyLoopback = claimOn(i18n.T("Inside there is only a loopback device, and the host's interfaces are gone."), func(run *runFacts, seen *netSeen) (bool, i18n.Msg) {
	names := interfaces(seen.Inside)
	var other, tunnels []string
	for _, n := range names {
		switch {
		case n == "lo":
		case slices.Contains(fallbackTunnels, n):
			tunnels = append(tunnels, n)
		default:
			other = append(other, n)
		}
	}
	only := slices.Contains(names, "lo") && len(other) == 0
	if len(tunnels) > 0 {
		// Seen on a host with the ipip module loaded (Debian's 6.1 and
		// 6.12 in the VM tests): tunl0 is in every new namespace.
		return only, i18n.T("interfaces inside: %v (%v: the kernel's fallback tunnels, in every new network namespace while their module is loaded)",
			names, tunnels)
	}
	return only, i18n.T("interfaces inside: %v", names)
})

// fallbackTunnels are the devices a tunnel module creates in every network
// namespace, a new one too, unless net.core.fb_tunnels_only_for_init_net
// says otherwise: they come down and unconfigured, and are none of the
// host's interfaces.
var fallbackTunnels = []string{"tunl0", "sit0", "ip6tnl0", "gre0", "gretap0", "erspan0",
	"ip6gre0", "ip6erspan0", "ip_vti0", "ip6_vti0"}

// interfaces reads interface names from `ip -o link` or /proc/net/dev.
func interfaces(r sandbox.ExecResult) []string {
	var names []string
	for _, line := range splitLines(r.Stdout) {
		if strings.Contains(line, "|") {
			continue // /proc/net/dev's header
		}
		f := strings.Fields(line)
		switch {
		case len(f) > 1 && strings.HasSuffix(f[0], ":") && strings.HasSuffix(f[1], ":"):
			names = append(names, strings.TrimSuffix(strings.SplitN(f[1], "@", 2)[0], ":")) // 1: lo: <...>
		case len(f) > 0 && strings.HasSuffix(f[0], ":"):
			names = append(names, strings.TrimSuffix(f[0], ":")) // lo: 0 0 ...
		}
	}
	return names
}

var claimRootInside = claimOn(i18n.T("The container's process is root inside."), func(run *runFacts, seen *idSeen) (bool, i18n.Msg) {
	out := seen.Inside.Stdout
	// "uid=0(root) …", or "uid=0 …" in a root filesystem without
	// /etc/passwd to name it.
	uid, _, _ := strings.Cut(strings.TrimPrefix(firstLine(out), "uid="), "(")
	uid, _, _ = strings.Cut(uid, " ")
	return strings.HasPrefix(out, "uid=") && uid == "0", i18n.T("id inside: %s", firstLine(out))
})

var claimUnprivilegedOutside = runClaimOrSkip(i18n.T("On the host the same process is the first uid mapped, an unprivileged user."), func(run *runFacts) verdict {
	m := run.Ran.UIDMap
	if len(m) == 1 && m[0].Size == 1 && len(run.Spec.UIDMap) > 0 && run.Spec.UIDMap[0].Size > 1 {
		// A user namespace made without root may map only its maker's id.
		return skip(i18n.T("without root the user namespace maps one id, yours: root inside is uid %d on the host, not %d", run.Init.UID, UserMapHostID))
	}
	i := slices.IndexFunc(m, func(m sandbox.IDMap) bool { return m.ContainerID == 0 })
	if i < 0 {
		return holds(false, i18n.T("the user namespace maps no uid to root inside"))
	}
	first := m[i].HostID
	if run.Init.UID != first || first == 0 {
		return holds(false, i18n.T("root inside is uid %d on the host, and the map starts at %d", run.Init.UID, first))
	}
	if sandbox.InLab() {
		// The lab has the learner's range from /etc/subuid mapped to
		// itself (newuidmap maps nothing else), so this id is the same
		// on the host: where the range starts is the machine's choice.
		return holds(true, i18n.T("root inside maps to uid %d, the first of your subordinate range in /etc/subuid (%d ids)", first, m[i].Size))
	}
	return holds(true, i18n.T("root inside maps to uid %d on the host, the first of the %d ids burk maps", first, m[i].Size))
})

// cgroupClaim checks one demonstration, or skips it where the host lacks
// its controller.
func cgroupClaim(text i18n.Msg, controller string, check func(seen *cgroupSeen, st *sandbox.CgroupStats) (bool, i18n.Msg)) Claim {
	return claimOrSkip(text, func(run *runFacts, seen *cgroupSeen) verdict {
		st := seen.Stats
		if st == nil {
			return holds(false, i18n.T("the cgroup files could not be read"))
		}
		if slices.Contains(st.Missing, controller) && sandbox.InMachine() {
			// A served session: its own limits hold (the server set them
			// on its cgroup), but only a cgroup v2 host can delegate it a
			// cgroup to make the demonstrations' in, and a v2 server's
			// delegation may have failed too: say what is missing, not why.
			return skip(i18n.T("in a served session burk may use only the cgroup the server delegated to it, and it has none with the %s controller (a cgroup v1 or hybrid host can delegate none); the session's own limits still hold", controller))
		}
		if slices.Contains(st.Missing, controller) && sandbox.InLab() {
			// The host may well have it: the lab may use only a cgroup
			// delegated to the learner, and it has none with this one.
			return skip(i18n.T("without root burk may use only a cgroup delegated to you, and it has none with the %s controller (burk doctor says how to get one)", controller))
		}
		if slices.Contains(st.Missing, controller) {
			return skip(i18n.T("this host has no %s controller (see burk doctor)", controller))
		}
		return holds(check(seen, st))
	})
}

var claimOOMKilled = cgroupClaim(i18n.T("The memory hog was OOM-killed at the memory limit."), "memory",
	func(seen *cgroupSeen, st *sandbox.CgroupStats) (bool, i18n.Msg) {
		r := seen.Memory
		return st.OOMKills >= 1 && !r.OK(), i18n.T("OOM kills: %d; the hog: exit %d %s", st.OOMKills, r.ExitCode, r.Signal)
	})

var claimPidsMax = cgroupClaim(i18n.T("The fork loop hit pids.max, and the host stayed responsive."), "pids",
	func(seen *cgroupSeen, st *sandbox.CgroupStats) (bool, i18n.Msg) {
		// Responsive: the host listed its processes while the loop ran.
		// Not a time limit: pids.max bounds how many processes the loop
		// makes, not the CPU they burn, and on a slow machine the listing
		// slows with it (in VMs under emulation: 13 ms before, 586 ms
		// during, where pids.max did its job). The times are shown.
		return st.PidsMaxHits >= 1 && seen.HostReadErr == nil, i18n.T("forks refused: %d; the host listed its processes in %v meanwhile (%v before)",
			st.PidsMaxHits, seen.HostReadTime.Round(time.Millisecond), seen.HostReadBefore.Round(time.Millisecond))
	})

var claimThrottled = cgroupClaim(i18n.T("The busy loop was throttled by the CPU quota."), "cpu",
	func(seen *cgroupSeen, st *sandbox.CgroupStats) (bool, i18n.Msg) {
		// The busy loop's own periods: the cgroup's count also holds the
		// periods the hog and the fork loop were throttled in, and on a
		// slow machine the fork loop alone is.
		b := seen.BusyBefore
		return b != nil && st.NrThrottled-b.Throttled >= 1, busyThrottled(seen, st)
	})

// busyThrottled says in how many of its periods the busy loop was
// throttled, beside the cgroup's count since it was made.
func busyThrottled(seen *cgroupSeen, st *sandbox.CgroupStats) i18n.Msg {
	b := seen.BusyBefore
	if b == nil {
		return i18n.T("cpu.stat was not read before the busy loop; the cgroup since it was made: throttled in %d of %d periods", st.NrThrottled, st.NrPeriods)
	}
	return i18n.T("the busy loop: throttled in %d of its %d periods (the cgroup since it was made: %d of %d)",
		st.NrThrottled-b.Throttled, st.NrPeriods-b.Periods, st.NrThrottled, st.NrPeriods)
}

var claimCapsDropped = claimOn(i18n.T("Processes inside have only the kept capabilities, far fewer than the host's root."), func(run *runFacts, seen *capsSeen) (bool, i18n.Msg) {
	eff := statusField(seen.Inside.Stdout, "CapEff")
	names, err := caps.FromMask(eff)
	if err != nil {
		return false, i18n.T("CapEff not found: %s", firstLine(seen.Inside.Stdout))
	}
	want := run.Spec.Hardening.KeepCaps
	extra := []string{}
	for _, n := range names {
		if !slices.Contains(want, n) {
			extra = append(extra, n)
		}
	}
	return len(extra) == 0 && len(names) > 0, i18n.T("CapEff inside: %d capabilities; not in the kept set: %v", len(names), extra)
})

var claimNothingInheritable = claimOn(i18n.T("The inheritable set is empty: a program's inheritable file capabilities grant nothing at execve."), func(run *runFacts, seen *capsSeen) (bool, i18n.Msg) {
	inh := statusField(seen.Inside.Stdout, "CapInh")
	names, err := caps.FromMask(inh)
	return err == nil && len(names) == 0, i18n.T("CapInh inside: %q", inh)
})

var claimNoNewPrivs = claimOn(i18n.T("no_new_privs is set: setuid binaries cannot raise privileges."), func(run *runFacts, seen *capsSeen) (bool, i18n.Msg) {
	v := statusField(seen.Inside.Stdout, "NoNewPrivs")
	return v == "1", i18n.T("NoNewPrivs: %q", v)
})

// claimNoSysAdmin holds only when all three parts the sentence names are
// seen: the hostname command failed, CapEff inside lacks CAP_SYS_ADMIN
// (sethostname(2) needs it over the UTS namespace's user namespace), and
// the kernel's hostname inside is still the one burk set. A hostname that
// failed for another reason (no such command, a tool that rejects the
// argument) while CAP_SYS_ADMIN was still there does not pass.
var claimNoSysAdmin = claimOn(i18n.T("Changing the hostname is refused: CAP_SYS_ADMIN is gone."), func(run *runFacts, seen *capsSeen) (bool, i18n.Msg) {
	lines := splitLines(seen.Inside.Stdout + seen.Inside.Stderr)
	refused, said, now := false, i18n.T("hostname succeeded"), ""
	for i, line := range lines {
		if _, ok := sethostnameRefused.parse(line); ok {
			refused = true
			if i > 0 {
				said = ownLine(lines[i-1], capsEchoes...)
			}
		}
		if n, ok := hostnameNow.arg(line); ok {
			now = n
		}
	}
	eff, err := caps.FromMask(statusField(seen.Inside.Stdout, "CapEff"))
	admin := err != nil || slices.Contains(eff, "CAP_SYS_ADMIN")
	unchanged := now != "" && now != triedHostname && (run.Spec.Hostname == "" || now == run.Spec.Hostname)
	capMsg := i18n.T("CapEff lacks CAP_SYS_ADMIN")
	if admin {
		capMsg = i18n.T("CapEff still has CAP_SYS_ADMIN")
	}
	return refused && !admin && unchanged, i18n.T("%s; %s; the hostname inside afterwards: %q", said, capMsg, now)
})

// claimSealed says only what the kernel showed burk: the path CVE-2019-5736
// wrote through refuses the write. Root on the host can still rewrite the
// file on disk; it is the container that cannot reach it.
var claimSealed = claimOn(i18n.T("The init's binary cannot be written through /proc/<pid>/exe, not even by root."), func(run *runFacts, seen *capsSeen) (bool, i18n.Msg) {
	return seen.Sealed, i18n.T("/proc/%d/exe -> %s; %s", run.InitPID, run.InitExe, guardMsg(seen.Guard))
})

// statusField reads "Key:\tvalue" from /proc/PID/status text.
func statusField(text, key string) string {
	for _, line := range splitLines(text) {
		if k, v, ok := strings.Cut(line, ":"); ok && k == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func firstLine(s string) string {
	if l := splitLines(s); len(l) > 0 {
		return l[0]
	}
	return ""
}
