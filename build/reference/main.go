//go:build linux

// Command runtime is a container runtime in about 130 lines of code, in the
// shape of Liz Rice's "containers from scratch": `run` starts this same
// program again as `child` inside new namespaces, and `child` sets the
// container up from inside, then becomes the command.
//
//	sudo ./runtime run ROOTFS COMMAND [ARG...]
//
// It is burk's reference solution to `burk build`. What each stage adds is
// a region marked with the stage's id, and `burk build solution ID` shows
// the program up to it; a region marked "until" another stage is replaced
// by that one. Read it top to bottom; every call is explained by its man
// page (clone(2), unshare(2), mount(2), pivot_root(2), cgroups(7),
// capabilities(7)).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// Imports a stage not yet written leaves unused.
var _, _, _, _, _ = errors.New, io.Copy, filepath.Join, strconv.Itoa, unix.Unshare

func main() {
	if len(os.Args) < 4 || (os.Args[1] != "run" && os.Args[1] != "child") {
		fmt.Fprintln(os.Stderr, "usage: runtime run ROOTFS COMMAND [ARG...]")
		os.Exit(2)
	}
	if os.Args[1] == "run" {
		os.Exit(run(os.Args[2], os.Args[3:]))
	}
	child(os.Args[2], os.Args[3:])
}

// run starts the child in new namespaces, waits for it, and exits as it did.
func run(rootfs string, args []string) int {
	cmd := exec.Command("/proc/self/exe", append([]string{"child", rootfs}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	// [stage mount-ns]
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWNS // a mount table of its own
	// [end]
	// [stage pid-ns]
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWPID // the child is PID 1 of a new PID namespace
	// [end]
	// [stage uts-ns]
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWUTS // a hostname of its own
	// [end]
	// [stage ipc-ns]
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWIPC // message queues, semaphores, shared memory of its own
	// [end]
	// [stage net-ns]
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWNET // a network stack with only lo
	// [end]
	// [stage user-ns]
	// Root inside is uid 100000 outside: 65536 ids from there on. Go writes
	// uid_map and gid_map while the child waits, then the child setuid(0)s.
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWUSER
	cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}}
	cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}}
	cmd.SysProcAttr.Credential = &syscall.Credential{Uid: 0, Gid: 0, NoSetGroups: true}
	// [end]
	// [stage time-ns]
	// A new time namespace is for the children of the thread that made it,
	// and its offsets can be written only before any process is in it.
	runtime.LockOSThread()
	must(unix.Unshare(unix.CLONE_NEWTIME))
	offsets := fmt.Sprintf("/proc/%d/timens_offsets", unix.Gettid()) // this thread's
	must(os.WriteFile(offsets, []byte("monotonic 8640000 0\nboottime 8640000 0\n"), 0))
	// [end]
	// [stage cgroups]
	// The child waits on this pipe until it is in its cgroup.
	wait, start, err := os.Pipe()
	must(err)
	cmd.ExtraFiles = []*os.File{wait}
	// [end]
	must(cmd.Start())
	// [stage cgroups]
	dirs := cgroup(cmd.Process.Pid)
	defer removeCgroup(dirs)
	wait.Close()
	start.Close() // the child reads end of file: go on
	// [end]
	waitErr := cmd.Wait()
	// [stage process]
	var exit *exec.ExitError
	if errors.As(waitErr, &exit) {
		if ws := exit.Sys().(syscall.WaitStatus); ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return exit.ExitCode()
	}
	// [end]
	must(waitErr)
	return 0
}

// child is the container's first process. It sets the container up from
// inside, then replaces itself with the command: the command is PID 1.
func child(rootfs string, args []string) {
	// Namespaces from unshare are the calling thread's: exec from the same one.
	runtime.LockOSThread()
	// [stage cgroups]
	io.Copy(io.Discard, os.NewFile(3, "wait")) // until run has put us in the cgroup
	// [end]
	// [stage cgroup-ns]
	must(unix.Unshare(unix.CLONE_NEWCGROUP)) // our cgroup becomes the root we see
	// [end]
	// [stage mount-ns]
	// A copy of the host's mounts, but still shared with them where the
	// host's / is shared (systemd): make it private, so nothing leaks back.
	must(unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""))
	// [end]
	// [stage uts-ns]
	must(unix.Sethostname([]byte("burk")))
	// [end]
	// [stage proc]
	// Before the root changes: in a user namespace the kernel allows a new
	// proc only while one is fully visible already, and pivot_root takes
	// the host's away.
	must(unix.Mount("proc", filepath.Join(rootfs, "proc"), "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""))
	// [end]
	// [stage chroot until pivot-root]
	// must(unix.Chroot(rootfs))
	// must(os.Chdir("/"))
	// [end]
	// [stage pivot-root]
	// pivot_root needs the new root to be a mount point: bind it on itself.
	// pivot_root moves the old root to put_old, here ".": it is stacked on
	// top of the new root at /, and detaching "." takes it away
	// (pivot_root(2), NOTES).
	must(unix.Mount(rootfs, rootfs, "", unix.MS_BIND|unix.MS_REC, ""))
	must(os.Chdir(rootfs))
	must(unix.PivotRoot(".", "."))
	must(unix.Unmount(".", unix.MNT_DETACH))
	must(os.Chdir("/"))
	// [end]
	// [stage hardening]
	harden()
	// [end]
	// [stage process]
	path, err := exec.LookPath(args[0])
	must(err)
	must(syscall.Exec(path, args, os.Environ()))
	// [end]
}

// [stage cgroups]
// cgroup puts pid in a new cgroup, burk-build-<our pid>, limited to 16 MiB of
// memory, 24 tasks and 20 ms of CPU in every 100 ms, and returns its
// directories: one on cgroup v2, one per controller's hierarchy on v1.
func cgroup(pid int) []string {
	const fs, name = "/sys/fs/cgroup/", "burk-build-"
	me := name + strconv.Itoa(os.Getpid())
	limits := [][2]string{{"memory.max", "16777216"}, {"pids.max", "24"}, {"cpu.max", "20000 100000"}}
	dirs := []string{fs + me}
	if _, err := os.Stat(fs + "cgroup.controllers"); err == nil {
		// v2: a cgroup gets only the controllers its parent hands down.
		must(os.WriteFile(fs+"cgroup.subtree_control", []byte("+memory +pids +cpu"), 0))
	} else {
		limits = [][2]string{{"memory/memory.limit_in_bytes", "16777216"}, {"pids/pids.max", "24"},
			{"cpu/cpu.cfs_period_us", "100000"}, {"cpu/cpu.cfs_quota_us", "20000"}}
		dirs = []string{fs + "memory/" + me, fs + "pids/" + me, fs + "cpu/" + me}
	}
	for _, dir := range dirs {
		must(os.Mkdir(dir, 0o755))
	}
	for _, l := range limits {
		hierarchy, file := filepath.Split(l[0]) // "memory/", "memory.limit_in_bytes"
		must(os.WriteFile(fs+hierarchy+me+"/"+file, []byte(l[1]), 0))
	}
	for _, dir := range dirs {
		must(os.WriteFile(dir+"/cgroup.procs", []byte(strconv.Itoa(pid)), 0))
	}
	return dirs
}

// removeCgroup removes the cgroup once its processes are gone.
func removeCgroup(dirs []string) {
	for _, dir := range dirs {
		os.Remove(dir)
	}
}

// [end]
// [stage hardening]
// harden keeps only the capabilities the command needs — after execve, root's
// permitted set is the bounding set — empties the inheritable set, and sets
// no_new_privs, so no setuid binary can raise them again.
func harden() {
	keep := map[uintptr]bool{unix.CAP_CHOWN: true, unix.CAP_DAC_OVERRIDE: true, unix.CAP_FOWNER: true,
		unix.CAP_FSETID: true, unix.CAP_KILL: true, unix.CAP_SETGID: true, unix.CAP_SETUID: true,
		unix.CAP_SETPCAP: true, unix.CAP_NET_BIND_SERVICE: true, unix.CAP_SYS_CHROOT: true, unix.CAP_AUDIT_WRITE: true}
	for c := uintptr(0); c <= unix.CAP_LAST_CAP; c++ {
		if keep[c] {
			continue
		}
		// EINVAL: a capability newer than this kernel.
		if err := unix.Prctl(unix.PR_CAPBSET_DROP, c, 0, 0, 0); err != nil && err != unix.EINVAL {
			must(err)
		}
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	must(unix.Capget(&hdr, &data[0]))
	data[0].Inheritable, data[1].Inheritable = 0, 0
	must(unix.Capset(&hdr, &data[0]))
	must(unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
}

// [end]

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "runtime:", err)
		os.Exit(1)
	}
}
