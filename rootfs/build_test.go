package rootfs

import (
	"archive/tar"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
)

func TestBuildRefusesWhatBurkDidNotMake(t *testing.T) {
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "precious"), []byte("keep"), 0o644)
	aFile := filepath.Join(t.TempDir(), "file")
	os.WriteFile(aFile, []byte("keep"), 0o644)
	cases := map[string]struct{ dir, want string }{
		"a foreign directory": {foreign, "not built by burk"},
		"a file":              {aFile, "is a file"},
		"the host's /":        {"/", "host's /"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			parent := filepath.Dir(tc.dir)
			before := testutil.ListNames(t, parent)
			_, err := Build(tc.dir, FromHost)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Build(%s) = %v, want an error saying %q", tc.dir, err, tc.want)
			}
			if after := testutil.ListNames(t, parent); !slices.Equal(before, after) {
				t.Errorf("the refused build changed %s: %v, was %v", parent, after, before)
			}
		})
	}
	if data, _ := os.ReadFile(filepath.Join(foreign, "precious")); string(data) != "keep" {
		t.Error("Build touched a file it did not make")
	}
	if data, _ := os.ReadFile(aFile); string(data) != "keep" {
		t.Error("Build touched a file given as its directory")
	}
}

func TestBuildReplacesItsOwnRootfs(t *testing.T) {
	requireBusybox(t)
	dir, _ := buildInto(t, FromBusybox)
	stray := filepath.Join(dir, "stray")
	os.WriteFile(stray, []byte("left by a container"), 0o644)
	if _, err := Build(dir, FromHost); err != nil {
		t.Fatalf("rebuilding a rootfs burk made: %v", err)
	}
	if _, err := os.Lstat(stray); err == nil {
		t.Error("the rebuild kept a file of the old rootfs")
	}
	if source, _ := readMarker(dir); source != FromHost {
		t.Errorf("marker source = %q after rebuilding from host", source)
	}
	if err := Verify(dir); err != nil {
		t.Error(err)
	}
	// Only the rootfs is left in its parent: no build or old directory.
	if names := testutil.ListNames(t, filepath.Dir(dir)); !slices.Equal(names, []string{"rootfs"}) {
		t.Errorf("beside the rootfs: %v", names)
	}
}

func TestAFailedBuildKeepsTheOldRootfs(t *testing.T) {
	dir, _ := buildInto(t, FromHost)
	before := testutil.ListNames(t, dir)
	_, err := Build(dir, Source(filepath.Join(t.TempDir(), "missing.tar")))
	if err == nil {
		t.Fatal("Build from a missing tarball succeeded")
	}
	// A build that fails midway: an entry that climbs out.
	evil := makeTar(t, "evil.tar", entry{name: "../evil", typ: tar.TypeReg, mode: 0o644, body: "x"})
	if _, err := Build(dir, Source(evil)); err == nil {
		t.Fatal("Build from an escaping tarball succeeded")
	}
	if after := testutil.ListNames(t, dir); !slices.Equal(before, after) {
		t.Errorf("the rootfs changed: %v, was %v", after, before)
	}
	if source, _ := readMarker(dir); source != FromHost {
		t.Errorf("marker source = %q, want the old rootfs's", source)
	}
	if names := testutil.ListNames(t, filepath.Dir(dir)); !slices.Equal(names, []string{"rootfs"}) {
		t.Errorf("beside the rootfs: %v", names)
	}
}

func TestBuildRemovesWhatAKilledBuildLeft(t *testing.T) {
	parent := t.TempDir()
	// A pid that is gone: a process of ours that has exited.
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(parent, fmt.Sprintf(".rootfs.building-%d", gone.Process.Pid))
	live := filepath.Join(parent, ".rootfs.building-1") // init is alive
	for _, d := range []string{stale, live} {
		os.MkdirAll(filepath.Join(d, "bin"), 0o755)
	}
	if _, err := Build(filepath.Join(parent, "rootfs"), FromHost); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(stale); err == nil {
		t.Error("the dead build's directory is still there")
	}
	if _, err := os.Lstat(live); err != nil {
		t.Error("Build removed the directory of a build whose process lives")
	}
}

func TestEnsure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "rootfs")
	if built, err := Ensure(dir); err != nil || !built {
		t.Fatalf("Ensure on nothing = %v, %v; want it built", built, err)
	}
	if err := Verify(dir); err != nil {
		t.Fatal(err)
	}
	if built, err := Ensure(dir); err != nil || built {
		t.Errorf("Ensure on a good rootfs = %v, %v; want a no-op", built, err)
	}
	sh, _ := resolveInside(dir, "/bin/sh")
	os.Remove(sh)
	if built, err := Ensure(dir); err != nil || !built {
		t.Errorf("Ensure on a rootfs without its shell = %v, %v; want it rebuilt", built, err)
	}
	if err := Verify(dir); err != nil {
		t.Error(err)
	}
	os.WriteFile(filepath.Join(dir, marker), []byte("source=host\nformat=0\n"), 0o644)
	if built, err := Ensure(dir); err != nil || !built {
		t.Errorf("Ensure on an old format = %v, %v; want it rebuilt", built, err)
	}
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "precious"), nil, 0o644)
	if built, err := Ensure(foreign); err == nil || built {
		t.Errorf("Ensure on a foreign directory = %v, %v; want an error", built, err)
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("BURK_ROOTFS", "/srv/burk")
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	if got := DefaultDir(); got != "/srv/burk" {
		t.Errorf("with BURK_ROOTFS: %q", got)
	}
	t.Setenv("BURK_ROOTFS", "")
	if got := DefaultDir(); got != "/xdg/burk/rootfs" {
		t.Errorf("with XDG_CACHE_HOME: %q", got)
	}
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "/home/learner")
	want := "/home/learner/.cache/burk/rootfs"
	if os.Geteuid() == 0 {
		want = "/var/cache/burk/rootfs"
	}
	if got := DefaultDir(); got != want {
		t.Errorf("with neither: %q, want %q", got, want)
	}
}

func TestMountsUnder(t *testing.T) {
	if got := mountsUnder("/"); !slices.Contains(got, "/proc") {
		t.Errorf("mountsUnder(/) = %v, want /proc among them", got)
	}
	if got := mountsUnder(t.TempDir()); len(got) != 0 {
		t.Errorf("mountsUnder(a fresh temp dir) = %v", got)
	}
}
