package sandbox

// Preflight: whether a container of a given Spec can do everything it asks
// on this host, read without starting one. burk doctor asks it for every
// step of the tour, so that a teacher learns before class which step will
// skip what, and how to fix it.

import (
	"os"

	"github.com/burk-tui/burk/internal/mountinfo"
)

// Preflight lists what this host cannot do of spec, one Check each with
// its fix; none means the container can run here in full.
func (h *Host) Preflight(spec Spec) []Check {
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
	if h.cgroupErr != nil {
		add("cgroups", h.cgroupErr.Error(), "mount cgroup2 at /sys/fs/cgroup")
	}
	info := h.cgroups.Info
	for _, c := range info.Missing(spec.Limits) {
		add(c+" controller", "no "+c+" controller: its demonstration is skipped", info.Fix(c))
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
	mounts, err := mountinfo.Read(0)
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
