package rootfs

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// hostBinaries are the commands the tour runs inside, and what a learner
// types in the shell: the steps' probes and the article's commands.
var hostBinaries = []string{
	"sh", "bash", "ps", "mount", "umount", "hostname", "ls", "cat", "id", "ip", "ipcs",
	"ipcmk", "sleep", "date", "grep", "head", "tail", "mkdir", "echo", "env", "timeout", "chroot",
	"uname", "readlink", "stat", "wc", "true", "false", "touch", "rm", "ln", "df", "free",
	"kill", "nsenter", "unshare", "findmnt", "pwd", "dd", "tr", "cut", "sort", "seq",
}

// hostPath is where the binaries are looked up: the system's own
// directories, not the caller's $PATH, where a ~/bin script or a shim
// would stand in for the system's tool.
var hostPath = []string{"/usr/sbin", "/usr/bin", "/sbin", "/bin"}

// usrMerge are the top-level directories a merged-/usr system makes
// symlinks into /usr (/bin -> usr/bin).
var usrMerge = []string{"bin", "sbin", "lib", "lib32", "lib64", "libx32"}

// loaderFiles tell glibc's loader where libraries are: ld.so.cache is
// what it reads, the .conf files what Verify reads in its place.
var loaderFiles = []string{"/etc/ld.so.cache", "/etc/ld.so.conf"}

// buildFromHost copies the host's binaries with their ELF interpreter and
// every shared library they need, found by reading the ELF files.
func buildFromHost(dir string, rep *Report) error {
	c := &copier{dir: dir, rep: rep, loader: newLoader("/"), copied: map[string]bool{}, realDirs: map[string]string{}, libs: map[string]bool{}}
	for _, d := range usrMerge {
		if fi, err := os.Lstat("/" + d); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if _, err := c.mirrorDir("/" + d); err != nil {
				return err
			}
		}
	}
	shell := ""
	for _, name := range hostBinaries {
		path := lookHost(name)
		if path == "" {
			rep.Skipped = append(rep.Skipped, name+" (not on this host)")
			continue
		}
		if err := c.copyProgram(path, 0); err != nil {
			if name == "sh" {
				return fmt.Errorf("copy the shell %s: %w", path, err)
			}
			rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s (%v)", name, err))
			continue
		}
		rep.Binaries = append(rep.Binaries, path)
		if name == "sh" {
			shell = path
		}
	}
	if shell == "" {
		return fmt.Errorf("this host has no sh in %s", strings.Join(hostPath, ", "))
	}
	// The container runs /bin/sh, whatever the host calls its shell.
	if _, err := resolveInside(dir, "/bin/sh"); err != nil {
		bin, err := mkdirInside(dir, "/bin")
		if err != nil {
			return err
		}
		if err := os.Symlink(shell, filepath.Join(bin, "sh")); err != nil {
			return err
		}
	}
	for _, f := range loaderFiles {
		if _, err := os.Lstat(f); err == nil {
			if err := c.copyPath(f); err != nil {
				return fmt.Errorf("copy %s: %w", f, err)
			}
		}
	}
	confs, _ := filepath.Glob("/etc/ld.so.conf.d/*.conf")
	for _, f := range confs {
		if err := c.copyPath(f); err != nil {
			return fmt.Errorf("copy %s: %w", f, err)
		}
	}
	return nil
}

// lookHost returns the path of a command in hostPath, or "".
func lookHost(name string) string {
	for _, d := range hostPath {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// copier copies host files into the rootfs at the same paths.
type copier struct {
	dir      string
	rep      *Report
	loader   *loader
	copied   map[string]bool   // host paths done
	realDirs map[string]string // host directory -> its path with no symlinks, mirrored
	libs     map[string]bool
}

// copyProgram copies a program and what it needs to run: for a #! script
// its interpreter; for an ELF program its loader and shared libraries.
func (c *copier) copyProgram(path string, depth int) error {
	if interp := scriptInterpreter(path); interp != "" {
		if depth >= maxInterpreters {
			return fmt.Errorf("too many levels of #! interpreters")
		}
		if err := c.copyProgram(interp, depth+1); err != nil {
			return fmt.Errorf("its interpreter %s: %w", interp, err)
		}
		return c.copyPath(path)
	}
	// The closure first: a program with a missing library copies nothing.
	needs, err := c.loader.closure(path)
	if err != nil {
		return err
	}
	if err := c.copyPath(path); err != nil {
		return err
	}
	for _, lib := range needs {
		if err := c.copyPath(lib); err != nil {
			return err
		}
		if !c.libs[lib] {
			c.libs[lib] = true
			c.rep.Libraries = append(c.rep.Libraries, lib)
		}
	}
	return nil
}

// copyPath copies one host file to the same path inside the rootfs, with
// the symlinks on its way: /usr/bin/sh -> dash stays a link, and dash is
// copied beside it.
func (c *copier) copyPath(path string) error {
	for hops := 0; hops <= maxLinks; hops++ {
		if c.copied[path] {
			return nil
		}
		c.copied[path] = true
		real, err := c.mirrorDir(filepath.Dir(path))
		if err != nil {
			return err
		}
		dst := filepath.Join(c.dir, real, filepath.Base(path))
		fi, err := os.Lstat(path)
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			if _, err := os.Lstat(dst); err == nil {
				return nil // reached before by another name
			}
			n, err := copyRegular(path, dst, fi.Mode().Perm())
			if err != nil {
				return err
			}
			c.rep.Files++
			c.rep.Bytes += n
			return nil
		}
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
			target = filepath.Join(real, target) // relative to where the link really is
		}
		path = target
	}
	return fmt.Errorf("%s: too many levels of symbolic links", path)
}

// mirrorDir makes a host directory exist in the rootfs as it is on the
// host: real directories as directories, and symlinks on the way as the
// same symlinks, so a merged /usr (/lib -> usr/lib) is merged inside too
// and the paths the loader asks for resolve. It returns the directory's
// path with no symlinks in it.
func (c *copier) mirrorDir(dir string) (string, error) {
	if real, ok := c.realDirs[dir]; ok {
		return real, nil
	}
	cur := "/"
	parts := splitPath(dir)
	for links := 0; len(parts) > 0; {
		next := filepath.Join(cur, parts[0])
		parts = parts[1:]
		fi, err := os.Lstat(next)
		if err != nil {
			return "", err
		}
		inside := filepath.Join(c.dir, next)
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			if links++; links > maxLinks {
				return "", fmt.Errorf("%s: too many levels of symbolic links", dir)
			}
			target, err := os.Readlink(next)
			if err != nil {
				return "", err
			}
			if _, err := os.Lstat(inside); err != nil {
				if err := os.Symlink(target, inside); err != nil {
					return "", err
				}
			}
			if !filepath.IsAbs(target) {
				target = filepath.Join(cur, target)
			}
			parts = append(splitPath(target), parts...)
			cur = "/"
		case fi.IsDir():
			if _, err := os.Lstat(inside); err != nil {
				if err := os.Mkdir(inside, 0o755); err != nil {
					return "", err
				}
			}
			cur = next
		default:
			return "", fmt.Errorf("%s: not a directory", next)
		}
	}
	c.realDirs[dir] = cur
	return cur, nil
}

// copyRegular copies a file's bytes into a new file. Only the permission
// bits come along: a setuid-root copy in a cache anyone can reach would be
// one more way to root on this host, and inside, the container is root.
func copyRegular(src, dst string, perm fs.FileMode) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in) // copy_file_range(2): the kernel copies, or shares extents
	if err == nil {
		err = out.Chmod(perm.Perm())
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// scriptInterpreter returns the interpreter on a #! line, or "".
func scriptInterpreter(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 256)
	n, _ := io.ReadFull(f, head)
	line, ok := strings.CutPrefix(string(head[:n]), "#!")
	if !ok {
		return ""
	}
	line, _, _ = strings.Cut(line, "\n")
	if fields := strings.Fields(line); len(fields) > 0 {
		return fields[0]
	}
	return ""
}
