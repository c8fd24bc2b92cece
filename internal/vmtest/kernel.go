package vmtest

// Debian's packaged kernels, fetched with apt-get from the archive the
// machine already uses and unpacked with dpkg-deb into a cache outside the
// repository: never installed on the machine that runs the tests.

import (
	"bufio"
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Series is a line of Debian kernels the matrix boots, and how to recognise
// its packages' names. The cloud flavour is used: the same kernel, with
// fewer drivers, so it unpacks and boots faster.
type Series struct {
	Name    string         // "6.1": what a result line names
	Package *regexp.Regexp // the image packages of this series
}

// Kernels are the series the matrix boots: bookworm's own 6.1, and the 6.12
// that trixie ships and bookworm backports.
var Kernels = []Series{
	{"6.1", regexp.MustCompile(`^linux-image-6\.1\.0-([0-9]+)-cloud-amd64$`)},
	{"6.12", regexp.MustCompile(`^linux-image-6\.12\.([0-9]+)\+deb[0-9]+-cloud-amd64$`)},
}

// Kernel is one kernel package, unpacked.
type Kernel struct {
	Series  string
	Package string
	Release string // what uname -r says in the guest
	Dir     string // where the package is unpacked
}

// Image is the kernel qemu boots.
func (k Kernel) Image() string { return filepath.Join(k.Dir, "boot", "vmlinuz-"+k.Release) }

func (k Kernel) modules() string { return filepath.Join(k.Dir, "lib", "modules", k.Release) }

// CacheDir is where kernels are kept between runs, outside the
// repository: $BURK_VMTEST_CACHE, or burk-vmtest in the user's cache
// directory, or in /var/cache when there is no home (as under CI).
func CacheDir() string {
	if d := os.Getenv("BURK_VMTEST_CACHE"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "burk-vmtest")
	}
	return "/var/cache/burk-vmtest"
}

// aptUpdate runs apt-get update at most once per process: a machine whose
// package lists were never fetched knows no kernel package yet.
var aptUpdate = sync.OnceValue(func() error {
	out, err := exec.Command("apt-get", "update", "-qq").CombinedOutput()
	if err != nil {
		return fmt.Errorf("apt-get update: %w\n%s", err, out)
	}
	return nil
})

// FetchKernel makes sure the newest kernel of a series is unpacked in the
// cache, downloading it the first time, and returns it.
func FetchKernel(cache string, s Series) (Kernel, error) {
	if _, err := exec.LookPath("apt-get"); err != nil {
		return Kernel{}, errors.New("the VM tests take Debian's kernels with apt-get and dpkg-deb: run them on Debian or a derivative")
	}
	pkg, err := newestPackage(s)
	if errors.Is(err, errNoPackage) {
		if uerr := aptUpdate(); uerr != nil {
			return Kernel{}, uerr
		}
		pkg, err = newestPackage(s)
	}
	if err != nil {
		return Kernel{}, err
	}
	k := Kernel{Series: s.Name, Package: pkg, Release: strings.TrimPrefix(pkg, "linux-image-"), Dir: filepath.Join(cache, pkg)}
	if _, err := os.Stat(k.Image()); err == nil {
		return k, nil
	}
	// Download and unpack beside the final directory, then rename: an
	// interrupted fetch leaves nothing that looks whole.
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return Kernel{}, err
	}
	work, err := os.MkdirTemp(cache, ".fetch-")
	if err != nil {
		return Kernel{}, err
	}
	defer os.RemoveAll(work)
	dl := exec.Command("apt-get", "download", "-qq", "-o", "APT::Sandbox::User=root", pkg)
	dl.Dir = work
	if out, err := dl.CombinedOutput(); err != nil {
		return Kernel{}, fmt.Errorf("apt-get download %s: %w\n%s", pkg, err, out)
	}
	debs, _ := filepath.Glob(filepath.Join(work, "*.deb"))
	if len(debs) != 1 {
		return Kernel{}, fmt.Errorf("apt-get download %s left %d .deb files", pkg, len(debs))
	}
	unpacked := filepath.Join(work, "root")
	if out, err := exec.Command("dpkg-deb", "-x", debs[0], unpacked).CombinedOutput(); err != nil {
		return Kernel{}, fmt.Errorf("dpkg-deb -x %s: %w\n%s", debs[0], err, out)
	}
	if err := os.Rename(unpacked, k.Dir); err != nil {
		return Kernel{}, err
	}
	if _, err := os.Stat(k.Image()); err != nil {
		return Kernel{}, fmt.Errorf("%s has no kernel image: %w", pkg, err)
	}
	return k, nil
}

var errNoPackage = errors.New("no such package")

// newestPackage asks apt's package lists for the series' packages and picks
// the one with the highest ABI number.
func newestPackage(s Series) (string, error) {
	out, err := exec.Command("apt-cache", "search", "--names-only", s.Package.String()).Output()
	if err != nil {
		return "", fmt.Errorf("apt-cache search: %w", err)
	}
	best, bestN := "", -1
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		name, _, _ := strings.Cut(sc.Text(), " ")
		m := s.Package.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n > bestN {
			best, bestN = name, n
		}
	}
	if best == "" {
		return "", fmt.Errorf("kernel %s: %w matching %s in apt's lists", s.Name, errNoPackage, s.Package)
	}
	return best, nil
}

// V1Lacks lists the controllers the tour uses that this kernel offers on
// cgroup v2 only. From Linux 6.11 memory's v1 interface is a build option
// (CONFIG_MEMCG_V1), which Debian's 6.12 leaves out: on a v1-only host
// such a kernel has no memory controller at all.
func (k Kernel) V1Lacks() ([]string, error) {
	config, err := os.ReadFile(filepath.Join(k.Dir, "boot", "config-"+k.Release))
	if err != nil {
		return nil, err
	}
	var out []string
	if bytes.Contains(config, []byte("\n# CONFIG_MEMCG_V1 is not set\n")) {
		out = append(out, "memory")
	}
	return out, nil
}

// moduleFiles finds the named modules and everything they depend on in the
// kernel's tree, in the order to load them (dependencies first), as plain
// .ko contents: busybox's insmod takes no compressed module. Modules built
// into this kernel are left out; one it has neither way is an error.
func (k Kernel) moduleFiles(names ...string) ([]module, error) {
	paths := map[string]string{} // name -> path
	err := filepath.WalkDir(filepath.Join(k.modules(), "kernel"), func(p string, d os.DirEntry, err error) error {
		if name := moduleName(p); err == nil && !d.IsDir() && name != "" {
			paths[name] = p
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	builtin := map[string]bool{}
	list, _ := os.ReadFile(filepath.Join(k.modules(), "modules.builtin"))
	for _, line := range strings.Fields(string(list)) {
		builtin[moduleName(line)] = true
	}
	var out []module
	seen := map[string]bool{}
	var add func(name string) error
	add = func(name string) error {
		name = strings.ReplaceAll(name, "-", "_")
		if seen[name] {
			return nil
		}
		seen[name] = true
		p, ok := paths[name]
		if !ok {
			if builtin[name] {
				return nil
			}
			return fmt.Errorf("kernel %s has no module %s", k.Release, name)
		}
		data, err := readModule(p)
		if err != nil {
			return err
		}
		deps, err := moduleDepends(data)
		if err != nil {
			return fmt.Errorf("module %s: %w", p, err)
		}
		for _, d := range deps {
			if err := add(d); err != nil {
				return err
			}
		}
		out = append(out, module{name, data})
		return nil
	}
	for _, n := range names {
		if err := add(n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// moduleName is the name the kernel knows a module file by:
// kernel/net/ipv4/ip_tunnel.ko.xz is ip_tunnel, and - and _ are the same.
func moduleName(path string) string {
	base := filepath.Base(path)
	i := strings.Index(base, ".ko")
	if i <= 0 {
		return ""
	}
	return strings.ReplaceAll(base[:i], "-", "_")
}

type module struct {
	name string
	data []byte
}

// readModule reads a module file; an .xz one is unpacked with busybox's
// xz, which the tests need anyway (Go's library has no xz).
func readModule(p string) ([]byte, error) {
	if !strings.HasSuffix(p, ".xz") {
		return os.ReadFile(p)
	}
	out, err := exec.Command(busyboxPath, "xz", "-dc", p).Output()
	if err != nil {
		return nil, fmt.Errorf("busybox xz -dc %s: %w", p, err)
	}
	return out, nil
}

// moduleDepends reads the depends= entry of a module's .modinfo section:
// what depmod would have written into modules.dep, which the package lacks.
func moduleDepends(ko []byte) ([]string, error) {
	f, err := elf.NewFile(bytes.NewReader(ko))
	if err != nil {
		return nil, err
	}
	sec := f.Section(".modinfo")
	if sec == nil {
		return nil, errors.New("no .modinfo section")
	}
	info, err := sec.Data()
	if err != nil {
		return nil, err
	}
	for _, kv := range bytes.Split(info, []byte{0}) {
		if deps, ok := bytes.CutPrefix(kv, []byte("depends=")); ok {
			var out []string
			for _, d := range strings.Split(string(deps), ",") {
				if d != "" && !slices.Contains(out, d) {
					out = append(out, d)
				}
			}
			return out, nil
		}
	}
	return nil, nil
}
