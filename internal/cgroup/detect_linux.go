package cgroup

// Which cgroups this host has. Three layouts exist in the wild: cgroup v1
// (one hierarchy per controller, or a few controllers mounted together), v2
// (one unified hierarchy), and hybrid (v1 controllers, plus a cgroup2
// mount with no controllers that systemd uses only to track processes).
// The mount table says which one this is; nothing is assumed.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/mountinfo"
)

// Mode is how this host mounts its cgroups.
type Mode int

const (
	V1     Mode = iota + 1 // one hierarchy per controller
	V2                     // the unified hierarchy only
	Hybrid                 // v1 controllers, plus cgroup2 for tracking
)

func (m Mode) String() string {
	switch m {
	case V1:
		return "v1"
	case V2:
		return "v2"
	case Hybrid:
		return "hybrid"
	}
	return "none"
}

// Info is what Detect found.
type Info struct {
	Mode          Mode
	V2Root        string            // where cgroup2 is mounted, or ""
	V1            map[string]string // v1 controller name -> mount point
	V2Controllers []string          // controllers the v2 root offers
	HasKill       bool              // cgroup.kill: kill a whole cgroup at once
}

// Detect reads the mount table: which hierarchies are mounted where,
// and which controllers each has.
func Detect() (Info, error) {
	mounts, err := mountinfo.Read(0)
	if err != nil {
		return Info{}, err
	}
	info := FromMounts(mounts)
	if info.V2Root != "" {
		// Only the controllers listed here can be handed down to children;
		// on a hybrid host the list is empty or nearly so, as v1 has them.
		data, err := os.ReadFile(filepath.Join(info.V2Root, "cgroup.controllers"))
		if err != nil {
			return info, fmt.Errorf("read the cgroup2 root's controllers: %w", err)
		}
		info.V2Controllers = strings.Fields(string(data))
		info.HasKill = hasCgroupKill(info.V2Root)
	}
	if info.Mode == 0 {
		return info, errors.New("no cgroup filesystem is mounted: mount one with `mount -t cgroup2 none /sys/fs/cgroup`")
	}
	return info, nil
}

// FromMounts finds the cgroup hierarchies in a mount table.
func FromMounts(mounts []mountinfo.Mount) Info {
	info := Info{V1: map[string]string{}}
	v2Whole, v1Whole := false, map[string]bool{}
	for _, m := range mounts {
		if shadowed(mounts, m) {
			continue // another mount on top hides it
		}
		// A mount whose root is not "/" shows only part of a hierarchy
		// (a bind mount, or a cgroup namespace's view): use one that shows
		// the whole hierarchy when there is one.
		whole := m.Root == "/"
		switch m.FSType {
		case "cgroup2":
			if info.V2Root == "" || (whole && !v2Whole) {
				info.V2Root, v2Whole = m.MountPoint, whole
			}
		case "cgroup":
			// The super options name the controllers: "rw,memory", or
			// "rw,cpu,cpuacct" when they are mounted together.
			for _, opt := range strings.Split(m.SuperOptions, ",") {
				if !isController(opt) {
					continue
				}
				if _, dup := info.V1[opt]; !dup || (whole && !v1Whole[opt]) {
					info.V1[opt], v1Whole[opt] = m.MountPoint, whole
				}
			}
		}
	}
	switch {
	case info.V2Root != "" && len(info.V1) > 0:
		info.Mode = Hybrid
	case info.V2Root != "":
		info.Mode = V2
	case len(info.V1) > 0:
		info.Mode = V1
	}
	return info
}

// shadowed reports whether a later mount on the same mount point hides m.
func shadowed(mounts []mountinfo.Mount, m mountinfo.Mount) bool {
	for _, o := range mounts {
		if o.ParentID == m.ID && o.MountPoint == m.MountPoint && o.ID != m.ID {
			return true
		}
	}
	return false
}

func isController(s string) bool {
	switch s {
	case "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "blkio",
		"perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc":
		return true
	}
	return false
}

// hasCgroupKill: cgroup.kill (Linux 5.14) is in every cgroup but the root,
// so look in burk's own cgroup when it is not the root, else go by the
// kernel's version.
func hasCgroupKill(v2Root string) bool {
	data, _ := os.ReadFile("/proc/self/cgroup")
	for _, line := range strings.Split(string(data), "\n") {
		if rel, ok := strings.CutPrefix(line, "0::"); ok && rel != "/" && !strings.HasPrefix(rel, "/..") {
			if _, err := os.Stat(filepath.Join(v2Root, rel, "cgroup.kill")); err == nil {
				return true
			}
		}
	}
	return kernelAtLeast(5, 14)
}

func kernelAtLeast(major, minor int) bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	var ma, mi int
	fmt.Sscanf(unix.ByteSliceToString(u.Release[:]), "%d.%d", &ma, &mi)
	return ma > major || (ma == major && mi >= minor)
}

// ControllerVersion says where a controller is: "v2" when the unified
// hierarchy offers it, "v1" when it has a hierarchy of its own.
func (i Info) ControllerVersion(name string) (string, bool) {
	if slices.Contains(i.V2Controllers, name) {
		return "v2", true
	}
	if _, ok := i.V1[name]; ok {
		return "v1", true
	}
	return "", false
}

// needs lists the controllers a set of limits uses.
func (l Limits) needs() []string {
	var c []string
	if l.MemoryBytes > 0 {
		c = append(c, "memory")
	}
	if l.Pids > 0 {
		c = append(c, "pids")
	}
	if l.CPUQuota > 0 {
		c = append(c, "cpu")
	}
	return c
}

// Missing names the controllers the limits need that this host lacks.
func (i Info) Missing(l Limits) []string {
	var out []string
	for _, c := range l.needs() {
		if _, ok := i.ControllerVersion(c); !ok {
			out = append(out, c)
		}
	}
	return out
}
