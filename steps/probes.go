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
		// The container's own processes stand out in its list by their PID.
		for i, line := range container.LinesIn(i18n.English) {
			if f := strings.Fields(line); len(f) > 0 && f[0] == "1" {
				container.Marked = append(container.Marked, i)
			}
		}
		tree, others, err := r.host.ProcessTree(r.run.BurkPID)
		e.ContainerPIDs, _ = r.c.Processes()
		e.HostProcesses = len(tree) + others
		host.Source = i18n.T("/proc: burk (PID %d) and its children", r.run.BurkPID)
		if err != nil {
			host.Err = i18n.Raw(err.Error())
			return host, container
		}
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
var probeNamespaces = newProbe("ns", i18n.T("namespaces"), probeFuncs[noEvidence]{
	take: func(ctx context.Context, r *probeRun, _ *noEvidence) (host, container Pane) {
		container = paneFromExec(r.inside(ctx, "ls", "-l", "/proc/self/ns"))
		// ls -l prints "... mnt -> mnt:[4026531841]": keep the link and target.
		var lines []i18n.Msg
		for _, line := range container.LinesIn(i18n.English) {
			if i := strings.Index(line, " -> "); i >= 0 {
				f := strings.Fields(line[:i])
				lines = append(lines, i18n.Raw(fmt.Sprintf("%-18s %s", f[len(f)-1], line[i+4:])))
			}
		}
		if len(lines) > 0 {
			container.Lines = lines
		}
		hostNS, containerNS := r.run.HostNS, r.run.ContainerNS
		host.Source = i18n.Raw("/proc/self/ns (burk)")
		for _, t := range sandbox.NamespaceTypes {
			ino := hostNS[t]
			if containerNS[t] != ino {
				host.Marked = append(host.Marked, len(host.Lines))
			}
			host.show(fmt.Sprintf("%-18s %s:[%d]", t, t, ino))
		}
		for i, line := range container.LinesIn(i18n.English) {
			f := strings.Fields(line)
			if len(f) != 2 {
				continue
			}
			// pid_for_children and time_for_children name the namespace a
			// child will be born in: a pid namespace, a time namespace.
			t := strings.TrimSuffix(f[0], "_for_children")
			if hostNS[t] != 0 && f[1] != fmt.Sprintf("%s:[%d]", t, hostNS[t]) {
				container.Marked = append(container.Marked, i)
			}
		}
		return host, container
	},
})

// netSeen is the network devices listed inside.
type netSeen struct{ Inside sandbox.ExecResult }

var probeNet = newProbe("net", i18n.T("network"), probeFuncs[netSeen]{
	take: func(ctx context.Context, r *probeRun, e *netSeen) (host, container Pane) {
		e.Inside = r.inside(ctx, "ip", "-o", "link")
		if e.Inside.StartErr != "" {
			e.Inside = r.inside(ctx, "cat", "/proc/net/dev")
		}
		container = paneFromExec(e.Inside)
		host.Source = i18n.Raw("/sys/class/net")
		names, err := r.host.ReadDir("/sys/class/net")
		if err != nil {
			host.Err = i18n.Raw(err.Error())
		}
		for _, name := range names {
			state, _ := r.host.ReadFile("/sys/class/net/" + name + "/operstate")
			host.show(fmt.Sprintf("%-12s %s", name, strings.TrimSpace(string(state))))
		}
		return host, container
	},
})

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

func markQueue(p *Pane, id int) {
	for i, line := range p.LinesIn(i18n.English) {
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
}

var probeEscape = newProbe("escape", i18n.T("chroot escape"), probeFuncs[escapeSeen]{
	take: func(ctx context.Context, r *probeRun, e *escapeSeen) (host, container Pane) {
		e.HostRootDev, e.HostRootIno, _ = r.host.RootID()
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
			e.Guard, e.Sealed = r.host.InitBinaryGuard(r.run.InitPID)
		}
		e.Inside = r.inside(ctx, "sh", "-c", capsScript)
		container = paneFromExec(e.Inside)
		for i, line := range container.Lines {
			container.Lines[i] = ownLine(line.In(i18n.English), capsEchoes...)
		}
		host.Source = i18n.Raw("/proc/self/status (burk)")
		status, _ := r.host.ReadFile("/proc/self/status")
		for _, line := range splitLines(string(status)) {
			if strings.HasPrefix(line, "CapEff") || strings.HasPrefix(line, "CapBnd") || strings.HasPrefix(line, "NoNewPrivs") {
				host.show(line)
			}
		}
		host.say(i18n.T("the init runs from: %s", r.run.InitExe))
		host.say(i18n.T("  and writing it: %s", guardMsg(e.Guard)))
		host.Marked = append(host.Marked, len(host.Lines)-2, len(host.Lines)-1)
		return host, container
	},
})

// The caps probe's script: the status lines of grep, whether /proc/kcore
// can be read, and whether the hostname can be changed. Its own lines are
// burk's messages (see echoed); the lines of grep and hostname are theirs.
var (
	kcoreRead          = echoed(func(n string) i18n.Msg { return i18n.T("/proc/kcore: %s bytes read", n) })
	sethostnameRefused = echoed(func(string) i18n.Msg { return i18n.T("sethostname refused") })
	capsEchoes         = []echoed{kcoreRead, sethostnameRefused}
	capsScript         = "grep -E '^(CapInh|CapEff|CapBnd|NoNewPrivs)' /proc/self/status; " +
		kcoreRead.echo("$(head -c 16 /proc/kcore 2>/dev/null | wc -c)") + "; " +
		"hostname someone-else 2>&1 || " + sethostnameRefused.echo("")
)

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
