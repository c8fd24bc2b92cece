package cgroup

// Reading and writing cgroup files, and saying what went wrong when the
// kernel refuses.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// controllerError explains why a v2 controller could not be handed down.
func controllerError(c, root, dir string, err error) error {
	fix := fmt.Sprintf("enable it in %s, or with cgroup_enable=%s on the kernel command line", filepath.Join(filepath.Dir(dir), "cgroup.subtree_control"), c)
	switch {
	case errors.Is(err, unix.EBUSY):
		fix = dir + " holds processes of its own, and cgroup v2 hands controllers only to cgroups without any: move them into a child cgroup"
	case errors.Is(err, unix.EACCES), errors.Is(err, unix.EPERM), errors.Is(err, unix.EROFS):
		fix = "writing cgroup files needs root and a writable " + root
	case dir == root:
		fix = fmt.Sprintf("cgroup2 at %s does not offer it (a hybrid host has it in v1): boot with systemd.unified_cgroup_hierarchy=1, "+
			"or cgroup_enable=%s on the kernel command line", root, c)
	}
	return fmt.Errorf("the %s controller is not available to burk's cgroups; %s: %w", c, fix, err)
}

// cgroupError adds a hint for the errors that have a usual cause.
func cgroupError(what string, err error) error {
	switch {
	case errors.Is(err, unix.EACCES), errors.Is(err, unix.EPERM):
		return fmt.Errorf("%s (cgroups are root's to create: run burk as root): %w", what, err)
	case errors.Is(err, unix.EROFS):
		return fmt.Errorf("%s (the cgroup filesystem is mounted read-only, as in many containers): %w", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// write writes one cgroup file, recording it in the trace. It returns an
// *os.PathError, so that callers can test its errno.
func (cg *Cgroup) write(path, value, why string) error {
	return cg.rec.WriteFile(path, value, why)
}

// writeFile writes a cgroup file in one write(2), untraced: for recovery,
// which has no trace to show (see trace.Recorder.WriteFile).
func writeFile(path, value string) error {
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	if _, err := unix.Write(fd, []byte(value)); err != nil {
		return &os.PathError{Op: "write", Path: path, Err: err}
	}
	return nil
}

// readFile reads a cgroup file, in as few syscalls as it takes.
func readFile(path string) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	buf := make([]byte, 0, 4096)
	for {
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, len(buf))
		}
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// num parses a cgroup number; "max" (no limit) is -1.
func num(s string) int64 {
	if s == "max" {
		return -1
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// keyed reads "key value" lines such as memory.events or cpu.stat.
func keyed(text, key string) int64 {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == key {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
