package sandbox

// The init's setup inside the container: each step of the tour adds one of
// these, in this order. Every call is recorded with its result for the trace.

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/trace"
)

// setupContainer does the in-container setup and returns the spawner that
// starts the container's processes.
func setupContainer(cfg InitSpec, rec *trace.Recorder) (*spawner, error) {
	for _, kv := range cfg.Env {
		if k, v, ok := cutEnv(kv); ok && k == "PATH" {
			os.Setenv("PATH", v)
		}
	}
	sp := startSpawner(cfg.PayloadCgroupFD, func() error {
		return joinPayload(cfg.PayloadTasks, rec)
	})
	// Orphans of the container come to the init to be reaped, also when
	// it is not PID 1 of a namespace of its own.
	if err := rec.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, "orphans in the container are ours to reap"); err != nil {
		return nil, fmt.Errorf("become subreaper: %w", err)
	}
	if cfg.Namespaces.Mount && !cfg.KeepSharedRoot {
		if err := makeRootPrivate(rec); err != nil {
			return nil, err
		}
	}
	if cfg.Namespaces.UTS && cfg.Hostname != "" {
		if err := rec.Sethostname(cfg.Hostname, "a hostname of its own, in its own UTS namespace"); err != nil {
			return nil, fmt.Errorf("set hostname: %w", err)
		}
	}
	if cfg.Namespaces.Net {
		if err := rec.LinkUp("lo", "a new network namespace has only lo, and it is down"); err != nil {
			return nil, fmt.Errorf("bring lo up: %w", err)
		}
	}
	var err error
	switch cfg.Root {
	case RootHost:
		if cfg.MountProc {
			err = mountProc(rec, "/proc")
		}
	case RootChroot:
		err = enterChroot(cfg, rec)
	case RootPivot:
		err = enterPivotRoot(cfg, rec)
	}
	if err != nil {
		return nil, err
	}
	if cfg.Hardening.Enabled {
		if err := maskPaths(cfg.Hardening, rec); err != nil {
			return nil, err
		}
	}
	err = sp.hardenAndWait(func() error {
		if !cfg.Hardening.Enabled {
			return nil
		}
		return hardenThread(cfg.Hardening, rec)
	})
	if err != nil {
		return nil, err
	}
	return sp, nil
}

// joinPayload moves the spawning thread into the limited v1 cgroups. v1
// cgroups hold threads, not processes, and a child is born in the cgroups
// of the thread that forked it: so everything the container runs is limited,
// while the init's other threads stay outside.
//
// The thread names itself as "0", not by its thread id. A move of another
// task takes a global lock whose writer first waits for an RCU grace
// period, which on an idle machine takes milliseconds (6 to 13 ms here,
// against 0.1 ms); a thread moving itself cannot exit or exec meanwhile, so
// the kernel skips that lock (cgroup_procs_write_start).
func joinPayload(files []tasksFile, rec *trace.Recorder) error {
	for _, f := range files {
		err := rec.Write(f.FD, f.Path, "0", "0 is the calling thread: children of this thread are born in the limited cgroup")
		if err != nil {
			return fmt.Errorf("join the payload cgroup: %w", err)
		}
		unix.Close(f.FD)
	}
	return nil
}

// makeRootPrivate stops mount events crossing between the host and the new
// mount namespace. The namespace starts as a copy of the host's mount table,
// with the same propagation: where / is shared (systemd makes it so), a
// mount made here would appear on the host too. Go's syscall package does
// this only for Unshareflags, not for Cloneflags, so the init does it.
func makeRootPrivate(rec *trace.Recorder) error {
	if err := rec.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "", "stop our mounts propagating to the host"); err != nil {
		return fmt.Errorf("make / private: %w", err)
	}
	return nil
}

// mountProc mounts a proc filesystem. In a new PID namespace it shows that
// namespace's processes; the flags keep anything in it from being run.
func mountProc(rec *trace.Recorder, target string) error {
	if err := rec.Mount("proc", target, "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "", "ps and friends read processes from /proc"); err != nil {
		return fmt.Errorf("mount proc at %s: %w", target, err)
	}
	return nil
}

// enterChroot changes the root directory. Only the path lookup changes: the
// process keeps its mounts, its working directory and its privileges.
func enterChroot(cfg InitSpec, rec *trace.Recorder) error {
	if cfg.MountDev {
		if err := mountDev(rec, cfg.Rootfs); err != nil {
			return err
		}
	}
	if cfg.HostProc {
		// Bound before the chroot, while the host's /proc is in reach.
		target, err := mountPoint(cfg.Rootfs, "proc")
		if err != nil {
			return err
		}
		if err := rec.Mount("/proc", target, "", unix.MS_BIND|unix.MS_REC, "", "the host's /proc, not one of the new PID namespace"); err != nil {
			return fmt.Errorf("bind the host's /proc: %w", err)
		}
	}
	if err := rec.Chroot(cfg.Rootfs, "resolve / to the container's root filesystem"); err != nil {
		return err
	}
	// chroot leaves the working directory outside the new root.
	if err := rec.Chdir("/", "chroot does not move the working directory"); err != nil {
		return err
	}
	if cfg.MountProc && !cfg.HostProc {
		return mountProc(rec, "/proc")
	}
	return nil
}

// enterPivotRoot makes the rootfs the root mount of the namespace and
// detaches the host's root, so nothing of the host is left to climb back to.
func enterPivotRoot(cfg InitSpec, rec *trace.Recorder) error {
	// pivot_root needs the new root to be a mount point of its own.
	if err := rec.Mount(cfg.Rootfs, cfg.Rootfs, "", unix.MS_BIND|unix.MS_REC, "", "pivot_root needs the new root to be a mount point"); err != nil {
		return fmt.Errorf("bind the rootfs onto itself: %w", err)
	}
	// proc and /dev go in now, while the old root is still attached. In
	// a user namespace other than the machine's (the rootless lab, or the
	// container's own from the user-ns step on) the kernel mounts a new
	// proc only if a proc is already fully visible in this mount namespace
	// (mount_too_revealing: the new one must not show what the old one's
	// covering mounts hide); once the old root is detached there is none.
	// sysfs has the same rule, and burk mounts none: the tour reads
	// nothing from /sys, and the hardening step masks only what is there.
	// The device files are binds of the host's: mknod needs CAP_MKNOD in
	// the machine's user namespace.
	if cfg.MountProc {
		target, err := mountPoint(cfg.Rootfs, "proc")
		if err != nil {
			return err
		}
		if err := mountProc(rec, target); err != nil {
			return err
		}
	}
	if cfg.MountDev {
		if err := mountDev(rec, cfg.Rootfs); err != nil {
			return err
		}
	}
	oldRoot, err := unix.Open("/", unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open the old root: %w", &os.PathError{Op: "open", Path: "/", Err: err})
	}
	defer unix.Close(oldRoot)
	if err := rec.Chdir(cfg.Rootfs, ""); err != nil {
		return err
	}
	// pivot_root(".", ".") stacks the old root on top of the new one, so it
	// needs no directory in the rootfs to park the old root in.
	if err := rec.PivotRoot(".", ".", "the rootfs becomes /, the old root is stacked on it"); err != nil {
		return err
	}
	if err := rec.Fchdir(oldRoot, "the old root", ""); err != nil {
		return err
	}
	// Unmounting must not propagate to the host's own root.
	if err := rec.Mount("", ".", "", unix.MS_SLAVE|unix.MS_REC, "", "keep the unmount from reaching the host"); err != nil {
		return fmt.Errorf("make the old root a slave: %w", err)
	}
	if err := rec.Unmount(".", unix.MNT_DETACH, "detach the host's root: nothing left to climb back to"); err != nil {
		return fmt.Errorf("detach the old root: %w", err)
	}
	return rec.Chdir("/", "")
}

// mountPoint returns rootfs/name for a mount made from outside the
// container's root, after checking it is a directory and not a symlink. A
// symlink there is followed by mount(2) from the host's view of the tree:
// proc -> /etc, left by root in an earlier container of the tour, would put
// the mount on the host's own /etc. No process of an earlier container is
// left to swap it afterwards: Close ends them all.
func mountPoint(rootfs, name string) (string, error) {
	p := filepath.Join(rootfs, name)
	st, err := os.Lstat(p)
	switch {
	case err != nil:
		return "", fmt.Errorf("mount on %s: %w", p, err)
	case st.Mode()&os.ModeSymlink != 0:
		to, _ := os.Readlink(p)
		return "", fmt.Errorf("%s is a symlink to %s: burk does not mount through it, since it could lead out of the root filesystem (put a directory back, or rebuild with burk rootfs)", p, to)
	case !st.IsDir():
		return "", fmt.Errorf("%s is not a directory: nothing can be mounted on it", p)
	}
	return p, nil
}

// devices are the device files a container gets; binding them from the
// host works even in a user namespace, where mknod is not allowed.
var devices = []string{"null", "zero", "random", "urandom", "tty"}

// mountDev gives the container a /dev of its own: a small tmpfs with only
// the harmless devices, instead of whatever the rootfs holds.
func mountDev(rec *trace.Recorder, rootfs string) error {
	dev, err := mountPoint(rootfs, "dev")
	if err != nil {
		return err
	}
	if err := rec.Mount("tmpfs", dev, "tmpfs", unix.MS_NOSUID|unix.MS_NOEXEC, "mode=755,size=64k", "a /dev with only the devices we choose"); err != nil {
		return fmt.Errorf("mount /dev: %w", err)
	}
	for _, name := range devices {
		target := filepath.Join(dev, name)
		f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY, 0o666)
		if err != nil {
			return fmt.Errorf("create %s: %w", target, err)
		}
		f.Close()
		src := "/dev/" + name
		if err := rec.Mount(src, target, "", unix.MS_BIND, "", ""); err != nil {
			return fmt.Errorf("bind %s: %w", src, err)
		}
	}
	return nil
}

// maskPaths hides the /proc and /sys files that leak the host or let a
// container reach its kernel, as runc does by default.
func maskPaths(h Hardening, rec *trace.Recorder) error {
	for _, p := range h.MaskedPaths {
		st, err := os.Stat(p)
		if err != nil {
			continue // not on this kernel, or no /sys: nothing to hide
		}
		const why = "mask a path that shows the host's kernel"
		if st.IsDir() {
			err = rec.Mount("tmpfs", p, "tmpfs", unix.MS_RDONLY, "", why)
		} else {
			err = rec.Mount("/dev/null", p, "", unix.MS_BIND, "", why)
		}
		if err != nil {
			return fmt.Errorf("mask %s: %w", p, err)
		}
	}
	for _, p := range h.ReadonlyPaths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if err := rec.Mount(p, p, "", unix.MS_BIND|unix.MS_REC, "", ""); err != nil {
			return fmt.Errorf("bind %s read-only: %w", p, err)
		}
		// A remount must keep the flags the kernel locked on the mount
		// (nosuid, nodev, noexec), or it is refused in a user namespace.
		var sfs unix.Statfs_t
		_ = unix.Statfs(p, &sfs)
		keep := uintptr(sfs.Flags) & (unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC | unix.MS_NOATIME | unix.MS_NODIRATIME | unix.MS_RELATIME)
		err := rec.Mount(p, p, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|keep, "", "read-only: no writes to the host's kernel settings")
		if err != nil {
			return fmt.Errorf("remount %s read-only: %w", p, err)
		}
	}
	return nil
}

func cutEnv(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return "", "", false
}
