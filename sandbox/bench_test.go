package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/sandbox"
)

// fullSpec is the tour's last step: every namespace, cgroup limits,
// pivot_root and hardening.
func fullSpec(rootfs string) sandbox.Spec {
	return sandbox.Spec{
		Rootfs: rootfs, Root: sandbox.RootPivot, MountProc: true, MountDev: true,
		Namespaces: sandbox.Namespaces{Mount: true, PID: true, UTS: true, IPC: true, Net: true, User: true},
		Hostname:   "burk", UIDMap: userMap, GIDMap: userMap,
		Limits: sandbox.Limits{MemoryBytes: 64 << 20, Pids: 64, CPUQuota: 50 * time.Millisecond},
		Hardening: sandbox.Hardening{Enabled: true, KeepCaps: []string{"CAP_CHOWN", "CAP_KILL", "CAP_SYS_CHROOT"},
			NoNewPrivs: true, MaskedPaths: []string{"/proc/kcore", "/proc/keys"}, ReadonlyPaths: []string{"/proc/sys"},
			SealedBinary: true},
	}
}

// BenchmarkStartTrue compares, in one run, a container at full isolation
// running /bin/true with util-linux's unshare doing the namespaces and a
// chroot. scripts/bench measures the same side by side, in interleaved
// rounds, against the target (at most 2×).
func BenchmarkStartTrue(b *testing.B) {
	testutil.RequireRoot(b)
	rootfs := testutil.BusyboxRootfs(b)
	b.Run("burk", func(b *testing.B) {
		spec := fullSpec(rootfs)
		spec.Args = []string{"/bin/true"}
		for b.Loop() {
			code, _, err := testHost(b).Run(context.Background(), spec)
			if err != nil || code != 0 {
				b.Fatalf("Run = %d, %v", code, err)
			}
		}
	})
	// The same without the user namespace, which unshare above does not
	// make either: Go forks in full (no vfork) when the child must wait
	// for its id maps, and this shows what that costs.
	b.Run("burk-without-userns", func(b *testing.B) {
		spec := fullSpec(rootfs)
		spec.Args = []string{"/bin/true"}
		spec.Namespaces.User, spec.UIDMap, spec.GIDMap = false, nil, nil
		for b.Loop() {
			code, _, err := testHost(b).Run(context.Background(), spec)
			if err != nil || code != 0 {
				b.Fatalf("Run = %d, %v", code, err)
			}
		}
	})
	b.Run("unshare", func(b *testing.B) {
		for b.Loop() {
			if out, err := testutil.UnshareTrue(b, rootfs).CombinedOutput(); err != nil {
				b.Fatalf("unshare: %v: %s", err, out)
			}
		}
	})
}
