package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// fixtureRunner returns made-up observations in the shapes the real probes
// print, with the differences each step really makes (a second proc mount
// at proc, PID 1 at pid-ns, the hostname at uts-ns…), so that the golden
// files are stable and show what the learner would see. They are UI
// fixtures only: what the kernel really shows is tested in packages steps
// and sandbox, and end to end in e2e_test.go.
type fixtureRunner struct {
	err error
	// release, when set, holds every run until it is closed or the run is
	// cancelled: a step that takes its time.
	release chan struct{}
}

func (f fixtureRunner) Run(ctx context.Context, s *steps.Step, variant steps.Variant) *steps.Observation {
	if f.release != nil {
		select {
		case <-f.release:
		case <-ctx.Done():
			return &steps.Observation{StepID: s.ID, Variant: variant, Err: ctx.Err(), Hint: i18n.T("The step was stopped.")}
		}
	}
	if f.err != nil {
		return &steps.Observation{
			StepID: s.ID, Variant: variant, Err: f.err, Duration: 3 * time.Millisecond,
			Hint: i18n.T("The kernel refused: run burk as root (sudo), and see burk doctor."),
			Trace: []steps.Call{{Host: true, Call: "clone3({flags=CLONE_NEWNS|SIGCHLD})",
				Result: "-1 EPERM (operation not permitted)", Failed: true}},
		}
	}
	return fixtureObservation(s, variant)
}

const fixtureRootfs = "/var/cache/burk/rootfs"

// fixture is one step's run, for building its views.
type fixture struct {
	step    *steps.Step
	n       int // the step's index
	variant steps.Variant
	initPID int // the init's PID on the host
}

// at reports whether the step has what step id added: steps are cumulative.
func (f fixture) at(id string) bool { return f.n >= steps.Index(id) }

func fixtureObservation(s *steps.Step, variant steps.Variant) *steps.Observation {
	f := fixture{step: s, n: steps.Index(s.ID), variant: variant, initPID: 4210 + 13*steps.Index(s.ID)}
	if s.ID == steps.RecapID {
		f.n = len(steps.All()) - 1 // the recap's container is at full isolation
	}
	o := &steps.Observation{StepID: s.ID, Variant: variant, Duration: time.Duration(40+3*f.n) * time.Millisecond,
		Started: time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC).Add(time.Duration(f.n) * time.Minute)}
	probes, claims := s.ProbesFor(variant), s.ClaimsFor(variant)
	for _, p := range probes {
		o.Views = append(o.Views, f.view(p))
	}
	o.Trace = f.trace()
	if s.ID == "cgroups" {
		// Three demonstrations of about half a second each, sampled 20
		// times a second for their charts.
		o.Duration = 1463 * time.Millisecond
	}
	for i, c := range claims {
		r := steps.ClaimResult{Text: c.Text, Held: true, Seen: i18n.Raw("as claimed")}
		// One claim that does not hold, to show how the tour says so.
		if s.ID == "net-ns" && i == 0 {
			r.Held, r.Seen = false, i18n.Raw("2 interfaces inside: lo, eth0")
		}
		// What the variant did, as the real claim says it on a systemd
		// host, whose / is shared.
		if s.ID == "mount-ns" && variant == steps.BreakIt {
			r.Seen = i18n.T("the mount holding the rootfs, %s, is %s here, so the container's proc mount leaked to the host", "/", i18n.T("shared:%s", "1"))
		}
		if s.ID == steps.RecapID && i < len(recapSeen) {
			r.Seen = i18n.Raw(recapSeen[i])
		}
		o.Claims = append(o.Claims, r)
	}
	return o
}

// recapSeen is what the recap's claims say they saw, in their order, as
// on a learner's laptop.
var recapSeen = []string{
	"its own: [mnt pid uts ipc net user cgroup time]; shared with the host: []",
	"root inside maps to uid 100000 on the host, the first of the 65536 ids burk maps",
	"memory.max 16777216 bytes, pids.max 24",
	"the escape reached dev 65024 inode 9983405 ([bin dev etc]); the rootfs is dev 65024 inode 9983405, the host's / dev 65024 inode 2",
	"CapEff inside: 11 capabilities; not in the kept set: []",
	`inside "6.12.48-amd64", on the host "6.12.48-amd64"`,
	"MemTotal inside 16284092 kB, on the host 16284092 kB; memory.max 16777216 bytes",
	"date +%s inside 1741944600, on the host 1741944600; uptime inside 8651515.04 s, on the host 11515.04 s",
	`sysfs mounts inside: 0; ls /sys inside: ""; the host's /sys/block: [nvme0n1 zram0]`,
	"/proc/devices: 58 lines inside, 58 on the host, the same: true",
	"Seccomp inside: 0; burk on the host: 0 (0: no filter)",
}

func (f fixture) view(p *steps.Probe) steps.View {
	v := steps.View{ID: p.ID, Title: p.Title}
	switch p.ID {
	case "ps":
		v.Host, v.Container = f.ps()
	case "mount":
		v.Host, v.Container = f.mounts()
	case "hostname":
		inside := "workshop-laptop"
		if f.at("uts-ns") {
			inside = "burk"
		}
		v.Host = steps.Pane{Source: i18n.Raw("uname(2) nodename"), Lines: raw("workshop-laptop")}
		v.Container = steps.Pane{Source: i18n.Raw("hostname"), Lines: raw(inside), Marked: marked(f.at("uts-ns"), 0)}
	case "ns":
		v.Host, v.Container = f.namespaces()
	case "escape":
		v.Host, v.Container = f.escape()
	case "proc":
		v.Host = steps.Pane{Source: i18n.Raw("ls /proc"), Lines: raw("84 process directories: 1 10 1051 1052 11 12059 12060 13 1358 14 15 …")}
		v.Container = steps.Pane{Source: i18n.Raw("ls /proc"), Lines: raw("85 process directories: 1 10 1051 1052 11 12059 12060 13 1358 14 15 …"), Marked: []int{0}}
	case "ipc":
		head := "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime"
		ipc := &steps.Table{Header: true, Columns: 14, Drop: []int{13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2}}
		v.Host = steps.Pane{Source: i18n.Raw("/proc/sysvipc/msg"), Lines: raw(head,
			"         0      65563   600           0          0     0     0     0     0     0     0          0          0 1796003672"), Marked: []int{1}, Table: ipc}
		v.Container = steps.Pane{Source: i18n.Raw("cat /proc/sysvipc/msg"), Lines: raw(head), Table: ipc}
	case "net":
		two := &steps.Table{Columns: 2}
		v.Host = steps.Pane{Source: i18n.Raw("/sys/class/net"), Lines: raw("eth0         up", "lo           unknown"), Table: two}
		v.Container = steps.Pane{Source: i18n.Raw("ip -o link"), Lines: raw("lo           unknown"), Marked: []int{0}, Table: two}
	case "id":
		v.Host = steps.Pane{Source: i18n.Raw(fmt.Sprintf("/proc/%d/status and uid_map (the init)", f.initPID)), Lines: raw(
			"Uid: 100000 100000 100000 100000", "Gid: 100000 100000 100000 100000", "uid_map: 0 100000 65536"), Marked: []int{0}}
		v.Container = steps.Pane{Source: i18n.Raw("sh -c id; cat /proc/self/uid_map"), Lines: raw(
			"uid=0(root) gid=0(root) groups=0(root)", "         0     100000      65536"), Marked: []int{0}}
	case "cgroup":
		v.Host, v.Container = f.cgroup()
	case "caps":
		v.Host = steps.Pane{Source: i18n.Raw("/proc/self/status (burk)"), Lines: []i18n.Msg{
			i18n.Raw("CapEff:\t000001fffeffffff"), i18n.T("  = %d of this kernel's %d capabilities (missing: %s)", 40, 41, "CAP_SYS_RESOURCE"),
			i18n.Raw("CapBnd:\t000001fffeffffff"), i18n.Raw("NoNewPrivs:\t0"),
			i18n.T("the init runs from: %s", "/memfd:burk-init (deleted)")}, Marked: []int{4}}
		v.Container = steps.Pane{Source: i18n.Raw(`sh -c grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status; hostname someone-else`), Lines: []i18n.Msg{
			i18n.Raw("CapInh:\t0000000000000000"), i18n.Raw("CapEff:\t00000000200405fb"),
			i18n.T("  = %d capabilities: %s", 11, "CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_SYS_CHROOT CAP_AUDIT_WRITE"),
			i18n.T("  %s: gone", "CAP_SYS_ADMIN"), i18n.T("  %s: gone", "CAP_NET_ADMIN"),
			i18n.Raw("CapBnd:\t00000000200405fb"), i18n.Raw("NoNewPrivs:\t1"), i18n.T("/proc/kcore: %s bytes read", "0"),
			i18n.Raw("hostname: you must be root to change the host name"), i18n.T("sethostname refused")}, Marked: []int{3, 4}}
	case "cgroupns":
		v.Host = steps.Pane{Source: i18n.Raw(fmt.Sprintf("/proc/%d/cgroup (the init) and the container's cgroup directory", f.initPID)), Lines: raw(
			"cgroup:[4026531835]  (burk)", "  0::/burk-4100-1364409-c9/init", "$ ls /sys/fs/cgroup/burk-4100-1364409-c9",
			"  cgroup.controllers", "  cgroup.procs", "  cgroup.subtree_control", "  init", "  payload"), Marked: []int{1}}
		v.Container = steps.Pane{Source: i18n.Raw("three commands, run inside one after another"), Lines: raw(
			"$ readlink /proc/self/ns/cgroup", "  cgroup:[4026532252]", "$ cat /proc/self/cgroup", "  0::/payload",
			"$ mount -t cgroup2 cgroup2 /tmp; ls /tmp", "  cgroup.controllers", "  cgroup.procs", "  cgroup.subtree_control", "  init", "  payload"), Marked: []int{3}}
	case "clocks":
		v.Host = steps.Pane{Source: i18n.Raw("burk's own clocks and time namespace"), Lines: raw(
			"time:[4026531834]  (burk)", "$ cat /proc/uptime", "  4667.55", "$ date +%s", "  1796004320"), Marked: []int{1, 3}}
		v.Container = steps.Pane{Source: i18n.Raw("four commands, run inside one after another"), Lines: raw(
			"$ readlink /proc/self/ns/time", "  time:[4026532322]", "$ cat /proc/self/timens_offsets", "  monotonic     8640000         0",
			"  boottime      8640000         0", "$ cat /proc/uptime", "  8644667.58 6430.37", "$ date +%s", "  1796004320"), Marked: []int{5, 7}}
	case "shared":
		v.Host = steps.Pane{Source: i18n.Raw("the same, read by burk on the host"), Lines: raw(
			"release    6.12.48-amd64", "MemTotal   16284092 kB", "uptime     11515.04", "date +%s   1741944600")}
		v.Container = steps.Pane{Source: i18n.Raw("commands run inside one after another"), Lines: raw(
			"release    6.12.48-amd64", "MemTotal   16284092 kB", "uptime     8651515.04", "date +%s   1741944600")}
	default:
		panic("fixture: no view for probe " + p.ID)
	}
	return v
}

// raw is lines a command printed, as the probes keep them.
func raw(lines ...string) []i18n.Msg {
	out := make([]i18n.Msg, len(lines))
	for i, l := range lines {
		out[i] = i18n.Raw(l)
	}
	return out
}

func marked(yes bool, lines ...int) []int {
	if yes {
		return lines
	}
	return nil
}

func (f fixture) ps() (host, container steps.Pane) {
	nspid := "-"
	if f.at("pid-ns") {
		nspid = "1"
	}
	host = steps.Pane{Source: i18n.T("/proc: burk (PID %d) and its children", 4100),
		Lines: append(raw(
			"    PID    PPID NSPID  CMD",
			"   4100    4098 -      burk tour",
			fmt.Sprintf("%7d    4100 %-6s burk-init __burk_init__", f.initPID, nspid),
		), i18n.T("+ %d other processes on the host", 82)), // as the probe says it
		Marked: []int{2}, Table: &steps.Table{Header: true, Columns: 4, Drop: []int{1}}}
	container = steps.Pane{Source: i18n.Raw("ps -e -o pid,user,comm")}
	// Every process of the host, as a container without a PID namespace
	// of its own lists them: the kernel's threads first.
	hostList := []string{"  PID USER     COMMAND", "    1 root     systemd", "    2 root     kthreadd"}
	for i := range 30 {
		hostList = append(hostList, fmt.Sprintf("%5d root     kworker/%d:%d-events", 10+i, i%2, i))
	}
	hostList = append(hostList, "  612 root     sshd", "  901 root     bash", " 4100 root     burk",
		fmt.Sprintf(" %d root     burk-init", f.initPID), fmt.Sprintf(" %d root     ps", f.initPID+8))
	// As the probe does: the init stands out, by its PID inside.
	initPID := fmt.Sprint(f.initPID)
	switch {
	case f.step.ID == "chroot":
		container.Lines = raw("Error, do this: mount -t proc proc /proc")
		container.Err = i18n.Raw("exit status 47")
	case !f.at("pid-ns") || f.variant == steps.BreakIt && f.step.ID == "pid-ns":
		container.Lines = raw(hostList...)
		if f.at("pid-ns") {
			initPID = "1"
		}
	default:
		container.Lines = raw("    PID USER     COMMAND", "      1 root     burk-init", "      9 root     ps")
		initPID = "1"
	}
	if container.Err.IsZero() {
		container.Table = &steps.Table{Header: true, Columns: 3, Drop: []int{1}}
	}
	for i, l := range container.Lines {
		if strings.Fields(l.String())[0] == initPID {
			container.Marked = append(container.Marked, i)
		}
	}
	return host, container
}

func (f fixture) mounts() (host, container steps.Pane) {
	mount := &steps.Table{Columns: 6}
	host = steps.Pane{Source: i18n.Raw("/proc/self/mountinfo: proc mounts, and mounts under the rootfs"),
		Lines: raw("proc on /proc type proc (rw,relatime)"), Table: mount}
	leaks := f.step.ID == "proc" || f.step.ID == "mount-ns" && f.variant == steps.BreakIt
	if leaks {
		host.Lines = append(host.Lines, i18n.Raw("proc on "+fixtureRootfs+"/proc type proc (rw,nosuid,nodev,noexec,relatime)"))
		host.Marked = []int{1}
	}
	container = steps.Pane{Source: i18n.Raw("mount"), Table: mount}
	switch {
	case f.step.ID == "process":
		container.Lines = raw("/dev/vda on / type ext4 (rw,relatime)", "proc on /proc type proc (rw,relatime)",
			"sysfs on /sys type sysfs (rw,relatime)", "tmpfs on /run type tmpfs (rw,nosuid,nodev,size=2468364k)",
			"cgroup2 on /sys/fs/cgroup type cgroup2 (rw,relatime)")
	case f.step.ID == "chroot":
		container.Lines = raw("mount: failed to read mtab: No such file or directory")
		container.Err = i18n.Raw("exit status 2")
		container.Table = nil
	case f.at("pivot-root"):
		container.Lines = raw("/dev/vda on / type ext4 (rw,relatime)", "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)",
			"tmpfs on /dev type tmpfs (rw,nosuid,noexec,relatime,size=64k,mode=755)")
		if f.at("hardening") {
			container.Lines = append(container.Lines, raw("tmpfs on /proc/acpi type tmpfs (ro,relatime)",
				"proc on /proc/sys type proc (ro,nosuid,nodev,noexec,relatime)")...)
		}
	default:
		container.Lines = raw("proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)")
	}
	for i, l := range container.Lines {
		if strings.Contains(l.String(), " type proc ") {
			container.Marked = append(container.Marked, i)
		}
	}
	return host, container
}

func (f fixture) namespaces() (host, container steps.Pane) {
	// As ls -l lists them inside, and the probe lists the host's.
	links := []string{"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"}
	hostIno := map[string]int{"mnt": 4026531832, "pid": 4026531836, "uts": 4026531838, "ipc": 4026531839,
		"net": 4026531833, "user": 4026531837, "cgroup": 4026531835, "time": 4026531834}
	own := map[string]bool{"mnt": f.at("mount-ns"), "pid": f.at("pid-ns"), "uts": f.at("uts-ns"), "ipc": f.at("ipc-ns"),
		"net": f.at("net-ns"), "user": f.at("user-ns")}
	two := &steps.Table{Columns: 2, Header: true}
	header := i18n.T("namespace inode")
	host = steps.Pane{Source: i18n.Raw("/proc/self/ns (burk)"), Table: two, Lines: []i18n.Msg{header}}
	container = steps.Pane{Source: i18n.Raw("ls -l /proc/self/ns"), Table: two, Lines: []i18n.Msg{header}}
	for i, l := range links {
		k := strings.TrimSuffix(l, "_for_children")
		host.Lines = append(host.Lines, i18n.Raw(fmt.Sprintf("%-18s %d", l, hostIno[k])))
		ino := hostIno[k]
		if own[k] {
			ino = 4026532170 + slices.Index(links, k)
			container.Marked = append(container.Marked, i+1)
			host.Marked = append(host.Marked, i+1)
		}
		container.Lines = append(container.Lines, i18n.Raw(fmt.Sprintf("%-18s %d", l, ino)))
	}
	return host, container
}

func (f fixture) escape() (host, container steps.Pane) {
	hostRoot := "  bin boot dev etc home lib lib64 media mnt opt proc root run sbin srv sys tmp usr var"
	host = steps.Pane{Source: i18n.Raw("stat / and ls / on the host"), Lines: raw("the host's / = dev 65024, inode 2:", hostRoot)}
	dir := fmt.Sprintf("/tmp/.burk-escape-%d", f.initPID)
	reached := []string{"reached / = dev 65024, inode 2:", hostRoot}
	if f.at("pivot-root") {
		dir = "/tmp/.burk-escape-1"
		reached = []string{"reached / = dev 65024, inode 9978017:", "  .burk-rootfs bin dev etc lib lib64 proc root sbin sys tmp usr"}
	}
	container = steps.Pane{Source: i18n.Raw(`a thread of the init: mkdir, chroot(dir), chdir("..") ×64, chroot("."), ls /`),
		Lines: raw(append([]string{"unshare(CLONE_FS) = 0", fmt.Sprintf(`mkdir("%s", 0700) = 0`, dir),
			fmt.Sprintf(`chroot("%s") = 0`, dir), `chdir("..") × 64 = 0`, `chroot(".") = 0`}, reached...)...),
		Marked: []int{5}}
	return host, container
}

func (f fixture) cgroup() (host, container steps.Pane) {
	// As the step shows them on a cgroup v2 host: a 16 MiB limit the hog
	// doubling to 32 MiB runs into, the fork loop at pids.max, and a count
	// to 100,000 held to 20 ms in each 100 ms period for five of them.
	dir := "/sys/fs/cgroup/burk-4100-1364409-c10/payload"
	host = steps.Pane{Source: i18n.Raw("the container's cgroup files"), Lines: raw(
		"OOM kills: 1 (limit 16 MiB, peak 16 MiB)", "forks refused at pids.max=24: 1",
		"host listed its processes during the fork loop in 3ms (2ms before it)",
		"throttled in 5 of 5 periods (quota 20ms per 100ms), 308ms in all",
		"memory: cgroup v2, "+dir, "pids: cgroup v2, "+dir, "cpu: cgroup v2, "+dir,
		"cpu.max 20000 100000",
		"cpu.stat usage_usec 98412", "cpu.stat user_usec 95120", "cpu.stat system_usec 3292",
		"cpu.stat nr_periods 5", "cpu.stat nr_throttled 5", "cpu.stat throttled_usec 307993",
		"memory.events low 0", "memory.events high 0", "memory.events max 118", "memory.events oom 1", "memory.events oom_kill 1",
		"memory.max 16777216",
		"pids.events max 1",
		"pids.max 24",
	), Marked: []int{0, 1, 3}, Table: &steps.Table{From: 7, Columns: 2},
		Charts: fixtureCharts()}
	container = steps.Pane{Source: i18n.Raw("three bounded demonstrations, run inside one after another"), Lines: raw(
		`$ c=y; i=0; while [ $i -lt 20 ]; do c=$c$c; i=$((i+1)); done; i=0; while [ $i -lt 32 ]; do eval "x$i=\$c"; i=$((i+1)); sleep 0.03; done; echo "held $((i << 20)) bytes"`, "  killed by SIGKILL",
		`$ f() { n=$((n+1)); if [ $n -ge 60 ]; then echo "started $n"; else sleep 0.018; (f); fi; }; n=1; f`, "  sh: 1: Cannot fork", "  exit status 2",
		`$ now() { read t _ </proc/uptime; t=${t%.*}${t#*.}; }; now; end=$((t+43)); while now; [ $t -lt $end ]; do i=0; while [ $i -lt 1000 ]; do i=$((i+1)); done; done`, "  exit status 0",
	)}
	return host, container
}

// fixtureCharts are the three demonstrations as the host samples them, 20
// times a second: memory climbing to its limit and the hog killed at it,
// the chain of shells reaching pids.max, and the busy loop held to 20% of
// a CPU, throttled in every period.
func fixtureCharts() []steps.Chart {
	at := func(i int) time.Duration { return time.Duration(i) * 50 * time.Millisecond }
	var memory, pids, cpu []steps.Sample
	for i := range 11 {
		s := steps.Sample{At: at(i), Value: 0.4 + 1.55*float64(i)}
		if i == 10 {
			s.Value, s.Events = 0.3, 1 // the hog killed, its memory freed
		}
		memory = append(memory, s)
	}
	for i := range 11 {
		s := steps.Sample{At: at(i), Value: float64(min(1+i*23/9, 24))}
		if i >= 9 {
			s.Events = 1
		}
		pids = append(pids, s)
	}
	for i := range 11 {
		s := steps.Sample{At: at(i), Value: 0, Events: int64(i / 2)}
		if i%2 == 1 {
			s.Value = 40 // a period's quota used in half of it; throttled the rest
		}
		cpu = append(cpu, s)
	}
	return []steps.Chart{
		{Controller: "memory", Title: i18n.T("memory.current against memory.max"), Unit: i18n.T("MiB"), Limit: 16, Event: i18n.T("OOM kill"), Samples: memory, Line: 0},
		{Controller: "pids", Title: i18n.T("pids.current against pids.max"), Unit: i18n.T("tasks"), Limit: 24, Event: i18n.T("fork refused"), Samples: pids, Line: 1},
		{Controller: "cpu", Title: i18n.T("CPU time used against the quota"), Unit: i18n.T("% CPU"), Limit: 20, Event: i18n.T("period throttled"), Samples: cpu, Line: 3},
	}
}

// trace is the syscalls a runtime at this step makes, in order.
func (f fixture) trace() []steps.Call {
	var evs []steps.Call
	host := func(call, result string) {
		evs = append(evs, steps.Call{Host: true, Call: call, Result: result})
	}
	inside := func(call, result string) {
		evs = append(evs, steps.Call{Call: call, Result: result})
	}
	cg := "/sys/fs/cgroup/burk-4100-1364409-c" + fmt.Sprint(f.n)
	// burk's cgroup for the container, at every step; rmdir at the end.
	host(fmt.Sprintf(`mkdir("%s", 0755)`, cg), "0")
	host(fmt.Sprintf(`mkdir("%s/init", 0755)`, cg), "0")
	if f.at("cgroups") {
		host(fmt.Sprintf(`write("%s/payload/memory.max", "16777216")`, cg), "8")
		host(fmt.Sprintf(`write("%s/payload/pids.max", "24")`, cg), "2")
		host(fmt.Sprintf(`write("%s/payload/cpu.max", "20000 100000")`, cg), "12")
	}
	var flags []string
	for _, ns := range []struct{ step, flag string }{{"mount-ns", "CLONE_NEWNS"}, {"pid-ns", "CLONE_NEWPID"},
		{"uts-ns", "CLONE_NEWUTS"}, {"ipc-ns", "CLONE_NEWIPC"}, {"net-ns", "CLONE_NEWNET"}, {"user-ns", "CLONE_NEWUSER"}} {
		if f.at(ns.step) {
			flags = append(flags, ns.flag)
		}
	}
	host(fmt.Sprintf("clone3({flags=%s, cgroup=%s/init})", strings.Join(append(flags, "SIGCHLD|CLONE_INTO_CGROUP"), "|"), cg), fmt.Sprint(f.initPID))
	if f.at("user-ns") {
		host(fmt.Sprintf(`write("/proc/%d/setgroups", "deny")`, f.initPID), "0")
		host(fmt.Sprintf(`write("/proc/%d/uid_map", "0 100000 65536")`, f.initPID), "0")
		host(fmt.Sprintf(`write("/proc/%d/gid_map", "0 100000 65536")`, f.initPID), "0")
	}
	inside("prctl(PR_SET_CHILD_SUBREAPER, 1)", "0")
	if f.at("mount-ns") && !(f.step.ID == "mount-ns" && f.variant == steps.BreakIt) {
		inside(`mount("", "/", "", MS_REC|MS_PRIVATE, "")`, "0")
	}
	if f.at("uts-ns") {
		inside(`sethostname("burk")`, "0")
	}
	if f.at("net-ns") {
		inside(`ioctl(sock, SIOCSIFFLAGS, {ifr_name="lo", ifr_flags=IFF_UP})`, "0")
	}
	switch {
	case f.at("pivot-root"):
		inside(fmt.Sprintf(`mount("%s", "%s", "", MS_BIND|MS_REC, "")`, fixtureRootfs, fixtureRootfs), "0")
		inside(fmt.Sprintf(`mount("proc", "%s/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, "")`, fixtureRootfs), "0")
		inside(fmt.Sprintf(`chdir("%s")`, fixtureRootfs), "0")
		inside(`pivot_root(".", ".")`, "0")
		inside(`umount2(".", MNT_DETACH)`, "0")
		inside(`chdir("/")`, "0")
	case f.at("chroot"):
		inside(fmt.Sprintf(`chroot("%s")`, fixtureRootfs), "0")
		inside(`chdir("/")`, "0")
		if f.at("proc") {
			inside(`mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, "")`, "0")
		}
	}
	if f.at("hardening") {
		inside(`mount("/dev/null", "/proc/keys", "", MS_BIND, "")`, "0")
		inside("prctl(PR_SET_NO_NEW_PRIVS, 1)", "0")
		inside("prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN)", "0")
		evs = append(evs, steps.Call{Call: `sethostname("someone-else")`,
			Result: "-1 EPERM (operation not permitted)", Failed: true})
	}
	host(fmt.Sprintf(`rmdir("%s/init")`, cg), "0")
	host(fmt.Sprintf(`rmdir("%s")`, cg), "0")
	return evs
}
