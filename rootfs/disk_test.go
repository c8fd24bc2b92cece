package rootfs

// The room on the disk bounds extraction as well as the fixed bound: a
// gzip bomb far smaller than 4 GiB, on a disk smaller than the bomb.
// Assumes root, to mount a tmpfs of 64 MiB as that disk; it is unmounted
// when the test ends.

import (
	"archive/tar"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
)

func TestFaultTarballBombLargerThanTheDisk(t *testing.T) {
	testutil.RequireRoot(t)
	disk := t.TempDir()
	if err := unix.Mount("tmpfs", disk, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size=64m,mode=0755"); err != nil {
		t.Fatalf("mount a 64 MiB tmpfs on %s: %v", disk, err)
	}
	// Registered after TempDir's removal, so it runs before it.
	t.Cleanup(func() {
		if err := unix.Unmount(disk, unix.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", disk, err)
		}
	})
	// 256 MiB of zeros, four times the disk, well under the fixed bound
	// of 4 GiB: 32 files of 8 MiB, a few hundred KiB compressed. Made
	// here, never stored.
	tw, done := newTar(t, "bomb.tar.gz")
	zeros := make([]byte, 1<<20)
	for i := range 32 {
		if err := tw.WriteHeader(&tar.Header{Name: "zeros/" + string(rune('a'+i/26)) + string(rune('a'+i%26)), Typeflag: tar.TypeReg, Mode: 0o644, Size: 8 << 20}); err != nil {
			t.Fatal(err)
		}
		for range 8 {
			if _, err := tw.Write(zeros); err != nil {
				t.Fatal(err)
			}
		}
	}
	bomb := done()
	if fi, _ := os.Stat(bomb); fi.Size() > 4<<20 {
		t.Fatalf("the bomb is %d bytes: not a bomb", fi.Size())
	}

	_, err := buildWithin(t, filepath.Join(disk, "rootfs"), Source(bomb))
	var big *TooLargeError
	if !errors.As(err, &big) || !big.Disk {
		t.Fatalf("Build of a 256 MiB bomb on a 64 MiB tmpfs = %v; want it refused for the room on the disk", err)
	}
	t.Logf("refused: %v", err)
	// Refused before the disk filled: the kernel never said ENOSPC.
	if errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "no space left") {
		t.Errorf("the refusal came from a full disk: %v", err)
	}
	// The room is the tmpfs's, measured before anything was written.
	if big.Free > 64<<20 || big.Free < 56<<20 {
		t.Errorf("free space measured = %d bytes, want the empty 64 MiB tmpfs's", big.Free)
	}
	// Both figures, in both languages.
	for lang, want := range map[i18n.Lang][]string{
		i18n.English: {"more than the disk has room for", sizeString(big.Free) + " is free", "keeps " + sizeString(big.Margin), "the bound for any archive is 4 GiB"},
		i18n.Swedish: {"mer än disken har plats för", sizeString(big.Free) + " är ledigt", "lämnar " + sizeString(big.Margin), "gränsen för alla arkiv är 4 GiB"},
	} {
		said := big.In(lang)
		for _, w := range want {
			if !strings.Contains(said, w) {
				t.Errorf("the refusal in %s = %q, want it to say %q", lang, said, w)
			}
		}
	}
	// It changed nothing: no rootfs, no half-built one beside it.
	if entries, _ := os.ReadDir(disk); len(entries) != 0 {
		t.Errorf("the refused build left %v on the tmpfs", entries)
	}
}
