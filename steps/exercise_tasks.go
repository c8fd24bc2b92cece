package steps

// The tasks, one per step. Each asks the learner to find something out or
// to reach a state, never to type a given command; its check reads the
// answer from the live container and compares it with the host. The
// Solution is one way to do it, for the teacher and the tests.

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/burk-tui/burk/internal/caps"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// ExerciseHostname is a name the solutions give what they make.
const ExerciseHostname = "klass42"

// exInitPID: with nothing isolated, the container's init is an ordinary
// process of the host, and its PID is the same on both sides; renaming the
// container renames the host.
var exInitPID = &Exercise{
	ID:       "init-pid",
	Task:     i18n.T("Nothing is isolated yet. Find the PID of this container's init, the process that started your shell, and name the container after it: pid<that PID>, e.g. hostname pid4321. With no UTS namespace the host is renamed too; burk puts its name back when the container closes."),
	Solution: "hostname pid$PPID",
	Needs:    []string{"hostname"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		host, _ := x.host.Hostname()
		inside := x.hostnameInside(ctx)
		want := "pid" + strconv.Itoa(x.c.Pid())
		seen := i18n.T("the container is named %q, the host %q; the container's init is PID %d", inside, host, x.c.Pid())
		switch {
		case host == want && inside == want:
			return done, seen
		case host == x.hostnameBefore && inside == x.nameBefore:
			return notDone, seen
		}
		return tried, seen
	},
}

var exMountProc = &Exercise{
	ID:       "mount-proc",
	Task:     i18n.T("ps fails in here. Make it work without leaving the chroot, then look for what you did in the host's mount table."),
	Solution: "mount -t proc proc /proc && ps",
	Needs:    []string{"mount", "ps"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		onHost := x.hostMountsUnder("proc")
		dirs := pidDirs(x.inside(ctx, "ls", "/proc").Stdout)
		seen := i18n.T("proc mounts under the rootfs in the host's table: %d; process directories in the container's /proc: %d", len(onHost), len(dirs))
		switch {
		case len(onHost) > 0 && len(dirs) > 0:
			return done, seen
		case len(onHost) == 0 && len(dirs) == 0:
			return notDone, seen
		}
		return tried, seen
	},
}

var exMountLeaks = &Exercise{
	ID:       "mount-leaks",
	Task:     i18n.T("Without a mount namespace, the container's mounts are the host's. Mount a tmpfs anywhere in the container, and find it in the host's mount table: under which path is it listed there?"),
	Solution: "mount -t tmpfs " + ExerciseHostname + " /tmp",
	Needs:    []string{"mount"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		onHost := x.hostMountsUnder("tmpfs")
		seen := i18n.T("tmpfs mounts under the rootfs in the host's table: %v", onHost)
		if len(onHost) > 0 {
			return done, seen
		}
		// A tmpfs that did not reach the host's table was not mounted:
		// nothing to tell an attempt from a look around by.
		return notDone, seen
	},
}

var exMountPrivate = &Exercise{
	ID:       "mount-private",
	Task:     i18n.T("Mount a tmpfs anywhere in the container, and check that the host's mount table does not have it this time. What makes the difference?"),
	Solution: "mount -t tmpfs " + ExerciseHostname + " /tmp",
	Needs:    []string{"mount"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		var inside []string
		for _, m := range x.mountsInside(ctx) {
			if m.FSType == "tmpfs" && m.MountPoint != "/dev" && !strings.HasPrefix(m.MountPoint, "/dev/") {
				inside = append(inside, m.MountPoint)
			}
		}
		onHost := x.hostMountsUnder("tmpfs")
		seen := i18n.T("tmpfs mounts inside: %v; under the rootfs in the host's table: %v", inside, onHost)
		switch {
		case len(inside) > 0 && len(onHost) == 0:
			return done, seen
		case len(inside) == 0:
			return notDone, seen
		}
		return tried, seen
	},
}

var exNamePID1 = &Exercise{
	ID:       "name-pid1",
	Task:     i18n.T("Find the name of PID 1 in the container (/proc/1/comm) and give it as the hostname. There is no UTS namespace yet: the host is renamed too, and burk puts its name back."),
	Solution: "hostname $(cat /proc/1/comm)",
	Needs:    []string{"hostname", "cat"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		init, gone := x.initOnHost()
		if !gone.IsZero() {
			return tried, gone
		}
		host, _ := x.host.Hostname()
		seen := i18n.T("the host's hostname is %q; PID 1 in the container is %q (PID %d on the host)", host, init.Comm, init.PID)
		switch {
		case host == init.Comm:
			return done, seen
		case host == x.hostnameBefore:
			return notDone, seen
		}
		return tried, seen
	},
}

// exDomainName: uts_namespaces(7) isolates two names, the hostname and
// the NIS domain name (setdomainname(2), /proc/sys/kernel/domainname).
// burk sets the first; the learner finds the second.
var exDomainName = &Exercise{
	ID:       "domain-name",
	Task:     i18n.T("burk named the container burk, and the host kept its own name. A UTS namespace holds one more name: find out which (uts_namespaces(7) names both), give it a value in the container, and see that the host's stays as it was."),
	Solution: "cat /proc/sys/kernel/domainname; echo " + ExerciseHostname + " > /proc/sys/kernel/domainname",
	Needs:    []string{"cat"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		res := x.inside(ctx, "cat", "/proc/sys/kernel/domainname")
		inside := strings.TrimSpace(res.Stdout)
		hostFile, _ := x.host.ReadFile("/proc/sys/kernel/domainname")
		host := strings.TrimSpace(string(hostFile))
		seen := i18n.T("the container's NIS domain name is %q; the host's is %q, before the command %q", inside, host, x.domainBefore)
		switch {
		case res.ExitCode == 0 && inside != x.domainBefore && host == x.domainBefore:
			return done, seen
		case inside == x.domainBefore:
			return notDone, seen
		}
		return tried, seen
	},
}

// sysvQueueKeys are the keys of the System V message queues a
// /proc/sysvipc/msg lists. The file prints a key_t as a signed decimal;
// ipcs prints it as 32 bits in hexadecimal.
func sysvQueueKeys(table string) []uint32 {
	var out []uint32
	for i, line := range splitLines(table) {
		if f := strings.Fields(line); i > 0 && len(f) > 1 {
			if k, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				out = append(out, uint32(k))
			}
		}
	}
	return out
}

// queueKeyName is the key a hostname names, as ipcs shows it (0x…) or
// in decimal.
func queueKeyName(name string) (uint32, bool) {
	if k, err := strconv.ParseUint(name, 0, 32); err == nil {
		return uint32(k), true
	}
	if k, err := strconv.ParseInt(name, 10, 32); err == nil {
		return uint32(k), true
	}
	return 0, false
}

// hexKeys are keys as ipcs shows them.
func hexKeys(keys []uint32) []string {
	var out []string
	for _, k := range keys {
		out = append(out, "0x"+strconv.FormatUint(uint64(k)|1<<32, 16)[1:])
	}
	return out
}

var exQueueKey = &Exercise{
	ID:       "queue-key",
	Task:     i18n.T("Make a System V message queue with a key in here (ipcs lists them; which tool makes one?), and name the container after the queue's key as ipcs -q shows it, e.g. hostname 0x1a2b3c4d. Does the host have a queue with that key?"),
	Solution: "ipcmk -Q && set -- $(ipcs -q | grep ^0x) && hostname $1",
	Needs:    []string{"ipcmk", "ipcs", "grep", "hostname"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		inside := sysvQueueKeys(x.inside(ctx, "cat", "/proc/sysvipc/msg").Stdout)
		hostTable, _ := x.host.ReadFile("/proc/sysvipc/msg")
		onHost := sysvQueueKeys(string(hostTable))
		name := x.hostnameInside(ctx)
		key, isKey := queueKeyName(name)
		seen := i18n.T("the keys of the queues inside: %v; the container is named %q; the host's queues have the keys %v", hexKeys(inside), name, hexKeys(onHost))
		switch {
		case isKey && key == 0 && slices.Contains(inside, key):
			// IPC_PRIVATE is key 0 (msgget(2)): every queue made with it
			// has that key, burk's own on the host too, so the key
			// cannot tell the container's queue from the host's.
			return tried, i18n.T("the container is named %q: a queue made with IPC_PRIVATE has the key 0, and every such queue shares it, the host's too; make one with a key, as ipcmk does", name)
		case isKey && slices.Contains(inside, key) && !slices.Contains(onHost, key):
			return done, seen
		case len(inside) == 0 && name == x.nameBefore:
			return notDone, seen
		}
		return tried, seen
	},
}

// loopbackFlags are the flags of lo inside, as ip link shows them.
func (x *ExerciseRun) loopbackFlags(ctx context.Context) string {
	res := x.inside(ctx, "ip", "-o", "link", "show", "lo")
	if _, rest, ok := strings.Cut(res.Stdout, "<"); ok {
		flags, _, _ := strings.Cut(rest, ">")
		return flags
	}
	return ""
}

// exCutOff: the container's loopback is its own (network_namespaces(7)).
// The check tries the one thing the task asks about, reaching 127.0.0.1
// from inside, whichever way it was cut off: with lo down what is sent
// there is dropped (the kernel transmits on no device that is down); with
// 127.0.0.1 gone and no other address of 127.0.0.0/8 on lo, nothing can
// bind to it; a firewall rule drops or refuses it. Any other loopback
// address keeps the whole /8 local, 127.0.0.1 too. lo's flags and address
// only say what was done, to tell an attempt from a look around.
var exCutOff = &Exercise{
	ID:       "cut-off",
	Task:     i18n.T("burk brought the container's loopback up. Cut the container off from itself, so that nothing in it can reach 127.0.0.1, while the host's loopback stays up."),
	Solution: "ip link set lo down",
	Needs:    []string{"ip"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		flags := x.loopbackFlags(ctx)
		up := slices.Contains(strings.Split(flags, ","), "UP")
		addr := strings.Contains(x.inside(ctx, "ip", "-o", "addr", "show", "dev", "lo").Stdout, "inet 127.0.0.1/")
		// IFF_UP is bit 0 of the flags sysfs shows in hex.
		hostFlags, _ := x.host.ReadFile("/sys/class/net/lo/flags")
		f, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(string(hostFlags)), "0x"), 16, 64)
		hostUp := err == nil && f&1 == 1
		reach, err := x.c.ReachLoopback(ctx)
		if err != nil {
			return tried, i18n.T("the container could not try 127.0.0.1: %s", i18n.Raw(err.Error()))
		}
		reached := i18n.T("reached")
		if !reach.Reached {
			reached = i18n.T("not reached: %s", i18n.Raw(reach.Err))
		}
		seen := i18n.T("127.0.0.1 from inside: %s; the container's lo has the flags <%s>, and the address 127.0.0.1: %s; the host's lo is up: %s", reached, flags, yesNo(addr), yesNo(hostUp))
		switch {
		case reach.Reached && up && addr:
			return notDone, seen
		case !reach.Reached && hostUp:
			return done, seen
		}
		return tried, seen
	},
}

var exFindUID = &Exercise{
	ID:       "find-uid",
	Task:     i18n.T("Root inside is which uid outside? Read /proc/self/uid_map, and name the container uid<that number>, e.g. hostname uid1234."),
	Solution: "set -- $(cat /proc/self/uid_map); hostname uid$2",
	Needs:    []string{"hostname", "cat"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		init, gone := x.initOnHost()
		if !gone.IsZero() {
			return tried, gone
		}
		inside := x.hostnameInside(ctx)
		seen := i18n.T("the container's hostname is %q; its root is uid %d on the host", inside, init.UID)
		return x.named(inside, "uid"+strconv.Itoa(init.UID)), seen
	},
}

// initOnHost is the container's init as the host sees it, or, when it is
// gone, what was seen.
func (x *ExerciseRun) initOnHost() (sandbox.Process, i18n.Msg) {
	init, err := x.host.Process(x.c.Pid())
	if err != nil {
		return init, i18n.T("the container's init is gone: %s", i18n.Raw(err.Error()))
	}
	return init, i18n.Msg{}
}

// named is how far a task that names the container got: done when it has
// the name wanted, not done while it has the name it started with.
func (x *ExerciseRun) named(name, want string) progress {
	switch name {
	case want:
		return done
	case x.nameBefore:
		return notDone
	}
	return tried
}

var exHitPidsMax = &Exercise{
	ID:       "hit-pids-max",
	Task:     i18n.T("This container may run only so many processes (and threads) at once (the tour's cgroup limits view says how many). Start more than that, and see the host's pids.events count the forks it refused."),
	Solution: "for i in $(seq 40); do sleep 1 & done; wait",
	Needs:    []string{"seq", "sleep"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		stats, err := x.c.CgroupStats()
		if err != nil {
			return tried, i18n.T("the container's cgroup could not be read: %s", i18n.Raw(err.Error()))
		}
		seen := i18n.T("forks refused at pids.max %d: %d", stats.PidsMax, stats.PidsMaxHits)
		if stats.PidsMaxHits > 0 {
			return done, seen
		}
		// pids.events counts only the refusals: fewer processes than
		// pids.max leave no trace to tell an attempt by.
		return notDone, seen
	},
}

// memoryLimit is the container's memory limit as its cgroup file says it
// (a number of bytes, or max), and the host's path to the file: the
// limit is written in the container's payload/ leaf, which a cgroup
// namespace shows as /payload.
func memoryLimit(st sandbox.CgroupStats) (limit, file string) {
	limit = strconv.FormatInt(st.MemoryMax, 10)
	if st.MemoryMax < 0 {
		limit = "max"
	}
	for path, text := range st.Files {
		if (strings.HasSuffix(path, "/memory.max") || strings.HasSuffix(path, "/memory.limit_in_bytes")) && strings.TrimSpace(text) == limit {
			return limit, path
		}
	}
	return "", ""
}

// exMemLimit: in a cgroup namespace, a cgroup filesystem mounted inside
// has the container's own cgroup as its root (cgroup_namespaces(7)), and
// the limit the host wrote is a file the container can read.
var exMemLimit = &Exercise{
	ID:       "mem-limit",
	Task:     i18n.T("How much memory may this container use? Find its memory limit from inside: mount its cgroup filesystem (cgroup2, or cgroup v1's memory hierarchy on an older host), find your shell's cgroup in it (/proc/self/cgroup says where), and read the limit. Name the container mem<the limit in bytes>, e.g. hostname mem1234."),
	Solution: "mount -t cgroup2 none /tmp; [ -e /tmp/payload/memory.max ] || mount -t cgroup -o memory none /tmp; hostname mem$(cat /tmp/payload/memory.max /tmp/payload/memory.limit_in_bytes)",
	Needs:    []string{"mount", "cat", "hostname"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		stats, err := x.c.CgroupStats()
		if err != nil {
			return tried, i18n.T("the container's cgroup could not be read: %s", i18n.Raw(err.Error()))
		}
		limit, file := memoryLimit(stats)
		inside := x.hostnameInside(ctx)
		if limit == "" {
			return tried, i18n.T("the container's hostname is %q; the host reads no memory limit for it", inside)
		}
		got := x.named(inside, "mem"+limit)
		if got == done {
			return done, i18n.T("the container's hostname is %q; the host's %s says %s", inside, file, limit)
		}
		// Not the number: the learner is to find it, in the container.
		return got, i18n.T("the container's hostname is %q, not mem followed by the limit in the host's %s", inside, file)
	},
}

// uptimeDays is the whole days of a /proc/uptime.
func uptimeDays(uptime string) (int, bool) {
	f := strings.Fields(uptime)
	if len(f) == 0 {
		return 0, false
	}
	s, err := strconv.ParseFloat(f[0], 64)
	return int(s / 86400), err == nil
}

var exUptimeDays = &Exercise{
	ID:       "uptime-days",
	Task:     i18n.T("How many whole days has the container been up, by its own clock? Name it up<days>, e.g. hostname up3."),
	Solution: "up=$(cut -d. -f1 /proc/uptime); hostname up$((up / 86400))",
	Needs:    []string{"cut", "hostname"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		days, ok := uptimeDays(x.inside(ctx, "cat", "/proc/uptime").Stdout)
		hostUptime, _ := x.host.ReadFile("/proc/uptime")
		hostDays, _ := uptimeDays(string(hostUptime))
		inside := x.hostnameInside(ctx)
		seen := i18n.T("the container's hostname is %q; it has been up %d days, the host %d", inside, days, hostDays)
		if !ok || days == hostDays {
			return tried, seen
		}
		return x.named(inside, "up"+strconv.Itoa(days)), seen
	},
}

// exRootReadonly: after pivot_root, / is the bind mount burk made of the
// rootfs; a bind remount changes that mount's flags alone (mount(8),
// MS_REMOUNT|MS_BIND), where a plain remount would ask to change the
// filesystem itself, which a user namespace may not.
var exRootReadonly = &Exercise{
	ID:       "root-readonly",
	Task:     i18n.T("After pivot_root the container's / is a mount of its own. Make it read-only for the container, while the host's / stays writable."),
	Solution: "mount -o remount,bind,ro /",
	Needs:    []string{"mount"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		inside, host := "?", "?"
		for _, m := range x.mountsInside(ctx) {
			if m.MountPoint == "/" {
				inside = m.Options
			}
		}
		mounts, _ := x.host.Mounts()
		for _, m := range mounts {
			if m.MountPoint == "/" {
				host = m.Options
			}
		}
		ro := func(opts string) bool { return slices.Contains(strings.Split(opts, ","), "ro") }
		seen := i18n.T("the container's / is mounted %s; the host's / %s", inside, host)
		switch {
		case ro(inside) && !ro(host):
			return done, seen
		case !ro(inside):
			return notDone, seen
		}
		return tried, seen
	},
}

// capEff is the CapEff line's value in a /proc/PID/status, as a mask.
func capEff(status string) (uint64, bool) {
	for line := range strings.SplitSeq(status, "\n") {
		if v, ok := strings.CutPrefix(line, "CapEff:"); ok {
			mask, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return mask, err == nil
		}
	}
	return 0, false
}

// DroppedFile is where the learner names a capability the container
// lacks: /dev is a tmpfs of the container's own at the hardening step,
// which the container's root may write to.
const DroppedFile = "/dev/dropped"

// exDroppedCap: root inside keeps only Hardening.KeepCaps. The caps view
// names the notable ones it lost (notableCaps); the learner finds another
// by comparing the masks, or with capabilities(7).
var exDroppedCap = &Exercise{
	ID:       "dropped-cap",
	Task:     i18n.T("Root in here lacks capabilities that burk has on the host. The privileges view names the five that matter most; find another one the container lacks (capabilities(7) lists them all) and write its name to %s, e.g. echo cap_xyz > %s.", DroppedFile, DroppedFile),
	Solution: "grep CapEff /proc/self/status; echo cap_sys_time > " + DroppedFile,
	Needs:    []string{"grep"},
	check: func(ctx context.Context, x *ExerciseRun) (progress, i18n.Msg) {
		res := x.inside(ctx, "cat", DroppedFile)
		answer := strings.TrimSpace(res.Stdout)
		if res.ExitCode != 0 || answer == "" {
			return notDone, i18n.T("%s is empty or missing", DroppedFile)
		}
		inside, okInside := capEff(x.inside(ctx, "cat", "/proc/self/status").Stdout)
		hostStatus, _ := x.host.ReadFile("/proc/self/status")
		host, okHost := capEff(string(hostStatus))
		n, err := caps.Number(strings.Fields(answer)[0])
		if err != nil || !okInside || !okHost {
			return tried, i18n.T("%s says %q: capabilities(7) has no capability by that name", DroppedFile, answer)
		}
		name, bit := caps.Name(n), uint64(1)<<n
		switch {
		case inside&bit != 0:
			return tried, i18n.T("%s says %s, and a process in the container has it", DroppedFile, name)
		case host&bit == 0:
			return tried, i18n.T("%s says %s, and burk on the host lacks it too", DroppedFile, name)
		case slices.Contains(notableCaps, name):
			return tried, i18n.T("%s says %s, which the privileges view names already: find another", DroppedFile, name)
		}
		return done, i18n.T("%s says %s: burk on the host has it, a process in the container does not", DroppedFile, name)
	},
}
