package machine

// The machine's root: a small tmpfs with only what the tour needs, built
// while the server's root is still reachable, then pivoted into. Nothing
// of the server's files is in it but burk's binary and the tour's root
// filesystem, both read-only, and the learner's own directory.

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// devices are bound from the server's /dev: a user namespace may not
// mknod, and these are harmless (the same the tour's containers get).
var devices = []string{"null", "zero", "full", "random", "urandom", "tty"}

// mountErr says which mount failed, from its own arguments.
func mount(source, target, fstype string, flags uintptr, data string) error {
	if err := unix.Mount(source, target, fstype, flags, data); err != nil {
		return fmt.Errorf("mount %s on %s (%s, %q): %w", source, target, fstype, data, err)
	}
	return nil
}

// openPath opens a file of the server's by path, before the machine's
// root hides it: a bind mount from /proc/self/fd/N then reaches it.
func openPath(path string) (int, error) {
	fd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return fd, nil
}

// bind mounts what fd is at target, read-only unless rw. A read-only bind
// is a second step, a remount, and must keep the flags the kernel locked
// on the source (nosuid, nodev, …) when the mount was copied into a less
// privileged user namespace, or it is refused.
func bind(fd int, target string, rw bool) error {
	src := "/proc/self/fd/" + strconv.Itoa(fd)
	if err := mount(src, target, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return err
	}
	if rw {
		return nil
	}
	var st unix.Statfs_t
	if err := unix.Statfs(target, &st); err != nil {
		return &os.PathError{Op: "statfs", Path: target, Err: err}
	}
	locked := uintptr(0)
	for _, f := range []struct{ st, ms uintptr }{
		{unix.ST_NOSUID, unix.MS_NOSUID}, {unix.ST_NODEV, unix.MS_NODEV}, {unix.ST_NOEXEC, unix.MS_NOEXEC},
		{unix.ST_NOATIME, unix.MS_NOATIME}, {unix.ST_NODIRATIME, unix.MS_NODIRATIME}, {unix.ST_RELATIME, unix.MS_RELATIME},
	} {
		if uintptr(st.Flags)&f.st != 0 {
			locked |= f.ms
		}
	}
	return mount("", target, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_NOSUID|locked, "")
}

// buildRoot makes the machine's root and pivots into it.
func buildRoot(cfg Config) error {
	// Mounts made here must not reach any other mount namespace. The
	// kernel already made the copied mounts slaves (the namespace belongs
	// to a less privileged user namespace); private also stops what the
	// server mounts later from showing up in the machine.
	if err := mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return err
	}
	// Opened by path, in this mount namespace: a bind mount's source must
	// be a mount of the namespace that binds it, and /proc/self/exe, like
	// anything the server opened, is a mount of the server's.
	fds := map[string]int{}
	binDir := filepath.Dir(cfg.Binary)
	for _, p := range append([]string{binDir, cfg.Rootfs}, devPaths()...) {
		fd, err := openPath(p)
		if err != nil {
			return err
		}
		fds[p] = fd
	}
	// /tmp of this mount namespace only: the server's /tmp is untouched.
	root := "/tmp"
	size := cfg.TmpBytes
	if size <= 0 {
		size = 64 << 20
	}
	if err := mount("burk-machine", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=755,size=4m"); err != nil {
		return err
	}
	in := func(p string) string { return filepath.Join(root, p) }
	for _, d := range []string{"proc", "sys", "dev", "tmp", "run", "etc", "root", BinDir, StateInside, ".oldroot"} {
		if err := os.MkdirAll(in(d), 0o755); err != nil {
			return err
		}
	}
	steps := []func() error{
		// The writable places first: a path bound below (the rootfs may
		// be in the server's /tmp) must not be hidden by them.
		func() error {
			return mount("tmpfs", in("tmp"), "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, fmt.Sprintf("mode=1777,size=%d", size))
		},
		func() error {
			return mount("tmpfs", in("run"), "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, fmt.Sprintf("mode=755,size=%d", size))
		},
		func() error { return os.MkdirAll(in(cfg.Rootfs), 0o755) },
		// The machine's own programs are the tour's rootfs's: at the
		// process step a learner's shell runs on the machine itself.
		func() error { return bindPrograms(fds[cfg.Rootfs], root) },
		func() error { return bind(fds[binDir], in(BinDir), false) },
		func() error { return bind(fds[cfg.Rootfs], in(cfg.Rootfs), false) },
		func() error {
			return mount("tmpfs", in(StateInside), "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, fmt.Sprintf("mode=700,size=%d", size))
		},
		func() error { return writeSeed(in(StateInside), cfg.Seed) },
		// A proc of its own: the machine's PID namespace is its, so it
		// lists only the machine's processes.
		func() error {
			return mount("proc", in("proc"), "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
		},
		func() error { return makeDev(in("dev"), fds, size) },
		func() error { return writeEtc(in("etc"), cfg.Name) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	// sysfs shows the network devices of the namespace that mounts it —
	// the machine's lo — and may be refused where the server's own /sys
	// is partly hidden; the tour then reads less, and still runs.
	if mount("sysfs", in("sys"), "sysfs", unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "") == nil {
		mountCgroup2(in("sys/fs/cgroup"))
	}
	for _, fd := range fds {
		unix.Close(fd)
	}
	return pivot(root)
}

// programDirs are the rootfs's directories of programs and libraries.
var programDirs = []string{"bin", "sbin", "usr", "lib", "lib64", "lib32", "libx32"}

// bindPrograms gives the machine the rootfs's programs, read-only: each of
// programDirs the rootfs has, bound (a directory) or made again (a
// symlink, as /bin -> usr/bin on a merged-/usr system).
func bindPrograms(rootfs int, root string) error {
	for _, d := range programDirs {
		var st unix.Stat_t
		if err := unix.Fstatat(rootfs, d, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			continue
		}
		target := filepath.Join(root, d)
		if st.Mode&unix.S_IFMT == unix.S_IFLNK {
			link, err := readlinkat(rootfs, d)
			if err != nil {
				return err
			}
			if err := os.Symlink(link, target); err != nil {
				return err
			}
			continue
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR {
			continue
		}
		fd, err := unix.Openat(rootfs, d, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return &os.PathError{Op: "openat", Path: d, Err: err}
		}
		err = os.Mkdir(target, 0o755)
		if err == nil {
			err = bind(fd, target, false)
		}
		unix.Close(fd)
		if err != nil {
			return err
		}
	}
	return nil
}

func readlinkat(dir int, name string) (string, error) {
	buf := make([]byte, 4096)
	n, err := unix.Readlinkat(dir, name, buf)
	if err != nil {
		return "", &os.PathError{Op: "readlinkat", Path: name, Err: err}
	}
	return string(buf[:n]), nil
}

// mountCgroup2 mounts the machine's cgroups where the server has cgroup
// v2 alone; its cgroup namespace shows its own cgroup as the root.
func mountCgroup2(target string) {
	var st unix.Statfs_t
	if unix.Statfs("/sys/fs/cgroup", &st) != nil || st.Type != unix.CGROUP2_SUPER_MAGIC {
		return
	}
	mount("cgroup2", target, "cgroup2", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
}

func devPaths() []string {
	var out []string
	for _, d := range devices {
		out = append(out, "/dev/"+d)
	}
	return out
}

// makeDev gives the machine a /dev of its own: the harmless devices, a
// devpts instance of its own for the tour's shells (the learner's terminal
// is the server's, already open), and size-limited /dev/shm.
func makeDev(dev string, fds map[string]int, size int64) error {
	if err := mount("tmpfs", dev, "tmpfs", unix.MS_NOSUID|unix.MS_NOEXEC, "mode=755,size=64k"); err != nil {
		return err
	}
	for _, d := range devices {
		target := filepath.Join(dev, d)
		if err := os.WriteFile(target, nil, 0o666); err != nil {
			return err
		}
		if err := bind(fds["/dev/"+d], target, true); err != nil {
			return err
		}
	}
	for _, d := range []string{"pts", "shm", "mqueue"} {
		if err := os.Mkdir(filepath.Join(dev, d), 0o755); err != nil {
			return err
		}
	}
	if err := mount("devpts", filepath.Join(dev, "pts"), "devpts", unix.MS_NOSUID|unix.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620"); err != nil {
		return err
	}
	if err := os.Symlink("pts/ptmx", filepath.Join(dev, "ptmx")); err != nil {
		return err
	}
	if err := mount("shm", filepath.Join(dev, "shm"), "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, fmt.Sprintf("mode=1777,size=%d", size)); err != nil {
		return err
	}
	// POSIX message queues of the machine's IPC namespace.
	mount("mqueue", filepath.Join(dev, "mqueue"), "mqueue", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
	return nil
}

// writeEtc writes the few files programs look for: who root is, and the
// machine's name.
func writeEtc(etc, name string) error {
	for file, text := range map[string]string{
		"passwd":   "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
		"group":    "root:x:0:\nnogroup:x:65534:\n",
		"hostname": name + "\n",
		"hosts":    "127.0.0.1\tlocalhost " + name + "\n::1\tlocalhost\n",
	} {
		if err := os.WriteFile(filepath.Join(etc, file), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pivot makes root the machine's /, and detaches the server's: after it,
// no path leads out. pivot_root, not chroot: a chroot keeps the old root
// reachable to whoever holds CAP_SYS_CHROOT (the tour's pivot-root step
// shows the escape), and root of the machine holds it.
func pivot(root string) error {
	if err := unix.Chdir(root); err != nil {
		return &os.PathError{Op: "chdir", Path: root, Err: err}
	}
	if err := unix.PivotRoot(".", ".oldroot"); err != nil {
		return os.NewSyscallError("pivot_root(., .oldroot)", err)
	}
	if err := unix.Chdir("/"); err != nil {
		return err
	}
	if err := unix.Unmount("/.oldroot", unix.MNT_DETACH); err != nil {
		return os.NewSyscallError("umount2(/.oldroot, MNT_DETACH)", err)
	}
	if err := os.Remove("/.oldroot"); err != nil {
		return err
	}
	// The root itself is read-only: the learner writes in /tmp, /run,
	// /dev/shm and their own directory, each with a size.
	return mount("", "/", "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, "")
}

// writeSeed writes the learner's saved state into their state directory.
// Its paths come from the server, which read them from this directory
// before: each is kept below it.
func writeSeed(dir string, seed map[string][]byte) error {
	for rel, data := range seed {
		p := filepath.Join(dir, filepath.Clean("/"+rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return err
		}
	}
	return nil
}
