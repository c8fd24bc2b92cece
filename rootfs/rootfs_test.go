package rootfs

import (
	"archive/tar"
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
)

// buildInto builds a rootfs in a fresh directory under the test's temp dir.
func buildInto(t *testing.T, from Source) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "rootfs")
	rep, err := Build(dir, from)
	if err != nil {
		t.Fatalf("Build(%s): %v", from, err)
	}
	t.Logf("built from %s: %v", from, rep)
	return dir
}

// runInside runs a command chrooted into dir, as a real container would.
func runInside(t *testing.T, dir string, args ...string) string {
	t.Helper()
	testutil.RequireRoot(t)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: dir}
	cmd.Dir = "/"
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v in %s: %v: %s", args, dir, err, out)
	}
	return string(out)
}

func TestHostRootfsHasEveryBinaryAndItsLibraries(t *testing.T) {
	dir := buildInto(t, FromHost)
	for _, name := range []string{"sh", "ps", "mount", "hostname", "ls", "cat", "id", "sleep", "grep"} {
		p, err := resolveInside(dir, "/bin/"+name)
		if err != nil {
			t.Errorf("/bin/%s missing: %v", name, err)
			continue
		}
		// Every library it needs resolves inside the rootfs.
		f, err := elf.Open(p)
		if err != nil {
			continue // a script
		}
		libs, _ := f.ImportedLibraries()
		f.Close()
		for _, lib := range libs {
			found := false
			for _, d := range []string{"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/lib", "/usr/lib", "/lib/aarch64-linux-gnu"} {
				if _, err := resolveInside(dir, filepath.Join(d, lib)); err == nil {
					found = true
				}
			}
			if !found {
				t.Errorf("%s needs %s, not in the rootfs", name, lib)
			}
		}
	}
	if got := runInside(t, dir, "/bin/sh", "-c", "echo hi; ls / >/dev/null; id -u; echo ok"); got != "hi\n0\nok\n" {
		t.Errorf("sh in the rootfs said %q", got)
	}
}

func TestBusyboxRootfsRuns(t *testing.T) {
	if _, err := staticBusybox(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Log("no static busybox here; CI installs it")
		return
	}
	dir := buildInto(t, FromBusybox)
	if got := runInside(t, dir, "/bin/sh", "-c", "echo hi"); got != "hi\n" {
		t.Errorf("busybox sh said %q", got)
	}
}

func TestTarballRootfs(t *testing.T) {
	src := buildInto(t, FromBusybox)
	tarPath := filepath.Join(t.TempDir(), "image.tar")
	if out, err := exec.Command("tar", "-C", src, "-cf", tarPath, ".").CombinedOutput(); err != nil {
		t.Fatalf("tar: %v %s", err, out)
	}
	dir := buildInto(t, Source(tarPath))
	if got := runInside(t, dir, "/bin/sh", "-c", "echo from tar"); got != "from tar\n" {
		t.Errorf("sh from the tarball said %q", got)
	}
}

func TestTarballThatEscapesIsRefused(t *testing.T) {
	tarPath := filepath.Join(t.TempDir(), "evil.tar")
	f, _ := os.Create(tarPath)
	tw := tar.NewWriter(f)
	tw.WriteHeader(&tar.Header{Name: "../../evil", Mode: 0o644, Size: 1, Typeflag: tar.TypeReg})
	tw.Write([]byte("x"))
	tw.Close()
	f.Close()
	dir := filepath.Join(t.TempDir(), "rootfs")
	if _, err := Build(dir, Source(tarPath)); err == nil {
		t.Fatal("Build accepted a tar entry that climbs out of the rootfs")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil")); err == nil {
		t.Error("the escaping entry was written")
	}
}

func TestVerifyNamesWhatIsWrong(t *testing.T) {
	empty := t.TempDir()
	noShell := t.TempDir()
	os.MkdirAll(filepath.Join(noShell, "bin"), 0o755)
	os.WriteFile(filepath.Join(noShell, "bin", "ls"), []byte("x"), 0o755)
	wrongArch := t.TempDir()
	for _, d := range []string{"bin", "proc", "dev", "tmp", "etc"} {
		os.MkdirAll(filepath.Join(wrongArch, d), 0o755)
	}
	// An ELF header for another machine than this one.
	hdr := make([]byte, 64)
	copy(hdr, "\x7fELF\x02\x01\x01")
	hdr[16] = 2 // ET_EXEC
	machine := elf.EM_AARCH64
	if goarchMachine["amd64"] != elf.EM_X86_64 || os.Getenv("GOARCH") == "arm64" {
		machine = elf.EM_X86_64
	}
	hdr[18], hdr[19] = byte(machine), byte(machine>>8)
	hdr[20] = 1
	os.WriteFile(filepath.Join(wrongArch, "bin", "sh"), hdr, 0o755)
	cases := map[string]struct{ dir, want string }{
		"the host's /": {"/", "host's own /"},
		"missing":      {"/nonexistent/burk", "does not exist"},
		"empty":        {empty, "is empty"},
		"no shell":     {noShell, "no shell"},
		"another arch": {wrongArch, "built for"},
	}
	for name, tc := range cases {
		err := Verify(tc.dir)
		var ve *VerifyError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Verify = %v, want a VerifyError saying %q", name, err, tc.want)
		}
	}
}

func TestBuildRefusesAForeignDirectory(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "precious"), []byte("keep"), 0o644)
	if _, err := Build(dir, FromHost); err == nil {
		t.Fatal("Build overwrote a non-empty directory burk did not make")
	}
	if _, err := os.Stat(filepath.Join(dir, "precious")); err != nil {
		t.Fatal("Build removed a file it did not make")
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
