package sandbox

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/trace"
)

// escapeClimbs is how many times the escape climbs with chdir(".."): more
// than any real path is deep.
const escapeClimbs = 64

// tryEscape makes the classic chroot escape from inside the container. The
// kernel stops ".." only at a process's root directory; chroot into a
// subdirectory while the working directory stays outside it, and ".." climbs
// freely to the root of the mount namespace. After pivot_root that root is
// the container's own: there is nothing above it.
//
// It runs on a thread of its own that first unshares its filesystem
// attributes, so the init's own root is untouched, and the thread is thrown
// away afterwards.
func tryEscape() EscapeResult {
	start := time.Now()
	rec := trace.New(trace.ContainerSide, start)
	res := make(chan EscapeResult, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: this thread's root is gone
		res <- escapeOnThisThread(rec, escapeDir())
	}()
	r := <-res
	r.Trace = rec.Events()
	return r
}

// escapeDir is a subdirectory of the container's root to chroot into. Any
// will do, and one that exists needs no write: under a user namespace the
// container's root may not be allowed to create anything in a root
// filesystem owned by the host's root. burk's rootfs check makes sure
// /etc is there.
func escapeDir() string {
	for _, d := range []string{"/etc", "/tmp", "/dev", "/proc"} {
		if st, err := os.Lstat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return "/etc"
}

func escapeOnThisThread(rec *trace.Recorder, dir string) EscapeResult {
	fail := func(err error) EscapeResult { return EscapeResult{Err: err.Error()} }
	if err := rec.Unshare(unix.CLONE_FS, "this thread gets its own root and working directory"); err != nil {
		return fail(err)
	}
	if err := rec.Chroot(dir, "the working directory is now outside the root"); err != nil {
		return fail(err)
	}
	// The climb is one line in the trace, not escapeClimbs of them.
	var climbErr error
	for i := 0; i < escapeClimbs; i++ {
		if err := unix.Chdir(".."); err != nil {
			climbErr = err
			break
		}
	}
	rec.Record(fmt.Sprintf(`chdir("..") × %d`, escapeClimbs), "climb: nothing stops .. outside our root", 0, climbErr)
	if err := rec.Chroot(".", "make wherever we reached the root"); err != nil {
		return fail(err)
	}
	var st unix.Stat_t
	if err := unix.Stat("/", &st); err != nil {
		return fail(fmt.Errorf("stat /: %w", err))
	}
	r := EscapeResult{RootDev: st.Dev, RootIno: st.Ino}
	if entries, err := os.ReadDir("/"); err == nil {
		for i, e := range entries {
			if i == 16 {
				r.Listing = append(r.Listing, "…") // enough to tell which / it is
				break
			}
			r.Listing = append(r.Listing, e.Name())
		}
	}
	return r
}
