package rootfs

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// buildFromTarball extracts an exported image — an Alpine minirootfs,
// `docker export` output — refusing any entry that would land outside dir.
func buildFromTarball(dir, file string, rep *Report) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("open %s: %w (--from takes host, busybox or a .tar/.tar.gz file)", file, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(file, ".gz") || strings.HasSuffix(file, ".tgz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("read %s: %w", file, err)
		}
		defer gz.Close()
		r = gz
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", file, err)
		}
		name, err := safeJoin(dir, h.Name)
		if err != nil {
			return err
		}
		if name == dir {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		mode := os.FileMode(h.Mode).Perm()
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(name, 0o755); err != nil {
				return err
			}
			os.Chmod(name, mode|os.FileMode(h.Mode)&(os.ModeSticky))
			if h.Mode&01000 != 0 {
				os.Chmod(name, mode|os.ModeSticky)
			}
		case tar.TypeReg:
			out, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
			if err != nil {
				return err
			}
			n, err := io.Copy(out, tr)
			out.Close()
			if err != nil {
				return err
			}
			rep.Files++
			rep.Bytes += n
		case tar.TypeSymlink:
			// Symlinks stay as they are, absolute ones too: they are
			// resolved inside the container, where / is this directory.
			os.Remove(name)
			if err := os.Symlink(h.Linkname, name); err != nil {
				return err
			}
		case tar.TypeLink:
			target, err := safeJoin(dir, h.Linkname)
			if err != nil {
				return err
			}
			os.Remove(name)
			if err := os.Link(target, name); err != nil {
				return err
			}
		case tar.TypeChar, tar.TypeBlock:
			kind := uint32(unix.S_IFCHR)
			if h.Typeflag == tar.TypeBlock {
				kind = unix.S_IFBLK
			}
			// Without the privilege, skip: burk mounts its own /dev.
			unix.Mknod(name, kind|uint32(mode), int(unix.Mkdev(uint32(h.Devmajor), uint32(h.Devminor))))
		}
	}
}

// safeJoin joins an archive entry's name to dir, refusing names that
// climb out of it.
func safeJoin(dir, name string) (string, error) {
	clean := filepath.Clean("/" + name)
	p := filepath.Join(dir, clean)
	if p != dir && !strings.HasPrefix(p, dir+"/") {
		return "", fmt.Errorf("archive entry %q escapes the root filesystem", name)
	}
	if strings.Contains(name, "..") && filepath.Clean(name) != clean[1:] && strings.HasPrefix(filepath.Clean(name), "..") {
		return "", fmt.Errorf("archive entry %q escapes the root filesystem", name)
	}
	return p, nil
}
