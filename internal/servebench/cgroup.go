package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// sessionCgroups are the directories of user's session cgroup: one on
// cgroup v2, one per controller's hierarchy on v1 or hybrid, each with its
// payload/ leaf, where the limits are (a kernel before 6.13 counts a fork
// refused only in the cgroup whose pids.max refused it).
func sessionCgroups(user string) []string {
	var dirs []string
	for _, pattern := range []string{"/sys/fs/cgroup/burk-*-m*-" + user, "/sys/fs/cgroup/*/burk-*-m*-" + user,
		"/sys/fs/cgroup/burk-*-m*-" + user + "/payload", "/sys/fs/cgroup/*/burk-*-m*-" + user + "/payload"} {
		m, _ := filepath.Glob(pattern)
		dirs = append(dirs, m...)
	}
	return dirs
}

// eventCount is the largest of key's counts in file in the session's
// directories (memory.events on v2; on v1 the OOM kills are counted in
// memory.oom_control).
func eventCount(dirs []string, file, key string) string {
	names := []string{file}
	if file == "memory.events" {
		names = append(names, "memory.oom_control")
	}
	most := -1
	for _, d := range dirs {
		for _, n := range names {
			data, err := os.ReadFile(filepath.Join(d, n))
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(data), "\n") {
				if k, v, ok := strings.Cut(line, " "); ok && k == key {
					if n, err := strconv.Atoi(v); err == nil {
						most = max(most, n)
					}
				}
			}
		}
	}
	if most < 0 {
		return "?"
	}
	return strconv.Itoa(most)
}

// readTrim reads file from the first of the session's directories that has it.
func readTrim(dirs []string, file string) string {
	for _, d := range dirs {
		if data, err := os.ReadFile(filepath.Join(d, file)); err == nil {
			return strings.TrimSpace(string(data))
		}
	}
	return "?"
}
