package vmtest

// Tests of the harness itself: the archive it writes, the lines it reads,
// and a guest that never finishes. The last assumes root, qemu and the
// cached 6.1 kernel, as TestHostMatrix does.

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/rootfs"
)

// buildRootfs builds a root filesystem in dir as burk rootfs does, without
// burk rootfs's hold on the host's lock: the directory is the test's own,
// and so the guests need nothing of the host's but its CPUs, and may run
// beside the host's tests, whose burk would find the lock taken, or hold
// it from them.
func buildRootfs(t *testing.T, dir, from string) {
	t.Helper()
	if _, err := rootfs.Build(dir, rootfs.Source(from)); err != nil {
		t.Fatalf("build a root filesystem from %s: %v", from, err)
	}
}

func TestTheInitramfsUnpacksAsWritten(t *testing.T) {
	if _, err := os.Stat(busyboxPath); err != nil {
		testutil.Need(t, "a static busybox (apt-get install busybox-static)", err)
	}
	var buf bytes.Buffer
	a := newInitramfs(&buf)
	a.dir("etc")
	a.file("etc/motd", 0o640, []byte("hej\n"))
	a.symlink("etc/link", "motd")
	a.entry("console", unix.S_IFCHR|0o600, unix.Mkdev(5, 1), nil)
	if err := a.close(); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	// busybox's cpio is a reader written by others: what it lists is
	// what the kernel will unpack.
	cmd := exec.Command(busyboxPath, "cpio", "-t", "-v")
	cmd.Stdin = bytes.NewReader(raw)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("busybox cpio -tv: %v\n%s", err, out)
	}
	listing := string(out)
	for _, want := range []string{"drwxr-xr-x", "-rw-r-----", "etc/motd", "etc/link -> motd", "crw-------", "console"} {
		if !strings.Contains(listing, want) {
			t.Errorf("busybox cpio -tv lists no %q:\n%s", want, listing)
		}
	}
	// Its listing has no device numbers: unpack the node (root may) and
	// ask the kernel.
	if os.Geteuid() == 0 {
		dir := t.TempDir()
		cmd := exec.Command(busyboxPath, "cpio", "-i", "-d")
		cmd.Dir, cmd.Stdin = dir, bytes.NewReader(raw)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("busybox cpio -i: %v\n%s", err, out)
		}
		var st unix.Stat_t
		if err := unix.Lstat(filepath.Join(dir, "console"), &st); err != nil {
			t.Fatal(err)
		}
		if st.Rdev != unix.Mkdev(5, 1) {
			t.Errorf("console is device %d:%d, want 5:1", unix.Major(st.Rdev), unix.Minor(st.Rdev))
		}
		if data, _ := os.ReadFile(filepath.Join(dir, "etc/motd")); string(data) != "hej\n" {
			t.Errorf("etc/motd = %q, want %q", data, "hej\n")
		}
	}
	if len(raw)%4 != 0 {
		t.Errorf("archive length %d: newc pads every entry to four bytes", len(raw))
	}
}

// Every root filesystem meets / private and / shared on every kernel and
// in every cgroup layout, though no line runs every one in both.
func TestTheLinesRunEveryRootfsInBothPhases(t *testing.T) {
	var lines []Config
	for ki, s := range Kernels {
		lines = append(lines, wholeTourLines(Kernel{Series: s.Name}, ki, "", nil, []string{"busybox", "host"})...)
	}
	if missed := uncoveredPhases(lines); len(missed) > 0 {
		t.Errorf("uncovered:\n%s", strings.Join(missed, "\n"))
	}
	for _, c := range lines {
		if len(c.Private)+len(c.Shared) != 2 {
			t.Errorf("%s runs the tour %d times, want 2", c.Name(), len(c.Private)+len(c.Shared))
		}
	}
}

func TestParseLine(t *testing.T) {
	l, ok := ParseLine("[  3.1] junk BURKVM result cgroups=v2 propagation=shared held=30\r")
	if !ok || l.Kind != "result" || l.Fields["cgroups"] != "v2" || l.Fields["held"] != "30" {
		t.Errorf("ParseLine = %+v, %v", l, ok)
	}
	l, ok = ParseLine("BURKVM detail private host claim: - seen: a=b c")
	if !ok || l.Kind != "detail" || len(l.Fields) != 0 || l.Text != "private host claim: - seen: a=b c" {
		t.Errorf("ParseLine(detail) = %+v, %v: a detail's words are text, not fields", l, ok)
	}
	if _, ok := ParseLine("Booting from ROM..."); ok {
		t.Error("ParseLine took a line the guest did not write")
	}
}

func TestAHungGuestIsATimeoutWithItsConsole(t *testing.T) {
	needsVMs(t)
	t.Parallel() // beside the other tests that boot guests (guestSlot)
	k, err := FetchKernel(CacheDir(), Kernels[0])
	testutil.Need(t, "Debian's kernel "+Kernels[0].Name, err)
	dir := t.TempDir()
	burk := filepath.Join(dir, "burk")
	os.WriteFile(burk, []byte("#!/bin/sh\n"), 0o755)
	ir := Initramfs{Burk: burk, Init: []byte("#!/bin/busybox sh\necho the guest is up\nexec /bin/busybox sleep 3600\n")}
	img := filepath.Join(dir, "initramfs.cpio.gz")
	if err := ir.Build(k, img); err != nil {
		t.Fatal(err)
	}
	var console strings.Builder
	release := guestSlot()
	start := time.Now()
	_, err = Boot(context.Background(), Config{Kernel: k, Cgroups: "v2", Initramfs: img, Timeout: 20 * time.Second}, &console)
	release()
	if err == nil || !strings.Contains(err.Error(), "did not finish") {
		t.Errorf("Boot of a guest that sleeps = %v, want a timeout", err)
	}
	if took := time.Since(start); took > time.Minute {
		t.Errorf("the timeout of 20s took %v", took)
	}
	if !strings.Contains(console.String(), "the guest is up") {
		t.Errorf("the console lacks what the guest said:\n%s", console.String())
	}
}
