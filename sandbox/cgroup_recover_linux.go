package sandbox

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
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// instanceID names a burk process by its pid and start time, so that a
// reused pid is never mistaken for the burk that died.
func instanceID(pid int) (string, error) {
	start, err := startTime(pid)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d-%d", pid, start), nil
}

// startTime is field 22 of /proc/PID/stat: when the process started, in
// clock ticks since boot.
func startTime(pid int) (uint64, error) {
	start, _, err := procStat(pid)
	return start, err
}

// procStat reads a process's start time (field 22 of /proc/PID/stat, in
// clock ticks since boot) and its state (field 3: R, S, Z...).
func procStat(pid int) (start uint64, state byte, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	s := string(data)
	// The command name may hold spaces and parentheses: skip past the last ')'.
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("malformed /proc/%d/stat", pid)
	}
	f := strings.Fields(s[i+1:]) // from field 3, the state
	if len(f) < 20 {
		return 0, 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	start, err = strconv.ParseUint(f[19], 10, 64)
	return start, f[0][0], err
}

// instanceAlive reports whether the burk that owns an instance id still
// runs. A zombie does not: a burk killed by SIGKILL stays one until its
// parent reaps it, which a shell or a terminal may take seconds to do,
// while what it left must be cleaned up now.
func instanceAlive(id string) bool {
	pidStr, startStr, ok := strings.Cut(id, "-")
	if !ok {
		return false
	}
	pid, err1 := strconv.Atoi(pidStr)
	start, err2 := strconv.ParseUint(startStr, 10, 64)
	if err1 != nil || err2 != nil || pid <= 0 {
		return false
	}
	now, state, err := procStat(pid)
	return err == nil && now == start && state != 'Z' && state != 'X'
}

// recoverCgroups kills the processes in every dead instance's cgroups and
// removes the cgroups, in every hierarchy. A live instance's are never
// touched. It returns one line per process killed and cgroup removed.
func recoverCgroups(info CgroupInfo) (removed []string, err error) {
	var errs []error
	for _, root := range info.roots() {
		entries, err := os.ReadDir(root)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", root, err))
			continue
		}
		for _, e := range entries {
			inst, ok := instanceOf(e.Name())
			if !e.IsDir() || !ok || instanceAlive(inst) {
				continue
			}
			r, err := recoverInstance(info, root, filepath.Join(root, e.Name()))
			removed = append(removed, r...)
			if err != nil {
				errs = append(errs, err)
			}
		}
		r, err := recoverOldLayout(info, root)
		removed = append(removed, r...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return removed, errors.Join(errs...)
}

// instanceOf reads the owning instance out of a cgroup's name,
// burk-<pid>-<starttime>-<container>.
func instanceOf(name string) (string, bool) {
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

// recoverOldLayout handles burk/<instance>/<container>, where burk kept its
// cgroups before they moved up a level: what an older burk left.
func recoverOldLayout(info CgroupInfo, root string) (removed []string, err error) {
	base := filepath.Join(root, "burk")
	instances, err := os.ReadDir(base)
	if err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil, nil
		}
		return nil, fmt.Errorf("read %s: %w", base, err)
	}
	var errs []error
	for _, inst := range instances {
		if !inst.IsDir() || !isInstanceID(inst.Name()) || instanceAlive(inst.Name()) {
			continue
		}
		r, err := recoverInstance(info, root, filepath.Join(base, inst.Name()))
		removed = append(removed, r...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	unix.Rmdir(base) // only if empty
	return removed, errors.Join(errs...)
}

// recoverInstance empties and removes one dead instance's directory and
// everything below it.
func recoverInstance(info CgroupInfo, root, instDir string) ([]string, error) {
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
