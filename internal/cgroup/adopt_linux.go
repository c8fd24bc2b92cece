package cgroup

import (
	"path/filepath"
	"strings"

	"github.com/burk-tui/burk/internal/trace"
)

// Adopt is the cgroup a process burk did not start is in, as its
// /proc/PID/cgroup (procCgroup) names it: a learner's runtime put it there.
// burk reads its limits and events, lists and kills its processes, and
// never removes it: it is the runtime's to remove.
//
// A hierarchy where the process is where burk itself is (own: lines of
// /proc/PID/cgroup of burk and of whatever else is not the container's),
// or at the root, is left out: killing "the
// container's cgroup" there would kill burk, or the whole machine.
func Adopt(info Info, procCgroup, own string, l Limits, rec *trace.Recorder) *Cgroup {
	cg := &Cgroup{info: info, limits: l, rec: rec, v1: map[string]string{}, adopted: true,
		missing: info.Missing(l)}
	mine := map[string]bool{}
	for _, line := range strings.Split(own, "\n") {
		mine[strings.TrimSpace(line)] = true
	}
	for _, line := range strings.Split(procCgroup, "\n") {
		f := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(f) != 3 || f[2] == "/" || mine[strings.TrimSpace(line)] || strings.Contains(f[2], "..") {
			continue
		}
		if f[0] == "0" && f[1] == "" {
			if info.V2Root != "" {
				cg.v2 = filepath.Join(info.V2Root, f[2])
			}
			continue
		}
		for _, c := range strings.Split(f[1], ",") {
			if root, ok := info.V1[c]; ok {
				cg.v1[c] = filepath.Join(root, f[2])
			}
		}
	}
	return cg
}
