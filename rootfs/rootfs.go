// Package rootfs assembles the root filesystem burk's containers run in,
// offline: from the host's own binaries and their shared libraries, from a
// static busybox, or from a tarball; and checks one before anything is
// mounted on it.
package rootfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/mountinfo"
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

// marker names a directory burk built, from what, in which format.
const marker = ".burk-rootfs"

// formatVersion changes when what Build makes changes, so Ensure redoes
// older builds.
const formatVersion = "3"

// Report says what Build put in the root filesystem.
type Report struct {
	Source    Source
	Binaries  []string // the commands, as paths inside the rootfs
	Libraries []string // ELF interpreters and shared libraries copied for them
	Files     int      // regular files written, of every kind
	Bytes     int64    // their total size
	Devices   []string // device files made in /dev
	Skipped   []string // what was wanted but left out, and why
	Duration  time.Duration
}

func (r *Report) String() string {
	var parts []string
	if len(r.Binaries) > 0 {
		parts = append(parts, fmt.Sprintf("%d commands", len(r.Binaries)))
	}
	if len(r.Libraries) > 0 {
		parts = append(parts, fmt.Sprintf("%d libraries", len(r.Libraries)))
	}
	parts = append(parts, fmt.Sprintf("%d files, %.1f MiB", r.Files, float64(r.Bytes)/(1<<20)))
	parts = append(parts, fmt.Sprintf("%d devices", len(r.Devices)))
	s := strings.Join(parts, ", ") + fmt.Sprintf(" in %v", r.Duration.Round(time.Millisecond))
	if len(r.Skipped) > 0 {
		s += "; left out: " + strings.Join(r.Skipped, "; ")
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

// Build builds a root filesystem into dir: an empty or missing directory,
// or one burk built before, which is replaced. It builds in a directory
// beside dir and swaps it in, so dir never holds half a rootfs, and a
// failed build leaves dir as it was.
func Build(dir string, from Source) (*Report, error) {
	start := time.Now()
	dir, err := checkTarget(dir)
	if err != nil {
		return nil, err
	}
	if err := checkSource(from); err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	removeParents, err := mkdirParents(parent)
	if err != nil {
		return nil, err
	}
	removeStale(parent, base)
	tmp := filepath.Join(parent, fmt.Sprintf(".%s.building-%d", base, os.Getpid()))
	if err := os.Mkdir(tmp, 0o755); err != nil {
		removeParents()
		return nil, fmt.Errorf("start building beside %s: %w", dir, err)
	}
	rep, err := buildIn(tmp, from)
	if err == nil {
		err = replace(dir, tmp)
	}
	if err != nil {
		os.RemoveAll(tmp)
		removeParents()
		return nil, err
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// buildIn fills tmp, an empty directory, from a source.
func buildIn(tmp string, from Source) (*Report, error) {
	// Mode 0755 past the umask: under a user namespace the container's
	// root is another uid, and must be able to reach every directory.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	rep := &Report{Source: from}
	var err error
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
	if err := addSkeleton(tmp, from, rep); err != nil {
		return nil, fmt.Errorf("add the directories and files every container needs: %w", err)
	}
	if err := Verify(tmp); err != nil {
		var ve *VerifyError
		if errors.As(err, &ve) {
			return nil, fmt.Errorf("the root filesystem built from %s does not work: it %s", from, ve.Problem)
		}
		return nil, err
	}
	// A tarball of a burk rootfs brings an old marker and list; these are ours.
	os.Remove(filepath.Join(tmp, marker))
	os.Remove(filepath.Join(tmp, manifest))
	if err := writeManifest(tmp); err != nil {
		return nil, fmt.Errorf("list what was built: %w", err)
	}
	content := "source=" + string(from) + "\nformat=" + formatVersion + "\n"
	if err := writeInside(tmp, marker, []byte(content), 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", marker, err)
	}
	return rep, nil
}

// checkTarget returns the directory to build into, or why it may not be.
func checkTarget(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return dir, nil
	}
	if err != nil {
		return "", err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		// Build where the link points, and keep the link.
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return "", fmt.Errorf("resolve the link %s: %w", dir, err)
		}
		dir = real
		if fi, err = os.Lstat(dir); err != nil {
			return "", err
		}
	}
	if slash, err := os.Stat("/"); dir == "/" || (err == nil && os.SameFile(fi, slash)) {
		return "", errors.New("refusing to build a root filesystem over the host's /: choose another --dir")
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is a file, not a directory: choose another --dir", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	if len(entries) > 0 && !builtByBurk(dir) {
		return "", fmt.Errorf("%s is not empty and was not built by burk (it has no %s): choose another --dir, or empty it", dir, marker)
	}
	// Replacing removes the old tree; through a mount under it that would
	// delete whatever is mounted there, the host's /proc or a bound dir.
	if mounts := mountsUnder(dir); len(mounts) > 0 {
		return "", fmt.Errorf("%s is in use: %s is mounted under it (a container may be running; stop it, or run burk cleanup)", dir, strings.Join(mounts, ", "))
	}
	return dir, nil
}

// builtByBurk says whether dir has burk's marker, of any format.
func builtByBurk(dir string) bool {
	source, _ := readMarker(dir)
	return source != ""
}

// readMarker returns the source and format a marker records.
func readMarker(dir string) (source Source, format string) {
	fi, err := os.Lstat(filepath.Join(dir, marker))
	if err != nil || !fi.Mode().IsRegular() {
		return "", ""
	}
	data, err := os.ReadFile(filepath.Join(dir, marker))
	if err != nil {
		return "", ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "source="); ok {
			source = Source(v)
		}
		if v, ok := strings.CutPrefix(line, "format="); ok {
			format = v
		}
	}
	return source, format
}

// checkSource says, before anything is written, why a source cannot be used.
func checkSource(from Source) error {
	switch from {
	case FromHost:
		return nil
	case FromBusybox:
		_, err := staticBusybox()
		return err
	default:
		return checkTarball(string(from))
	}
}

// mkdirParents creates dir and its missing parents, and returns what
// removes the ones it created, for a build that fails.
func mkdirParents(dir string) (undo func(), err error) {
	var created []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		created = append(created, d)
	}
	undo = func() {
		for _, d := range created {
			os.Remove(d) // only if still empty
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		undo()
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	return undo, nil
}

// removeStale removes what a build killed midway left beside dir: the
// directories are named after the building process, so one whose process
// is gone is garbage, and one whose process lives is another build.
func removeStale(parent, base string) {
	for _, kind := range []string{".building-", ".old-"} {
		matches, _ := filepath.Glob(filepath.Join(parent, "."+base+kind+"*"))
		for _, m := range matches {
			pid, err := strconv.Atoi(m[strings.LastIndex(m, "-")+1:])
			if err == nil && pid != os.Getpid() && !alive(pid) {
				os.RemoveAll(m)
			}
		}
	}
}

// replace puts the finished tmp in dir's place and removes the old one.
func replace(dir, tmp string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		// rename(2) replaces an empty directory in one step.
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("move the root filesystem into place: %w", err)
		}
		return nil
	}
	if err != nil {
		return err
	}
	err = exchange(tmp, dir)
	if err != nil && exchangeUnsupported(err) {
		// Without an atomic swap: move the old one aside, then the new in.
		old := filepath.Join(filepath.Dir(dir), fmt.Sprintf(".%s.old-%d", filepath.Base(dir), os.Getpid()))
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("move the old root filesystem aside: %w", err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(old, dir)
			return fmt.Errorf("move the root filesystem into place: %w", err)
		}
		tmp, err = old, nil
	}
	if err != nil {
		return fmt.Errorf("swap in the new root filesystem: %w", err)
	}
	// tmp now holds the old root filesystem.
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("remove the old root filesystem: %w", err)
	}
	return nil
}

// mountsUnder lists the mount points at or below dir in this process's
// mount table.
func mountsUnder(dir string) []string {
	mounts, err := mountinfo.Read(0)
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range mountinfo.Under(mounts, dir) {
		out = append(out, m.MountPoint)
	}
	return out
}

// Check says why dir is not a working root filesystem: one burk built, in
// the current format and unchanged since, or one burk did not build (the
// user's own) that Verify passes. nil when it is one.
func Check(dir string) error {
	source, format := readMarker(dir)
	if source == "" {
		return Verify(dir)
	}
	if format != formatVersion {
		return &VerifyError{Dir: dir, Problem: "was built by an older burk", Fix: "burk rootfs --dir " + dir}
	}
	if err := Verify(dir); err != nil {
		return err
	}
	if problem := checkManifest(dir); problem != "" {
		return &VerifyError{Dir: dir, Problem: problem, Fix: "burk rootfs --dir " + dir}
	}
	return nil
}

// Ensure builds the default (host) root filesystem into dir unless a
// working one of the current format, built by burk and unchanged since,
// is already there.
func Ensure(dir string) (built bool, err error) {
	if Check(dir) == nil {
		return false, nil
	}
	if _, err := Build(dir, FromHost); err != nil {
		return false, err
	}
	return true, nil
}
