package doctor

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/machine"
	"github.com/burk-tui/burk/sandbox"
)

// Check is one thing burk doctor looks at on this machine.
type Check = machine.Check

// Doctor reports what this machine allows burk to do. It only reads.
func Doctor(h *sandbox.Host) []Check {
	var checks []Check
	add := func(c Check) { checks = append(checks, c) }

	if !sandbox.IsRealRoot() {
		// An ordinary user gets the rootless lab: what matters is whether
		// this machine lets them make it, and what it lacks.
		add(machine.Said(Check{Name: "root", OK: false, Needed: false},
			i18n.T("running as uid %d: burk runs the tour in a rootless lab (sudo gives the full tour)", os.Geteuid()),
			i18n.T("nothing needed; for the full tour run burk with sudo")))
		checks = append(checks, machine.RootlessChecks()...)
	} else {
		checks = append(checks, rootDoctorChecks()...)
	}
	for _, ns := range sandbox.NamespaceTypes {
		_, err := os.Stat("/proc/self/ns/" + ns)
		add(Check{Name: ns + " namespace", OK: err == nil, Needed: true, Detail: "/proc/self/ns/" + ns,
			Fix: "this kernel was built without " + ns + " namespaces (CONFIG_" + strings.ToUpper(ns) + "_NS)"})
	}

	info := h.Cgroups()
	if err := h.CgroupsErr(); err != nil {
		add(Check{Name: "cgroups", OK: false, Detail: err.Error(), Needed: true, Fix: "mount cgroup2 at /sys/fs/cgroup"})
	} else {
		add(Check{Name: "cgroup mode", OK: true, Detail: info.Mode.String() + cgroupWhere(info)})
		for _, c := range []string{"memory", "pids", "cpu"} {
			v, ok := info.ControllerVersion(c)
			add(Check{Name: c + " controller", OK: ok, Detail: v, Fix: info.Fix(c)})
		}
		add(Check{Name: "cgroup.kill", OK: info.HasKill, Detail: "kill a whole cgroup at once (Linux 5.14+)",
			Fix: "burk falls back to killing each process in the cgroup"})
	}

	if mounts, err := mountinfo.Read(0); err == nil {
		for _, m := range mounts {
			if m.MountPoint == "/" {
				prop := m.Propagation
				if prop == "" {
					prop = "private"
				}
				add(Check{Name: "propagation of /", OK: true, Detail: prop +
					" (burk makes / private in each new mount namespace either way)"})
			}
		}
	}

	var u unix.Utsname
	_ = unix.Uname(&u)
	add(Check{Name: "kernel", OK: true, Detail: unix.ByteSliceToString(u.Release[:])})
	_, _, errno := unix.Syscall(unix.SYS_PIVOT_ROOT, 0, 0, 0)
	add(Check{Name: "pivot_root", OK: errno != unix.ENOSYS, Detail: "syscall present", Fix: "this kernel lacks pivot_root"})
	_, _, errno = unix.Syscall(unix.SYS_CLONE3, 0, 0, 0)
	clone3 := errno != unix.ENOSYS
	add(Check{Name: "clone3", OK: clone3 || info.V2Root == "", Needed: info.V2Root != "", Detail: "puts the init straight into its cgroup (Linux 5.7+)",
		Fix: "on a host with cgroup2 burk needs it: upgrade to Linux 5.7 or later"})
	overlayErr := probeOverlay()
	if overlayErr == nil {
		add(Check{Name: "overlayfs (fsopen)", OK: true, Detail: "the init runs from burk through a read-only overlay mounted nowhere"})
	} else {
		add(Check{Name: "overlayfs (fsopen)", OK: false, Detail: overlayErr.Error(),
			Fix: "burk copies itself into a sealed memfd for the init instead (modprobe overlay, or Linux 5.2+, avoids the copy)"})
	}
	if err := probeMemfd(); err == nil {
		add(Check{Name: "memfd_create", OK: true, Detail: "the sealed copy of the init binary, if the overlay fails"})
	} else {
		add(Check{Name: "memfd_create", OK: overlayErr == nil, Detail: err.Error(), Fix: "without overlayfs either, the hardening step cannot protect the binary"})
	}
	return checks
}

// rootDoctorChecks are root's own checks, and the user namespace settings
// that would matter without root.
func rootDoctorChecks() []Check {
	var checks []Check
	add := func(c Check) { checks = append(checks, c) }
	root := true
	add(Check{Name: "root", OK: root, Needed: true,
		Detail: fmt.Sprintf("running as uid %d", os.Geteuid()),
		Fix:    "namespaces, mounts and cgroups need root: run burk with sudo (sudo ./burk, or from the source: sudo env PATH=\"$PATH\" CGO_ENABLED=0 go run .)"})

	if v, err := readTrim("/proc/sys/user/max_user_namespaces"); err == nil {
		add(Check{Name: "user namespaces", OK: v != "0", Detail: "user.max_user_namespaces = " + v,
			Fix: "sysctl -w user.max_user_namespaces=15000"})
	}
	if v, err := readTrim("/proc/sys/kernel/unprivileged_userns_clone"); err == nil {
		add(Check{Name: "unprivileged user namespaces", OK: v == "1", Detail: "kernel.unprivileged_userns_clone = " + v,
			Fix: "sysctl -w kernel.unprivileged_userns_clone=1 (only needed without root)"})
	}
	if v, err := readTrim("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"); err == nil {
		add(Check{Name: "AppArmor and user namespaces", OK: v == "0", Detail: "kernel.apparmor_restrict_unprivileged_userns = " + v,
			Fix: "only matters without root: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"})
	}
	return checks
}

// probeOverlay says whether an overlayfs can be made here (for the init's
// read-only view of burk), and probeMemfd whether a memfd can (for the
// sealed copy instead); neither leaves anything behind.
func probeOverlay() error {
	fd, err := unix.Fsopen("overlay", unix.FSOPEN_CLOEXEC)
	if err == nil {
		unix.Close(fd)
	}
	return err
}

func probeMemfd() error {
	fd, err := unix.MemfdCreate("burk-doctor", unix.MFD_CLOEXEC)
	if err == nil {
		unix.Close(fd)
	}
	return err
}

func cgroupWhere(info cgroup.Info) string {
	var parts []string
	if info.V2Root != "" {
		parts = append(parts, "cgroup2 at "+info.V2Root)
	}
	if len(info.V1) > 0 {
		parts = append(parts, fmt.Sprintf("%d v1 hierarchies", len(info.V1)))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func readTrim(path string) (string, error) {
	b, err := os.ReadFile(path)
	return strings.TrimSpace(string(b)), err
}
