package doctor

// Preflight: whether a container of a given Spec can do everything it asks
// on this host, read without starting one. burk doctor asks it for every
// step of the tour, so that a teacher learns before class which step will
// skip what, and how to fix it.

import (
	"os"

	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/sandbox"
)

// Preflight lists what this host cannot do of spec, one Check each with
// its fix; none means the container can run here in full.
func Preflight(h *sandbox.Host, spec sandbox.Spec) []Check {
	var out []Check
	add := func(name, detail, fix string) {
		out = append(out, Check{Name: name, Detail: detail, Fix: fix, Needed: true})
	}
	for _, ns := range spec.Namespaces.Flags() {
		if _, err := os.Stat("/proc/self/ns/" + ns.Proc); ns.On && err != nil {
			add(ns.Proc+" namespace", ns.Name+": this kernel has no "+ns.Proc+" namespaces",
				"a kernel built with "+ns.Proc+" namespaces")
		}
	}
	// Every container gets a cgroup, limits or not: it is how burk finds
	// and kills all of its processes.
	if err := h.CgroupsErr(); err != nil {
		add("cgroups", err.Error(), "mount cgroup2 at /sys/fs/cgroup")
	}
	info := h.Cgroups()
	for _, c := range info.Missing(spec.Limits) {
		add(c+" controller", "no "+c+" controller: its demonstration is skipped", info.Fix(c))
	}
	if spec.Root == sandbox.RootPivot && rootIsRootfs() {
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
