package rootfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxLinks is how many symlinks a lookup may follow, as in the kernel
// (MAXSYMLINKS): more is a loop.
const maxLinks = 40

// resolveInside returns the host path of path as a process whose root is
// root would reach it: every symlink is followed, an absolute target starts
// again at root, and ".." never climbs above root. A rootfs is full of
// absolute links (/bin/sh -> /bin/busybox) that mean the rootfs's own
// files, never the host's.
func resolveInside(root, path string) (string, error) {
	return walkInside(root, path, false)
}

// mkdirInside is resolveInside that creates the directories that are
// missing, the way mkdir -p would inside the container.
func mkdirInside(root, path string) (string, error) {
	return walkInside(root, path, true)
}

func walkInside(root, path string, create bool) (string, error) {
	cur := "/" // the resolved path so far, inside root: never holds a symlink
	parts := splitPath(path)
	for links := 0; len(parts) > 0; {
		name := parts[0]
		parts = parts[1:]
		next := filepath.Join(cur, name) // Join cleans: ".." stops at "/"
		host := filepath.Join(root, next)
		fi, err := os.Lstat(host)
		if create && errors.Is(err, fs.ErrNotExist) {
			if err := os.Mkdir(host, 0o755); err != nil {
				return "", err
			}
			fi, err = os.Lstat(host)
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			if len(parts) > 0 && !fi.IsDir() {
				return "", &fs.PathError{Op: "lookup", Path: next, Err: errors.New("not a directory")}
			}
			cur = next
			continue
		}
		if links++; links > maxLinks {
			return "", &fs.PathError{Op: "lookup", Path: path, Err: errors.New("too many levels of symbolic links")}
		}
		target, err := os.Readlink(host)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(cur, target) // relative to the link's directory
		}
		parts = append(splitPath(target), parts...)
		cur = "/"
	}
	return filepath.Join(root, cur), nil
}

func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

// writeInside writes a new file at path inside root, never through a
// symlink: a tarball's /etc/hostname could point at the host's.
func writeInside(root, path string, data []byte, perm fs.FileMode) error {
	dir, err := mkdirInside(root, filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	f, err := os.OpenFile(filepath.Join(dir, filepath.Base(path)), os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	// Chmod rather than the create mode, which the umask would trim.
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
