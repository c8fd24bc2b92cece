package sandbox

// The runtime in a lab. A rootless lab (package machine) is a user
// namespace where the learner is root, with mount, PID, UTS and IPC
// namespaces of its own; it does not own the host's ids or its cgroups, so the
// kernel lets a container started there do less, and the runtime adapts
// the Spec to what it may (labSpec), numbers the host's processes as the
// host does (labUID), and kills a container without a cgroup by its
// process tree (killTree).

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/procfs"
)

// killTree kills the descendants of pid, without a cgroup to list them: a
// process whose parent dies is re-parented away, so it is found while its
// parents still live, and stopped first (SIGSTOP) so it forks no more.
func killTree(pid int) {
	for range 10 {
		tree := procfs.TreeByChildren(pid)
		var rest []int
		for _, p := range tree {
			if p.PID != pid {
				rest = append(rest, p.PID)
			}
		}
		if len(rest) == 0 {
			return
		}
		for _, p := range rest {
			unix.Kill(p, unix.SIGSTOP)
		}
		for _, p := range rest {
			unix.Kill(p, unix.SIGKILL)
		}
	}
}

// labSpec is spec as a lab can run it; outside a lab, spec itself. The
// change is one the kernel forces, and shows in the trace (a new proc
// mount needs CAP_SYS_ADMIN over the PID namespace it shows; a lab and a
// machine own theirs, so their containers mount proc as root's do):
//   - a user namespace made in the lab can map only ids the lab has: its
//     subordinate range, mapped to itself (mapLabRanges), when newuidmap
//     and /etc/subuid gave it one, else the one id, its root (the learner).
func labSpec(spec Spec) Spec {
	if !InLab() {
		return spec
	}
	if spec.Namespaces.User {
		spec.UIDMap = labIDMap(spec.UIDMap, readTrimmed("/proc/self/uid_map"))
		spec.GIDMap = labIDMap(spec.GIDMap, readTrimmed("/proc/self/gid_map"))
	}
	return spec
}

func readTrimmed(p string) string { s, _ := readTrim(p); return s }

// labIDMap is want as the lab can map it, given the lab's own map (the
// text of its uid_map or gid_map: inside, outside, count per line). A map
// whose ids the lab has is kept; else root goes to the start of the lab's
// largest range besides its root, as many ids as it has; else to the
// lab's root alone.
func labIDMap(want []IDMap, labMap string) []IDMap {
	type span struct{ start, n int }
	var spans []span
	for _, line := range strings.Split(labMap, "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		in, _ := strconv.Atoi(f[0])
		n, _ := strconv.Atoi(f[2])
		spans = append(spans, span{in, n})
	}
	has := func(m IDMap) bool {
		for _, s := range spans {
			if m.HostID >= s.start && m.HostID+m.Size <= s.start+s.n {
				return true
			}
		}
		return false
	}
	fits := len(want) > 0
	for _, m := range want {
		fits = fits && has(m)
	}
	if fits {
		return want
	}
	var best span
	for _, s := range spans {
		if s.start != 0 && s.n > best.n {
			best = s
		}
	}
	if best.n > 1 {
		size := best.n
		if len(want) > 0 && want[0].Size < size {
			size = want[0].Size
		}
		return []IDMap{{ContainerID: 0, HostID: best.start, Size: size}}
	}
	return []IDMap{{ContainerID: 0, HostID: 0, Size: 1}}
}

// labUIDs maps an id as the lab sees it to the id outside, through the
// lab's map (/proc/self/uid_map: inside, outside, count); an id the map
// does not cover is returned as it is.
func labUID(id int) int {
	data, err := os.ReadFile("/proc/self/uid_map")
	if err != nil {
		return id
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		in, _ := strconv.Atoi(f[0])
		out, _ := strconv.Atoi(f[1])
		n, _ := strconv.Atoi(f[2])
		if id >= in && id < in+n {
			return out + id - in
		}
	}
	return id
}
