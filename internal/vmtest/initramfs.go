package vmtest

// The guest's initramfs: a gzipped cpio archive in the "newc" format, which
// the kernel unpacks into its first root filesystem. The format is a
// 110-byte header of hexadecimal fields before each name and its contents.
// It is written here rather than with a library: cavaliergopher/cpio writes
// every device number as 0 (so no /dev/console, no rootfs device nodes),
// and u-root's cpio brings u-root along.

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// initramfs writes a newc archive. Every entry's parents must be written
// before it, as the kernel does not create missing directories.
type initramfs struct {
	buf   *bufio.Writer
	gz    *gzip.Writer
	inode int64
	err   error
}

func newInitramfs(w io.Writer) *initramfs {
	// BestSpeed: the archive is built for every test run and read once.
	gz, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	return &initramfs{gz: gz, buf: bufio.NewWriterSize(gz, 1<<20)}
}

// entry writes one file's header and contents. mode holds the type bits
// (unix.S_IFREG…) and the permissions; rdev is a device's number.
func (a *initramfs) entry(name string, mode uint32, rdev uint64, data []byte) {
	if a.err != nil {
		return
	}
	a.inode++
	nlink := 1
	if mode&unix.S_IFMT == unix.S_IFDIR {
		nlink = 2
	}
	// magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
	// devminor, rdevmajor, rdevminor, namesize, check.
	_, a.err = fmt.Fprintf(a.buf, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		a.inode, mode, 0, 0, nlink, 0, len(data), 0, 0,
		unix.Major(rdev), unix.Minor(rdev), len(name)+1, 0)
	a.write([]byte(name + "\x00"))
	a.pad(110 + len(name) + 1)
	a.write(data)
	a.pad(len(data))
}

func (a *initramfs) write(b []byte) {
	if a.err == nil {
		_, a.err = a.buf.Write(b)
	}
}

// pad fills to the next multiple of four bytes, as newc aligns both the
// name and the contents.
func (a *initramfs) pad(n int) {
	a.write(make([]byte, (4-n%4)%4))
}

func (a *initramfs) dir(name string)                      { a.entry(name, unix.S_IFDIR|0o755, 0, nil) }
func (a *initramfs) file(name string, m uint32, b []byte) { a.entry(name, unix.S_IFREG|m, 0, b) }
func (a *initramfs) symlink(name, target string) {
	a.entry(name, unix.S_IFLNK|0o777, 0, []byte(target))
}

// tree copies a directory of the machine's into the archive under name:
// files, directories, symlinks and device nodes, with their modes.
func (a *initramfs) tree(src, name string) {
	if a.err != nil {
		return
	}
	a.err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := path.Join(name, filepath.ToSlash(rel))
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			return &os.PathError{Op: "lstat", Path: p, Err: err}
		}
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFDIR:
			a.entry(dst, st.Mode, 0, nil)
		case unix.S_IFREG:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			a.entry(dst, st.Mode, 0, data)
		case unix.S_IFLNK:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			a.entry(dst, st.Mode, 0, []byte(target))
		case unix.S_IFCHR, unix.S_IFBLK:
			a.entry(dst, st.Mode, st.Rdev, nil)
		default:
			return fmt.Errorf("%s: a %o file cannot go into the initramfs", p, st.Mode&unix.S_IFMT)
		}
		return a.err
	})
}

// close writes the trailer and flushes the compressor.
func (a *initramfs) close() error {
	a.entry("TRAILER!!!", 0, 0, nil)
	if a.err != nil {
		return a.err
	}
	if err := a.buf.Flush(); err != nil {
		return err
	}
	return a.gz.Close()
}
