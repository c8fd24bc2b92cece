package trace_test

// The layer's promise: the trace line and the error are built from the
// arguments the call was given, and say what the kernel answered. Each
// case makes a real call — one the kernel refuses without changing
// anything, or one on a thread of its own that is thrown away afterwards,
// in a mount namespace of its own — and reads the kernel's side to check.

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/internal/trace"
)

func recorder() *trace.Recorder { return trace.New(trace.ContainerSide, time.Now()) }

// only returns the one event rec holds.
func only(t *testing.T, rec *trace.Recorder) trace.Event {
	t.Helper()
	evs := rec.Events()
	if len(evs) != 1 {
		t.Fatalf("recorded %d events, want 1: %v", len(evs), evs)
	}
	return evs[0]
}

// Each call is refused for the reason it would be as root (a missing path,
// a hostname too long); an ordinary user is refused EPERM first.
func TestARefusedCallIsTracedAndReturnedWithItsArguments(t *testing.T) {
	testutil.RequireRoot(t)
	missing := filepath.Join(t.TempDir(), "missing")
	for _, tc := range []struct {
		name  string
		call  func(*trace.Recorder) error
		line  string
		errno unix.Errno
		path  string // set for a *os.PathError, else an *os.SyscallError named line
	}{
		{"mount", func(r *trace.Recorder) error {
			return r.Mount("tmpfs", missing, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_RDONLY, "size=64k", "why")
		}, `mount("tmpfs", "` + missing + `", "tmpfs", MS_RDONLY|MS_NOSUID|MS_NODEV, "size=64k")`, unix.ENOENT, ""},
		{"umount2", func(r *trace.Recorder) error { return r.Unmount(missing, unix.MNT_DETACH, "") },
			`umount2("` + missing + `", MNT_DETACH)`, unix.ENOENT, ""},
		{"chroot", func(r *trace.Recorder) error { return r.Chroot(missing, "") }, `chroot("` + missing + `")`, unix.ENOENT, missing},
		{"chdir", func(r *trace.Recorder) error { return r.Chdir(missing, "") }, `chdir("` + missing + `")`, unix.ENOENT, missing},
		{"pivot_root", func(r *trace.Recorder) error { return r.PivotRoot(missing, missing, "") },
			`pivot_root("` + missing + `", "` + missing + `")`, unix.ENOENT, ""},
		// 65 bytes: one more than a hostname holds, refused before anything changes.
		{"sethostname", func(r *trace.Recorder) error { return r.Sethostname(strings.Repeat("x", 65), "") },
			`sethostname("` + strings.Repeat("x", 65) + `")`, unix.EINVAL, ""},
		// No capability has number 63: refused, the bounding set unchanged.
		{"prctl", func(r *trace.Recorder) error { return r.Prctl(unix.PR_CAPBSET_DROP, 63, "") },
			`prctl(PR_CAPBSET_DROP, CAP_63)`, unix.EINVAL, ""},
		{"write", func(r *trace.Recorder) error { return r.WriteFile(missing, "1", "") }, `write("` + missing + `", "1")`, unix.ENOENT, missing},
		{"rmdir", func(r *trace.Recorder) error { return r.Rmdir(missing, "") }, `rmdir("` + missing + `")`, unix.ENOENT, missing},
		{"chown", func(r *trace.Recorder) error { return r.Chown(missing, 1, 2, "") }, `chown("` + missing + `", 1, 2)`, unix.ENOENT, missing},
		{"fchdir", func(r *trace.Recorder) error { return r.Fchdir(-1, "no directory", "") }, `fchdir(-1 /* no directory */)`, unix.EBADF, ""},
		{"open", func(r *trace.Recorder) error { _, err := r.Open(missing, unix.O_WRONLY|unix.O_CLOEXEC, ""); return err },
			`open("` + missing + `", O_WRONLY|O_CLOEXEC)`, unix.ENOENT, missing},
		{"open", func(r *trace.Recorder) error { _, err := r.Open(missing, unix.O_RDONLY, ""); return err },
			`open("` + missing + `", O_RDONLY)`, unix.ENOENT, missing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := recorder()
			err := tc.call(rec)
			ev := only(t, rec)
			if ev.Call != tc.line {
				t.Errorf("trace line = %s, want %s", ev.Call, tc.line)
			}
			if ev.Errno != tc.errno || !ev.Failed() || !strings.HasPrefix(ev.Result, "-1 "+unix.ErrnoName(tc.errno)+" ") {
				t.Errorf("event = %+v, want it failed with %s", ev, unix.ErrnoName(tc.errno))
			}
			if !errors.Is(err, tc.errno) {
				t.Fatalf("error %v is not %s", err, unix.ErrnoName(tc.errno))
			}
			var pathErr *os.PathError
			var sysErr *os.SyscallError
			switch {
			case tc.path != "":
				if !errors.As(err, &pathErr) || pathErr.Path != tc.path || pathErr.Op != tc.name {
					t.Errorf("error = %#v, want an *os.PathError for %s of %s", err, tc.name, tc.path)
				}
			case !errors.As(err, &sysErr) || sysErr.Syscall != tc.line:
				t.Errorf("error = %#v, want an *os.SyscallError named %s", err, tc.line)
			}
		})
	}
}

func TestASucceededCallIsTracedWithWhatTheKernelDid(t *testing.T) {
	dir := t.TempDir()
	rec := recorder()
	sub := filepath.Join(dir, "sub")
	if err := rec.Mkdir(sub, 0o750, "a directory"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(sub); err != nil || st.Mode().Perm()&^0o750 != 0 {
		t.Fatalf("mkdir made %v, %v", st, err)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	if err := rec.WriteFile(file, "hello", ""); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(file); string(data) != "hello" {
		t.Fatalf("the file holds %q", data)
	}
	evs := rec.Events()
	want := []trace.Event{
		{Side: trace.ContainerSide, Call: `mkdir("` + sub + `", 0750)`, Result: "0", Why: "a directory"},
		{Side: trace.ContainerSide, Call: `write("` + file + `", "hello")`, Result: "5"},
	}
	if len(evs) != len(want) {
		t.Fatalf("events = %v, want %v", evs, want)
	}
	for i := range want {
		evs[i].At = 0
		if evs[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, evs[i], want[i])
		}
	}
}

// onThrowawayThread runs f on an OS thread that exits when f returns: what
// f changes of its thread (capabilities, mount namespace) goes with it.
func onThrowawayThread(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread() // never unlocked: the thread exits with the goroutine
		f()
	}()
	<-done
}

// The mount flags in the trace line are the ones the kernel shows on the
// mount it made.
func TestAMountIsTracedWithTheFlagsTheKernelShows(t *testing.T) {
	testutil.RequireRoot(t)
	target := t.TempDir()
	var line string
	var opts []string
	var err error
	onThrowawayThread(func() {
		// A mount namespace of this thread's own, private, so nothing
		// reaches the host.
		if err = unix.Unshare(unix.CLONE_NEWNS); err != nil {
			return
		}
		if err = unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			return
		}
		rec := recorder()
		if err = rec.Mount("tmpfs", target, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC|unix.MS_RDONLY, "size=64k", ""); err != nil {
			return
		}
		line = only(t, rec).Call
		data, _ := os.ReadFile("/proc/thread-self/mountinfo")
		mounts, _ := mountinfo.Parse(data)
		for _, m := range mounts {
			if m.MountPoint == target {
				opts = strings.Split(m.Options, ",")
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := `mount("tmpfs", "` + target + `", "tmpfs", MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC, "size=64k")`; line != want {
		t.Errorf("trace line = %s, want %s", line, want)
	}
	for flag, opt := range map[string]string{"MS_RDONLY": "ro", "MS_NOSUID": "nosuid", "MS_NODEV": "nodev", "MS_NOEXEC": "noexec"} {
		if strings.Contains(line, flag) != containsString(opts, opt) {
			t.Errorf("the trace says %s, the kernel's options are %v", line, opts)
		}
	}
}

func containsString(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// capset's line names the sets it was given, which are the sets the
// kernel then shows in /proc/thread-self/status.
func TestCapsetIsTracedWithTheSetsTheKernelShows(t *testing.T) {
	testutil.RequireRoot(t)
	const chown, kill = 0, 5
	keep := uint64(1<<chown | 1<<kill)
	var line, status string
	var err error
	onThrowawayThread(func() {
		rec := recorder()
		if err = rec.Capset(keep, keep, 0, ""); err != nil {
			return
		}
		line = only(t, rec).Call
		data, _ := os.ReadFile("/proc/thread-self/status")
		status = string(data)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "capset({effective=CAP_CHOWN|CAP_KILL, permitted=CAP_CHOWN|CAP_KILL, inheritable=0})"; line != want {
		t.Errorf("trace line = %s, want %s", line, want)
	}
	for _, field := range []string{"CapEff:\t0000000000000021", "CapPrm:\t0000000000000021", "CapInh:\t0000000000000000"} {
		if !strings.Contains(status, field) {
			t.Errorf("the kernel's status lacks %q:\n%s", field, status)
		}
	}
}
