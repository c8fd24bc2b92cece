package rootfs

import (
	"debug/elf"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// The ELF machine and class of this computer: what its kernel will run.
var (
	hostMachine = map[string]elf.Machine{
		"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "386": elf.EM_386, "arm": elf.EM_ARM,
		"riscv64": elf.EM_RISCV, "ppc64le": elf.EM_PPC64, "s390x": elf.EM_S390, "loong64": elf.EM_LOONGARCH,
	}[runtime.GOARCH]
	hostClass = map[bool]elf.Class{true: elf.ELFCLASS64, false: elf.ELFCLASS32}[strconv.IntSize == 64]
)

// multiarch is Debian's name for this architecture in library paths
// (/usr/lib/x86_64-linux-gnu); musl names its loader's path file after arch.
var multiarch = map[string]struct{ triplet, musl string }{
	"amd64": {"x86_64-linux-gnu", "x86_64"}, "arm64": {"aarch64-linux-gnu", "aarch64"},
	"386": {"i386-linux-gnu", "i386"}, "arm": {"arm-linux-gnueabihf", "armhf"},
	"riscv64": {"riscv64-linux-gnu", "riscv64"}, "ppc64le": {"powerpc64le-linux-gnu", "powerpc64le"},
	"s390x": {"s390x-linux-gnu", "s390x"}, "loong64": {"loongarch64-linux-gnu", "loongarch64"},
}[runtime.GOARCH]

// interpreter returns the program the kernel loads to run f (PT_INTERP):
// the dynamic loader, which then maps the shared libraries. "" means f
// is static and the kernel runs it directly.
func interpreter(f *elf.File) (string, error) {
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			data, err := io.ReadAll(p.Open())
			if err != nil {
				return "", fmt.Errorf("read PT_INTERP: %w", err)
			}
			return strings.TrimRight(string(data), "\x00"), nil
		}
	}
	return "", nil
}

// isStatic says whether f runs with nothing else: no loader, no libraries.
func isStatic(f *elf.File) bool {
	interp, err := interpreter(f)
	if err != nil || interp != "" {
		return false
	}
	libs, err := f.ImportedLibraries()
	return err == nil && len(libs) == 0
}

// loader finds shared libraries the way the dynamic loader of a root
// filesystem would: DT_RPATH, DT_RUNPATH, then ld.so.conf (what
// ld.so.cache is built from), then the loader's built-in directories.
// Paths are as seen inside root; root "/" is the host.
type loader struct {
	root   string
	system []string
}

func newLoader(root string) *loader {
	l := &loader{root: root}
	l.readConf("/etc/ld.so.conf", 0)
	// musl reads its path from a file named after the architecture.
	if data, err := l.readFile("/etc/ld-musl-" + multiarch.musl + ".path"); err == nil {
		l.system = append(l.system, strings.FieldsFunc(string(data), func(r rune) bool { return r == ':' || r == '\n' })...)
	}
	if t := multiarch.triplet; t != "" {
		l.system = append(l.system, "/lib/"+t, "/usr/lib/"+t)
	}
	if hostClass == elf.ELFCLASS64 {
		l.system = append(l.system, "/lib64", "/usr/lib64")
	}
	l.system = append(l.system, "/lib", "/usr/lib", "/usr/local/lib")
	return l
}

func (l *loader) readFile(path string) ([]byte, error) {
	p, err := resolveInside(l.root, path)
	if err != nil {
		return nil, err
	}
	return readRegular(p)
}

// readRegular reads a file only if it is a regular one. A FIFO a tarball
// put at /etc/ld.so.conf would make a plain read wait for a writer that
// never comes; opened non-blocking, it is seen for what it is and refused.
func readRegular(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%v)", path, fi.Mode().Type())
	}
	return io.ReadAll(f)
}

// readConf reads an ld.so.conf: one directory a line, and include lines
// whose globs are relative to the file's directory.
func (l *loader) readConf(path string, depth int) {
	data, err := l.readFile(path)
	if err != nil || depth > 8 {
		return
	}
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		if len(fields) == 0 || fields[0] == "hwcap" {
			continue
		}
		if fields[0] != "include" {
			for _, d := range fields {
				d, _, _ = strings.Cut(d, "=") // an old "dir=TYPE" form
				l.system = append(l.system, d)
			}
			continue
		}
		for _, pattern := range fields[1:] {
			if !filepath.IsAbs(pattern) {
				pattern = filepath.Join(filepath.Dir(path), pattern)
			}
			// Glob on the host path of the pattern's directory, resolved
			// inside root, so the include cannot reach out of it.
			dir, err := resolveInside(l.root, filepath.Dir(pattern))
			if err != nil {
				continue
			}
			matches, _ := filepath.Glob(filepath.Join(dir, filepath.Base(pattern)))
			for _, m := range matches {
				l.readConf(filepath.Join(filepath.Dir(pattern), filepath.Base(m)), depth+1)
			}
		}
	}
}

// real returns path inside root with its symlinks resolved: $ORIGIN is
// the directory the object really is in.
func (l *loader) real(path string) string {
	host, err := resolveInside(l.root, path)
	if err != nil {
		return path
	}
	return "/" + strings.TrimPrefix(strings.TrimPrefix(host, l.root), "/")
}

// open opens the ELF file at path inside root.
func (l *loader) open(path string) (*elf.File, error) {
	p, err := resolveInside(l.root, path)
	if err != nil {
		return nil, err
	}
	return elf.Open(p)
}

// closure returns what the kernel and the dynamic loader need to run the
// ELF program bin, as paths inside root: its interpreter first, then every
// shared library, transitively, in the order the loader finds them.
func (l *loader) closure(bin string) ([]string, error) {
	exe, err := l.open(bin)
	if err != nil {
		return nil, err
	}
	defer exe.Close()
	interp, err := interpreter(exe)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", bin, err)
	}
	var out []string
	seen := map[string]bool{}
	if interp != "" {
		host, err := resolveInside(l.root, interp)
		if err != nil {
			return nil, fmt.Errorf("%s needs the loader %s, which is missing", bin, interp)
		}
		seen[host] = true
		out = append(out, interp)
	}
	// The executable's DT_RPATH applies to every library it pulls in,
	// unless it has a DT_RUNPATH, which applies to its own needs only.
	var exeRpath []string
	if len(dynDirs(exe, elf.DT_RUNPATH, l.real(bin))) == 0 {
		exeRpath = dynDirs(exe, elf.DT_RPATH, l.real(bin))
	}
	queue := []string{bin}
	for len(queue) > 0 {
		obj := queue[0]
		queue = queue[1:]
		f, err := l.open(obj)
		if err != nil {
			return nil, err
		}
		needed, err := f.ImportedLibraries()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("read the libraries %s needs: %w", obj, err)
		}
		dirs := l.searchPath(f, l.real(obj), exeRpath)
		for _, lib := range needed {
			path, err := l.find(lib, dirs, f)
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s needs %s: %w", obj, lib, err)
			}
			host, _ := resolveInside(l.root, path)
			if !seen[host] {
				seen[host] = true
				out = append(out, path)
				queue = append(queue, path)
			}
		}
		f.Close()
	}
	return out, nil
}

// searchPath is where the loader looks for the libraries obj (a path
// with no symlinks) needs.
func (l *loader) searchPath(f *elf.File, obj string, exeRpath []string) []string {
	var dirs []string
	runpath := dynDirs(f, elf.DT_RUNPATH, obj)
	if len(runpath) == 0 {
		dirs = append(dirs, dynDirs(f, elf.DT_RPATH, obj)...)
		dirs = append(dirs, exeRpath...)
	}
	dirs = append(dirs, runpath...)
	return append(dirs, l.system...)
}

// find returns the first lib in dirs that the loader would accept for f:
// an ELF file of the same machine and class (a 32-bit libc in /usr/lib32
// has the same name as the 64-bit one).
func (l *loader) find(lib string, dirs []string, f *elf.File) (string, error) {
	if strings.Contains(lib, "/") {
		dirs = []string{""}
	}
	for _, d := range dirs {
		cand := filepath.Join(d, lib)
		if g, err := l.open(cand); err == nil {
			ok := g.Machine == f.Machine && g.Class == f.Class
			g.Close()
			if ok {
				return cand, nil
			}
		}
	}
	return "", fmt.Errorf("not found in %s", strings.Join(dirs, ":"))
}

// dynDirs returns the directories in f's DT_RPATH or DT_RUNPATH, with
// $ORIGIN (the directory of the object itself) expanded. A directory with
// another token ($LIB, $PLATFORM) is left out.
func dynDirs(f *elf.File, tag elf.DynTag, obj string) []string {
	vals, _ := f.DynString(tag)
	var dirs []string
	for _, v := range vals {
		for _, d := range strings.Split(v, ":") {
			d = strings.ReplaceAll(d, "${ORIGIN}", filepath.Dir(obj))
			d = strings.ReplaceAll(d, "$ORIGIN", filepath.Dir(obj))
			if d != "" && !strings.Contains(d, "$") {
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
}
