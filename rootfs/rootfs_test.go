package rootfs

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/testutil"
)

// These tests build real root filesystems under t.TempDir() (Build's
// temporary directory is a sibling of the target, so inside it too) and
// run their shells with chroot(2), which needs root: they skip without it,
// and fail under CI, which runs as root.

// buildInto builds a rootfs in a fresh directory under the test's temp dir.
func buildInto(t testing.TB, from Source) (string, *Report) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "rootfs")
	rep, err := Build(dir, from)
	if err != nil {
		t.Fatalf("Build(%s): %v", from, err)
	}
	t.Logf("built from %s: %v", from, rep)
	return dir, rep
}

// runInside runs a command chrooted into dir, as the chroot step does, and
// returns its output.
func runInside(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	testutil.RequireRoot(t)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: dir}
	cmd.Dir = "/"
	cmd.Env = append([]string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v chrooted in %s: %v: %s", args, dir, err, out)
	}
	return string(out)
}

// requireBusybox fails the test when the host has no static busybox: the
// tests need one (CI installs busybox-static), as the sandbox's do.
func requireBusybox(t testing.TB) {
	t.Helper()
	if _, err := staticBusybox(); err != nil {
		t.Fatal(err)
	}
}

// onHost returns the host's path of each wanted command, looked up in the
// system directories.
func onHost() map[string]string {
	found := map[string]string{}
	for _, name := range hostBinaries {
		for _, d := range []string{"/usr/sbin", "/usr/bin", "/sbin", "/bin"} {
			if fi, err := os.Stat(filepath.Join(d, name)); err == nil && fi.Mode().IsRegular() {
				found[name] = filepath.Join(d, name)
				break
			}
		}
	}
	return found
}

// libDirs are where a loader with no ld.so.cache looks.
func libDirs() []string {
	return []string{"/lib/" + multiarch.triplet, "/usr/lib/" + multiarch.triplet, "/lib64", "/usr/lib64", "/lib", "/usr/lib"}
}

// missingInside walks a program's ELF interpreter and DT_NEEDED libraries,
// transitively, inside dir, and returns what is not there.
func missingInside(t *testing.T, dir, bin string) []string {
	t.Helper()
	var missing []string
	seen := map[string]bool{}
	var walk func(path string, first bool)
	walk = func(path string, first bool) {
		host, err := resolveInside(dir, path)
		if err != nil || seen[host] {
			return
		}
		seen[host] = true
		f, err := elf.Open(host)
		if err != nil {
			return // a #! script
		}
		defer f.Close()
		if first {
			if interp, _ := interpreter(f); interp != "" {
				if _, err := resolveInside(dir, interp); err != nil {
					missing = append(missing, bin+": loader "+interp)
				}
			}
		}
		libs, err := f.ImportedLibraries()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, lib := range libs {
			found := ""
			for _, d := range libDirs() {
				p, err := resolveInside(dir, filepath.Join(d, lib))
				if err != nil {
					continue
				}
				if g, err := elf.Open(p); err == nil {
					if g.Machine == f.Machine && g.Class == f.Class {
						found = filepath.Join(d, lib)
					}
					g.Close()
				}
				if found != "" {
					break
				}
			}
			if found == "" {
				missing = append(missing, bin+": "+lib)
				continue
			}
			walk(found, false)
		}
	}
	walk(bin, true)
	return missing
}

func TestHostRootfsHasEveryBinaryAndWhatItNeeds(t *testing.T) {
	dir, rep := buildInto(t, FromHost)
	host := onHost()
	if host["sh"] == "" {
		t.Fatal("the host has no sh in its system directories")
	}
	for _, name := range hostBinaries {
		path, ok := host[name]
		if !ok {
			if !slices.ContainsFunc(rep.Skipped, func(s string) bool { return strings.HasPrefix(s, name+" ") }) {
				t.Errorf("%s is not on this host, and the report does not say so: %v", name, rep.Skipped)
			}
			continue
		}
		if !slices.Contains(rep.Binaries, path) {
			t.Errorf("the report does not list %s (%s): %v", name, path, rep.Skipped)
		}
		if _, err := resolveInside(dir, path); err != nil {
			t.Errorf("%s is missing from the rootfs: %v", path, err)
			continue
		}
		for _, m := range missingInside(t, dir, path) {
			t.Errorf("not in the rootfs: %s", m)
		}
	}
	if len(rep.Libraries) == 0 || rep.Files < len(rep.Binaries) || rep.Bytes == 0 {
		t.Errorf("report = %v, want the libraries, files and bytes it copied", rep)
	}
	checkSkeleton(t, dir, rep, FromHost)
	// The real loader's verdict: with LD_TRACE_LOADED_OBJECTS glibc's ld.so
	// maps every library a program needs, lists them, and exits.
	for name, path := range host {
		p, _ := resolveInside(dir, path)
		f, err := elf.Open(p)
		if err != nil {
			continue
		}
		interp, _ := interpreter(f)
		f.Close()
		if !strings.Contains(filepath.Base(interp), "ld-linux") {
			continue // not glibc's loader: missingInside has checked it
		}
		out := runInside(t, dir, []string{"LD_TRACE_LOADED_OBJECTS=1"}, path)
		if strings.Contains(out, "not found") {
			t.Errorf("%s in the rootfs: the loader says\n%s", name, out)
		}
	}
	if got := runInside(t, dir, nil, "/bin/sh", "-c", "echo hi"); got != "hi\n" {
		t.Errorf("/bin/sh -c 'echo hi' in the rootfs said %q", got)
	}
	// id reads /etc/passwd through glibc's NSS.
	if got := runInside(t, dir, nil, "/bin/sh", "-c", "id -un; ls /dev/null; echo x >/dev/null && echo ok"); got != "root\n/dev/null\nok\n" {
		t.Errorf("id, ls and /dev/null in the rootfs said %q", got)
	}
}

// checkSkeleton checks what every rootfs gets: mount points, /tmp, /etc,
// device files and the marker.
func checkSkeleton(t *testing.T, dir string, rep *Report, from Source) {
	t.Helper()
	for _, d := range []string{"proc", "dev", "sys", "tmp", "etc", "root"} {
		if fi, err := os.Lstat(filepath.Join(dir, d)); err != nil || !fi.IsDir() {
			t.Errorf("/%s is not a directory: %v", d, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "tmp")); err != nil || fi.Mode().Perm() != 0o777 || fi.Mode()&os.ModeSticky == 0 {
		t.Errorf("/tmp mode = %v, want drwxrwxrwt", fi.Mode())
	}
	for file, want := range map[string]string{"etc/hostname": "burk\n", "etc/passwd": "root:x:0:0:", "etc/group": "root:x:0:", "etc/os-release": "ID=burk"} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil || !strings.Contains(string(data), want) {
			t.Errorf("/%s = %q, %v; want it to hold %q", file, data, err, want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "etc/passwd")); !strings.Contains(string(data), "\nnobody:") {
		t.Errorf("/etc/passwd has no nobody: %q", data)
	}
	if source, format := readMarker(dir); source != from || format != formatVersion {
		t.Errorf("marker = %q, %q; want %q, %q", source, format, from, formatVersion)
	}
	if os.Geteuid() != 0 {
		if len(rep.Devices) != 0 || !slices.ContainsFunc(rep.Skipped, func(s string) bool { return strings.Contains(s, "/dev") }) {
			t.Errorf("not root: devices %v, skipped %v; want none made and the report saying so", rep.Devices, rep.Skipped)
		}
		return
	}
	for _, d := range devices {
		var st syscall.Stat_t
		p := filepath.Join(dir, "dev", d.name)
		if err := syscall.Lstat(p, &st); err != nil {
			t.Errorf("/dev/%s: %v", d.name, err)
			continue
		}
		major, minor := unix.Major(st.Rdev), unix.Minor(st.Rdev)
		if st.Mode&syscall.S_IFMT != syscall.S_IFCHR || st.Mode&0o777 != 0o666 || major != d.major || minor != d.minor {
			t.Errorf("/dev/%s = mode %o, %d:%d; want a character device %d:%d, mode 0666", d.name, st.Mode, major, minor, d.major, d.minor)
		}
	}
	if len(rep.Devices) != len(devices) {
		t.Errorf("report devices = %v, want %d", rep.Devices, len(devices))
	}
}

func TestBusyboxRootfsRuns(t *testing.T) {
	requireBusybox(t)
	dir, rep := buildInto(t, FromBusybox)
	f, err := elf.Open(filepath.Join(dir, "bin", "busybox"))
	if err != nil {
		t.Fatal(err)
	}
	if !isStatic(f) {
		t.Error("/bin/busybox in the rootfs is not static")
	}
	f.Close()
	src, _ := staticBusybox()
	out, err := exec.Command(src, "--list").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, applet := range strings.Fields(string(out)) {
		if applet == "busybox" {
			continue
		}
		if target, err := os.Readlink(filepath.Join(dir, "bin", applet)); err != nil || target != "busybox" {
			t.Errorf("/bin/%s = %q, %v; want a link to busybox", applet, target, err)
		}
	}
	if len(rep.Binaries) != len(strings.Fields(string(out))) {
		t.Errorf("report lists %d commands, busybox --list %d", len(rep.Binaries), len(strings.Fields(string(out))))
	}
	checkSkeleton(t, dir, rep, FromBusybox)
	if got := runInside(t, dir, nil, "/bin/sh", "-c", "echo hi"); got != "hi\n" {
		t.Errorf("busybox sh said %q", got)
	}
}

func BenchmarkBuildHost(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "rootfs")
	for b.Loop() {
		if _, err := Build(dir, FromHost); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildBusybox(b *testing.B) {
	requireBusybox(b)
	dir := filepath.Join(b.TempDir(), "rootfs")
	for b.Loop() {
		if _, err := Build(dir, FromBusybox); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	dir, _ := buildInto(b, FromHost)
	for b.Loop() {
		if err := Verify(dir); err != nil {
			b.Fatal(err)
		}
	}
}
