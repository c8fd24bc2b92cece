package main

import (
	"os"
	"path/filepath"
	"strings"
)

// sessionCgroups are the directories of user's session cgroup: one on
// cgroup v2, one per controller's hierarchy on v1 or hybrid.
func sessionCgroups(user string) []string {
	var dirs []string
	for _, pattern := range []string{"/sys/fs/cgroup/burk-*-m*-" + user, "/sys/fs/cgroup/*/burk-*-m*-" + user} {
		m, _ := filepath.Glob(pattern)
		dirs = append(dirs, m...)
	}
	return dirs
}

// eventCount finds key's count in file in any of the session's
// directories (memory.events on v2; on v1 the OOM kills are counted in
// memory.oom_control).
func eventCount(dirs []string, file, key string) string {
	names := []string{file}
	if file == "memory.events" {
		names = append(names, "memory.oom_control")
	}
	for _, d := range dirs {
		for _, n := range names {
			data, err := os.ReadFile(filepath.Join(d, n))
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(data), "\n") {
				if k, v, ok := strings.Cut(line, " "); ok && k == key {
					return v
				}
			}
		}
	}
	return "?"
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
