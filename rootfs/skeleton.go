package rootfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// device is a character device every container expects in /dev.
type device struct {
	name         string
	major, minor uint32
}

// devices are the ones made in /dev: the harmless, everyday ones.
var devices = []device{{"null", 1, 3}, {"zero", 1, 5}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}}

// addSkeleton makes what every container needs in its root: the mount
// points, a /tmp anyone may write to, device files, and the /etc files
// that tools read. What a tarball brought is kept.
func addSkeleton(dir string, from Source, rep *Report) error {
	for _, d := range []string{"proc", "dev", "sys", "tmp", "etc", "root", "run"} {
		if _, err := os.Lstat(filepath.Join(dir, d)); err == nil {
			continue // Verify refuses a mount point that is not a directory
		}
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	// /tmp is world-writable and sticky: anyone may create files, only the
	// owner may remove them. (/root stays 0755: under a user namespace the
	// container's root is another uid, which must still reach its home.)
	if err := chmodDir(dir, "tmp", 0o777|fs.ModeSticky); err != nil {
		return err
	}
	files := []struct{ path, content string }{
		{"/etc/hostname", "burk\n"},
		{"/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"},
		{"/etc/group", "root:x:0:\nnogroup:x:65534:\n"},
		{"/etc/os-release", fmt.Sprintf("NAME=burk\nID=burk\nPRETTY_NAME=\"burk root filesystem (from %s)\"\n", sourceName(from))},
	}
	if from == FromHost {
		// glibc's id and ps look users up through NSS; files is built in.
		files = append(files, struct{ path, content string }{"/etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files\n"})
	}
	for _, f := range files {
		if parent, err := resolveInside(dir, filepath.Dir(f.path)); err == nil {
			p := filepath.Join(parent, filepath.Base(f.path))
			fi, err := os.Lstat(p)
			if err == nil && (fi.Mode().IsRegular() || fi.Mode()&fs.ModeSymlink != 0) {
				continue // the tarball brought its own
			}
			// A FIFO, a device or a socket where tools read a file would
			// make them wait or worse: burk's file takes its place.
			if err == nil && !fi.IsDir() {
				if err := os.Remove(p); err != nil {
					return err
				}
				rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s: the archive's is a %v, not a file; burk wrote its own", f.path, fi.Mode().Type()))
			}
		}
		if err := writeInside(dir, f.path, []byte(f.content), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", f.path, err)
		}
	}
	return makeDevices(dir, rep)
}

// sourceName names a source in a line of os-release, which is read as
// shell: a tarball by its file name, without quotes or expansions.
func sourceName(from Source) string {
	name := filepath.Base(string(from))
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("\"\\$`\n", r) {
			return -1
		}
		return r
	}, name)
}

// chmodDir sets the mode of a directory of root, if it is one.
func chmodDir(root, name string, mode fs.FileMode) error {
	p := filepath.Join(root, name)
	if fi, err := os.Lstat(p); err != nil || !fi.IsDir() {
		return nil
	}
	return os.Chmod(p, mode)
}

// makeDevices creates the device files a shell expects in /dev
// (`cmd >/dev/null` fails without one). A container with its own mount
// namespace gets a fresh /dev from burk; one without uses these.
func makeDevices(dir string, rep *Report) error {
	dev := filepath.Join(dir, "dev")
	if fi, err := os.Lstat(dev); err != nil || !fi.IsDir() {
		return nil // Verify says what is wrong with it
	}
	for _, d := range devices {
		p := filepath.Join(dev, d.name)
		if _, err := os.Lstat(p); err == nil {
			continue // the tarball brought it
		}
		err := mknodChar(p, d.major, d.minor)
		if errors.Is(err, fs.ErrPermission) {
			rep.Skipped = append(rep.Skipped, "/dev stays empty: mknod needs root (burk mounts a /dev of its own in the container)")
			return nil
		}
		if err != nil {
			return err
		}
		rep.Devices = append(rep.Devices, "/dev/"+d.name)
	}
	return nil
}
