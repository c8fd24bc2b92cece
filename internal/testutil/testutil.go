// Package testutil holds what burk's privileged tests share: the rule that
// CI never skips them, and a snapshot of the host's state to compare after.
package testutil

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/housekeeping"
	"github.com/burk-tui/burk/internal/mountinfo"
	// A test binary that starts containers is also their init.
	_ "github.com/burk-tui/burk/sandbox/initentry"
)

// RequireRoot skips a test that needs root when not root — except under CI,
// which runs as root, where a skip would hide a test that never ran. Under
// -short it skips as well: go test -short runs only what needs no root, no
// container and no VM, for feedback in seconds; CI runs without it.
func RequireRoot(t testing.TB) {
	t.Helper()
	SkipShort(t, "it starts real containers, as root")
	if os.Geteuid() == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("this privileged test must run as root under CI (CI is set, uid is not 0)")
	}
	t.Skip("needs root: namespaces, mounts and cgroups (run the tests with sudo)")
}

// SkipShort skips a test under -short, saying why it is not a quick one
// (it starts containers, a real terminal, a VM). CI runs without -short,
// so there nothing skips.
func SkipShort(t testing.TB, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: " + why + "; run without -short for it")
	}
}

// Need skips a test whose tool is missing (err says what is wrong), with
// how to get it — except under CI, where scripts/test installs every tool
// and a skip would hide a test that never ran.
func Need(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("this test needs %s: %v", what, err)
	}
	t.Skipf("this test needs %s: %v", what, err)
}

// Eventually asks cond until it holds, or until limit has passed, and
// reports whether it held: for what a test waits on that another process
// or goroutine does (a container's start, a guard's cleanup, a screen).
// It asks often at first and then every 10 ms; limit is a deadline for
// something broken, never a measurement.
func Eventually(limit time.Duration, cond func() bool) bool {
	return poll(limit, cond, func(wait time.Duration) time.Duration { return min(2*wait, 10*time.Millisecond) })
}

// EventuallyEveryMillisecond is Eventually for a state that lasts only a
// few milliseconds, such as a probe's process in a container, which a
// longer sleep would step over. cond must be cheap: it is asked a thousand
// times a second.
func EventuallyEveryMillisecond(limit time.Duration, cond func() bool) bool {
	return poll(limit, cond, func(time.Duration) time.Duration { return time.Millisecond })
}

func poll(limit time.Duration, cond func() bool, next func(time.Duration) time.Duration) bool {
	deadline := time.Now().Add(limit)
	for wait := time.Millisecond; ; wait = next(wait) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(wait)
	}
}

// ContainerCgroups are the cgroups of the containers of the burk process
// burkPID, in every hierarchy: burk names each burk-<pid>-<start time>-<n>,
// at the top of cgroup2 and of each v1 hierarchy.
func ContainerCgroups(burkPID int) []string {
	var dirs []string
	for _, pattern := range []string{"/sys/fs/cgroup/burk-%d-*", "/sys/fs/cgroup/*/burk-%d-*"} {
		m, _ := filepath.Glob(fmt.Sprintf(pattern, burkPID))
		dirs = append(dirs, m...)
	}
	return dirs
}

// ContainerProcs lists the processes in the cgroups of the containers of
// burkPID (ContainerCgroups) and every cgroup below them, each once.
func ContainerProcs(burkPID int) []int {
	var pids []int
	seen := map[int]bool{}
	for _, top := range ContainerCgroups(burkPID) {
		filepath.WalkDir(top, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.Name() != "cgroup.procs" {
				return nil
			}
			data, _ := os.ReadFile(p)
			for _, f := range strings.Fields(string(data)) {
				if n, err := strconv.Atoi(f); err == nil && !seen[n] {
					seen[n] = true
					pids = append(pids, n)
				}
			}
			return nil
		})
	}
	return pids
}

// ProcMountsUnder counts the proc filesystems mounted at dir or below it
// in mounts: how a test sees a proc mount leak to the host, or not.
func ProcMountsUnder(mounts []mountinfo.Mount, dir string) int {
	n := 0
	for _, m := range mountinfo.Under(mounts, dir) {
		if m.FSType == "proc" {
			n++
		}
	}
	return n
}

// HostState is what burk must leave exactly as it found it.
type HostState struct {
	Mounts   []string // /proc/self/mountinfo lines, without mount ids
	Cgroups  []string // every cgroup directory burk makes, and all below them
	Hostname string
	Children []string // this process's child pids
	State    []string // files under burk's state dir
}

// Snapshot reads the host's state now. It makes the test process's Host
// first, whose guard is a child of the process: a test that starts its
// first container after the snapshot must not find the guard new.
func Snapshot(t testing.TB) HostState {
	t.Helper()
	Host(t)
	var s HostState
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		// Mount ids change when something is unmounted and mounted again;
		// what matters is where, what and how.
		f := strings.Fields(line)
		if len(f) > 2 {
			s.Mounts = append(s.Mounts, strings.Join(f[2:], " "))
		}
	}
	slices.Sort(s.Mounts)
	// burk-* under each hierarchy (and under the root where cgroup2 is
	// mounted there); burk/ is where an older burk kept them.
	var roots []string
	for _, pattern := range []string{"/sys/fs/cgroup/*/burk-*", "/sys/fs/cgroup/burk-*", "/sys/fs/cgroup/*/burk", "/sys/fs/cgroup/burk"} {
		m, _ := filepath.Glob(pattern)
		roots = append(roots, m...)
	}
	for _, r := range roots {
		filepath.WalkDir(r, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				s.Cgroups = append(s.Cgroups, p)
			}
			return nil
		})
	}
	host, err := os.ReadFile("/proc/sys/kernel/hostname")
	if err != nil {
		t.Fatal(err)
	}
	s.Hostname = strings.TrimSpace(string(host))
	s.Children = children(os.Getpid())
	stateDir := os.Getenv("BURK_STATE_DIR")
	if stateDir == "" {
		stateDir = "/run/burk"
	}
	filepath.WalkDir(stateDir, func(p string, d os.DirEntry, err error) error {
		if err == nil {
			s.State = append(s.State, p)
		}
		return nil
	})
	return s
}

func children(pid int) []string {
	var out []string
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	for _, f := range tasks {
		data, _ := os.ReadFile(f)
		out = append(out, strings.Fields(string(data))...)
	}
	slices.Sort(out)
	return out
}

// AssertClean fails the test if the host differs from before in anything
// burk must restore.
func AssertClean(t testing.TB, before HostState) {
	t.Helper()
	after := Snapshot(t)
	if !slices.Equal(before.Mounts, after.Mounts) {
		t.Errorf("mount table changed:\n  gone: %v\n  new:  %v", diff(before.Mounts, after.Mounts), diff(after.Mounts, before.Mounts))
	}
	if !slices.Equal(before.Cgroups, after.Cgroups) {
		t.Errorf("burk cgroups changed: before %v, after %v", before.Cgroups, after.Cgroups)
	}
	if before.Hostname != after.Hostname {
		t.Errorf("hostname = %q, was %q", after.Hostname, before.Hostname)
	}
	if !slices.Equal(before.Children, after.Children) {
		t.Errorf("child processes: before %v, after %v", before.Children, after.Children)
	}
	if !slices.Equal(before.State, after.State) {
		t.Errorf("state files: before %v, after %v", before.State, after.State)
	}
}

func diff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// BusyboxRootfs makes a minimal root filesystem from the host's static
// busybox in a temporary directory: enough for the sandbox's own tests,
// which should not depend on the rootfs builder.
func BusyboxRootfs(t testing.TB) string {
	t.Helper()
	const busybox = "/bin/busybox"
	data, err := os.ReadFile(busybox)
	if err != nil {
		t.Fatalf("the sandbox tests need a static busybox at %s (apt-get install busybox-static): %v", busybox, err)
	}
	// Not t.TempDir: its parent is private to root, and a container whose
	// root is mapped to another uid must be able to reach its rootfs.
	dir, err := os.MkdirTemp("", "burk-rootfs-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range []string{"bin", "proc", "dev", "sys", "tmp", "etc", "root"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(filepath.Join(dir, "tmp"), 0o1777)
	if err := os.WriteFile(filepath.Join(dir, "bin", "busybox"), data, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(busybox, "--list").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, applet := range strings.Fields(string(out)) {
		if applet != "busybox" {
			os.Symlink("busybox", filepath.Join(dir, "bin", applet))
		}
	}
	os.WriteFile(filepath.Join(dir, "etc", "passwd"), []byte("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "etc", "group"), []byte("root:x:0:\nnogroup:x:65534:\n"), 0o644)
	return dir
}

// HoldHost makes the privileged test packages take turns: each compares
// the host's whole mount table and cgroup tree before and after, so two
// packages' containers must never overlap, even under a parallel
// `go test ./...`. The hold is an abstract unix socket: the kernel drops it
// when the test binary exits, however it exits, and it leaves no file.
func HoldHost() (release func()) {
	for {
		fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return func() {}
		}
		if unix.Bind(fd, &unix.SockaddrUnix{Name: "\x00burk-tests.hold"}) == nil {
			return func() { unix.Close(fd) }
		}
		unix.Close(fd)
		time.Sleep(50 * time.Millisecond)
	}
}

// RunPrivileged is the TestMain of a package whose tests start containers:
// the package takes its turn on the host and runs its tests. The test
// binary is also the containers' init: importing testutil imports
// sandbox/initentry, which takes over before any test code runs.
func RunPrivileged(m *testing.M) int {
	// Under -short nothing touches the host: no turn to wait for behind
	// another package's containers.
	flag.Parse()
	if !testing.Short() {
		release := HoldHost()
		defer release()
	}
	// The tours the tests start keep their progress, last good runs and
	// place on stage in a state directory of this test run's, not in the
	// machine's (~/.local/state/burk of whoever runs the tests): the tests
	// leave the host as they found it, a learner's progress included.
	state, err := os.MkdirTemp("", "burk-test-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "testutil:", err)
		return 1
	}
	defer os.RemoveAll(state)
	os.Setenv("XDG_STATE_HOME", state)
	return m.Run()
}

// UnshareTrue is the peer the container start is measured against:
// util-linux's unshare making the namespaces of a full container but the
// user one, mounting /proc and chrooting into rootfs to run /bin/true.
func UnshareTrue(tb testing.TB, rootfs string) *exec.Cmd {
	tb.Helper()
	if _, err := exec.LookPath("unshare"); err != nil {
		tb.Fatal("the comparison needs unshare(1) from util-linux")
	}
	return exec.Command("unshare", "--fork", "--pid", "--mount", "--uts", "--ipc", "--net",
		"--mount-proc="+rootfs+"/proc", "chroot", rootfs, "/bin/true")
}

// OpenPTY opens a pseudo-terminal pair, for tests of what a program does on
// a terminal: the master to type into and read from, the slave to give it.
func OpenPTY(t testing.TB) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	// unlockpt(3) and ptsname(3), without cgo.
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetUint32(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return m, s
}

// Host is the host the tests start containers on: one per test process,
// as there is one per burk process. A test that asks for it needs root
// (RequireRoot): it starts the host's guard, and then containers.
func Host(tb testing.TB) *housekeeping.Keeper {
	tb.Helper()
	RequireRoot(tb)
	hostOnce.Do(func() {
		// With its guard from the start: the guard is a child of this
		// process, and the tests compare its children before and after.
		if host, hostErr = housekeeping.New(""); hostErr == nil {
			hostErr = host.StartGuard()
		}
	})
	if hostErr != nil {
		tb.Fatal(hostErr)
	}
	return host
}

var (
	hostOnce sync.Once
	host     *housekeeping.Keeper
	hostErr  error
)

// GuardPID returns the pid of the guard of the burk process burkPID: its
// child that runs with the guard's argument; 0 while it has none.
func GuardPID(burkPID int) int {
	for _, c := range children(burkPID) {
		cmdline, _ := os.ReadFile("/proc/" + c + "/cmdline")
		if slices.Contains(strings.Split(string(cmdline), "\x00"), housekeeping.GuardArg) {
			pid, _ := strconv.Atoi(c)
			return pid
		}
	}
	return 0
}

// GuardOf waits for the guard of burkPID and returns its pid. A test that
// wants to see what a killed burk leaves (for the next start to clean up)
// kills the guard first.
func GuardOf(t testing.TB, burkPID int) int {
	t.Helper()
	var pid int
	if !Eventually(5*time.Second, func() bool { pid = GuardPID(burkPID); return pid != 0 }) {
		t.Fatalf("burk %d has no guard", burkPID)
	}
	return pid
}

// ListNames returns the names in dir, in order: what a test finds left in
// a directory.
func ListNames(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
