package housekeeping

import (
	"fmt"
	"os"
	"strconv"
	"strings"
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
