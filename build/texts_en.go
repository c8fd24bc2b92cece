package build

import "github.com/burk-tui/burk/internal/i18n"

func init() {
	texts[i18n.English] = map[string]text{
		"process": {
			Todo: "in child, become the command (syscall.Exec); in run, exit with the child's exit status",
			Task: `run already starts this program again as child, with the same stdin, stdout and stderr. Make child become the command: find it with exec.LookPath and call syscall.Exec, so that the command is the child process itself, not a child of it (from the PID namespace stage on it must be the container's first process). Then make run exit with the command's exit status, or with 128 plus the signal's number when a signal killed it, as a shell reports it. Nothing is isolated yet.`,
			Hints: []string{
				"syscall.Exec(path, args, os.Environ()) does not return when it works: execve(2) replaces the program, and the process keeps its PID and every open file not marked close-on-exec, stdin and stdout among them.",
				"cmd.Wait returns an *exec.ExitError for a command that did not exit with 0: errors.As finds it, and ExitCode() is the status.",
				"A command killed by a signal has no exit status: ExitCode() is -1. Its syscall.WaitStatus (exit.Sys()) says Signaled() and Signal().",
			},
		},
		"chroot": {
			Todo: "change the root to the rootfs (chroot), then change directory to the new /",
			Task: `Before the exec, call chroot(2) with the rootfs, then chdir("/"): chroot changes where / resolves, not the working directory, which would stay outside the new root. From this stage on burk gives run the command by its path inside the rootfs, so it is found only once the root has changed. burk also leaves a file on the host, outside the rootfs, and checks that the command cannot read it.`,
			Hints: []string{
				"unix.Chroot(rootfs), then os.Chdir(\"/\"). chroot needs CAP_SYS_CHROOT: run the runtime as root.",
				"Look the command up after the chroot: exec.LookPath searches PATH from the new root.",
				"chroot is no wall: a root process inside can chroot into a subdirectory and climb out with .. — the escape burk tries at this stage works. Stage 13, pivot_root, closes it.",
			},
		},
		"proc": {
			Todo: "mount a new proc filesystem on the rootfs's proc directory, before the root changes",
			Task: `ps reads /proc, which is empty in the rootfs. Mount a new proc filesystem on the rootfs's proc directory, before the root changes: mount("proc", filepath.Join(rootfs, "proc"), "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, ""). Without a mount namespace the mount is made in the host's mount table, so the host sees it while the container runs; and without a PID namespace ps inside lists every process on the host. Leave the mount as it is: burk removes it when the container ends, and says so.`,
			Hints: []string{
				"Why before the chroot: from stage 9 on, in a user namespace, the kernel allows a new proc mount only while a proc is already fully visible in the mount namespace (the kernel's mount_too_revealing check: mount(2) fails with EPERM), and pivot_root takes the host's away. Mounted before, it moves with the rootfs.",
				"The flags are the ones runtimes give proc: no setuid or file capabilities from it, no device files, nothing executed from it.",
			},
		},
		"mount-ns": {
			Todo: "clone the child into a new mount namespace (CLONE_NEWNS), and in child make / private, recursively",
			Task: `Add CLONE_NEWNS to the child's clone flags: the child gets a copy of the host's mount table. A copy is not enough: a mount made under a shared mount propagates to its peers (mount_namespaces(7)), and the directory burk gives run is shared. So first thing in child, change the propagation of / and everything under it to private: mount("", "/", "", MS_REC|MS_PRIVATE, ""). Then the proc mount stays in the container: burk checks that the host's mount table gains no proc mount under the rootfs while it runs.`,
			Hints: []string{
				"cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWNS",
				`unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "") changes only the propagation of / and every mount below it; the source, type and data are ignored.`,
				"Make / private before you mount proc: a mount made while / is still shared has propagated already.",
			},
		},
		"pid-ns": {
			Todo: "clone the child into a new PID namespace (CLONE_NEWPID)",
			Task: `Add CLONE_NEWPID. The child is then PID 1 of a new PID namespace, and since it becomes the command, the command is PID 1. The proc filesystem it mounts shows only the namespace's processes. burk checks from the host that the same process has another PID there, and that the NSpid line of its /proc/PID/status ends in 1.`,
			Hints: []string{
				"A proc filesystem shows the PID namespace of the process that mounted it: the mount must be made from inside, as child does.",
				"PID 1 of a namespace gets no signal it has no handler for, from inside it or from the host, except SIGKILL and SIGSTOP sent from the host (pid_namespaces(7)); when it exits, the kernel kills every other process in the namespace.",
			},
		},
		"uts-ns": {
			Todo: "clone the child into a new UTS namespace (CLONE_NEWUTS), and in child set the hostname to burk",
			Task: `Add CLONE_NEWUTS, and in child call sethostname(2) with "burk". burk checks that the hostname inside is burk and that the host's did not change. A runtime that sets the hostname without the namespace changes the host's: burk names that, and sets it back.`,
			Hints: []string{
				`unix.Sethostname([]byte("burk"))`,
			},
		},
		"ipc-ns": {
			Todo: "clone the child into a new IPC namespace (CLONE_NEWIPC)",
			Task: `Add CLONE_NEWIPC. System V message queues, semaphores and shared memory, and POSIX message queues, are then the container's own. burk makes a message queue on the host and checks that ipcs -q inside does not list it.`,
			Hints: []string{
				"Nothing more to do: a new IPC namespace starts empty (ipc_namespaces(7)).",
			},
		},
		"net-ns": {
			Todo: "clone the child into a new network namespace (CLONE_NEWNET)",
			Task: `Add CLONE_NEWNET. A new network namespace has a loopback device, down, and nothing else: the host's interfaces are not there. burk checks that ip link inside lists only lo (and the fallback tunnel devices some modules add to every network namespace while they are loaded).`,
			Hints: []string{
				"lo is brought up with a netlink request (RTM_NEWLINK, what ip link set lo up sends) or with ioctl(SIOCSIFFLAGS) setting IFF_UP on it, as the net-ns lesson shows; burk does not check it here.",
			},
		},
		"user-ns": {
			Todo: "clone the child into a new user namespace (CLONE_NEWUSER): root inside is uid and gid 100000 outside, 65536 ids",
			Task: `Add CLONE_NEWUSER, with UidMappings and GidMappings {ContainerID: 0, HostID: 100000, Size: 65536}, and Credential{Uid: 0, Gid: 0, NoSetGroups: true}, so that the child is root inside. burk checks that id inside says uid 0, and that on the host the same process is uid 100000. Files the host's root owns are owned by nobody inside: the rootfs and the runtime must be readable and executable by others.`,
			Hints: []string{
				"Go writes /proc/PID/uid_map and gid_map while the child waits. Before gid_map it writes deny to /proc/PID/setgroups, as user_namespaces(7) requires of an unprivileged writer: so the child may not call setgroups, hence NoSetGroups.",
				"Without the Credential the child keeps the host's uid 0, which the map does not contain: inside it shows as 65534, the overflow uid.",
				"The namespaces cloned together with CLONE_NEWUSER belong to the new user namespace, so root inside may still mount proc and set the hostname.",
			},
		},
		"cgroups": {
			Todo: "put the child in a new cgroup burk-build-<run's PID> with memory, pids and CPU limits before it runs the command; remove it when the child has exited",
			Task: `Make a cgroup named burk-build- and run's PID, at the top of the cgroup tree. On cgroup v2: /sys/fs/cgroup/NAME with memory.max 16777216, pids.max 24 and cpu.max "20000 100000". On v1: a directory of that name in the memory, pids and cpu hierarchies, with memory.limit_in_bytes 16777216, pids.max 24, cpu.cfs_period_us 100000 and cpu.cfs_quota_us 20000. Write the child's PID to cgroup.procs before it runs the command: give it the read end of a pipe, and have it wait for end of file. Remove the cgroup once the child has exited. burk runs a memory hog, a fork loop and a busy loop inside, and checks in your cgroup's files that each limit was enforced.`,
			Hints: []string{
				`On v2 a cgroup has only the controllers its parent lists in cgroup.subtree_control: write "+memory +pids +cpu" to /sys/fs/cgroup/cgroup.subtree_control (cgroups(7)).`,
				`cmd.ExtraFiles = []*os.File{r} gives the child the pipe's read end as fd 3. In run, close both ends after writing cgroup.procs; in child, io.Copy(io.Discard, os.NewFile(3, "wait")) then returns.`,
				"A cgroup is removed with rmdir(2), and only once no process is left in it: after cmd.Wait.",
			},
		},
		"cgroup-ns": {
			Todo: "in child, once it is in its cgroup, unshare a new cgroup namespace (CLONE_NEWCGROUP)",
			Task: `A new cgroup namespace takes the cgroup its maker is in at that moment as the root of what it sees. So make it in child after the wait on run's pipe, when the child is in its cgroup: unshare(CLONE_NEWCGROUP). burk checks that /proc/self/cgroup inside shows / without your cgroup's name, while the host sees the whole path, and that a cgroup filesystem mounted inside has your cgroup as its root.`,
			Hints: []string{
				"A namespace made with unshare(2) is the calling thread's: call runtime.LockOSThread() before it, and exec from the same thread.",
				"In the clone flags, the namespace would be rooted where run is, not in the cgroup the child is moved to afterwards.",
			},
		},
		"time-ns": {
			Todo: "in run, before starting the child, unshare a new time namespace for it with its clocks 100 days ahead",
			Task: `unshare(2) with CLONE_NEWTIME makes a time namespace for the children of the calling thread, not for the thread itself, and its offsets can be written only before a process is in it. So in run: runtime.LockOSThread(), unshare(CLONE_NEWTIME), write "monotonic 8640000 0" and "boottime 8640000 0" to /proc/TID/timens_offsets, TID being the thread's own id (unix.Gettid()), then start the child from the same thread. burk checks that uptime inside is 100 days ahead of the host's, and that the wall clock is not.`,
			Hints: []string{
				"The offsets belong to the thread that called unshare: /proc/self is the thread group leader's, and /proc/thread-self has no timens_offsets, but /proc/TID/timens_offsets is the thread's (time_namespaces(7)).",
				"CLONE_NEWTIME's value lies in the byte that clone(2) reads as the exit signal, so it cannot go in the clone flags of a plain clone: unshare takes it.",
				"8640000 seconds are 100 days. CLOCK_REALTIME has no offset: no namespace shifts the wall clock.",
			},
		},
		"pivot-root": {
			Todo: "instead of chroot: bind-mount the rootfs on itself, pivot_root into it, and detach the old root",
			Task: `chroot changes only where / resolves: a root process can chroot again and climb out with .. (the escape burk tried at stage 2). pivot_root(2) moves the root mount itself, so the old root can be unmounted and is gone. The new root must be a mount point: bind-mount the rootfs on itself (MS_BIND|MS_REC). Then chdir into it, pivot_root(".", "."), and unmount "." with MNT_DETACH: pivot_root moved the old root to put_old, here ".", so it is stacked on top of the new root at /, and the unmount takes it away (pivot_root(2), NOTES). Remove the chroot. burk checks that the same escape now ends at the container's own /.`,
			Hints: []string{
				`pivot_root(".", ".") is in pivot_root(2)'s notes: the old root ends up mounted on top of the new one, at /, and umount2(".", MNT_DETACH) takes it away.`,
				"pivot_root fails with EINVAL when the new root is not a mount point, or when it or its parent mount is shared (pivot_root(2), ERRORS): it needs the mount namespace and the private / of stage 4.",
			},
		},
		"hardening": {
			Todo: "drop every capability but the kept ones from the bounding set, empty the inheritable set, and set no_new_privs",
			Task: `Root inside a user namespace still has every capability in it. Before the exec, drop from the bounding set (prctl PR_CAPBSET_DROP) every capability except CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL, CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT and CAP_AUDIT_WRITE; empty the inheritable set (capset); and set no_new_privs (prctl PR_SET_NO_NEW_PRIVS). At execve, with the inheritable set empty, root's new permitted and effective sets are its bounding set (capabilities(7)). burk checks CapEff, CapInh and NoNewPrivs in /proc/self/status inside, and that setting the hostname is refused. The tour's claim that the init's binary is sealed is not checked: it is about burk's own init.`,
			Hints: []string{
				"PR_CAPBSET_DROP needs CAP_SETPCAP, which you keep, and fails with EINVAL for a capability this kernel does not know: loop up to unix.CAP_LAST_CAP and let EINVAL pass.",
				"unix.Capget and unix.Capset with LINUX_CAPABILITY_VERSION_3 take two CapUserData: capabilities 0–31, then 32–63. Set Inheritable to 0 in both.",
				"no_new_privs is inherited by children, kept across execve, and cannot be unset (prctl(2)).",
			},
		},
	}
}
