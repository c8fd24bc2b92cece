package cgroup

// What a crashed burk left in the cgroup trees. Each burk names its
// cgroups burk-<pid>-<starttime>-<container>: the start time tells a dead
// owner from a live one, even when the kernel has given its pid to another
// process.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Recover kills the processes in every dead instance's cgroups and
// removes the cgroups, in every hierarchy. A live instance's are never
// touched: alive says which are. It returns one line per process killed and cgroup removed.
func Recover(info Info, alive func(instance string) bool) (removed []string, err error) {
	var errs []error
	for _, root := range info.Roots() {
		entries, err := os.ReadDir(root)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", root, err))
			continue
		}
		for _, e := range entries {
			inst, ok := InstanceOf(e.Name())
			if !e.IsDir() || !ok || alive(inst) {
				continue
			}
			r, err := recoverInstance(info, root, filepath.Join(root, e.Name()))
			removed = append(removed, r...)
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	return removed, errors.Join(errs...)
}

// InstanceOf reads the owning instance out of a cgroup's name,
// burk-<pid>-<starttime>-<container>.
func InstanceOf(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, burkPrefix)
	if !ok {
		return "", false
	}
	f := strings.SplitN(rest, "-", 3)
	if len(f) != 3 || !isInstanceID(f[0]+"-"+f[1]) {
		return "", false
	}
	return f[0] + "-" + f[1], true
}

// isInstanceID says whether id has the form of one, <pid>-<starttime>:
// a cgroup of any other name is not burk's, whatever it starts with.
func isInstanceID(id string) bool {
	pid, start, ok := strings.Cut(id, "-")
	digits := func(s string) bool {
		return s != "" && strings.Trim(s, "0123456789") == ""
	}
	return ok && digits(pid) && digits(start)
}

// recoverInstance empties and removes one dead instance's directory and
// everything below it.
func recoverInstance(info Info, root, instDir string) ([]string, error) {
	// Every cgroup below the instance, deepest first.
	var dirs []string
	walkErr := filepath.WalkDir(instDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return err
	})
	if walkErr != nil {
		return nil, fmt.Errorf("read %s: %w", instDir, walkErr)
	}
	sort.Slice(dirs, func(i, j int) bool { return strings.Count(dirs[i], "/") > strings.Count(dirs[j], "/") })
	pids, err := procsIn(dirs)
	if err != nil {
		return nil, err
	}
	if root == info.V2Root && info.HasKill {
		// Race-free: the kernel kills whatever is in there, even what is
		// being forked right now.
		for _, d := range dirs {
			writeFile(filepath.Join(d, "cgroup.kill"), "1")
		}
	}
	if err := killAll(dirs, 2*time.Second); err != nil {
		return nil, err
	}
	var removed []string
	for _, p := range pids {
		removed = append(removed, fmt.Sprintf("process %d (in %s)", p, instDir))
	}
	var errs []error
	for _, d := range dirs {
		if err := rmdirRetry(d); err != nil && !errors.Is(err, unix.ENOENT) {
			errs = append(errs, cgroupError("remove cgroup", &os.PathError{Op: "rmdir", Path: d, Err: err}))
		}
	}
	if len(errs) == 0 {
		removed = append(removed, "cgroup "+instDir)
	}
	return removed, errors.Join(errs...)
}
