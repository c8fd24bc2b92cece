package rootfs

import (
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// VerifyError says what is wrong with a root filesystem and how to fix it.
type VerifyError struct {
	Dir     string // the directory as given
	Problem string // what is wrong, e.g. "has no shell at /bin/sh"
	Fix     string // what to do about it
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("rootfs %s %s (fix: %s)", e.Dir, e.Problem, e.Fix)
}

// mountPoints are the directories burk mounts on. They must be real
// directories: burk mounts on some of them from the host's side, where a
// symlink such as proc -> /proc would put the mount on the host's own.
var mountPoints = []string{"proc", "dev", "tmp", "etc"}

// Verify checks that dir can be a container's root, before anything is
// mounted on it: a directory, not the host's /, with a /bin/sh this
// machine can run (its loader and libraries present) and the directories
// burk mounts on.
func Verify(dir string) error {
	build := "build one with: burk rootfs --dir " + dir
	fail := func(problem, fix string) error { return &VerifyError{Dir: dir, Problem: problem, Fix: fix} }
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail("does not exist", build)
	case err != nil:
		return fail("cannot be read: "+err.Error(), "check its permissions, or "+build)
	case !fi.IsDir():
		return fail("is not a directory", "give a directory, or "+build)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return fail("cannot be resolved: "+err.Error(), build)
	}
	// The same inode as / also catches a bind mount of the host's root.
	if slash, err := os.Stat("/"); real == "/" || (err == nil && os.SameFile(fi, slash)) {
		return fail("is the host's own /: a container there would be the host itself",
			"give a root filesystem of its own: burk rootfs --dir DIR, then --rootfs DIR")
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return fail("cannot be listed: "+err.Error(), "check its permissions, or "+build)
	}
	if len(entries) == 0 {
		return fail("is empty", build)
	}
	if problem := checkShell(real); problem != "" {
		return fail(problem, build)
	}
	for _, d := range mountPoints {
		fi, err := os.Lstat(filepath.Join(real, d))
		switch {
		case err != nil:
			return fail("has no /"+d+" directory for burk to mount on", "mkdir "+filepath.Join(dir, d)+", or "+build)
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(filepath.Join(real, d))
			return fail("has /"+d+" as a symlink (to "+target+"), where burk needs a real directory to mount on",
				"replace it with a directory, or "+build)
		case !fi.IsDir():
			return fail("has /"+d+" but it is not a directory", build)
		}
	}
	return nil
}

// checkShell says what stops the kernel from running /bin/sh inside root,
// or "" if nothing does.
func checkShell(root string) string {
	sh, err := resolveInside(root, "/bin/sh")
	if err != nil {
		return "has no shell at /bin/sh"
	}
	if err := checkProgram(root, sh, 0); err != nil {
		return "has a /bin/sh that cannot run here: " + err.Error()
	}
	return ""
}

// maxInterpreters is how deep the kernel follows #! lines
// (BINPRM_MAX_RECURSION): a script run by a script run by ....
const maxInterpreters = 4

// checkProgram checks what execve would: a regular executable file that is
// either a #! script whose interpreter can run, or an ELF program for this
// machine whose loader and shared libraries are in root.
func checkProgram(root, host string, depth int) error {
	name := "/" + strings.TrimPrefix(strings.TrimPrefix(host, root), "/")
	fi, err := os.Stat(host)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", name)
	}
	if fi.Mode()&0o111 == 0 {
		return fmt.Errorf("%s is not executable (mode %v)", name, fi.Mode().Perm())
	}
	head := make([]byte, 256)
	f, err := os.Open(host)
	if err != nil {
		return err
	}
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	if interp, ok := strings.CutPrefix(string(head), "#!"); ok {
		line, _, _ := strings.Cut(interp, "\n")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			return fmt.Errorf("%s is a script with no interpreter on its #! line", name)
		}
		if depth >= maxInterpreters {
			return fmt.Errorf("%s: too many levels of #! interpreters", name)
		}
		p, err := resolveInside(root, fields[0])
		if err != nil {
			return fmt.Errorf("%s is a script for %s, which is missing", name, fields[0])
		}
		return checkProgram(root, p, depth+1)
	}
	e, err := elf.Open(host)
	if err != nil {
		return fmt.Errorf("%s is neither an ELF program nor a #! script", name)
	}
	defer e.Close()
	if e.Type != elf.ET_EXEC && e.Type != elf.ET_DYN {
		return fmt.Errorf("%s is an ELF %s, not a program", name, e.Type)
	}
	if e.Machine != hostMachine || e.Class != hostClass {
		return fmt.Errorf("%s is built for %s (%s), this machine runs %s (%s)", name, e.Machine, e.Class, hostMachine, hostClass)
	}
	if _, err := newLoader(root).closure(name); err != nil {
		return err
	}
	return nil
}
