package sandbox

import (
	"fmt"
	"io"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// The init runs from a sealed, in-memory copy of the burk binary. A process
// in the container can open /proc/<init>/exe; were that the binary on the
// host's disk, root inside could overwrite it and run code on the host the
// next time burk starts (CVE-2019-5736, the runc breakout). A memfd with
// write seals cannot be changed by anyone, and belongs to no file on disk.
var (
	sealOnce sync.Once
	sealFile *os.File
	sealErr  error
)

// initBinary returns the path the init is executed from, and records how
// it was made.
func initBinary(sealed bool, rec *recorder) (string, error) {
	if !sealed {
		return "/proc/self/exe", nil
	}
	sealOnce.Do(func() { sealFile, sealErr = sealedCopy() })
	if sealErr != nil {
		rec.record(`memfd_create("burk-init", MFD_CLOEXEC|MFD_ALLOW_SEALING)`, "", 0, sealErr)
		return "", fmt.Errorf("seal the init binary: %w", sealErr)
	}
	// Made once per burk run and shared by its containers; the seals make
	// sharing safe. The kernel resolves the path in the child before exec.
	path := fmt.Sprintf("/proc/self/fd/%d", sealFile.Fd())
	seals, err := unix.FcntlInt(sealFile.Fd(), unix.F_GET_SEALS, 0)
	rec.record(fmt.Sprintf("fcntl(%d /* memfd:burk-init */, F_GET_SEALS)", sealFile.Fd()),
		"the init runs from a sealed copy of burk, not the file on disk", seals, err)
	return path, nil
}

func sealedCopy() (*os.File, error) {
	fd, err := unix.MemfdCreate("burk-init", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil, os.NewSyscallError("memfd_create", err)
	}
	mem := os.NewFile(uintptr(fd), "memfd:burk-init")
	self, err := os.Open("/proc/self/exe")
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
	if _, err := unix.FcntlInt(mem.Fd(), unix.F_ADD_SEALS, seals); err != nil {
		mem.Close()
		return nil, os.NewSyscallError("fcntl F_ADD_SEALS", err)
	}
	return mem, nil
}
