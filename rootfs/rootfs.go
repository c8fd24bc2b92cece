// Package rootfs assembles the root filesystem burk's containers run in,
// offline: from the host's own binaries and their shared libraries, from a
// static busybox, or from a tarball; and checks one before anything is
// mounted on it.
package rootfs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Source says where a root filesystem comes from.
type Source string

const (
	// FromHost copies the host's own binaries and their libraries.
	FromHost Source = "host"
	// FromBusybox copies a static busybox and links its applets.
	FromBusybox Source = "busybox"
	// Any other Source is the path of a .tar, .tar.gz or .tgz file.
)

// marker names a directory burk built, and how.
const marker = ".burk-rootfs"

// formatVersion changes when what Build makes changes, so old builds are redone.
const formatVersion = "1"

// Report says what Build put in the root filesystem.
type Report struct {
	Source   Source
	Files    int   // regular files copied or extracted
	Bytes    int64 // their size
	Duration time.Duration
	Skipped  []string // wanted binaries the host does not have
}

func (r *Report) String() string {
	s := fmt.Sprintf("%d files, %.1f MiB, in %v", r.Files, float64(r.Bytes)/(1<<20), r.Duration.Round(time.Millisecond))
	if len(r.Skipped) > 0 {
		s += fmt.Sprintf(" (not on this host: %s)", strings.Join(r.Skipped, ", "))
	}
	return s
}

// DefaultDir is where the default root filesystem is cached.
func DefaultDir() string {
	if d := os.Getenv("BURK_ROOTFS"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "burk", "rootfs")
	}
	if os.Geteuid() == 0 {
		// Not /root/.cache: /root is private to root, and the user-ns
		// step's container root (another uid) must reach its rootfs.
		return "/var/cache/burk/rootfs"
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "burk-rootfs")
	}
	return filepath.Join(home, ".cache", "burk", "rootfs")
}

// Build builds a root filesystem into dir, replacing one burk built
// before. It builds beside dir and renames, so dir is never half-made.
func Build(dir string, from Source) (*Report, error) {
	start := time.Now()
	dir = filepath.Clean(dir)
	if dir == "/" {
		return nil, errors.New("refusing to build a root filesystem over /")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return nil, fmt.Errorf("%s is not empty and was not built by burk: choose another --dir", dir)
		}
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".building-")
	if err != nil {
		return nil, fmt.Errorf("build rootfs: %w", err)
	}
	defer os.RemoveAll(tmp)
	// Mode 0755: the container's root under a user namespace is another
	// uid, and must be able to reach every directory.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	rep := &Report{Source: from}
	switch from {
	case FromHost:
		err = buildFromHost(tmp, rep)
	case FromBusybox:
		err = buildFromBusybox(tmp, rep)
	default:
		err = buildFromTarball(tmp, string(from), rep)
	}
	if err != nil {
		return nil, err
	}
	if err := addSkeleton(tmp); err != nil {
		return nil, err
	}
	if err := Verify(tmp); err != nil {
		return nil, fmt.Errorf("the built rootfs does not work: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, marker), []byte("source="+string(from)+"\nformat="+formatVersion+"\n"), 0o644); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("replace %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, fmt.Errorf("move the rootfs into place: %w", err)
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// Ensure builds the default (host) root filesystem into dir unless a
// working one burk built is already there.
func Ensure(dir string) (built bool, err error) {
	if data, err := os.ReadFile(filepath.Join(dir, marker)); err == nil &&
		strings.Contains(string(data), "format="+formatVersion) && Verify(dir) == nil {
		return false, nil
	}
	if _, err := Build(dir, FromHost); err != nil {
		return false, err
	}
	return true, nil
}

// addSkeleton makes what every container needs in its root: the mount
// points, a /tmp anyone may write to, and the /etc files that tools read.
func addSkeleton(dir string) error {
	for _, d := range []string{"proc", "dev", "sys", "tmp", "etc", "root", "bin", "run"} {
		p := filepath.Join(dir, d)
		if fi, err := os.Lstat(p); err == nil && (fi.IsDir() || fi.Mode()&os.ModeSymlink != 0) {
			continue
		}
		if err := os.MkdirAll(p, 0o755); err != nil {
			return fmt.Errorf("create /%s: %w", d, err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "tmp"), 0o1777|os.ModeSticky); err != nil {
		return err
	}
	files := map[string]string{
		"etc/hostname": "burk\n",
		"etc/passwd":   "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
		"etc/group":    "root:x:0:\nnogroup:x:65534:\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if _, err := os.Lstat(p); err == nil {
			continue // a tarball brought its own
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return makeDevices(filepath.Join(dir, "dev"))
}
