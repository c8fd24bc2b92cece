package sandbox

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// capNames are the capabilities by number, as capabilities(7) names them.
var capNames = []string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
	"CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
	"CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
	"CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
}

// CapName returns the name of capability number n.
func CapName(n int) string {
	if n >= 0 && n < len(capNames) {
		return capNames[n]
	}
	return "CAP_" + strconv.Itoa(n)
}

// CapNumber returns the number of a capability by name, "CAP_" optional.
func CapNumber(name string) (int, error) {
	name = strings.ToUpper(name)
	if !strings.HasPrefix(name, "CAP_") {
		name = "CAP_" + name
	}
	for i, n := range capNames {
		if n == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown capability %q", name)
}

// CapsFromMask lists the capabilities set in a mask such as CapEff in
// /proc/PID/status (hexadecimal).
func CapsFromMask(hex string) ([]string, error) {
	mask, err := strconv.ParseUint(strings.TrimSpace(hex), 16, 64)
	if err != nil {
		return nil, fmt.Errorf("capability mask %q: %w", hex, err)
	}
	var names []string
	for i := 0; i < 64; i++ {
		if mask&(1<<i) != 0 {
			names = append(names, CapName(i))
		}
	}
	return names, nil
}

// lastCap is the highest capability this kernel knows.
func lastCap() int {
	data, err := os.ReadFile("/proc/sys/kernel/cap_last_cap")
	if err != nil {
		return len(capNames) - 1
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		return len(capNames) - 1
	}
	return n
}

// hardenThread takes away from the calling thread, and so from every
// process it starts, the privileges a container should not have. It runs on
// the spawner's locked thread: capabilities are per thread.
func hardenThread(h Hardening, rec *recorder) error {
	keep := map[int]bool{}
	for _, name := range h.KeepCaps {
		n, err := CapNumber(name)
		if err != nil {
			return err
		}
		keep[n] = true
	}
	if h.NoNewPrivs {
		// execve can no longer raise privileges: setuid bits and file
		// capabilities are ignored from here on.
		err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
		if err := rec.record("prctl(PR_SET_NO_NEW_PRIVS, 1)", "setuid binaries can no longer raise privileges", 0, err); err != nil {
			return fmt.Errorf("set no_new_privs: %w", os.NewSyscallError("prctl", err))
		}
	}
	// The bounding set caps what any later execve can grant, even to root.
	// The init still holds CAP_SETPCAP here, which dropping needs.
	last := lastCap()
	for n := 0; n <= last; n++ {
		if keep[n] {
			continue
		}
		err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(n), 0, 0, 0)
		if err == unix.EINVAL {
			continue // the kernel does not know this one
		}
		if err := rec.record(fmt.Sprintf("prctl(PR_CAPBSET_DROP, %s)", CapName(n)), "", 0, err); err != nil {
			return fmt.Errorf("drop %s from the bounding set: %w", CapName(n), os.NewSyscallError("prctl", err))
		}
	}
	err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
	if err := rec.record("prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)", "", 0, err); err != nil {
		return fmt.Errorf("clear ambient capabilities: %w", os.NewSyscallError("prctl", err))
	}
	var lo, hi uint32
	var names []string
	for n := range keep {
		if n < 32 {
			lo |= 1 << n
		} else {
			hi |= 1 << (n - 32)
		}
	}
	for n := 0; n <= last; n++ {
		if keep[n] {
			names = append(names, CapName(n))
		}
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	data := [2]unix.CapUserData{
		{Effective: lo, Permitted: lo, Inheritable: lo},
		{Effective: hi, Permitted: hi, Inheritable: hi},
	}
	err = unix.Capset(&hdr, &data[0])
	call := fmt.Sprintf("capset({effective=permitted=inheritable=%s})", strings.Join(names, "|"))
	if err := rec.record(call, "keep only what a container needs", 0, err); err != nil {
		return fmt.Errorf("set capabilities: %w", os.NewSyscallError("capset", err))
	}
	return nil
}
