package steps

// The last two namespaces of namespaces(7): cgroup and time. Both are made
// at the init's clone (see the sandbox), and both are about what the
// container's processes see, so the probes look at a process the init
// starts.

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// cgroupNSSeen is what the cgroup namespace probe saw: the namespace and
// the cgroup paths of a process inside, the init's paths as the host
// reads them, and a cgroup filesystem mounted inside beside the host's
// directory that should be its root.
type cgroupNSSeen struct {
	NS    sandbox.ExecResult // readlink /proc/self/ns/cgroup, inside
	Paths sandbox.ExecResult // cat /proc/self/cgroup, inside
	// Dir is the container's cgroup directory's name, the same in every
	// hierarchy ("burk-…").
	Dir string
	// HostInit is /proc/<init>/cgroup as the host reads it.
	HostInit []string
	// Mount is the cgroup filesystem mounted inside and listed; Skipped,
	// when set, is why it was not tried.
	Mount   sandbox.ExecResult
	Skipped i18n.Msg
	// NoCgroup is set when the container has no cgroup directory in any
	// hierarchy: the host gave burk none it may use (rootless, without a
	// delegated cgroup v2 subtree).
	NoCgroup bool
	// MountRoot is the host's directory the mount inside should show, and
	// HostListing what the host lists in it.
	MountRoot   string
	HostListing []string
	// HostInode is MountRoot's inode on the host: kernfs gives a cgroup
	// the same inode in every mount of its hierarchy, so the mount's root
	// inside has it only if it is the same cgroup, not merely one with the
	// same files (every childless cgroup lists the same names).
	HostInode uint64
}

// mountRootInode is the line the cgroup mount's script prints with the
// inode of the mount's root, as the kernel gives it inside.
var mountRootInode = echoed(func(n string) i18n.Msg { return i18n.T("the mount's root: inode %s", n) })

var probeCgroupNS = newProbe("cgroupns", i18n.T("cgroup namespace"), probeFuncs[cgroupNSSeen]{take: takeCgroupNS})

func takeCgroupNS(ctx context.Context, r *probeRun, e *cgroupNSSeen) (host, container Pane) {
	container.Source = i18n.T("three commands, run inside one after another")
	shown := func(res sandbox.ExecResult) {
		container.show("$ " + strings.Join(res.Args, " "))
		for _, l := range splitLines(res.Stdout + res.Stderr + res.StartErr) {
			container.show("  " + l)
		}
	}
	e.NS = r.inside(ctx, "readlink", "/proc/self/ns/cgroup")
	shown(e.NS)
	e.Paths = r.inside(ctx, "cat", "/proc/self/cgroup")
	mark := len(container.Lines) + 1
	shown(e.Paths)
	for i := mark; i < len(container.Lines); i++ {
		container.Marked = append(container.Marked, i)
	}

	st, err := r.c.CgroupStats()
	if err != nil && st.Dirs == nil {
		host.Err = i18n.Raw(err.Error())
		return host, container
	}
	e.NoCgroup = len(st.Dirs) == 0
	// The namespace's root, in the hierarchy mounted inside: the
	// container's directory in the unified hierarchy, or on a host
	// without cgroup2 in the pids or memory one, mounted alone there.
	mount := ""
	switch {
	case st.Dirs["unified"] != "":
		e.MountRoot, mount = st.Dirs["unified"], "mount -t cgroup2 cgroup2 /tmp"
	case st.Version["pids"] == "v1":
		e.MountRoot, mount = containerDir(st.Dirs["pids"]), "mount -t cgroup -o pids cgroup /tmp"
	case st.Version["memory"] == "v1":
		e.MountRoot, mount = containerDir(st.Dirs["memory"]), "mount -t cgroup -o memory cgroup /tmp"
	}
	for _, d := range st.Dirs {
		if dir := containerDir(d); dir != "" {
			e.Dir = filepath.Base(dir)
		}
	}
	if mount == "" {
		e.Skipped = i18n.T("this host has neither cgroup2 nor a pids or memory hierarchy of its own to mount")
		container.say(i18n.T("skipped: %v", e.Skipped))
	} else {
		e.Mount = r.inside(ctx, "sh", "-c", mount+" && "+mountRootInode.echo("$(stat -c %i /tmp)")+" && ls /tmp; s=$?; umount /tmp 2>/dev/null; exit $s")
		container.show("$ " + mount + "; stat -c %i /tmp; ls /tmp")
		for _, l := range splitLines(e.Mount.Stdout + e.Mount.Stderr + e.Mount.StartErr) {
			container.Lines = append(container.Lines, i18n.T("  %v", ownLine(l, mountRootInode)))
		}
		if err := exitText(e.Mount.TimedOut, e.Mount.Signal, e.Mount.ExitCode); !err.IsZero() {
			container.Err = err
		}
	}

	pid := r.run.InitPID
	host.Source = i18n.T("/proc/%d/cgroup (the init) and the container's cgroup directory", pid)
	host.show(fmt.Sprintf("cgroup:[%d]  (burk)", r.run.HostNS["cgroup"]))
	data, _ := r.host.ReadFile(fmt.Sprintf("/proc/%d/cgroup", pid))
	e.HostInit = splitLines(string(data))
	host.say(i18n.T("/proc/%d/cgroup, the init as the host sees it:", pid))
	for _, l := range e.HostInit {
		if e.Dir != "" && strings.Contains(l, e.Dir) {
			host.Marked = append(host.Marked, len(host.Lines))
		}
		host.show("  " + l)
	}
	if e.MountRoot != "" {
		e.HostListing, _ = r.host.ReadDir(e.MountRoot)
		_, e.HostInode, _ = r.host.PathID(e.MountRoot)
		host.say(i18n.T("%s: inode %d", e.MountRoot, e.HostInode))
		host.show("$ ls " + e.MountRoot)
		for _, n := range e.HostListing {
			host.show("  " + n)
		}
	}
	return host, container
}

// containerDir is the container's own directory ("…/burk-…") that the
// cgroup directory d is or is a leaf of, or "".
func containerDir(d string) string {
	for _, dir := range []string{d, filepath.Dir(d)} {
		if strings.HasPrefix(filepath.Base(dir), "burk-") {
			return dir
		}
	}
	return ""
}

// nsInode reads "cgroup:[4026532177]", as readlink prints a namespace, and
// returns its inode, or 0.
func nsInode(kind, link string) uint64 {
	s := strings.TrimSpace(link)
	s, ok := strings.CutPrefix(s, kind+":[")
	if !ok {
		return 0
	}
	n, _ := strconv.ParseUint(strings.TrimSuffix(s, "]"), 10, 64)
	return n
}

var claimNewCgroupNS = claimOn(i18n.T("What the container runs is in a cgroup namespace of its own."), func(run *runFacts, seen *cgroupNSSeen) (bool, i18n.Msg) {
	ino := nsInode("cgroup", seen.NS.Stdout)
	return ino != 0 && ino != run.HostNS["cgroup"], i18n.T("cgroup namespace: inside %d, host %d", ino, run.HostNS["cgroup"])
})

// noCgroup is why a cgroup namespace claim is skipped when the container
// has no cgroup of its own to be the namespace's root.
var noCgroup = i18n.T("the container has no cgroup of its own: this host gives burk no cgroup hierarchy it may use, such as a delegated cgroup v2 subtree (see burk doctor)")

var claimCgroupPathHidden = claimOrSkip(i18n.T("Inside, /proc/self/cgroup starts at the container's own cgroup: the host's path to it is gone."), func(run *runFacts, seen *cgroupNSSeen) verdict {
	if seen.NoCgroup {
		return skip(noCgroup)
	}
	lines := splitLines(seen.Paths.Stdout)
	var inside []string
	ok := len(lines) > 0 && seen.Dir != ""
	for _, l := range lines {
		// hierarchy-ID:controllers:path
		f := strings.SplitN(l, ":", 3)
		if len(f) != 3 {
			ok = false
			continue
		}
		path := f[2]
		// ".." would be a cgroup above the namespace's root.
		if !strings.HasPrefix(path, "/") || strings.Contains(path, "..") || strings.Contains(path, seen.Dir) {
			ok = false
		}
		if f[0] == "0" || f[1] == "pids" || f[1] == "memory" {
			inside = append(inside, l)
		}
	}
	var onHost []string
	for _, l := range seen.HostInit {
		if seen.Dir != "" && strings.Contains(l, seen.Dir) {
			onHost = append(onHost, l)
		}
	}
	// Without a namespace the host's path shows inside too: the claim
	// needs the host's view to name the container's directory.
	ok = ok && len(onHost) > 0
	return holds(ok, i18n.T("inside: %s; the init, on the host: %s", strings.Join(inside, " "), strings.Join(onHost, " ")))
})

var claimCgroupMountOwnSubtree = claimOrSkip(i18n.T("Mounted inside, the cgroup filesystem has the container's cgroup as its root: nothing above it or beside it."), func(run *runFacts, seen *cgroupNSSeen) verdict {
	switch {
	case seen.NoCgroup:
		return skip(noCgroup)
	case !seen.Skipped.IsZero():
		return skip(seen.Skipped)
	}
	var inside []string
	inode := ""
	for _, l := range splitLines(seen.Mount.Stdout) {
		if n, ok := mountRootInode.arg(l); ok {
			inode = n
			continue
		}
		inside = append(inside, l)
	}
	slices.Sort(inside)
	host := slices.Sorted(slices.Values(seen.HostListing))
	same := seen.Mount.OK() && len(inside) > 0 && slices.Equal(inside, host)
	sameRoot := inode != "" && inode == strconv.FormatUint(seen.HostInode, 10)
	return holds(same && sameRoot, i18n.T("%d entries inside, %d in %s on the host; the same: %s; the mount's root is inode %s, the container's cgroup on the host inode %d",
		len(inside), len(host), seen.MountRoot, yesNo(same), inode, seen.HostInode))
})

// clocksSeen is what the clocks probe saw inside, and the host's clocks
// just before and just after.
type clocksSeen struct {
	NS      sandbox.ExecResult // readlink /proc/self/ns/time
	Uptime  sandbox.ExecResult // cat /proc/uptime
	Date    sandbox.ExecResult // date +%s
	Offsets sandbox.ExecResult // cat /proc/self/timens_offsets
	// The host's uptime and wall clock, read just before and just after
	// the container's.
	UptimeBefore, UptimeAfter float64
	WallBefore, WallAfter     time.Time
}

var probeClocks = newProbe("clocks", i18n.T("clocks"), probeFuncs[clocksSeen]{take: takeClocks})

func takeClocks(ctx context.Context, r *probeRun, e *clocksSeen) (host, container Pane) {
	uptime := func() float64 {
		data, _ := r.host.ReadFile("/proc/uptime")
		f := strings.Fields(string(data))
		if len(f) == 0 {
			return 0
		}
		v, _ := strconv.ParseFloat(f[0], 64)
		return v
	}
	e.NS = r.inside(ctx, "readlink", "/proc/self/ns/time")
	e.Offsets = r.inside(ctx, "cat", "/proc/self/timens_offsets")
	e.UptimeBefore = uptime()
	e.Uptime = r.inside(ctx, "cat", "/proc/uptime")
	e.UptimeAfter = uptime()
	e.WallBefore = time.Now()
	e.Date = r.inside(ctx, "date", "+%s")
	e.WallAfter = time.Now()

	container.Source = i18n.T("four commands, run inside one after another")
	for _, res := range []sandbox.ExecResult{e.NS, e.Offsets, e.Uptime, e.Date} {
		container.show("$ " + strings.Join(res.Args, " "))
		if res.Args[len(res.Args)-1] == "/proc/uptime" || res.Args[0] == "date" {
			container.Marked = append(container.Marked, len(container.Lines))
		}
		for _, l := range splitLines(res.Stdout + res.Stderr + res.StartErr) {
			container.show("  " + l)
		}
	}

	host.Source = i18n.T("burk's own clocks and time namespace")
	host.show(fmt.Sprintf("time:[%d]  (burk)", r.run.HostNS["time"]))
	host.show("$ cat /proc/uptime")
	host.Marked = append(host.Marked, len(host.Lines))
	host.show(fmt.Sprintf("  %.2f", e.UptimeAfter))
	host.show("$ date +%s")
	host.Marked = append(host.Marked, len(host.Lines))
	host.show(fmt.Sprintf("  %d", e.WallAfter.Unix()))
	return host, container
}

var claimNewTimeNS = claimOn(i18n.T("What the container runs is in a time namespace of its own."), func(run *runFacts, seen *clocksSeen) (bool, i18n.Msg) {
	ino := nsInode("time", seen.NS.Stdout)
	return ino != 0 && ino != run.HostNS["time"], i18n.T("time namespace: inside %d, host %d", ino, run.HostNS["time"])
})

var claimUptimeShifted = claimOn(i18n.T("The uptime inside (CLOCK_BOOTTIME) is %d days ahead of the host's: the namespace's offset.", int(TimeOffsets.Boottime/(24*time.Hour))), func(run *runFacts, seen *clocksSeen) (bool, i18n.Msg) {
	f := strings.Fields(seen.Uptime.Stdout)
	if len(f) == 0 {
		return false, i18n.T("uptime inside: %s", firstLine(seen.Uptime.Stderr+seen.Uptime.StartErr))
	}
	inside, err := strconv.ParseFloat(f[0], 64)
	off := run.Spec.TimeOffsets.Boottime.Seconds()
	// /proc/uptime has two decimals: allow for the rounding.
	ok := err == nil && off != 0 && inside-off >= seen.UptimeBefore-0.02 && inside-off <= seen.UptimeAfter+0.02
	return ok, i18n.T("uptime inside %.2f s, on the host %.2f s: %.2f s apart", inside, seen.UptimeAfter, inside-seen.UptimeAfter)
})

var claimWallClockShared = claimOn(i18n.T("The wall clock (CLOCK_REALTIME) reads the same inside and on the host: no namespace can shift it."), func(run *runFacts, seen *clocksSeen) (bool, i18n.Msg) {
	inside, err := strconv.ParseInt(strings.TrimSpace(seen.Date.Stdout), 10, 64)
	// date prints whole seconds, from time(2), which reads the kernel's
	// coarse clock: updated once a tick, it may lag the precise clock
	// burk read by up to a tick (4 ms at HZ=250), and so across a second's
	// edge show the second before.
	const tick = 10 * time.Millisecond
	ok := err == nil && inside >= seen.WallBefore.Add(-tick).Unix() && inside <= seen.WallAfter.Unix()
	return ok, i18n.T("date +%%s inside: %d; on the host: %d", inside, seen.WallAfter.Unix())
})
