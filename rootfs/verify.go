package rootfs

import (
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// VerifyError says what is wrong with a root filesystem and how to fix it.
type VerifyError struct {
	Dir     string
	Problem string
	Fix     string
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("rootfs %s: %s; %s", e.Dir, e.Problem, e.Fix)
}

// Verify checks that dir can be a container's root, before anything is
// mounted on it: a directory, not the host's /, with a shell for this
// machine and the directories burk mounts on.
func Verify(dir string) error {
	fix := "build one with: burk rootfs --dir " + dir
	fail := func(problem string) error { return &VerifyError{Dir: dir, Problem: problem, Fix: fix} }
	fi, err := os.Stat(dir)
	if err != nil {
		return fail("does not exist")
	}
	if !fi.IsDir() {
		return fail("is not a directory")
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return fail(err.Error())
	}
	if real == "/" {
		return &VerifyError{Dir: dir, Problem: "is the host's own / — a container there would be the host", Fix: "use a directory of its own: burk rootfs --dir DIR"}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fail(err.Error())
	}
	if len(entries) == 0 {
		return fail("is empty")
	}
	sh, err := resolveInside(real, "/bin/sh")
	if err != nil {
		return fail("has no shell at /bin/sh")
	}
	if err := checkExecutable(real, sh); err != nil {
		return fail("its /bin/sh " + err.Error())
	}
	for _, d := range []string{"proc", "dev", "tmp", "etc"} {
		if fi, err := os.Stat(filepath.Join(real, d)); err != nil || !fi.IsDir() {
			return fail("has no /" + d + " directory to mount on")
		}
	}
	return nil
}

// resolveInside follows symlinks of path as the container will see them:
// an absolute link target is relative to root, not to the host's /.
func resolveInside(root, path string) (string, error) {
	cur := "/"
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for hops := 0; len(parts) > 0; {
		p := parts[0]
		parts = parts[1:]
		next := filepath.Join(cur, p)
		fi, err := os.Lstat(filepath.Join(root, next))
		if err != nil {
			return "", err
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			cur = next
			continue
		}
		if hops++; hops > 40 {
			return "", fmt.Errorf("too many links")
		}
		target, err := os.Readlink(filepath.Join(root, next))
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(cur, target)
		}
		parts = append(strings.Split(strings.Trim(filepath.Clean(target), "/"), "/"), parts...)
		cur = "/"
	}
	return filepath.Join(root, cur), nil
}

var goarchMachine = map[string]elf.Machine{
	"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "386": elf.EM_386, "arm": elf.EM_ARM,
	"riscv64": elf.EM_RISCV, "ppc64le": elf.EM_PPC64, "s390x": elf.EM_S390,
}

// checkExecutable makes sure the kernel can run path on this machine.
func checkExecutable(root, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Mode()&0o111 == 0 {
		return fmt.Errorf("is not executable")
	}
	data := make([]byte, 128)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	n, _ := f.Read(data)
	f.Close()
	data = data[:n]
	if strings.HasPrefix(string(data), "#!") {
		interp := strings.Fields(strings.SplitN(string(data[2:]), "\n", 2)[0])
		if len(interp) == 0 {
			return fmt.Errorf("is a script with no interpreter")
		}
		if _, err := resolveInside(root, interp[0]); err != nil {
			return fmt.Errorf("is a script whose interpreter %s is missing", interp[0])
		}
		return nil
	}
	e, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("is neither an ELF binary nor a script")
	}
	defer e.Close()
	if want, ok := goarchMachine[runtime.GOARCH]; ok && e.Machine != want {
		return fmt.Errorf("is built for %s, this machine is %s", e.Machine, want)
	}
	for _, p := range e.Progs {
		if p.Type == elf.PT_INTERP {
			buf := make([]byte, p.Filesz)
			p.ReadAt(buf, 0)
			interp := strings.TrimRight(string(buf), "\x00")
			if _, err := resolveInside(root, interp); err != nil {
				return fmt.Errorf("needs the loader %s, which is missing", interp)
			}
		}
	}
	return nil
}
