package vmtest

// TestServeOnCgroupV2 runs burk serve in a guest booted with cgroup v2
// only, where the server delegates each session's cgroup to it: a learner
// logs in (servewalk, a Go SSH client: the guest has no ssh) and walks the
// tour from the cgroups step, whose claims must hold inside the session,
// not skip; and the guest's host must see the session's cgroups bite (an
// OOM kill in memory.events, forks refused in pids.events). This host is
// hybrid, so without this line the delegation is never tried. It assumes
// what TestHostMatrix does: root, qemu, a static busybox, the cached
// kernels.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// serveStage is the guest's PID 1 after the switch to its tmpfs root: the
// host set up as systemd leaves a cgroup-v2 machine (every controller
// enabled at the root), burk serve with a class code, one learner.
const serveStage = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root TERM=dumb LANG=C.UTF-8
say() { echo "BURKVM $*"; }
halt() {
	say end
	sync
	poweroff -f
}
trap halt EXIT
mkdir -p /proc /sys /dev /tmp /run
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts devpts /dev/pts
mount -t tmpfs shm /dev/shm
mount -t mqueue mqueue /dev/mqueue
mount -t tmpfs tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
hostname burkvm
ip link set lo up
for m in $(cat /modules/order); do
	insmod "/modules/$m.ko" || say error "insmod $m failed"
done
mount -t cgroup2 cgroup2 /sys/fs/cgroup
for c in $(cat /sys/fs/cgroup/cgroup.controllers); do
	echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control
done
say booted
# The tour's root filesystem, built here: the initramfs keeps no file's
# time, and burk would find a copy of one built elsewhere changed.
burk rootfs --dir /tmp/rootfs --from busybox >/dev/null || say error "burk rootfs failed"
burk serve --listen 127.0.0.1:2222 --code tulpan42 --rootfs /tmp/rootfs --dir /tmp/serve \
	--memory 256M --pids 128 >/tmp/serve.log 2>&1 &
server=$!
i=0
until grep -q "listening on" /tmp/serve.log; do
	i=$((i + 1))
	if [ $i -gt 600 ]; then
		cat /tmp/serve.log
		say error "burk serve did not start"
		exit 1
	fi
	sleep 0.1
done
/rootfs/servewalk/servewalk 127.0.0.1:2222 anna tulpan42 cgroups
kill -INT $server
wait $server
cat /tmp/serve.log
for d in $(find /sys/fs/cgroup -name 'burk-*' -type d); do
	say error "left behind: $(find "$d" -type d | tr '\n' ' ')"
done
exit 0
`

func TestServeOnCgroupV2(t *testing.T) {
	needsVMs(t)
	t.Parallel() // beside the other tests that boot guests (guestSlot)
	work := t.TempDir()
	os.Chmod(work, 0o755)
	burk := filepath.Join(work, "burk")
	walkDir := filepath.Join(work, "servewalk")
	os.Mkdir(walkDir, 0o755)
	for pkg, out := range map[string]string{"github.com/burk-tui/burk": burk,
		"github.com/burk-tui/burk/internal/vmtest/servewalk": filepath.Join(walkDir, "servewalk")} {
		build := exec.Command("go", "build", "-o", out, pkg)
		build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", pkg, err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(walkDir, "stage"), []byte(serveStage), 0o755); err != nil {
		t.Fatal(err)
	}
	series := Kernels[len(Kernels)-1]
	k, err := FetchKernel(CacheDir(), series)
	testutil.Need(t, "Debian's kernel "+series.Name, err)
	// guest/init, but switching to serveStage instead of guest/stage2.
	// The walker and the stage reach the guest as a tree of their own
	// beside the root filesystems: Initramfs has no other way in for files.
	init, _ := guestScripts.ReadFile("guest/init")
	if !bytes.Contains(init, []byte("/newroot /stage2")) {
		t.Fatalf("guest/init no longer switches to /newroot /stage2: this test's stage needs another way in")
	}
	init = bytes.Replace(init, []byte("/newroot /stage2"), []byte("/newroot /rootfs/servewalk/stage"), 1)
	ir := Initramfs{Burk: burk, Rootfs: map[string]string{"servewalk": walkDir},
		Modules: GuestModules, Init: init}
	img := filepath.Join(work, "initramfs.cpio.gz")
	if err := ir.Build(k, img); err != nil {
		t.Fatal(err)
	}
	var console strings.Builder
	release := guestSlot()
	start := time.Now()
	lines, err := Boot(context.Background(), Config{Kernel: k, Cgroups: "v2", Initramfs: img, Timeout: 4 * time.Minute}, &console)
	release()
	t.Logf("kernel %s, cgroup v2, burk serve and one learner to the cgroups step: %.0fs", k.Release, time.Since(start).Seconds())
	if err != nil {
		t.Fatalf("%v; the console:\n%s", err, console.String())
	}
	step, err := steps.ByID("cgroups")
	if err != nil {
		t.Fatal(err)
	}
	var result *Line
	var details []string
	for i, l := range lines {
		switch l.Kind {
		case "error":
			t.Errorf("the guest: %s", l.Text)
		case "detail":
			details = append(details, l.Text)
		case "result":
			result = &lines[i]
		}
	}
	if result == nil {
		t.Fatalf("the walker said nothing; the console:\n%s", console.String())
	}
	n := func(k string) int { v, _ := strconv.Atoi(result.Fields[k]); return v }
	if n("held") != len(step.Claims) || n("skipped") != 0 || n("failed") != 0 {
		t.Errorf("the cgroups step in a session: %d held, %d skipped, %d failed; want all %d held:\n%s",
			n("held"), n("skipped"), n("failed"), len(step.Claims), strings.Join(details, "\n"))
	}
	if n("oom_kill") < 1 || n("pids_max") < 1 {
		t.Errorf("from the guest's host, the session's cgroup (%s) counted %d OOM kills and %d forks refused at pids.max; want both",
			result.Fields["cgroup"], n("oom_kill"), n("pids_max"))
	}
	t.Logf("the cgroups step in the session: %d of %d claims held; the guest's host saw %d OOM kills and %d forks refused at pids.max in %s",
		n("held"), len(step.Claims), n("oom_kill"), n("pids_max"), result.Fields["cgroup"])
	if t.Failed() {
		t.Logf("the console:\n%s", console.String())
	}
}
