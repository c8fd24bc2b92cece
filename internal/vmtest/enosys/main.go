//go:build linux && amd64

// Command enosys runs a command with some syscalls refused by the kernel
// as a kernel without them refuses them: ENOSYS. It is how the VM matrix
// makes burk take the fallback it has for a syscall that the guest's
// kernel has: a seccomp filter, installed before it execs the command and
// inherited by everything the command starts, as container runtimes did to
// clone3 when their filters did not know it yet. burk is not told; the
// kernel says no.
//
//	enosys clone3,fsopen burk tour --plain
package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// syscalls are the ones burk has a fallback or a refusal for.
var syscalls = map[string]uint32{
	"clone3":            unix.SYS_CLONE3,
	"fsopen":            unix.SYS_FSOPEN,
	"fsmount":           unix.SYS_FSMOUNT,
	"open_tree":         unix.SYS_OPEN_TREE,
	"move_mount":        unix.SYS_MOVE_MOUNT,
	"pidfd_open":        unix.SYS_PIDFD_OPEN,
	"pidfd_send_signal": unix.SYS_PIDFD_SEND_SIGNAL,
	"memfd_create":      unix.SYS_MEMFD_CREATE,
	"faccessat2":        unix.SYS_FACCESSAT2,
	"renameat2":         unix.SYS_RENAMEAT2,
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: enosys SYSCALL[,SYSCALL...] COMMAND [ARG...]")
		os.Exit(2)
	}
	var nrs []uint32
	for _, name := range strings.Split(os.Args[1], ",") {
		nr, ok := syscalls[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "enosys: no syscall %q here\n", name)
			os.Exit(2)
		}
		nrs = append(nrs, nr)
	}
	path, err := exec.LookPath(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "enosys:", err)
		os.Exit(127)
	}
	// A seccomp filter belongs to the thread that installs it, and an
	// execve keeps the calling thread's: both happen on this one.
	runtime.LockOSThread()
	if err := refuse(nrs); err != nil {
		fmt.Fprintln(os.Stderr, "enosys:", err)
		os.Exit(1)
	}
	err = unix.Exec(path, os.Args[2:], os.Environ())
	fmt.Fprintln(os.Stderr, "enosys:", os.NewSyscallError("execve", err))
	os.Exit(126)
}

// refuse installs a filter that answers each syscall of nrs with ENOSYS
// and lets every other through. Root needs no no_new_privs for it, and
// gets none: burk's hardening step sets its own, and reports it.
func refuse(nrs []uint32) error {
	stmt := func(code uint16, k uint32) unix.SockFilter { return unix.SockFilter{Code: code, K: k} }
	jump := func(code uint16, k uint32, jt, jf uint8) unix.SockFilter {
		return unix.SockFilter{Code: code, K: k, Jt: jt, Jf: jf}
	}
	const (
		ld    = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
		jeq   = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
		ret   = unix.BPF_RET | unix.BPF_K
		nrOff = 0 // struct seccomp_data: nr, then arch
	)
	allow := stmt(ret, unix.SECCOMP_RET_ALLOW)
	prog := []unix.SockFilter{
		stmt(ld, 4),
		jump(jeq, unix.AUDIT_ARCH_X86_64, 1, 0),
		allow,
		stmt(ld, nrOff),
	}
	for _, nr := range nrs {
		prog = append(prog, jump(jeq, nr, 0, 1), stmt(ret, unix.SECCOMP_RET_ERRNO|uint32(unix.ENOSYS)))
	}
	prog = append(prog, allow)
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	if os.Geteuid() != 0 {
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			return os.NewSyscallError("prctl(PR_SET_NO_NEW_PRIVS)", err)
		}
	}
	if err := unix.Prctl(unix.PR_SET_SECCOMP, unix.SECCOMP_MODE_FILTER, uintptr(unsafe.Pointer(&fprog)), 0, 0); err != nil {
		return os.NewSyscallError("prctl(PR_SET_SECCOMP)", err)
	}
	runtime.KeepAlive(prog)
	return nil
}
