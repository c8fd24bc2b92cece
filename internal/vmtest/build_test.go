package vmtest

// TestBuildYourOwnInVMs boots the newest kernel on cgroup v2 and the oldest
// on v1, and checks there what `burk build check` checks here: the
// reference runtime up to each stage passes that stage, and the skeleton
// does not pass the first.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/build"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
)

// buildStage is the guest's script after the switch to its tmpfs root: it
// mounts the cgroups as burk.cgroups= says and checks every stage with the
// reference up to it, one "BURKVM result" line each.
const buildStage = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root TERM=dumb LANG=C.UTF-8
trap 'echo "BURKVM end"; sync; poweroff -f' EXIT
mkdir -p /proc /sys /dev /tmp /run /root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
hostname burkvm
case "$(sed -n 's/.*burk\.cgroups=\([^ ]*\).*/\1/p' /proc/cmdline)" in
v2) mount -t cgroup2 cgroup2 /sys/fs/cgroup ;;
v1)
	mount -t tmpfs -o mode=0755 cgroup /sys/fs/cgroup
	for c in memory pids cpu,cpuacct; do
		mkdir /sys/fs/cgroup/$c
		mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c
	done
	ln -s cpu,cpuacct /sys/fs/cgroup/cpu
	;;
esac
echo "BURKVM booted"
check() {
	out=$(burk build check --binary "/rootfs/solutions/$1" --stage "$2" --rootfs /rootfs/busybox 2>&1)
	echo "BURKVM result runtime=$1 stage=$2 rc=$?"
	echo "$out" | sed 's/^/BURKVM detail /'
}
check sol0 1
for n in $(seq 1 14); do check sol$n $n; done
`

func TestBuildYourOwnInVMs(t *testing.T) {
	needsVMs(t)
	t.Parallel() // beside the other tests that boot guests (guestSlot)
	work := t.TempDir()
	os.Chmod(work, 0o755)
	burk := filepath.Join(work, "burk")
	cmd := exec.Command("go", "build", "-o", burk, "github.com/burk-tui/burk")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // the guest has no C library
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build burk: %v\n%s", err, out)
	}
	busybox := filepath.Join(work, "busybox")
	buildRootfs(t, busybox, "busybox")
	// The reference up to each stage, built as a learner builds it.
	sols := filepath.Join(work, "solutions")
	os.MkdirAll(sols, 0o755)
	os.WriteFile(filepath.Join(sols, "stage.sh"), []byte(buildStage), 0o755)
	for n := 0; n <= len(build.Stages()); n++ {
		files, err := build.Files(i18n.English)
		if err != nil {
			t.Fatal(err)
		}
		if files["main.go"], err = build.Program(n, i18n.English); err != nil {
			t.Fatal(err)
		}
		mod := filepath.Join(work, fmt.Sprintf("mod%d", n))
		os.MkdirAll(mod, 0o755)
		for name, text := range files {
			os.WriteFile(filepath.Join(mod, name), []byte(text), 0o644)
		}
		bin, clean, err := build.BuildModule(context.Background(), mod)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(bin)
		clean()
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(sols, fmt.Sprintf("sol%d", n)), data, 0o755)
	}
	// guest/init, which switches to a tmpfs root, then runs buildStage.
	init, _ := guestScripts.ReadFile("guest/init")
	init = bytes.Replace(init, []byte("/newroot /stage2"), []byte("/newroot /rootfs/solutions/stage.sh"), 1)
	ir := Initramfs{Burk: burk, Rootfs: map[string]string{"busybox": busybox, "solutions": sols}, Init: init}
	for _, c := range []struct{ series, cgroups string }{{Kernels[len(Kernels)-1].Name, "v2"}, {Kernels[0].Name, "v1"}} {
		t.Run(c.series+"/"+c.cgroups, func(t *testing.T) {
			t.Parallel()
			var series Series
			for _, s := range Kernels {
				if s.Name == c.series {
					series = s
				}
			}
			k, err := FetchKernel(CacheDir(), series)
			testutil.Need(t, "Debian's kernel "+c.series, err)
			img := filepath.Join(work, "initramfs-build-"+c.cgroups+".cpio.gz")
			if err := ir.Build(k, img); err != nil {
				t.Fatal(err)
			}
			var console strings.Builder
			release := guestSlot()
			lines, err := Boot(context.Background(), Config{Kernel: k, Cgroups: c.cgroups, Initramfs: img, Timeout: 8 * time.Minute}, &console)
			release()
			if err != nil {
				t.Fatalf("boot: %v\n%s", err, console.String())
			}
			results := 0
			for _, l := range lines {
				if l.Kind != "result" {
					continue
				}
				results++
				want := "0"
				if l.Fields["runtime"] == "sol0" {
					want = "1" // the skeleton passes not even the first
				}
				t.Logf("%s stage %s rc=%s", l.Fields["runtime"], l.Fields["stage"], l.Fields["rc"])
				if l.Fields["rc"] != want {
					t.Errorf("%s on stage %s: rc=%s, want %s", l.Fields["runtime"], l.Fields["stage"], l.Fields["rc"], want)
				}
			}
			if results != len(build.Stages())+1 || t.Failed() {
				t.Errorf("%d results of %d\n%s", results, len(build.Stages())+1, console.String())
			}
		})
	}
}
