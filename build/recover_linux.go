package build

// A burk killed while it checked leaves its lab: the tmpfs under /run and
// the cgroup, both named after its pid, and the cgroup its learner's
// runtime made, named after the runtime's. The next check removes them.

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
)

// recoverLabs removes what the checks of dead burks left, and returns a
// line for each thing it removed.
func recoverLabs(info cgroup.Info) []string {
	var removed []string
	for _, dir := range labDirs() {
		if !deadOwner(dir, labPrefix) {
			continue
		}
		// MNT_DETACH: whatever its runtimes left mounted inside goes too.
		if err := unix.Unmount(dir, unix.MNT_DETACH); err != nil && !errors.Is(err, unix.EINVAL) {
			continue
		}
		if os.Remove(dir) == nil {
			removed = append(removed, dir)
		}
	}
	roots := []string{}
	if info.V2Root != "" {
		roots = append(roots, info.V2Root)
	}
	for _, r := range info.V1 {
		roots = append(roots, r)
	}
	for _, root := range roots {
		for _, prefix := range []string{labPrefix, LearnerCgroupPrefix} {
			found, _ := filepath.Glob(filepath.Join(root, prefix+"*"))
			for _, dir := range found {
				if !deadOwner(dir, prefix) {
					continue
				}
				killCgroup(dir)
				if rmdirCgroup(dir) == nil {
					removed = append(removed, dir)
				}
			}
		}
	}
	return removed
}

// deadOwner reports whether the process a lab or a learner's cgroup is
// named after (prefix then its pid) is gone.
func deadOwner(path, prefix string) bool {
	pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(path), prefix))
	if err != nil || pid <= 0 {
		return false
	}
	return errors.Is(unix.Kill(pid, 0), unix.ESRCH)
}
