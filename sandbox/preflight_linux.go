package sandbox

// Preflight: whether a container of a given Spec can do everything it asks
// on this host, read without starting one. burk doctor asks it for every
// step of the tour, so that a teacher learns before class which step will
// skip what, and how to fix it.

import (
	"bufio"
	"fmt"
	"os"
)

// Preflight lists what this host cannot do of spec, one Check each with
// its fix; none means the container can run here in full.
func Preflight(spec Spec) []Check {
	var out []Check
	add := func(name, detail, fix string) {
		out = append(out, Check{Name: name, Detail: detail, Fix: fix, Needed: true})
	}
	for _, ns := range spec.Namespaces.flags() {
		if _, err := os.Stat("/proc/self/ns/" + ns.proc); ns.on && err != nil {
			add(ns.proc+" namespace", ns.name+": this kernel has no "+ns.proc+" namespaces",
				"a kernel built with "+ns.proc+" namespaces")
		}
	}
	// Every container gets a cgroup, limits or not: it is how burk finds
	// and kills all of its processes.
	if info, err := DetectCgroups(); err != nil {
		add("cgroups", err.Error(), "mount cgroup2 at /sys/fs/cgroup")
	} else {
		for _, c := range info.Missing(spec.Limits) {
			add(c+" controller", "no "+c+" controller: its demonstration is skipped", ControllerFix(info, c))
		}
	}
	if spec.Root == RootPivot && rootIsRootfs() {
		// pivot_root(2) moves the root mount away; the initramfs's rootfs
		// is the one mount that can never be moved, so it says EINVAL.
		add("pivot_root", "/ is the initramfs (rootfs), which pivot_root cannot move",
			"boot from a disk, or have the initramfs's /init copy itself to a tmpfs and switch_root there")
	}
	if spec.Hardening.SealedBinary && probeOverlay() != nil && probeMemfd() != nil {
		add("sealed binary", "neither overlayfs (fsopen) nor memfd_create works here",
			"Linux 5.2+ with overlayfs (modprobe overlay)")
	}
	return out
}

// rootIsRootfs reports whether / is the kernel's initial rootfs.
func rootIsRootfs() bool {
	mounts, err := ReadMounts(0)
	if err != nil {
		return false
	}
	for _, m := range mounts {
		if m.MountPoint == "/" && m.FSType == "rootfs" {
			return true
		}
	}
	return false
}

// ControllerFix says why this host lacks controller c, and how to get it:
// the kernel lists every controller it was built with in /proc/cgroups,
// whether it is switched on, and on which v1 hierarchy it sits (0 for
// none: then it belongs to cgroup v2).
func ControllerFix(info CgroupInfo, c string) string {
	enabled, known, hierarchy := controllerState(c)
	switch {
	case !known:
		return fmt.Sprintf("this kernel was built without the %s controller; the cgroups step skips its demonstration", c)
	case !enabled:
		return fmt.Sprintf("switched off on the kernel command line: add cgroup_enable=%s (and remove cgroup_disable=%s), then reboot", c, c)
	case hierarchy == 0 && info.V2Root == "":
		// Linux 6.11 made memory's v1 interface a build option
		// (CONFIG_MEMCG_V1), and distributions leave it out: such a kernel
		// offers memory only on cgroup v2, which this host has not mounted.
		return fmt.Sprintf("this kernel offers %s on cgroup v2 only, and no cgroup2 is mounted: mount one "+
			"(mkdir -p /sys/fs/cgroup/unified && mount -t cgroup2 none /sys/fs/cgroup/unified), or boot with cgroup v2 (systemd.unified_cgroup_hierarchy=1)", c)
	case hierarchy == 0:
		return fmt.Sprintf("cgroup2 at %s does not offer %s: is it mounted from another namespace's view?", info.V2Root, c)
	default:
		return fmt.Sprintf("%s is on v1 hierarchy %d, which is not mounted: mount it (mkdir -p /sys/fs/cgroup/%s && mount -t cgroup -o %s none /sys/fs/cgroup/%s)", c, hierarchy, c, c, c)
	}
}

// controllerState reads c's line of /proc/cgroups: "name hierarchy
// num_cgroups enabled".
func controllerState(c string) (enabled, known bool, hierarchy int) {
	f, err := os.Open("/proc/cgroups")
	if err != nil {
		return false, false, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var name string
		var h, n, e int
		if _, err := fmt.Sscanf(sc.Text(), "%s %d %d %d", &name, &h, &n, &e); err == nil && name == c {
			return e == 1, true, h
		}
	}
	return false, false, 0
}
