package rootfs

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// noFollow makes open fail on a symlink instead of writing through it.
const noFollow = unix.O_NOFOLLOW

// mknodChar makes a character device file. The kernel reaches a driver
// through the (major, minor) pair, not the name: 1:3 is the null driver
// whatever the file is called. Making one needs CAP_MKNOD in the initial
// user namespace, so this fails with EPERM when not root.
func mknodChar(path string, major, minor uint32) error {
	if err := unix.Mknod(path, unix.S_IFCHR|0o666, int(unix.Mkdev(major, minor))); err != nil {
		return &os.PathError{Op: "mknod", Path: path, Err: err}
	}
	// mknod's mode is trimmed by the umask; these devices are for everyone.
	return os.Chmod(path, 0o666)
}

// mkfifo makes a named pipe, as a tarball may hold one.
func mkfifo(path string, mode uint32) error {
	if err := unix.Mkfifo(path, mode); err != nil {
		return &os.PathError{Op: "mkfifo", Path: path, Err: err}
	}
	return nil
}

// exchange swaps two directories in one step (renameat2 RENAME_EXCHANGE),
// so the rootfs path always names a complete root filesystem: the old one
// until the instant the new one takes its place.
func exchange(a, b string) error {
	if err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE); err != nil {
		return &os.LinkError{Op: "renameat2 RENAME_EXCHANGE", Old: a, New: b, Err: err}
	}
	return nil
}

// exchangeUnsupported says the filesystem or kernel cannot swap.
func exchangeUnsupported(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP)
}

// alive says whether a process with this pid exists (signal 0 checks
// without sending anything).
func alive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}

// freeSpace returns the bytes an ordinary user may still write on the
// filesystem that holds dir (statfs(2)'s f_bavail: root's reserve is not
// counted, nor should burk eat into it), and its block size.
func freeSpace(dir string) (free, block int64, err error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, 0, &os.PathError{Op: "statfs", Path: dir, Err: err}
	}
	// The counts are in fragments where the filesystem says (df does
	// the same), else in blocks.
	unit := int64(st.Frsize)
	if unit <= 0 {
		unit = int64(st.Bsize)
	}
	return int64(st.Bavail) * unit, unit, nil
}
