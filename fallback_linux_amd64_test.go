package main

// Fallbacks on this host: a seccomp filter (internal/vmtest/enosys) makes
// the kernel refuse a syscall, as a kernel without it does, and burk must
// take its fallback. The VM matrix's fallback lines take the others (internal/vmtest,
// fallbacks_test.go lists them). Assumes root, as main_test.go does.

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
)

// buildEnosys builds enosys beside the burk under test.
func buildEnosys(t *testing.T) string {
	t.Helper()
	enosys := filepath.Join(filepath.Dir(burkBin), "enosys")
	if out, err := exec.Command("go", "build", "-o", enosys, "./internal/vmtest/enosys").CombinedOutput(); err != nil {
		t.Fatalf("build enosys: %v\n%s", err, out)
	}
	return enosys
}

func TestTheInitIsSealedWithoutTheNewMountAPI(t *testing.T) {
	dir := rootfsDir(t)
	enosys := buildEnosys(t)
	before := testutil.Snapshot(t)
	cmd := exec.Command(enosys, "fsopen", burkBin, "tour", "--plain", "--step", "hardening", "--rootfs", dir, "--lang", "en")
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("burk tour --plain --step hardening, fsopen refused: %v\n%s", err, out)
	}
	for _, want := range []string{
		`fsopen("overlay", FSOPEN_CLOEXEC) = -1 ENOSYS`,
		`memfd_create("burk-init", MFD_CLOEXEC|MFD_ALLOW_SEALING) = `,
		"F_GET_SEALS) = ",
		"- ✓ The init's binary cannot be written through /proc/<pid>/exe",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the tour without fsopen lacks %q:\n%s", want, out)
		}
	}
	testutil.AssertClean(t, before)
}

// Without pidfds (before Linux 5.3) the tour's shell watches the tour by
// its parent pid instead: it lives while the tour does, and ends with it.
func TestTheTourShellEndsWithTheTourWithoutPidfds(t *testing.T) {
	tourShellEndsWithTheTour(t, buildEnosys(t)+" pidfd_open,pidfd_send_signal")
}
