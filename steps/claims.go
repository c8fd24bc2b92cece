package steps

// The claims each step makes. A check reads only what really happened on
// this run — the evidence — and when a claim does not hold it says what
// was seen instead, so the learner's own kernel is reported honestly.

import (
	"github.com/burk-tui/burk/internal/caps"

	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/burk-tui/burk/sandbox"
)

// held returns a check's verdict with what was seen, said in both
// languages with the same arguments (see tf).
func held(ok bool, en, sv string, args ...any) (bool, Text) { return ok, tf(en, sv, args...) }

var claimSharesNamespaces = Claim{
	Text: Text{"The container shares every namespace with the host.", "Containern delar alla namespaces med värden."},
	Check: func(ev *Evidence) (bool, Text) {
		var differ []string
		for _, t := range sandbox.NamespaceTypes {
			if ev.HostNS[t] != ev.ContainerNS[t] {
				differ = append(differ, t)
			}
		}
		return held(len(differ) == 0, "namespaces that differ: %v", "namespaces som skiljer sig: %v", differ)
	},
}

var claimSameHostname = Claim{
	Text: Text{"The container's hostname is the host's.", "Containern har samma värdnamn som värden."},
	Check: func(ev *Evidence) (bool, Text) {
		got := strings.TrimSpace(ev.Exec["hostname"].Stdout)
		return held(got == ev.HostnameDuring, "inside %q, host %q", "i containern %q, på värden %q", got, ev.HostnameDuring)
	},
}

var claimRootIsRootfs = Claim{
	Text: Text{"The container's / is the root filesystem, not the host's /.", "Containerns / är rotfilsystemet, inte värdens /."},
	Check: func(ev *Evidence) (bool, Text) {
		return held(ev.InitRoot == ev.Spec.Rootfs, "/proc/%d/root -> %s", "/proc/%d/root -> %s", ev.InitPID, ev.InitRoot)
	},
}

var claimPSFails = Claim{
	Text: Text{"ps fails: /proc is empty inside the chroot.", "ps misslyckas: /proc är tom i chrooten."},
	Check: func(ev *Evidence) (bool, Text) {
		r := ev.Exec["ps"]
		pids := psPIDs(splitLines(r.Stdout))
		msg := strings.TrimSpace(r.Stderr + r.StartErr)
		return held(len(pids) == 0, "ps listed %d processes; it said: %s", "ps listade %d processer; det skrev: %s", len(pids), firstLine(msg))
	},
}

var claimEscapeWorks = Claim{
	Text: Text{"A process inside can climb out of a chroot to the host's /.", "En process i containern kan klättra ut ur en chroot till värdens /."},
	Check: func(ev *Evidence) (bool, Text) {
		if ev.Escape == nil {
			return false, Text{"the escape was not tried", "utbrytningen provades aldrig"}
		}
		ok := ev.Escape.RootDev == ev.HostRootDev && ev.Escape.RootIno == ev.HostRootIno
		return held(ok, "reached dev %d inode %d; the host's / is dev %d inode %d", "nådde dev %d inod %d; värdens / är dev %d inod %d", ev.Escape.RootDev, ev.Escape.RootIno, ev.HostRootDev, ev.HostRootIno)
	},
}

var claimEscapeFails = Claim{
	Text: Text{"The same escape now ends at the container's own /.", "Samma utbrytning slutar nu i containerns eget /."},
	Check: func(ev *Evidence) (bool, Text) {
		if ev.Escape == nil {
			return false, Text{"the escape was not tried", "utbrytningen provades aldrig"}
		}
		ok := ev.Escape.Err == "" && (ev.Escape.RootDev != ev.HostRootDev || ev.Escape.RootIno != ev.HostRootIno)
		return held(ok, "reached %v: %s", "nådde %v: %s", ev.Escape.Listing, ev.Escape.Err)
	},
}

var claimPSListsHost = Claim{
	Text: Text{"ps works now, and lists every process on the host.", "ps fungerar nu, och listar alla processer på värden."},
	Check: func(ev *Evidence) (bool, Text) {
		pids := psPIDs(splitLines(ev.Exec["ps"].Stdout))
		listed := yesNo(slices.Contains(pids, ev.BurkPID))
		return slices.Contains(pids, ev.BurkPID) && len(pids) > 5, Text{
			fmt.Sprintf("ps listed %d processes (the host has %d); burk's PID %d listed: %s", len(pids), ev.HostProcesses, ev.BurkPID, listed.En),
			fmt.Sprintf("ps listade %d processer (värden har %d); burks PID %d med: %s", len(pids), ev.HostProcesses, ev.BurkPID, listed.Sv)}
	},
}

var claimProcLeaks = Claim{
	Text: Text{"The host's mount table has a second proc mount while the container runs, and not after.",
		"Värdens mount-tabell har en andra proc-mount medan containern kör, och inte efteråt."},
	Check: func(ev *Evidence) (bool, Text) {
		ok := ev.ProcMountsBefore == 0 && ev.ProcMountsDuring == 1 && ev.ProcMountsAfter == 0
		return held(ok, "proc mounts under the rootfs: %d before, %d during, %d after",
			"proc-mounts under rotfilsystemet: %d före, %d under, %d efter", ev.ProcMountsBefore, ev.ProcMountsDuring, ev.ProcMountsAfter)
	},
}

var claimProcPrivate = Claim{
	Text: Text{"The proc mount stays in the container: the host sees only its own proc.",
		"proc-mounten stannar i containern: värden ser bara sin egen proc."},
	Check: func(ev *Evidence) (bool, Text) {
		return held(ev.ProcMountsDuring == 0, "proc mounts under the rootfs on the host while it ran: %d",
			"proc-mounts under rotfilsystemet på värden medan containern körde: %d", ev.ProcMountsDuring)
	},
}

// claimNewNamespace: the container has a namespace of its own of type t.
func claimNewNamespace(t string, text Text) Claim {
	return Claim{Text: text, Check: func(ev *Evidence) (bool, Text) {
		return held(ev.ContainerNS[t] != 0 && ev.ContainerNS[t] != ev.HostNS[t],
			"%s namespace: container %d, host %d", "%s-namespace: containern %d, värden %d", t, ev.ContainerNS[t], ev.HostNS[t])
	}}
}

var claimPropagationBreak = Claim{
	Text: Text{"Without making / private, the proc mount leaks to the host exactly when the host's / is shared.",
		"Utan att göra / privat läcker proc-mounten till värden precis när värdens / är delad."},
	Check: func(ev *Evidence) (bool, Text) {
		shared := strings.Contains(ev.RootPropagation, "shared")
		leaked := ev.ProcMountsDuring > 0
		// mountinfo's tag ("shared:1") is the kernel's word; no tag is ours.
		prop := Text{ev.RootPropagation, ev.RootPropagation}
		switch {
		case prop.En == "":
			prop = Text{"private", "privat"}
		case shared:
			prop.Sv = "delad (" + prop.En + ")"
		}
		l := yesNo(leaked)
		return leaked == shared, Text{
			fmt.Sprintf("the host's / is %s; the proc mount leaked: %s", prop.En, l.En),
			fmt.Sprintf("värdens / är %s; proc-mounten läckte: %s", prop.Sv, l.Sv)}
	},
}

var claimPID1 = Claim{
	Text: Text{"The first process in the container is PID 1.", "Den första processen i containern har PID 1."},
	Check: func(ev *Evidence) (bool, Text) {
		pids := psPIDs(splitLines(ev.Exec["ps"].Stdout))
		return held(slices.Contains(pids, 1), "PIDs inside: %v", "PID i containern: %v", pids)
	},
}

var claimHostProcLeaks = Claim{
	Text: Text{"With the host's /proc the container sees every host process, PID namespace or not: ps and ls read /proc.",
		"Med värdens /proc ser containern alla processer på värden, PID-namespace eller inte: ps och ls läser /proc."},
	Check: func(ev *Evidence) (bool, Text) {
		dirs := pidDirs(ev.Exec["proc"].Stdout)
		burk := slices.Contains(dirs, strconv.Itoa(ev.BurkPID))
		among := yesNo(burk)
		return burk && len(ev.Init.NSpid) == 2, Text{
			fmt.Sprintf("/proc inside lists %d processes, burk's PID %d among them: %s; the init's NSpid: %v", len(dirs), ev.BurkPID, among.En, ev.Init.NSpid),
			fmt.Sprintf("/proc i containern listar %d processer, burks PID %d bland dem: %s; inits NSpid: %v", len(dirs), ev.BurkPID, among.Sv, ev.Init.NSpid)}
	},
}

var claimOnlyOwnProcesses = Claim{
	Text: Text{"The container sees only its own processes.", "Containern ser bara sina egna processer."},
	Check: func(ev *Evidence) (bool, Text) {
		pids := psPIDs(splitLines(ev.Exec["ps"].Stdout))
		return held(len(pids) > 0 && len(pids) <= 4 && !slices.Contains(pids, ev.BurkPID),
			"ps inside listed %d processes (the host has %d)", "ps i containern listade %d processer (värden har %d)", len(pids), ev.HostProcesses)
	},
}

var claimOtherPIDOutside = Claim{
	Text: Text{"The host sees the same init under another PID.", "Värden ser samma init under ett annat PID."},
	Check: func(ev *Evidence) (bool, Text) {
		ns := ev.Init.NSpid
		return held(len(ns) == 2 && ns[0] == ev.InitPID && ns[1] == 1, "NSpid of the init: %v", "inits NSpid: %v", ns)
	},
}

var claimOwnHostname = Claim{
	Text: Text{"The container's hostname is \"" + ContainerHostname + "\".", "Containerns värdnamn är \"" + ContainerHostname + "\"."},
	Check: func(ev *Evidence) (bool, Text) {
		got := strings.TrimSpace(ev.Exec["hostname"].Stdout)
		return held(got == ContainerHostname, "hostname inside: %q", "värdnamn i containern: %q", got)
	},
}

var claimHostHostnameUnchanged = Claim{
	Text: Text{"The host's hostname did not change.", "Värdens värdnamn ändrades inte."},
	Check: func(ev *Evidence) (bool, Text) {
		ok := ev.HostnameBefore == ev.HostnameDuring && ev.HostnameDuring == ev.HostnameAfter
		return held(ok, "host: %q before, %q during, %q after", "värden: %q före, %q under, %q efter", ev.HostnameBefore, ev.HostnameDuring, ev.HostnameAfter)
	},
}

var claimQueueHidden = Claim{
	Text: Text{"A message queue made on the host is listed on the host and invisible inside.",
		"En meddelandekö som skapats på värden syns på värden men inte i containern."},
	Check: func(ev *Evidence) (bool, Text) {
		hostData, _ := os.ReadFile("/proc/sysvipc/msg")
		onHost := queueListed(splitLines(string(hostData)), ev.MsgQueueID)
		r := ev.Exec["ipc"]
		inside := queueListed(splitLines(r.Stdout), ev.MsgQueueID)
		h, in := yesNo(onHost), yesNo(inside)
		return onHost && !inside && r.OK(), Text{
			fmt.Sprintf("queue %d: on the host %s, inside %s", ev.MsgQueueID, h.En, in.En),
			fmt.Sprintf("kö %d – på värden: %s, i containern: %s", ev.MsgQueueID, h.Sv, in.Sv)}
	},
}

var claimOnlyLoopback = Claim{
	Text: Text{"Inside there is only a loopback device, and the host's interfaces are gone.",
		"I containern finns bara en loopback; värdens nätverkskort syns inte."},
	Check: func(ev *Evidence) (bool, Text) {
		names := interfaces(ev.Exec["net"])
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
			return held(only,
				"interfaces inside: %v (%v: the kernel's fallback tunnels, in every new network namespace while their module is loaded)",
				"gränssnitt i containern: %v (%v: kärnans reservtunnlar, som finns i varje nytt nätverks-namespace så länge deras modul är laddad)",
				names, tunnels)
		}
		return held(only, "interfaces inside: %v", "gränssnitt i containern: %v", names)
	},
}

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

var claimRootInside = Claim{
	Text: Text{"The container's process is root inside.", "Containerns process är root där inne."},
	Check: func(ev *Evidence) (bool, Text) {
		out := ev.Exec["id"].Stdout
		// "uid=0(root) …", or "uid=0 …" in a root filesystem without
		// /etc/passwd to name it.
		uid, _, _ := strings.Cut(strings.TrimPrefix(firstLine(out), "uid="), "(")
		uid, _, _ = strings.Cut(uid, " ")
		return held(strings.HasPrefix(out, "uid=") && uid == "0", "id inside: %s", "id i containern: %s", firstLine(out))
	},
}

var claimUnprivilegedOutside = Claim{
	Text: Text{fmt.Sprintf("On the host the same process is uid %d, an unprivileged user.", UserMapHostID),
		fmt.Sprintf("På värden är samma process uid %d, en oprivilegierad användare.", UserMapHostID)},
	Check: func(ev *Evidence) (bool, Text) {
		return held(ev.Init.UID == UserMapHostID, "the init's uid on the host: %d", "inits uid på värden: %d", ev.Init.UID)
	},
}

// cgroupClaim checks one demonstration, or says the host lacks its controller.
func cgroupClaim(text Text, controller string, check func(ev *Evidence, st *sandbox.CgroupStats) (bool, Text)) Claim {
	return Claim{Text: text, Check: func(ev *Evidence) (bool, Text) {
		st := ev.Cgroup
		if st == nil {
			return false, Text{"the cgroup files could not be read", "cgroup-filerna gick inte att läsa"}
		}
		if slices.Contains(st.Missing, controller) {
			return held(false, "skipped: this host has no %s controller (see burk doctor)",
				"hoppades över: värden har ingen %s-controller (se burk doctor)", controller)
		}
		return check(ev, st)
	}}
}

var claimOOMKilled = cgroupClaim(Text{"The memory hog was OOM-killed at the memory limit.", "Minnesslukaren dödades av OOM-killern när den nådde minnesgränsen."}, "memory",
	func(ev *Evidence, st *sandbox.CgroupStats) (bool, Text) {
		r := ev.Exec["memory"]
		return held(st.OOMKills >= 1 && !r.OK(), "OOM kills: %d; the hog: exit %d %s",
			"OOM-killern dödade: %d; minnesslukaren: status %d %s", st.OOMKills, r.ExitCode, r.Signal)
	})

var claimPidsMax = cgroupClaim(Text{"The fork loop hit pids.max, and the host stayed responsive.", "Fork-loopen slog i taket pids.max, och värden fortsatte svara snabbt."}, "pids",
	func(ev *Evidence, st *sandbox.CgroupStats) (bool, Text) {
		// Responsive: the host listed its processes while the loop ran.
		// Not a time limit: pids.max bounds how many processes the loop
		// makes, not the CPU they burn, and on a slow machine the listing
		// slows with it (in VMs under emulation: 13 ms before, 586 ms
		// during, where pids.max did its job). The times are shown.
		return held(st.PidsMaxHits >= 1 && ev.HostReadErr == nil,
			"forks refused: %d; the host listed its processes in %v meanwhile (%v before)",
			"fork som nekades: %d; värden listade under tiden sina processer på %v (%v före)",
			st.PidsMaxHits, ev.HostReadTime.Round(time.Millisecond), ev.HostReadBefore.Round(time.Millisecond))
	})

var claimThrottled = cgroupClaim(Text{"The busy loop was throttled by the CPU quota.", "Den snurrande loopen bromsades av CPU-kvoten."}, "cpu",
	func(ev *Evidence, st *sandbox.CgroupStats) (bool, Text) {
		return held(st.NrThrottled >= 1, "throttled in %d of %d periods", "bromsad i %d av %d perioder", st.NrThrottled, st.NrPeriods)
	})

var claimCapsDropped = Claim{
	Text: Text{"Processes inside have only the kept capabilities, far fewer than the host's root.",
		"Processerna i containern har bara de capabilities som behölls, långt färre än root på värden."},
	Check: func(ev *Evidence) (bool, Text) {
		eff := statusField(ev.Exec["caps"].Stdout, "CapEff")
		names, err := caps.FromMask(eff)
		if err != nil {
			return held(false, "CapEff not found: %s", "CapEff saknas: %s", firstLine(ev.Exec["caps"].Stdout))
		}
		want := ev.Spec.Hardening.KeepCaps
		extra := []string{}
		for _, n := range names {
			if !slices.Contains(want, n) {
				extra = append(extra, n)
			}
		}
		return held(len(extra) == 0 && len(names) > 0, "CapEff inside: %d capabilities; not in the kept set: %v",
			"CapEff i containern: %d capabilities; utöver de behållna: %v", len(names), extra)
	},
}

var claimNoNewPrivs = Claim{
	Text: Text{"no_new_privs is set: setuid binaries cannot raise privileges.", "no_new_privs är satt: setuid-program kan inte höja privilegierna."},
	Check: func(ev *Evidence) (bool, Text) {
		v := statusField(ev.Exec["caps"].Stdout, "NoNewPrivs")
		return held(v == "1", "NoNewPrivs: %q", "NoNewPrivs: %q", v)
	},
}

var claimNoSysAdmin = Claim{
	Text: Text{"Changing the hostname is refused: CAP_SYS_ADMIN is gone.", "Att byta värdnamn nekas: CAP_SYS_ADMIN är borta."},
	Check: func(ev *Evidence) (bool, Text) {
		out := ev.Exec["caps"].Stdout + ev.Exec["caps"].Stderr
		last := lastLine(out)
		sv, ok := capsLineSv(last)
		if !ok {
			sv = last // what hostname itself said
		}
		return strings.Contains(out, "sethostname refused"), Text{last, sv}
	},
}

var claimSealed = Claim{
	Text: Text{"The init's binary cannot be written, not even by root on the host.",
		"Inits binär går inte att skriva i, inte ens för root på värden."},
	Check: func(ev *Evidence) (bool, Text) {
		return ev.InitExeSealed, Text{fmt.Sprintf("/proc/%d/exe -> %s; %s", ev.InitPID, ev.InitExe, ev.InitExeGuard),
			fmt.Sprintf("/proc/%d/exe -> %s; %s", ev.InitPID, ev.InitExe, guardSv(ev.InitExeGuard))}
	},
}

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

func lastLine(s string) string {
	if l := splitLines(s); len(l) > 0 {
		return l[len(l)-1]
	}
	return ""
}
