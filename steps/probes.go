package steps

// The probes: each looks at one thing from both sides. The container side
// runs a real command inside the container, with whatever ps, mount or ip
// its rootfs has; the host side reads the kernel's files, as those commands
// would on the host.

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// psCommand works with procps and with busybox.
var psCommand = []string{"ps", "-e", "-o", "pid,user,comm"}

var probePS = &Probe{ID: "ps", Title: i18n.T("processes"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "ps", Title: i18n.T("processes")}
	res := r.inside(ctx, "ps", psCommand...)
	v.Container = paneFromExec(res)
	// The container's own processes stand out in its list by their PID.
	for i, line := range v.Container.LinesIn(i18n.English) {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "1" {
			v.Container.Marked = append(v.Container.Marked, i)
		}
	}
	start := time.Now()
	tree, others, err := sandbox.ProcessTree(r.ev.BurkPID)
	r.ev.HostReadTime = time.Since(start)
	r.ev.ContainerPIDs, _ = r.c.Processes()
	r.ev.HostProcesses = len(tree) + others
	v.Host.Source = i18n.T("/proc: burk (PID %d) and its children", r.ev.BurkPID)
	if err != nil {
		v.Host.Err = i18n.Raw(err.Error())
		return v
	}
	v.Host.show(fmt.Sprintf("%7s %7s %-6s %s", "PID", "PPID", "NSPID", "CMD"))
	for _, p := range tree {
		nspid := "-"
		if len(p.NSpid) > 1 {
			nspid = strconv.Itoa(p.NSpid[len(p.NSpid)-1])
		}
		if slices.Contains(r.ev.ContainerPIDs, p.PID) {
			v.Host.Marked = append(v.Host.Marked, len(v.Host.Lines))
		}
		v.Host.show(fmt.Sprintf("%7d %7d %-6s %s", p.PID, p.PPID, nspid, commandLine(p)))
	}
	v.Host.say(i18n.T("+ %d other processes on the host", others))
	return v
}}

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

// probeProcDir lists /proc: one directory per process the proc mount shows.
var probeProcDir = &Probe{ID: "proc", Title: i18n.T("/proc"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "proc", Title: i18n.T("/proc")}
	res := r.inside(ctx, "proc", "ls", "/proc")
	v.Container = paneFromExec(res)
	v.Container.Lines = nil
	v.Container.say(processDirs(pidDirs(res.Stdout)))
	entries, _ := os.ReadDir("/proc")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	v.Host = Pane{Source: i18n.Raw("ls /proc")}
	v.Host.say(processDirs(pidDirs(strings.Join(names, "\n"))))
	return v
}}

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

var probeMount = &Probe{ID: "mount", Title: i18n.T("mounts"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "mount", Title: i18n.T("mounts")}
	res := r.inside(ctx, "mount", "mount")
	v.Container = paneFromExec(res)
	for i, line := range v.Container.LinesIn(i18n.English) {
		if strings.Contains(line, " type proc ") {
			v.Container.Marked = append(v.Container.Marked, i)
		}
	}
	mounts, err := sandbox.ReadMounts(0)
	v.Host.Source = i18n.T("/proc/self/mountinfo: proc mounts, and mounts under the rootfs")
	if err != nil {
		v.Host.Err = i18n.Raw(err.Error())
		return v
	}
	r.ev.ProcMountsDuring = procMountsUnder(mounts, r.ev.Spec.Rootfs)
	for _, m := range mounts {
		under := r.ev.Spec.Rootfs != "" && len(sandbox.MountsUnder([]sandbox.Mount{m}, r.ev.Spec.Rootfs)) > 0
		if m.FSType != "proc" && !under {
			continue
		}
		if m.FSType == "proc" {
			v.Host.Marked = append(v.Host.Marked, len(v.Host.Lines))
		}
		// As mount(8) prints it, to compare with the container's mount.
		v.Host.show(fmt.Sprintf("%s on %s type %s (%s)", m.Source, m.MountPoint, m.FSType, m.Options))
	}
	return v
}}

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

var probeHostname = &Probe{ID: "hostname", Title: i18n.T("hostname"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "hostname", Title: i18n.T("hostname")}
	v.Container = paneFromExec(r.inside(ctx, "hostname", "hostname"))
	h, err := sandbox.Hostname()
	r.ev.HostnameDuring = h
	v.Host = Pane{Source: i18n.Raw("uname(2) nodename"), Lines: []i18n.Msg{i18n.Raw(h)}}
	if err != nil {
		v.Host.Err = i18n.Raw(err.Error())
	}
	return v
}}

var probeNamespaces = &Probe{ID: "ns", Title: i18n.T("namespaces"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "ns", Title: i18n.T("namespaces")}
	v.Container = paneFromExec(r.inside(ctx, "ns", "ls", "-l", "/proc/self/ns"))
	// ls -l prints "... mnt -> mnt:[4026531841]": keep the link and target.
	var lines []i18n.Msg
	for _, line := range v.Container.LinesIn(i18n.English) {
		if i := strings.Index(line, " -> "); i >= 0 {
			f := strings.Fields(line[:i])
			lines = append(lines, i18n.Raw(fmt.Sprintf("%-18s %s", f[len(f)-1], line[i+4:])))
		}
	}
	if len(lines) > 0 {
		v.Container.Lines = lines
	}
	v.Host.Source = i18n.Raw("/proc/self/ns (burk)")
	for _, t := range sandbox.NamespaceTypes {
		ino := r.ev.HostNS[t]
		if r.ev.ContainerNS[t] != ino {
			v.Host.Marked = append(v.Host.Marked, len(v.Host.Lines))
		}
		v.Host.show(fmt.Sprintf("%-18s %s:[%d]", t, t, ino))
	}
	for i, line := range v.Container.LinesIn(i18n.English) {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		// pid_for_children and time_for_children name the namespace a
		// child will be born in: a pid namespace, a time namespace.
		t := strings.TrimSuffix(f[0], "_for_children")
		if r.ev.HostNS[t] != 0 && f[1] != fmt.Sprintf("%s:[%d]", t, r.ev.HostNS[t]) {
			v.Container.Marked = append(v.Container.Marked, i)
		}
	}
	return v
}}

var probeNet = &Probe{ID: "net", Title: i18n.T("network"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "net", Title: i18n.T("network")}
	res := r.inside(ctx, "net", "ip", "-o", "link")
	if res.StartErr != "" {
		res = r.inside(ctx, "net", "cat", "/proc/net/dev")
	}
	v.Container = paneFromExec(res)
	v.Host.Source = i18n.Raw("/sys/class/net")
	entries, err := os.ReadDir("/sys/class/net")
	if err != nil {
		v.Host.Err = i18n.Raw(err.Error())
	}
	for _, e := range entries {
		state, _ := os.ReadFile("/sys/class/net/" + e.Name() + "/operstate")
		v.Host.show(fmt.Sprintf("%-12s %s", e.Name(), strings.TrimSpace(string(state))))
	}
	return v
}}

var probeIPC = &Probe{ID: "ipc", Title: i18n.T("message queues"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "ipc", Title: i18n.T("message queues")}
	// /proc/sysvipc lists the reader's IPC namespace; unlike ipcs it is
	// there whatever tools the rootfs has.
	v.Container = paneFromExec(r.inside(ctx, "ipc", "cat", "/proc/sysvipc/msg"))
	markQueue(&v.Container, r.ev.MsgQueueID)
	data, err := os.ReadFile("/proc/sysvipc/msg")
	v.Host = Pane{Source: i18n.Raw("/proc/sysvipc/msg"), Lines: rawLines(splitLines(string(data)))}
	if err != nil {
		v.Host.Err = i18n.Raw(err.Error())
	}
	markQueue(&v.Host, r.ev.MsgQueueID)
	return v
}}

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

var probeID = &Probe{ID: "id", Title: i18n.T("users"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "id", Title: i18n.T("users")}
	v.Container = paneFromExec(r.inside(ctx, "id", "sh", "-c", "id; cat /proc/self/uid_map"))
	v.Host.Source = i18n.T("/proc/%d/status and uid_map (the init)", r.ev.InitPID)
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.ev.InitPID))
	for _, line := range splitLines(string(status)) {
		if strings.HasPrefix(line, "Uid:") || strings.HasPrefix(line, "Gid:") {
			v.Host.Marked = append(v.Host.Marked, len(v.Host.Lines))
			v.Host.show(strings.Join(strings.Fields(line), " "))
		}
	}
	uidMap, _ := os.ReadFile(fmt.Sprintf("/proc/%d/uid_map", r.ev.InitPID))
	v.Host.show("uid_map: " + strings.Join(strings.Fields(string(uidMap)), " "))
	return v
}}

var probeEscape = &Probe{ID: "escape", Title: i18n.T("chroot escape"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "escape", Title: i18n.T("chroot escape")}
	v.Container.Source = i18n.T(`a thread of the init: chroot("/etc"), chdir("..") ×64, chroot("."), ls /`)
	e, err := r.c.Escape(ctx)
	if err != nil {
		v.Container.Err = i18n.Raw(err.Error())
		return v
	}
	r.ev.Escape = &e
	for _, ev := range e.Trace {
		v.Container.show(ev.Call + " = " + ev.Result)
	}
	if e.Err != "" {
		v.Container.Err = i18n.Raw(e.Err)
	}
	v.Container.say(i18n.T("reached / = dev %d, inode %d:", e.RootDev, e.RootIno))
	v.Container.show("  " + strings.Join(e.Listing, " "))
	v.Host.Source = i18n.T("stat / and ls / on the host")
	v.Host.say(i18n.T("the host's / = dev %d, inode %d:", r.ev.HostRootDev, r.ev.HostRootIno))
	if entries, err := os.ReadDir("/"); err == nil {
		var names []string
		for i, e := range entries {
			if i == 16 {
				names = append(names, "…") // as the container's side
				break
			}
			names = append(names, e.Name())
		}
		v.Host.show("  " + strings.Join(names, " "))
	}
	if e.RootDev == r.ev.HostRootDev && e.RootIno == r.ev.HostRootIno {
		v.Container.Marked = append(v.Container.Marked, len(v.Container.Lines)-2)
		v.Host.Marked = append(v.Host.Marked, 0)
	}
	return v
}}

var probeCaps = &Probe{ID: "caps", Title: i18n.T("privileges"), Take: func(ctx context.Context, r *probeRun) View {
	v := View{ID: "caps", Title: i18n.T("privileges")}
	v.Container = paneFromExec(r.inside(ctx, "caps", "sh", "-c", capsScript))
	for i, line := range v.Container.Lines {
		v.Container.Lines[i] = ownLine(line.In(i18n.English), capsEchoes...)
	}
	v.Host.Source = i18n.Raw("/proc/self/status (burk)")
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range splitLines(string(status)) {
		if strings.HasPrefix(line, "CapEff") || strings.HasPrefix(line, "CapBnd") || strings.HasPrefix(line, "NoNewPrivs") {
			v.Host.show(line)
		}
	}
	v.Host.say(i18n.T("the init runs from: %s", r.ev.InitExe))
	v.Host.say(i18n.T("  and writing it: %s", guardMsg(r.ev.InitExeGuard)))
	v.Host.Marked = append(v.Host.Marked, len(v.Host.Lines)-2, len(v.Host.Lines)-1)
	return v
}}

// The caps probe's script: the status lines of grep, whether /proc/kcore
// can be read, and whether the hostname can be changed. Its own lines are
// burk's messages (see echoed); the lines of grep and hostname are theirs.
var (
	kcoreRead          = echoed(func(n string) i18n.Msg { return i18n.T("/proc/kcore: %s bytes read", n) })
	sethostnameRefused = echoed(func(string) i18n.Msg { return i18n.T("sethostname refused") })
	capsEchoes         = []echoed{kcoreRead, sethostnameRefused}
	capsScript         = "grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status; " +
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
