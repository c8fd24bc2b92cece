package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/trace"
)

// The init must not run from a file a container can write. A process in
// the container can open /proc/<init>/exe; were that the burk binary on the
// host's disk, root inside could overwrite it and run code on the host the
// next time burk starts (CVE-2019-5736, the runc breakout).
//
// burk does what runc does since 1.2: it reaches its own binary through an
// overlayfs that has no upper layer, and so cannot be written, mounted with
// the new mount API into no mount table at all (fsopen, fsmount), and execs
// the init through that. Nothing is copied. Where that is not possible (no
// overlayfs, Linux before 5.2) it falls back to a sealed copy in a memfd,
// which costs a copy of the binary (several ms) once per burk process.
type sealedExe struct {
	file *os.File
	// how names the way it was sealed, for the trace: "overlay" or "memfd".
	how string
}

// initBinary returns the path the init is executed from, and records how
// it was protected.
func (h *Host) initBinary(seal bool, rec *trace.Recorder) (string, error) {
	if !seal {
		return "/proc/self/exe", nil
	}
	h.sealOnce.Do(func() { h.sealed, h.sealErr = h.sealBinary(rec) })
	if h.sealErr != nil {
		return "", fmt.Errorf("seal the init binary: %w", h.sealErr)
	}
	sealed := h.sealed
	fd := sealed.file.Fd()
	switch sealed.how {
	case "overlay":
		// The kernel's answer, for this container: may the init's binary
		// be written? EROFS is the protection; 0 would say it is not there.
		rec.Faccessat2(int(fd), sealed.file.Name()+", read-only overlay", "", unix.W_OK, unix.AT_EMPTY_PATH,
			"the init runs from burk through a mount that cannot be written")
	default:
		rec.GetSeals(int(fd), sealed.file.Name(), "the init runs from a sealed copy of burk, not the file on disk")
	}
	// Made once per burk run and shared by its containers. The kernel
	// resolves the path in the child before exec.
	return fmt.Sprintf("/proc/self/fd/%d", fd), nil
}

func (h *Host) sealBinary(rec *trace.Recorder) (sealedExe, error) {
	f, err := h.overlayExe(rec)
	if err == nil {
		return sealedExe{file: f, how: "overlay"}, nil
	}
	f, err = memfdCopy(rec)
	if err != nil {
		return sealedExe{}, err
	}
	return sealedExe{file: f, how: "memfd"}, nil
}

// overlayExe opens the burk binary through a read-only overlayfs that is
// mounted nowhere. overlayfs runs without an upper layer only with two
// lower ones; the second is an empty directory of this instance's, removed
// again as soon as the mount exists.
func (h *Host) overlayExe(rec *trace.Recorder) (*os.File, error) {
	bin, err := os.Readlink("/proc/self/exe")
	if err != nil || strings.HasSuffix(bin, " (deleted)") {
		return nil, fmt.Errorf("find the burk binary: %v", err)
	}
	dir, name := filepath.Split(bin)
	scratch, done, err := h.scratchDir()
	if err != nil {
		return nil, err
	}
	defer done()
	empty := filepath.Join(scratch, "lower")
	if err := os.MkdirAll(empty, 0o700); err != nil {
		return nil, err
	}
	defer os.Remove(empty)

	fsfd, err := rec.Fsopen("overlay", "an overlayfs only burk can reach, in no mount table")
	if err != nil {
		return nil, err
	}
	defer unix.Close(fsfd)
	lower := escapeLowerDir(dir) + ":" + escapeLowerDir(empty)
	if err := rec.FsconfigSetString(fsfd, "lowerdir", lower, "burk's own directory on top; no upper layer, so nothing can be written"); err != nil {
		return nil, err
	}
	_ = unix.FsconfigSetString(fsfd, "xino", "off") // not needed; only avoids a kernel log line
	if err := rec.FsconfigCreate(fsfd, ""); err != nil {
		return nil, err
	}
	mfd, err := rec.Fsmount(fsfd, unix.MOUNT_ATTR_RDONLY|unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV,
		"a mount that is attached nowhere: only this fd reaches it")
	if err != nil {
		return nil, err
	}
	defer unix.Close(mfd)
	fd, err := rec.Openat(mfd, name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, "the init is executed through this fd")
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "overlay:"+name), nil
}

// scratchDir is a directory for the overlay's empty layer: the keeper's,
// which a recovery removes should burk die sealing, or a temporary one.
func (h *Host) scratchDir() (dir string, done func(), err error) {
	if h.keeper != nil {
		return h.keeper.ScratchDir()
	}
	dir, err = os.MkdirTemp("", "burk-seal-")
	return dir, func() { os.Remove(dir) }, err
}

// escapeLowerDir escapes what overlayfs's lowerdir option treats as
// separators.
func escapeLowerDir(p string) string {
	return strings.ReplaceAll(strings.ReplaceAll(p, `\`, `\\`), `:`, `\:`)
}

// memfdCopy copies the burk binary into a memfd and seals it: no one can
// change it after, and it belongs to no file on disk.
func memfdCopy(rec *trace.Recorder) (*os.File, error) { return sealedCopy("/proc/self/exe", rec) }

// sealedCopy copies the program at path into a memfd and seals it.
func sealedCopy(path string, rec *trace.Recorder) (*os.File, error) {
	fd, err := rec.MemfdCreate("burk-init", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING, "a copy of burk in memory, for the init")
	if err != nil {
		return nil, err
	}
	mem := os.NewFile(uintptr(fd), "memfd:burk-init")
	self, err := os.Open(path)
	if err != nil {
		mem.Close()
		return nil, err
	}
	defer self.Close()
	if _, err := io.Copy(mem, self); err != nil {
		mem.Close()
		return nil, fmt.Errorf("copy the binary: %w", err)
	}
	seals := unix.F_SEAL_SEAL | unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE
	if err := rec.AddSeals(fd, "", seals, "from here on nobody can change the copy"); err != nil {
		mem.Close()
		return nil, err
	}
	return mem, nil
}

// initBinaryGuard asks the kernel, from the host, whether the binary the
// process pid runs from could be written through /proc/PID/exe, the path
// CVE-2019-5736 wrote through: it opens that for writing (writing nothing)
// and, for a memfd, reads its seals. Each call goes into rec, the trace of
// the container. It returns what protects the binary, and false when
// nothing does.
func initBinaryGuard(pid int, rec *trace.Recorder) (string, bool) {
	exe := fmt.Sprintf("/proc/%d/exe", pid)
	fd, err := rec.Open(exe, unix.O_WRONLY|unix.O_CLOEXEC, "may the init's binary be written? burk writes nothing")
	switch {
	case errors.Is(err, unix.EROFS):
		var st unix.Statfs_t
		if unix.Statfs(exe, &st) == nil && st.Type == unix.OVERLAYFS_SUPER_MAGIC {
			return "open for writing: EROFS (a read-only overlay, in no mount table)", true
		}
		return "open for writing: EROFS (read-only file system)", true
	case errors.Is(err, unix.ETXTBSY):
		// A kernel may refuse to open for writing any binary a process runs
		// (6.1 does, for a memfd too). That lasts only while it runs, and CVE-2019-5736 waited
		// for runc to exit, so it protects nothing: the seals of a memfd
		// do, and a read-only descriptor reads them as well.
		return sealsOf(exe, rec, "open for writing: "+err.Error())
	case err != nil:
		return "open for writing: " + err.Error(), false
	}
	defer unix.Close(fd)
	if seals, err := rec.GetSeals(fd, exe, "a memfd sealed against writing refuses every write"); err == nil && seals&unix.F_SEAL_WRITE != 0 {
		return guardSealed, true
	}
	return "open for writing succeeded", false
}

// guardSealed and guardSealedBusy are what initBinaryGuard says of a memfd
// sealed with F_SEAL_WRITE: seen through the descriptor opened for
// writing, or, where the kernel refused that with ETXTBSY, through a
// read-only one.
const (
	guardSealed     = "a memfd sealed with F_SEAL_WRITE"
	guardSealedBusy = "a memfd sealed with F_SEAL_WRITE (its seals read through a read-only descriptor: open for writing said ETXTBSY, which lasts only while it runs)"
)

// sealsOf reads the seals of exe through a read-only descriptor; busy is
// what the open for writing said, returned when no seal protects it.
func sealsOf(exe string, rec *trace.Recorder, busy string) (string, bool) {
	fd, err := rec.Open(exe, unix.O_RDONLY|unix.O_CLOEXEC, "the seals can be read through any descriptor of the memfd")
	if err != nil {
		return busy, false
	}
	defer unix.Close(fd)
	if seals, err := rec.GetSeals(fd, exe, "a memfd sealed against writing refuses every write"); err == nil && seals&unix.F_SEAL_WRITE != 0 {
		return guardSealedBusy, true
	}
	return busy, false
}
