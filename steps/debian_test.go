package steps_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/steps"
)

// A rootfs a user brings: Debian, made with debootstrap from Debian's
// archive, exported as a tarball the way `docker export` would, and
// imported with `burk rootfs --from FILE.tar`. Every claim must hold on
// it too: procps and iproute2 print differently from busybox.
func TestEveryClaimHoldsOnADebianRootfs(t *testing.T) {
	testutil.RequireRoot(t)
	if _, err := exec.LookPath("debootstrap"); err != nil {
		t.Fatal("this test needs debootstrap (scripts/test installs it)")
	}
	work, err := os.MkdirTemp("", "burk-debian-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(work, 0o755)
	defer os.RemoveAll(work)
	staged := filepath.Join(work, "staged")
	// Bounded: a slow mirror fails the test in minutes, not at CI's limit.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "debootstrap", "--variant=minbase", "--include=procps,iproute2", "stable", staged)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("debootstrap: %v\n%s", err, tail(out))
	}
	tarball := filepath.Join(work, "debian.tar")
	if out, err := exec.Command("tar", "-C", staged, "-cf", tarball, ".").CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	os.RemoveAll(staged)
	dir := filepath.Join(work, "rootfs")
	if _, err := rootfs.Build(dir, rootfs.Source(tarball)); err != nil {
		t.Fatalf("burk rootfs --from %s: %v", tarball, err)
	}
	engine := newEngine(t, dir)
	for _, s := range steps.All() {
		before := testutil.Snapshot(t)
		obs := engine.Run(context.Background(), s, "")
		if obs.Err != nil {
			t.Errorf("%s: %v", s.ID, obs.Err)
			continue
		}
		for _, c := range obs.Claims {
			if !c.Held {
				t.Errorf("%s: claim %q did not hold: %s", s.ID, c.Text.String(), c.Seen)
			}
		}
		// procps and iproute2 print English of their own: it stays Raw,
		// and what burk wrote came from its catalogue.
		for _, lang := range i18n.Langs {
			for _, p := range untranslated(obs, lang) {
				t.Errorf("%s: %s: %s", s.ID, lang, p)
			}
		}
		testutil.AssertClean(t, before)
	}
}

func tail(b []byte) []byte {
	if len(b) > 2000 {
		return b[len(b)-2000:]
	}
	return b
}
