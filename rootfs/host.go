package rootfs

import (
	"debug/elf"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// hostBinaries are the commands the tour runs inside, and what a learner
// types in the shell: the steps' probes and the article's commands.
var hostBinaries = []string{
	"sh", "bash", "ps", "mount", "umount", "hostname", "ls", "cat", "id", "ip", "ipcs",
	"ipcmk", "sleep", "grep", "head", "tail", "mkdir", "echo", "env", "timeout", "chroot",
	"uname", "readlink", "stat", "wc", "true", "false", "touch", "rm", "ln", "df", "kill",
	"nsenter", "unshare", "findmnt", "free", "pwd", "dd", "tr", "cut", "sort", "seq",
}

// buildFromHost copies the host's binaries with their ELF interpreter and
// every shared library they need, found by reading the ELF files.
func buildFromHost(dir string, rep *Report) error {
	c := &copier{dir: dir, rep: rep, done: map[string]bool{}, searchDirs: librarySearchPath()}
	if err := c.mirrorUsrMerge(); err != nil {
		return err
	}
	for _, name := range hostBinaries {
		path, err := exec.LookPath(name)
		if err != nil {
			rep.Skipped = append(rep.Skipped, name)
			continue
		}
		if err := c.copyELF(path); err != nil {
			return fmt.Errorf("copy %s: %w", path, err)
		}
		// The shell is /bin/sh inside whatever the host calls it.
		if name == "sh" {
			if err := c.ensureAt(path, "/bin/sh"); err != nil {
				return err
			}
		}
	}
	// procps's ps reads these to turn uids into names, and so does id.
	for _, f := range []string{"/etc/nsswitch.conf"} {
		c.copyFile(f)
	}
	return nil
}

type copier struct {
	dir        string
	rep        *Report
	done       map[string]bool
	searchDirs []string
}

// mirrorUsrMerge reproduces the host's merged-/usr symlinks (/bin -> usr/bin,
// /lib -> usr/lib, ...), so the paths the ELF interpreter expects resolve.
func (c *copier) mirrorUsrMerge() error {
	for _, d := range []string{"bin", "sbin", "lib", "lib32", "lib64", "libx32"} {
		target, err := os.Readlink("/" + d)
		if err != nil {
			continue // not a symlink on this host
		}
		if err := os.MkdirAll(filepath.Join(c.dir, "usr"), 0o755); err != nil {
			return err
		}
		if err := os.Symlink(target, filepath.Join(c.dir, d)); err != nil {
			return fmt.Errorf("link /%s: %w", d, err)
		}
	}
	return nil
}

// copyELF copies a binary and, recursively, its interpreter and libraries.
func (c *copier) copyELF(path string) error {
	if c.done[path] {
		return nil
	}
	if err := c.copyFile(path); err != nil {
		return err
	}
	f, err := elf.Open(path)
	if err != nil {
		return nil // a script: nothing more to follow
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			data, err := io.ReadAll(p.Open())
			if err != nil {
				return fmt.Errorf("read interpreter of %s: %w", path, err)
			}
			if err := c.copyELF(strings.TrimRight(string(data), "\x00")); err != nil {
				return err
			}
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		return fmt.Errorf("read libraries of %s: %w", path, err)
	}
	dirs := append(elfRunpath(f, path), c.searchDirs...)
	for _, lib := range libs {
		found := ""
		for _, d := range dirs {
			cand := filepath.Join(d, lib)
			if ok, _ := sameMachine(cand, f.Machine); ok {
				found = cand
				break
			}
		}
		if found == "" {
			return fmt.Errorf("%s needs %s, which is not on this host", path, lib)
		}
		if err := c.copyELF(found); err != nil {
			return err
		}
	}
	return nil
}

// copyFile copies one file to the same path inside the rootfs, with its
// symlinks: /usr/bin/sh -> dash is kept as a link, and dash is copied.
func (c *copier) copyFile(path string) error {
	if c.done[path] {
		return nil
	}
	c.done[path] = true
	dst := c.inside(path)
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		target, err := os.Readlink(path)
		if err != nil {
			return err
		}
		if _, err := os.Lstat(dst); err != nil {
			if err := os.Symlink(target, dst); err != nil {
				return err
			}
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		return c.copyELF(target)
	}
	if _, err := os.Lstat(dst); err == nil {
		return nil
	}
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	c.rep.Files++
	c.rep.Bytes += n
	return err
}

// inside maps a host path to the rootfs, through the merged-/usr links the
// rootfs also has: /lib/x86_64-linux-gnu/libc.so.6 lands in usr/lib/....
func (c *copier) inside(path string) string {
	dir, file := filepath.Split(path)
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		real = dir
	}
	return filepath.Join(c.dir, real, file)
}

// ensureAt makes name (e.g. /bin/sh) exist in the rootfs as a link to path.
func (c *copier) ensureAt(path, name string) error {
	dst := c.inside(name)
	if _, err := os.Lstat(dst); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Symlink(path, dst)
}

// elfRunpath returns the directories in a binary's DT_RUNPATH/DT_RPATH.
func elfRunpath(f *elf.File, path string) []string {
	var dirs []string
	for _, tag := range []elf.DynTag{elf.DT_RUNPATH, elf.DT_RPATH} {
		vals, _ := f.DynString(tag)
		for _, v := range vals {
			for _, d := range strings.Split(v, ":") {
				dirs = append(dirs, strings.ReplaceAll(d, "$ORIGIN", filepath.Dir(path)))
			}
		}
	}
	return dirs
}

// librarySearchPath is where the dynamic linker looks: ld.so.conf and its
// includes, then the default directories.
func librarySearchPath() []string {
	var dirs []string
	var read func(path string)
	read = func(path string) {
		data, err := os.ReadFile(path)
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if rest, ok := strings.CutPrefix(line, "include "); ok {
				matches, _ := filepath.Glob(strings.TrimSpace(rest))
				for _, m := range matches {
					read(m)
				}
				continue
			}
			dirs = append(dirs, line)
		}
	}
	read("/etc/ld.so.conf")
	return append(dirs, "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
		"/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib")
}

// sameMachine reports whether path is an ELF file for machine.
func sameMachine(path string, machine elf.Machine) (bool, error) {
	f, err := elf.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	return f.Machine == machine, nil
}

// makeDevices creates the device files a shell expects in /dev. In a
// container with a mount namespace burk mounts its own /dev over them.
func makeDevices(dev string) error {
	nodes := []struct {
		name         string
		major, minor uint32
	}{{"null", 1, 3}, {"zero", 1, 5}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}}
	for _, n := range nodes {
		p := filepath.Join(dev, n.name)
		if _, err := os.Lstat(p); err == nil {
			continue
		}
		err := unix.Mknod(p, unix.S_IFCHR|0o666, int(unix.Mkdev(n.major, n.minor)))
		if err == unix.EPERM {
			return nil // not root: the containers get /dev from burk's mount
		}
		if err != nil {
			return fmt.Errorf("mknod %s: %w", p, err)
		}
		os.Chmod(p, 0o666) // past the umask
	}
	return nil
}
