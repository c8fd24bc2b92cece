package steps

// The probes: each looks at one thing from both sides. The container side
// runs a real command inside the container, with whatever ps, mount or ip
// its rootfs has; the host side reads the kernel's files, as those commands
// would on the host.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/burk-tui/burk/internal/caps"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// psCommand works with procps and with busybox.
var psCommand = []string{"ps", "-e", "-o", "pid,user,comm"}

// psSeen is what the processes probe saw: ps inside, and the host's count.
type psSeen struct {
	Inside        sandbox.ExecResult
	ContainerPIDs []int // host PIDs of the container's processes
	HostProcesses int   // every process on the host
}

var probePS = newProbe("ps", i18n.T("processes"), probeFuncs[psSeen]{
	take: func(ctx context.Context, r *probeRun, e *psSeen) (host, container Pane) {
		e.Inside = r.inside(ctx, psCommand...)
		container = paneFromExec(e.Inside)
		tree, others, err := r.host.ProcessTree(r.run.BurkPID)
		e.ContainerPIDs, _ = r.c.Processes()
		e.HostProcesses = len(tree) + others
		// The container's own processes stand out in its list by the PIDs
		// they have there: the init's is 1 from pid-ns on, and its host PID
		// before, somewhere among every process of the host.
		own := []string{}
		for _, p := range tree {
			if slices.Contains(e.ContainerPIDs, p.PID) && len(p.NSpid) > 0 {
				own = append(own, strconv.Itoa(p.NSpid[len(p.NSpid)-1]))
			}
		}
		markPIDs(&container, own)
		host.Source = i18n.T("/proc: burk (PID %d) and its children", r.run.BurkPID)
		if err != nil {
			host.Err = i18n.Raw(err.Error())
			return host, container
		}
		// PPID goes first on a narrow screen; NSPID, the PID inside, is
		// what pid-ns is about.
		host.Table = tableOf(0, 4, true, 1)
		host.show(fmt.Sprintf("%7s %7s %-6s %s", "PID", "PPID", "NSPID", "CMD"))
		for _, p := range tree {
			nspid := "-"
			if len(p.NSpid) > 1 {
				nspid = strconv.Itoa(p.NSpid[len(p.NSpid)-1])
			}
			if slices.Contains(e.ContainerPIDs, p.PID) {
				host.Marked = append(host.Marked, len(host.Lines))
			}
			host.show(fmt.Sprintf("%7d %7d %-6s %s", p.PID, p.PPID, nspid, commandLine(p)))
		}
		host.say(i18n.T("+ %d other processes on the host", others))
		return host, container
	},
})

// markPIDs marks the lines of ps output whose PID is one of pids, and
// makes the output a table when ps ran: its header's columns, USER the
// first to go, the PID and the command kept.
func markPIDs(p *Pane, pids []string) {
	lines := p.LinesIn(i18n.English)
	if len(lines) == 0 {
		return
	}
	head := strings.Fields(lines[0])
	col := slices.Index(head, "PID")
	if col < 0 {
		return // not ps's table: ps failed, and said why
	}
	if p.Err.IsZero() {
		var drop []int
		for i, h := range head {
			if h != "PID" && i != len(head)-1 {
				drop = append(drop, i)
			}
		}
		p.Table = tableOf(0, len(head), true, drop...)
	}
	for i, line := range lines[1:] {
		if f := strings.Fields(line); len(f) > col && slices.Contains(pids, f[col]) {
			p.Marked = append(p.Marked, i+1)
		}
	}
}

func commandLine(p sandbox.Process) string {
	if len(p.Cmdline) == 0 {
		return "[" + p.Comm + "]"
	}
	s := strings.Join(p.Cmdline, " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// procDirSeen is what ls /proc printed inside.
type procDirSeen struct{ Inside sandbox.ExecResult }

// probeProcDir lists /proc: one directory per process the proc mount shows.
var probeProcDir = newProbe("proc", i18n.T("/proc"), probeFuncs[procDirSeen]{
	take: func(ctx context.Context, r *probeRun, e *procDirSeen) (host, container Pane) {
		e.Inside = r.inside(ctx, "ls", "/proc")
		container = paneFromExec(e.Inside)
		container.Lines = nil
		container.say(processDirs(pidDirs(e.Inside.Stdout)))
		names, _ := r.host.ReadDir("/proc")
		host = Pane{Source: i18n.Raw("ls /proc")}
		host.say(processDirs(pidDirs(strings.Join(names, "\n"))))
		return host, container
	},
})

// processDirs sums up a listing of /proc: how many processes it shows.
func processDirs(dirs []string) i18n.Msg {
	return i18n.T("%d process directories: %s", len(dirs), abbreviate(dirs))
}

// pidDirs picks the process directories out of a listing of /proc.
func pidDirs(listing string) []string {
	var out []string
	for _, f := range strings.Fields(listing) {
		if _, err := strconv.Atoi(f); err == nil {
			out = append(out, f)
		}
	}
	return out
}

func abbreviate(xs []string) string {
	if len(xs) > 12 {
		return strings.Join(xs[:12], " ") + " …"
	}
	return strings.Join(xs, " ")
}

// mountSeen is how many proc mounts the host's table had under the rootfs
// while the container ran.
type mountSeen struct{ ProcMountsDuring int }

var probeMount = newProbe("mount", i18n.T("mounts"), probeFuncs[mountSeen]{
	take: func(ctx context.Context, r *probeRun, e *mountSeen) (host, container Pane) {
		container = paneFromExec(r.inside(ctx, "mount"))
		if container.Err.IsZero() {
			container.Table = mountTable()
		}
		for i, line := range container.LinesIn(i18n.English) {
			if strings.Contains(line, " type proc ") {
				container.Marked = append(container.Marked, i)
			}
		}
		mounts, err := r.host.Mounts()
		host.Source = i18n.T("/proc/self/mountinfo: proc mounts, and mounts under the rootfs")
		if err != nil {
			host.Err = i18n.Raw(err.Error())
			return host, container
		}
		host.Table = mountTable()
		rootfs := r.run.Spec.Rootfs
		e.ProcMountsDuring = procMountsUnder(mounts, rootfs)
		for _, m := range mounts {
			under := rootfs != "" && len(sandbox.MountsUnder([]sandbox.Mount{m}, rootfs)) > 0
			if m.FSType != "proc" && !under {
				continue
			}
			if m.FSType == "proc" {
				host.Marked = append(host.Marked, len(host.Lines))
			}
			// As mount(8) prints it, to compare with the container's mount.
			host.show(fmt.Sprintf("%s on %s type %s (%s)", m.Source, m.MountPoint, m.FSType, m.Options))
		}
		return host, container
	},
})

// mountTable is mount(8)'s lines as a table: SOURCE on TARGET type TYPE
// (OPTIONS), the options cut first.
func mountTable() *Table { return tableOf(0, 6, false) }

func procMountsUnder(mounts []sandbox.Mount, dir string) int {
	if dir == "" {
		return 0
	}
	n := 0
	for _, m := range sandbox.MountsUnder(mounts, dir) {
		if m.FSType == "proc" {
			n++
		}
	}
	return n
}

// holdingMount is the mount of the host's table that holds path: the one
// with the longest mount point above it, the last (topmost) of a stack.
func holdingMount(mounts []sandbox.Mount, path string) (mountPoint, propagation string) {
	for _, m := range mounts {
		p := m.MountPoint
		under := p == "/" || path == p || strings.HasPrefix(path, p+"/")
		if under && len(p) >= len(mountPoint) {
			mountPoint, propagation = p, m.Propagation
		}
	}
	return mountPoint, propagation
}

// hostnameSeen is the hostname inside, and the host's while the container ran.
type hostnameSeen struct {
	Inside sandbox.ExecResult
	During string
}

var probeHostname = newProbe("hostname", i18n.T("hostname"), probeFuncs[hostnameSeen]{
	take: func(ctx context.Context, r *probeRun, e *hostnameSeen) (host, container Pane) {
		e.Inside = r.inside(ctx, "hostname")
		container = paneFromExec(e.Inside)
		h, err := r.host.Hostname()
		e.During = h
		host = Pane{Source: i18n.Raw("uname(2) nodename"), Lines: []i18n.Msg{i18n.Raw(h)}}
		if err != nil {
			host.Err = i18n.Raw(err.Error())
		}
		return host, container
	},
})

// probeNamespaces shows the namespaces the engine compares around every
// run (runFacts.HostNS and ContainerNS): it has no evidence of its own.
// Both sides list the same links in the same order, ls's, so that the
// class reads them across, line by line, and a namespace of the
// container's own stands out on both.
var probeNamespaces = newProbe("ns", i18n.T("namespaces"), probeFuncs[noEvidence]{
	take: func(ctx context.Context, r *probeRun, _ *noEvidence) (host, container Pane) {
		container = paneFromExec(r.inside(ctx, "ls", "-l", "/proc/self/ns"))
		// ls -l prints "... mnt -> mnt:[4026531841]": keep the link and target.
		var names, targets []string
		for _, line := range container.LinesIn(i18n.English) {
			if i := strings.Index(line, " -> "); i >= 0 {
				f := strings.Fields(line[:i])
				names, targets = append(names, f[len(f)-1]), append(targets, line[i+4:])
			}
		}
		hostNS := r.run.HostNS
		host.Source = i18n.Raw("/proc/self/ns (burk)")
		if sandbox.InMachine() {
			// A served session: every namespace is the session's own.
			host.Source = i18n.T("/proc/self/ns (burk, in the session's machine: every namespace is the machine's own)")
		} else if sandbox.InLab() {
			// The containers are made in the lab and compared with it: its
			// user, mount, PID, UTS and IPC namespaces are its own, the rest
			// the host's.
			host.Source = i18n.T("/proc/self/ns (burk, in its rootless lab: the user, mnt, pid, uts and ipc namespaces are the lab's, the rest the host's)")
		}
		if len(names) == 0 {
			// Nothing to follow inside: the host's own, in ls's order.
			names, _ = r.host.ReadDir("/proc/self/ns")
		} else {
			container.Lines = nil
			container.Table = tableOf(0, 2, true)
			container.say(nsHeader)
		}
		host.Table = tableOf(0, 2, true)
		host.say(nsHeader)
		for i, name := range names {
			// pid_for_children and time_for_children name the namespace a
			// child will be born in: a pid namespace, a time namespace.
			t := strings.TrimSuffix(name, "_for_children")
			target, err := r.host.Readlink("/proc/self/ns/" + name)
			if err != nil && hostNS[t] != 0 {
				target = fmt.Sprintf("%s:[%d]", t, hostNS[t])
			}
			own := i < len(targets) && target != "" && targets[i] != target
			if own {
				host.Marked = append(host.Marked, len(host.Lines))
			}
			host.show(fmt.Sprintf("%-18s %s", name, inode(target)))
			if i < len(targets) {
				if own {
					container.Marked = append(container.Marked, len(container.Lines))
				}
				container.show(fmt.Sprintf("%-18s %s", name, inode(targets[i])))
			}
		}
		return host, container
	},
})

// nsHeader names the namespaces table's columns.
var nsHeader = i18n.T("namespace inode")

// inode is the number in a namespace link's target, "mnt:[4026531841]":
// two processes share a namespace when it is the same.
func inode(target string) string {
	if _, rest, ok := strings.Cut(target, ":["); ok {
		return strings.TrimSuffix(rest, "]")
	}
	return target
}

// netSeen is the network devices listed inside.
type netSeen struct{ Inside sandbox.ExecResult }

var probeNet = newProbe("net", i18n.T("network"), probeFuncs[netSeen]{
	take: func(ctx context.Context, r *probeRun, e *netSeen) (host, container Pane) {
		e.Inside = r.inside(ctx, "ip", "-o", "link")
		if e.Inside.StartErr != "" {
			e.Inside = r.inside(ctx, "cat", "/proc/net/dev")
		}
		container = paneFromExec(e.Inside)
		if lines := netLines(e.Inside); e.Inside.OK() && len(lines) > 0 {
			// One interface a line, as the host's side: ip -o prints a
			// literal \ where its second line would be.
			container.Lines, container.Table = rawLines(lines), tableOf(0, 2, false)
		}
		host.Source = i18n.Raw("/sys/class/net")
		names, err := r.host.ReadDir("/sys/class/net")
		if err != nil {
			host.Err = i18n.Raw(err.Error())
		}
		host.Table = tableOf(0, 2, false)
		for _, name := range names {
			state, _ := r.host.ReadFile("/sys/class/net/" + name + "/operstate")
			host.show(fmt.Sprintf("%-12s %s", name, strings.TrimSpace(string(state))))
		}
		return host, container
	},
})

// netLines are the interfaces ip -o link printed, as the host's side
// shows its own: the name, and its operational state as
// /sys/class/net/NAME/operstate says it. /proc/net/dev, the fallback where
// there is no ip, has no state: "?".
func netLines(r sandbox.ExecResult) []string {
	var lines []string
	for _, name := range interfaces(r) {
		state := "?"
		for _, line := range splitLines(r.Stdout) {
			f := strings.Fields(line)
			if len(f) > 1 && strings.TrimSuffix(strings.SplitN(f[1], "@", 2)[0], ":") == name {
				if i := slices.Index(f, "state"); i >= 0 && i+1 < len(f) {
					state = strings.ToLower(f[i+1])
				}
			}
		}
		lines = append(lines, fmt.Sprintf("%-12s %s", name, state))
	}
	return lines
}

// ipcSeen is the message queue made on the host for the step, and the
// queues listed on each side.
type ipcSeen struct {
	QueueID int // -1 until Prepare made it
	Inside  sandbox.ExecResult
	OnHost  []string // /proc/sysvipc/msg on the host
}

var probeIPC = newProbe("ipc", i18n.T("message queues"), probeFuncs[ipcSeen]{
	// A SysV message queue made on the host before the container starts:
	// the container must not see it.
	prepare: func(ctx context.Context, host Host, spec sandbox.Spec, e *ipcSeen) (func() error, error) {
		e.QueueID = -1
		id, undo, err := host.CreateMsgQueue()
		if err != nil {
			return nil, fmt.Errorf("create the host's message queue: %w", err)
		}
		e.QueueID = id
		return undo, nil
	},
	take: func(ctx context.Context, r *probeRun, e *ipcSeen) (host, container Pane) {
		// /proc/sysvipc lists the reader's IPC namespace; unlike ipcs it is
		// there whatever tools the rootfs has.
		e.Inside = r.inside(ctx, "cat", "/proc/sysvipc/msg")
		container = paneFromExec(e.Inside)
		markQueue(&container, e.QueueID)
		data, err := r.host.ReadFile("/proc/sysvipc/msg")
		e.OnHost = splitLines(string(data))
		host = Pane{Source: i18n.Raw("/proc/sysvipc/msg"), Lines: rawLines(e.OnHost)}
		if err != nil {
			host.Err = i18n.Raw(err.Error())
		}
		markQueue(&host, e.QueueID)
		return host, container
	},
})

// markQueue marks the queue's line, and makes the listing a table whose
// key and msqid stay when the others go, from the right.
func markQueue(p *Pane, id int) {
	lines := p.LinesIn(i18n.English)
	if len(lines) > 0 && p.Err.IsZero() {
		n := len(strings.Fields(lines[0]))
		var drop []int
		for c := n - 1; c >= 2; c-- {
			drop = append(drop, c)
		}
		p.Table = tableOf(0, n, true, drop...)
	}
	for i, line := range lines {
		if queueListed([]string{line}, id) {
			p.Marked = append(p.Marked, i)
		}
	}
}

// queueListed reports whether /proc/sysvipc/msg lines list queue id.
func queueListed(lines []string, id int) bool {
	for _, line := range lines {
		if f := strings.Fields(line); len(f) > 1 && f[1] == strconv.Itoa(id) {
			return true
		}
	}
	return false
}

// idSeen is what id said inside.
type idSeen struct{ Inside sandbox.ExecResult }

var probeID = newProbe("id", i18n.T("users"), probeFuncs[idSeen]{
	take: func(ctx context.Context, r *probeRun, e *idSeen) (host, container Pane) {
		e.Inside = r.inside(ctx, "sh", "-c", "id; cat /proc/self/uid_map")
		container = paneFromExec(e.Inside)
		pid := r.run.InitPID
		host.Source = i18n.T("/proc/%d/status and uid_map (the init)", pid)
		status, _ := r.host.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		for _, line := range splitLines(string(status)) {
			if strings.HasPrefix(line, "Uid:") || strings.HasPrefix(line, "Gid:") {
				host.Marked = append(host.Marked, len(host.Lines))
				host.show(strings.Join(strings.Fields(line), " "))
			}
		}
		uidMap, _ := r.host.ReadFile(fmt.Sprintf("/proc/%d/uid_map", pid))
		host.show("uid_map: " + strings.Join(strings.Fields(string(uidMap)), " "))
		return host, container
	},
})

// escapeSeen is where the chroot escape got to, and the host's / to
// compare it with.
type escapeSeen struct {
	Escape                   *sandbox.EscapeResult // nil when it could not be tried
	HostRootDev, HostRootIno uint64
	// RootfsDev and RootfsIno are the rootfs directory's, stat on the host:
	// bound onto itself and pivoted into, it keeps them inside.
	RootfsDev, RootfsIno uint64
}

var probeEscape = newProbe("escape", i18n.T("chroot escape"), probeFuncs[escapeSeen]{
	take: func(ctx context.Context, r *probeRun, e *escapeSeen) (host, container Pane) {
		e.HostRootDev, e.HostRootIno, _ = r.host.RootID()
		e.RootfsDev, e.RootfsIno, _ = r.host.PathID(r.run.Spec.Rootfs)
		container.Source = i18n.T(`a thread of the init: chroot("/etc"), chdir("..") ×64, chroot("."), ls /`)
		esc, err := r.c.Escape(ctx)
		if err != nil {
			container.Err = i18n.Raw(err.Error())
			return host, container
		}
		e.Escape = &esc
		for _, call := range esc.Trace {
			container.show(call.Call + " = " + call.Result)
		}
		if esc.Err != "" {
			container.Err = i18n.Raw(esc.Err)
		}
		container.say(i18n.T("reached / = dev %d, inode %d:", esc.RootDev, esc.RootIno))
		container.show("  " + strings.Join(esc.Listing, " "))
		host.Source = i18n.T("stat / and ls / on the host")
		host.say(i18n.T("the host's / = dev %d, inode %d:", e.HostRootDev, e.HostRootIno))
		if names, err := r.host.ReadDir("/"); err == nil {
			if len(names) > 16 {
				names = append(names[:16], "…") // as the container's side
			}
			host.show("  " + strings.Join(names, " "))
		}
		if esc.RootDev == e.HostRootDev && esc.RootIno == e.HostRootIno {
			container.Marked = append(container.Marked, len(container.Lines)-2)
			host.Marked = append(host.Marked, 0)
		}
		return host, container
	},
})

// capsSeen is what the caps probe's script printed inside, and what the
// kernel said when burk asked to write the init's binary.
type capsSeen struct {
	Inside sandbox.ExecResult
	// Guard is what the kernel said when burk, on the host, asked to write
	// the init's binary (it writes nothing), and Sealed whether that
	// protects it.
	Guard  string
	Sealed bool
}

var probeCaps = newProbe("caps", i18n.T("privileges"), probeFuncs[capsSeen]{
	take: func(ctx context.Context, r *probeRun, e *capsSeen) (host, container Pane) {
		if r.run.Spec.Hardening.SealedBinary {
			// Only where the step claims it: elsewhere the init is burk's
			// file on disk, and there is no reason to ask to write to it.
			e.Guard, e.Sealed = r.host.InitBinaryGuard(r.c)
		}
		e.Inside = r.inside(ctx, "sh", "-c", capsScript)
		container = paneFromExec(e.Inside)
		host.Source = i18n.Raw("/proc/self/status (burk)")
		status, _ := r.host.ReadFile("/proc/self/status")
		var hostEff []string
		for _, line := range splitLines(string(status)) {
			if strings.HasPrefix(line, "CapEff") || strings.HasPrefix(line, "CapBnd") || strings.HasPrefix(line, "NoNewPrivs") {
				host.show(line)
			}
			if f := strings.Fields(line); len(f) == 2 && f[0] == "CapEff:" {
				hostEff, _ = caps.FromMask(f[1])
				host.say(capsCount(hostEff, hostLastCap(r.host)))
			}
		}
		inside := container.Lines
		container.Lines = nil
		for _, line := range inside {
			container.Lines = append(container.Lines, ownLine(line.In(i18n.English), capsEchoes...))
			if f := strings.Fields(line.In(i18n.English)); len(f) == 2 && f[0] == "CapEff:" {
				kept, err := caps.FromMask(f[1])
				if err != nil {
					continue
				}
				container.say(i18n.T("  = %d capabilities: %s", len(kept), strings.Join(kept, " ")))
				// What the host's burk has and the container lost, the
				// ones that matter most first.
				for _, c := range goneCaps(hostEff, kept) {
					container.Marked = append(container.Marked, len(container.Lines))
					container.say(i18n.T("  %s: gone", c))
				}
			}
		}
		host.say(i18n.T("the init runs from: %s", r.run.InitExe))
		host.say(i18n.T("  and writing it: %s", guardMsg(e.Guard)))
		host.Marked = append(host.Marked, len(host.Lines)-2, len(host.Lines)-1)
		return host, container
	},
})

// hostLastCap is the highest capability the host's kernel knows
// (capabilities(7): /proc/sys/kernel/cap_last_cap), read through the host
// as burk sees it; -1 when it cannot be read.
func hostLastCap(h Host) int {
	data, err := h.ReadFile("/proc/sys/kernel/cap_last_cap")
	if err != nil {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		return -1
	}
	return n
}

// capsCount says how many capabilities a set holds, and "all" only when
// it holds every one this kernel knows (0 … last): a kernel adds
// capabilities over time (CAP_CHECKPOINT_RESTORE is 40, since 5.9), so a
// count alone does not say whether one is missing.
func capsCount(have []string, last int) i18n.Msg {
	if last < 0 {
		return i18n.T("  = %d capabilities", len(have))
	}
	var missing []string
	for n := 0; n <= last; n++ {
		if !slices.Contains(have, caps.Name(n)) {
			missing = append(missing, caps.Name(n))
		}
	}
	if len(missing) == 0 {
		return i18n.T("  = all %d capabilities", len(have))
	}
	return i18n.T("  = %d of this kernel's %d capabilities (missing: %s)", len(have), last+1, strings.Join(missing, " "))
}

// notableCaps are the capabilities a container escape needs most, shown
// by name when the container lost them.
var notableCaps = []string{"CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SYS_MODULE", "CAP_SYS_PTRACE", "CAP_SYS_RAWIO"}

// goneCaps are the notable capabilities in had and not in kept.
func goneCaps(had, kept []string) []string {
	var gone []string
	for _, c := range notableCaps {
		if slices.Contains(had, c) && !slices.Contains(kept, c) {
			gone = append(gone, c)
		}
	}
	return gone
}

// The caps probe's script: the status lines of grep, whether /proc/kcore
// can be read, and whether the hostname can be changed. Its own lines are
// burk's messages (see echoed); the lines of grep and hostname are theirs.
var (
	kcoreRead          = echoed(func(n string) i18n.Msg { return i18n.T("/proc/kcore: %s bytes read", n) })
	sethostnameRefused = echoed(func(string) i18n.Msg { return i18n.T("sethostname refused") })
	// hostnameNow is the UTS namespace's name after the attempt, read from
	// the kernel rather than from what the hostname tool said.
	hostnameNow = echoed(func(n string) i18n.Msg { return i18n.T("hostname now: %s", n) })
	capsEchoes  = []echoed{kcoreRead, sethostnameRefused, hostnameNow}
	capsScript  = "grep -E '^(CapInh|CapEff|CapBnd|NoNewPrivs)' /proc/self/status; " +
		kcoreRead.echo("$(head -c 16 /proc/kcore 2>/dev/null | wc -c)") + "; " +
		"hostname " + triedHostname + " 2>&1 || " + sethostnameRefused.echo("") + "; " +
		hostnameNow.echo("$(cat /proc/sys/kernel/hostname)")
)

// triedHostname is the name the caps probe asks for, which the container
// must not get.
const triedHostname = "someone-else"

// paneFromExec turns what a command printed into a pane.
func paneFromExec(res sandbox.ExecResult) Pane {
	p := Pane{Source: i18n.Raw(strings.Join(res.Args, " "))}
	p.Lines = rawLines(splitLines(res.Stdout))
	if res.Stderr != "" {
		p.Lines = append(p.Lines, rawLines(splitLines(res.Stderr))...)
	}
	if res.StartErr != "" {
		p.Err = i18n.Raw(res.StartErr) // the system's words, as it gave them
	} else {
		p.Err = exitText(res.TimedOut, res.Signal, res.ExitCode)
	}
	return p
}

// rawLines are lines a command or a kernel file printed, as they came.
func rawLines(lines []string) []i18n.Msg {
	out := make([]i18n.Msg, len(lines))
	for i, l := range lines {
		out[i] = i18n.Raw(l)
	}
	return out
}

func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// psPIDs reads the PID column of ps output, wherever the header puts it.
func psPIDs(lines []string) []int {
	if len(lines) == 0 {
		return nil
	}
	col := slices.Index(strings.Fields(lines[0]), "PID")
	if col < 0 {
		return nil
	}
	var pids []int
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) > col {
			if n, err := strconv.Atoi(f[col]); err == nil {
				pids = append(pids, n)
			}
		}
	}
	return pids
}
