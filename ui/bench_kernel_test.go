package ui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/steps"
)

// BenchmarkKeyToShownOnThisKernel is the issue's "→ pressed to the new
// step fully shown" with the real engine: a real container per step, on a
// root filesystem built from this host, one sub-benchmark per step (the
// median of their ns/op is the figure to compare with 100 ms).
// Privileged: it assumes root.
func BenchmarkKeyToShownOnThisKernel(b *testing.B) {
	testutil.RequireRoot(b)
	parent, err := os.MkdirTemp("", "burk-ui-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(parent) })
	// The container's root may be mapped to an unprivileged uid: it must
	// be able to reach its root filesystem.
	if err := os.Chmod(parent, 0o755); err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(parent, "rootfs")
	if _, err := rootfs.Build(dir, rootfs.FromHost); err != nil {
		b.Fatalf("build the rootfs: %v", err)
	}
	before := testutil.Snapshot(b)
	engine := &steps.Engine{Rootfs: dir, Host: steps.LocalHost{}}
	m := newTestModel(b, 160, 45, Options{Runner: engine, Lesson: lessons.Get})
	for _, s := range steps.All()[1:] {
		from := m
		b.Run(s.ID, func(b *testing.B) {
			for b.Loop() {
				m = press(from, "right")
				_ = m.View()
			}
			if o := m.current(); o == nil || o.Err != nil {
				b.Fatalf("%s did not run: %+v", s.ID, o)
			}
		})
	}
	testutil.AssertClean(b, before)
}
