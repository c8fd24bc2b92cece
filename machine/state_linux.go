package machine

// Reading the learner's state out of a running machine. The files are the
// learner's to make: a symlink to the server's /etc/shadow, a FIFO that
// never answers, a file of a gigabyte. So the server opens them through
// the machine's own root (/proc/PID/root) with openat2, which refuses
// every symlink and never leaves that root; opens without blocking;
// reads only a regular file; and reads at most max bytes.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// ErrNotRegular is returned for a state file that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ReadState reads rel, a path below the machine's StateInside, at most
// max bytes of it.
func (m *Machine) ReadState(rel string, max int64) ([]byte, error) {
	root, err := unix.Open("/proc/"+strconv.Itoa(m.PID)+"/root", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open the machine's root: %w", err)
	}
	defer unix.Close(root)
	// The root opened must be this machine's, not that of a process that
	// got PID 1's pid after it ended: it was still ours if it has not
	// ended since.
	select {
	case <-m.done:
		return nil, errors.New("the machine has ended")
	default:
	}
	path := filepath.Join(StateInside, filepath.Clean("/"+rel))[1:]
	fd, err := unix.Openat2(root, path, &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_NONBLOCK | unix.O_NOFOLLOW | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	})
	if err != nil {
		return nil, &os.PathError{Op: "openat2", Path: path, Err: err}
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	return io.ReadAll(io.LimitReader(f, max))
}
