package cgroup

import (
	"bufio"
	"fmt"
	"os"
)

// Fix says why this host lacks controller c, and how to get it:
// the kernel lists every controller it was built with in /proc/cgroups,
// whether it is switched on, and on which v1 hierarchy it sits (0 for
// none: then it belongs to cgroup v2).
func (info Info) Fix(c string) string {
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
