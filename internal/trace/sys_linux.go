package trace

// The syscalls a runtime makes, one method each. A method makes the call,
// records it with the arguments it was given and what the kernel returned,
// and returns an *os.SyscallError whose name is that same trace line, or an
// *os.PathError for a call on one path: what the learner reads in the trace
// and in an error is what was done. Callers add what they were doing
// ("mask /proc/kcore: …"); errors.Is(err, unix.EPERM) still works.

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/caps"
)

// call records one finished call and turns a failure into an error named
// after the trace line.
func (r *Recorder) call(line, why string, ret int, err error) error {
	r.Record(line, why, ret, err)
	if err != nil {
		return os.NewSyscallError(line, err)
	}
	return nil
}

// pathCall is call for a call on one path.
func (r *Recorder) pathCall(op, path, line, why string, ret int, err error) error {
	r.Record(line, why, ret, err)
	if err != nil {
		return &os.PathError{Op: op, Path: path, Err: err}
	}
	return nil
}

// fd spells a file descriptor with what it is, as strace -y does.
func fd(n int, what string) string {
	if what == "" {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d /* %s */", n, what)
}

// Mount is mount(2).
func (r *Recorder) Mount(source, target, fstype string, flags uintptr, data, why string) error {
	err := unix.Mount(source, target, fstype, flags, data)
	line := fmt.Sprintf("mount(%q, %q, %q, %s, %q)", source, target, fstype, flagString(uint64(flags), mountFlags), data)
	return r.call(line, why, 0, err)
}

// Unmount is umount2(2).
func (r *Recorder) Unmount(target string, flags int, why string) error {
	err := unix.Unmount(target, flags)
	return r.call(fmt.Sprintf("umount2(%q, %s)", target, flagString(uint64(flags), unmountFlags)), why, 0, err)
}

// Chroot is chroot(2).
func (r *Recorder) Chroot(dir, why string) error {
	return r.pathCall("chroot", dir, fmt.Sprintf("chroot(%q)", dir), why, 0, unix.Chroot(dir))
}

// Chdir is chdir(2).
func (r *Recorder) Chdir(dir, why string) error {
	return r.pathCall("chdir", dir, fmt.Sprintf("chdir(%q)", dir), why, 0, unix.Chdir(dir))
}

// Fchdir is fchdir(2); what says which directory the descriptor holds.
func (r *Recorder) Fchdir(dirfd int, what, why string) error {
	return r.call(fmt.Sprintf("fchdir(%s)", fd(dirfd, what)), why, 0, unix.Fchdir(dirfd))
}

// PivotRoot is pivot_root(2).
func (r *Recorder) PivotRoot(newRoot, putOld, why string) error {
	return r.call(fmt.Sprintf("pivot_root(%q, %q)", newRoot, putOld), why, 0, unix.PivotRoot(newRoot, putOld))
}

// Sethostname is sethostname(2).
func (r *Recorder) Sethostname(name, why string) error {
	return r.call(fmt.Sprintf("sethostname(%q)", name), why, 0, unix.Sethostname([]byte(name)))
}

// Unshare is unshare(2).
func (r *Recorder) Unshare(flags int, why string) error {
	return r.call(fmt.Sprintf("unshare(%s)", CloneFlags(flags)), why, 0, unix.Unshare(flags))
}

// Prctl is prctl(2) with one argument, which is spelled by what the option
// takes: a capability's name, an option's name, or a number.
func (r *Recorder) Prctl(option int, arg uintptr, why string) error {
	err := unix.Prctl(option, arg, 0, 0, 0)
	name, ok := prctlOptions[option]
	if !ok {
		name = fmt.Sprint(option)
	}
	a := fmt.Sprint(arg)
	switch {
	case option == unix.PR_CAPBSET_DROP:
		a = caps.Name(int(arg))
	case option == unix.PR_CAP_AMBIENT && arg == unix.PR_CAP_AMBIENT_CLEAR_ALL:
		a = "PR_CAP_AMBIENT_CLEAR_ALL"
	}
	return r.call(fmt.Sprintf("prctl(%s, %s)", name, a), why, 0, err)
}

// Capset is capset(2) for the calling thread, with each set given as a
// mask of capability numbers.
func (r *Recorder) Capset(effective, permitted, inheritable uint64, why string) error {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	data := [2]unix.CapUserData{
		{Effective: uint32(effective), Permitted: uint32(permitted), Inheritable: uint32(inheritable)},
		{Effective: uint32(effective >> 32), Permitted: uint32(permitted >> 32), Inheritable: uint32(inheritable >> 32)},
	}
	err := unix.Capset(&hdr, &data[0])
	spell := func(mask uint64) string {
		if mask == 0 {
			return "0"
		}
		return strings.Join(caps.InMask(mask), "|")
	}
	sets := fmt.Sprintf("effective=%s, permitted=%s, inheritable=%s", spell(effective), spell(permitted), spell(inheritable))
	if effective == permitted && permitted == inheritable {
		sets = "effective=permitted=inheritable=" + spell(effective)
	}
	return r.call(fmt.Sprintf("capset({%s})", sets), why, 0, err)
}

// WriteFile writes data to an existing file in one write(2), as echo data
// > path does, traced as the write: the kernel parses each write to a
// cgroup or /proc file on its own. No O_CREAT: a file that is not there is
// ENOENT. Plain syscalls rather than os.File, which would also make the fd
// non-blocking for the poller: cgroup files are many and small, and each
// syscall counts towards every container's start and close.
func (r *Recorder) WriteFile(path, data, why string) error {
	n, err := writeFile(path, data)
	return r.pathCall("write", path, fmt.Sprintf("write(%q, %q)", path, data), why, n, err)
}

func writeFile(path, data string) (int, error) {
	f, err := unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer unix.Close(f)
	return unix.Write(f, []byte(data))
}

// Write is write(2) on an open descriptor; what names the file it holds.
func (r *Recorder) Write(n int, what, data, why string) error {
	written, err := unix.Write(n, []byte(data))
	return r.call(fmt.Sprintf("write(%s, %q)", fd(n, what), data), why, written, err)
}

// Mkdir is mkdir(2).
func (r *Recorder) Mkdir(path string, mode uint32, why string) error {
	return r.pathCall("mkdir", path, fmt.Sprintf("mkdir(%q, %#o)", path, mode), why, 0, unix.Mkdir(path, mode))
}

// Rmdir is rmdir(2).
func (r *Recorder) Rmdir(path, why string) error {
	return r.pathCall("rmdir", path, fmt.Sprintf("rmdir(%q)", path), why, 0, unix.Rmdir(path))
}

// Chown is chown(2).
func (r *Recorder) Chown(path string, uid, gid int, why string) error {
	return r.pathCall("chown", path, fmt.Sprintf("chown(%q, %d, %d)", path, uid, gid), why, 0, unix.Chown(path, uid, gid))
}

// LinkUp sets IFF_UP on a network interface: the SIOCSIFFLAGS ioctl that
// ip link set NAME up makes, on a socket of the current network namespace.
func (r *Recorder) LinkUp(name, why string) error { return r.setLink(name, true, why) }

// LinkDown clears IFF_UP: ip link set NAME down.
func (r *Recorder) LinkDown(name, why string) error { return r.setLink(name, false, why) }

func (r *Recorder) setLink(name string, up bool, why string) error {
	sock, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return os.NewSyscallError("socket", err)
	}
	defer unix.Close(sock)
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return fmt.Errorf("interface %q: %w", name, err)
	}
	if err := unix.IoctlIfreq(sock, unix.SIOCGIFFLAGS, ifr); err != nil {
		return os.NewSyscallError(fmt.Sprintf("ioctl(sock, SIOCGIFFLAGS, {ifr_name=%q})", name), err)
	}
	change := "ifr_flags|=IFF_UP"
	if up {
		ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	} else {
		ifr.SetUint16(ifr.Uint16() &^ unix.IFF_UP)
		change = "ifr_flags&=~IFF_UP"
	}
	err = unix.IoctlIfreq(sock, unix.SIOCSIFFLAGS, ifr)
	return r.call(fmt.Sprintf("ioctl(sock, SIOCSIFFLAGS, {ifr_name=%q, %s})", name, change), why, 0, err)
}

// Fsopen is fsopen(2) with FSOPEN_CLOEXEC: a filesystem context, not yet
// mounted anywhere.
func (r *Recorder) Fsopen(fstype, why string) (int, error) {
	n, err := unix.Fsopen(fstype, unix.FSOPEN_CLOEXEC)
	return n, r.call(fmt.Sprintf("fsopen(%q, FSOPEN_CLOEXEC)", fstype), why, n, err)
}

// FsconfigSetString is fsconfig(2) with FSCONFIG_SET_STRING.
func (r *Recorder) FsconfigSetString(fsfd int, key, value, why string) error {
	err := unix.FsconfigSetString(fsfd, key, value)
	return r.call(fmt.Sprintf("fsconfig(%d, FSCONFIG_SET_STRING, %q, %q)", fsfd, key, value), why, 0, err)
}

// FsconfigCreate is fsconfig(2) with FSCONFIG_CMD_CREATE: the superblock.
func (r *Recorder) FsconfigCreate(fsfd int, why string) error {
	return r.call(fmt.Sprintf("fsconfig(%d, FSCONFIG_CMD_CREATE)", fsfd), why, 0, unix.FsconfigCreate(fsfd))
}

// Fsmount is fsmount(2) with FSMOUNT_CLOEXEC: a mount attached nowhere.
func (r *Recorder) Fsmount(fsfd, attrs int, why string) (int, error) {
	n, err := unix.Fsmount(fsfd, unix.FSMOUNT_CLOEXEC, attrs)
	line := fmt.Sprintf("fsmount(%d, FSMOUNT_CLOEXEC, %s)", fsfd, flagString(uint64(attrs), mountAttrs))
	return n, r.call(line, why, n, err)
}

// Openat is openat(2).
func (r *Recorder) Openat(dirfd int, path string, flags int, why string) (int, error) {
	n, err := unix.Openat(dirfd, path, flags, 0)
	return n, r.call(fmt.Sprintf("openat(%d, %q, %s)", dirfd, path, flagString(uint64(flags), openFlags)), why, n, err)
}

// Open is open(2), spelled with its access mode: O_RDONLY is no bit.
func (r *Recorder) Open(path string, flags int, why string) (int, error) {
	n, err := unix.Open(path, flags, 0)
	mode := flagString(uint64(flags), openFlags)
	switch {
	case flags&unix.O_ACCMODE != unix.O_RDONLY:
	case mode == "0":
		mode = "O_RDONLY"
	default:
		mode = "O_RDONLY|" + mode
	}
	return n, r.pathCall("open", path, fmt.Sprintf("open(%q, %s)", path, mode), why, n, err)
}

// MemfdCreate is memfd_create(2).
func (r *Recorder) MemfdCreate(name string, flags int, why string) (int, error) {
	n, err := unix.MemfdCreate(name, flags)
	return n, r.call(fmt.Sprintf("memfd_create(%q, %s)", name, flagString(uint64(flags), memfdFlags)), why, n, err)
}

// AddSeals is fcntl(2) with F_ADD_SEALS.
func (r *Recorder) AddSeals(n int, what string, s int, why string) error {
	_, err := unix.FcntlInt(uintptr(n), unix.F_ADD_SEALS, s)
	return r.call(fmt.Sprintf("fcntl(%s, F_ADD_SEALS, %s)", fd(n, what), flagString(uint64(s), seals)), why, 0, err)
}

// GetSeals is fcntl(2) with F_GET_SEALS.
func (r *Recorder) GetSeals(n int, what, why string) (int, error) {
	s, err := unix.FcntlInt(uintptr(n), unix.F_GET_SEALS, 0)
	return s, r.call(fmt.Sprintf("fcntl(%s, F_GET_SEALS)", fd(n, what)), why, s, err)
}

// Faccessat2 is faccessat2(2): may this process access the file so?
func (r *Recorder) Faccessat2(dirfd int, what, path string, mode uint32, flags int, why string) error {
	err := unix.Faccessat2(dirfd, path, mode, flags)
	line := fmt.Sprintf("faccessat2(%s, %q, %s, %s)", fd(dirfd, what), path,
		flagString(uint64(mode), accessModes), flagString(uint64(flags), atFlags))
	return r.call(line, why, 0, err)
}
