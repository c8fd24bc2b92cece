package sandbox_test

// Privileged integration tests: each starts real containers on this kernel
// and checks from the host side what the kernel shows — /proc/PID/ns/*, the
// mount table, the cgroup files — and that nothing is left afterwards.
// They assume root, a static busybox at /bin/busybox, and cgroups mounted
// under /sys/fs/cgroup; under CI they must not skip.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/sandbox"
)

func TestMain(m *testing.M) {
	os.Exit(testutil.RunPrivileged(m))
}

// testHost is the host the tests start containers on.
func testHost(tb testing.TB) *sandbox.Host { return testutil.Host(tb).Host }

var userMap = []sandbox.IDMap{{ContainerID: 0, HostID: 100000, Size: 65536}}

// start starts a container and closes it when the test ends, then checks
// the host is as it was.
func start(t *testing.T, spec sandbox.Spec) *sandbox.Container {
	t.Helper()
	testutil.RequireRoot(t)
	before := testutil.Snapshot(t)
	c, err := testHost(t).Start(context.Background(), spec)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		testutil.AssertClean(t, before)
	})
	return c
}

func run(t *testing.T, c *sandbox.Container, args ...string) sandbox.ExecResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r, err := c.Exec(ctx, args...)
	if err != nil {
		t.Fatalf("Exec %v: %v", args, err)
	}
	return r
}

func chrootSpec(t *testing.T) sandbox.Spec {
	return sandbox.Spec{Rootfs: testutil.BusyboxRootfs(t), Root: sandbox.RootChroot}
}

func TestPlainProcessSharesEveryNamespace(t *testing.T) {
	c := start(t, sandbox.Spec{})
	host, err := testHost(t).Namespaces(0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := testHost(t).Namespaces(c.Pid())
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range sandbox.NamespaceTypes {
		if ns == "cgroup" {
			continue
		}
		if got[ns] != host[ns] {
			t.Errorf("%s namespace = %d, want the host's %d", ns, got[ns], host[ns])
		}
	}
}

func TestEachNamespaceFlagMakesExactlyItsNamespace(t *testing.T) {
	host, err := testHost(t).Namespaces(0)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		ns   string
		spec sandbox.Namespaces
	}{
		{"mnt", sandbox.Namespaces{Mount: true}},
		{"pid", sandbox.Namespaces{PID: true}},
		{"uts", sandbox.Namespaces{UTS: true}},
		{"ipc", sandbox.Namespaces{IPC: true}},
		{"net", sandbox.Namespaces{Net: true}},
		{"user", sandbox.Namespaces{User: true}},
		{"cgroup", sandbox.Namespaces{Cgroup: true}},
		// A time namespace comes with a user namespace (Spec.Validate).
		{"time", sandbox.Namespaces{Time: true, User: true}},
	}
	for _, tc := range cases {
		t.Run(tc.ns, func(t *testing.T) {
			spec := sandbox.Spec{Namespaces: tc.spec}
			if tc.spec.User {
				spec.UIDMap, spec.GIDMap = userMap, userMap
			}
			c := start(t, spec)
			// What the container runs, as the learner sees it.
			for _, ns := range sandbox.NamespaceTypes {
				link := strings.TrimSpace(run(t, c, "readlink", "/proc/self/ns/"+ns).Stdout)
				hosts := fmt.Sprintf("%s:[%d]", ns, host[ns])
				want := ns == tc.ns || (ns == "user" && tc.spec.User)
				if want && link == hosts {
					t.Errorf("%s namespace inside = %s, the host's: want a new one", ns, link)
				}
				if !want && link != hosts {
					t.Errorf("%s namespace inside = %s, want the host's %s", ns, link, hosts)
				}
			}
		})
	}
}

func TestChrootHasOwnFilesButNoProc(t *testing.T) {
	spec := chrootSpec(t)
	os.WriteFile(spec.Rootfs+"/etc/marker", []byte("inside"), 0o644)
	c := start(t, spec)
	if r := run(t, c, "cat", "/etc/marker"); r.Stdout != "inside" {
		t.Errorf("cat /etc/marker = %q, %q; want the rootfs's file", r.Stdout, r.Stderr)
	}
	if r := run(t, c, "ls", "/proc"); r.Stdout != "" {
		t.Errorf("ls /proc = %q, want empty", r.Stdout)
	}
	if r := run(t, c, "ps"); r.OK() && strings.Count(r.Stdout, "\n") > 1 {
		t.Errorf("ps listed processes without /proc: %q", r.Stdout)
	}
}

func TestProcWithoutMountNamespaceLeaksToHostUntilClose(t *testing.T) {
	spec := chrootSpec(t)
	spec.MountProc = true
	testutil.RequireRoot(t)
	before := testutil.Snapshot(t)
	c, err := testHost(t).Start(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	mounts, _ := mountinfo.Read(0)
	if got := testutil.ProcMountsUnder(mounts, spec.Rootfs); got != 1 {
		t.Errorf("host proc mounts under the rootfs while running = %d, want 1", got)
	}
	if r := run(t, c, "ps"); !strings.Contains(r.Stdout, fmt.Sprint(os.Getpid())) {
		t.Errorf("ps inside does not list the host's test process %d: %q", os.Getpid(), r.Stdout)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	mounts, _ = mountinfo.Read(0)
	if got := testutil.ProcMountsUnder(mounts, spec.Rootfs); got != 0 {
		t.Errorf("host proc mounts under the rootfs after Close = %d, want 0", got)
	}
	testutil.AssertClean(t, before)
}

func TestMountNamespaceKeepsProcPrivate(t *testing.T) {
	spec := chrootSpec(t)
	spec.MountProc = true
	spec.Namespaces.Mount = true
	c := start(t, spec)
	mounts, _ := mountinfo.Read(0)
	if got := testutil.ProcMountsUnder(mounts, spec.Rootfs); got != 0 {
		t.Errorf("host proc mounts under the rootfs = %d, want 0", got)
	}
	// The init's mountinfo shows mount points from its own root.
	inside, _ := mountinfo.Read(c.Pid())
	if got := testutil.ProcMountsUnder(inside, "/proc"); got != 1 {
		t.Errorf("proc mounts at /proc in the container's own table = %d, want 1", got)
	}
	for _, m := range inside {
		if m.MountPoint == "/" && !m.Private() {
			t.Errorf("/ in the container propagates (%s), want private", m.Propagation)
		}
	}
}

func TestPIDNamespaceInitIsPID1(t *testing.T) {
	spec := chrootSpec(t)
	spec.MountProc = true
	spec.Namespaces = sandbox.Namespaces{Mount: true, PID: true}
	c := start(t, spec)
	p, err := testHost(t).Process(c.Pid())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.NSpid) != 2 || p.NSpid[0] != c.Pid() || p.NSpid[1] != 1 {
		t.Errorf("NSpid of the init = %v, want [%d 1]", p.NSpid, c.Pid())
	}
	r := run(t, c, "cat", "/proc/1/comm")
	if strings.TrimSpace(r.Stdout) != "burk-init" {
		t.Errorf("/proc/1/comm inside = %q, want burk-init", r.Stdout)
	}
	if r := run(t, c, "ls", "/proc"); strings.Contains(r.Stdout, fmt.Sprint(os.Getpid())) && os.Getpid() > 10 {
		t.Errorf("the container's /proc lists the host's test process %d", os.Getpid())
	}
}

func TestUTSNamespaceHostname(t *testing.T) {
	host, _ := testHost(t).Hostname()
	spec := chrootSpec(t)
	spec.Namespaces.UTS = true
	spec.Hostname = "burk-test"
	c := start(t, spec)
	if r := run(t, c, "hostname"); strings.TrimSpace(r.Stdout) != "burk-test" {
		t.Errorf("hostname inside = %q, want burk-test", r.Stdout)
	}
	if now, _ := testHost(t).Hostname(); now != host {
		t.Errorf("host's hostname = %q, was %q", now, host)
	}
}

func TestIPCNamespaceHidesHostQueue(t *testing.T) {
	testutil.RequireRoot(t)
	id, undo, err := testHost(t).CreateMsgQueue()
	if err != nil {
		t.Fatal(err)
	}
	defer undo()
	for _, newIPC := range []bool{false, true} {
		t.Run(fmt.Sprint("newipc=", newIPC), func(t *testing.T) {
			spec := chrootSpec(t)
			spec.Namespaces.IPC = newIPC
			spec.Namespaces.Mount, spec.MountProc = true, true
			c := start(t, spec)
			// /proc/sysvipc lists the reader's IPC namespace (Debian's
			// static busybox has no ipcs).
			r := run(t, c, "cat", "/proc/sysvipc/msg")
			seen := false
			for _, line := range strings.Split(r.Stdout, "\n")[1:] {
				if f := strings.Fields(line); len(f) > 1 && f[1] == fmt.Sprint(id) {
					seen = true
				}
			}
			if seen == newIPC {
				t.Errorf("ipcs -q inside (new IPC namespace: %v) lists queue %d: %v\n%s", newIPC, id, seen, r.Stdout)
			}
		})
	}
}

func TestNetNamespaceHasOnlyLoopbackUp(t *testing.T) {
	spec := chrootSpec(t)
	spec.Namespaces.Net = true
	c := start(t, spec)
	r := run(t, c, "ip", "-o", "link")
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "lo:") || !strings.Contains(lines[0], "UP") {
		t.Errorf("ip -o link inside = %q, want only lo, up", r.Stdout)
	}
}

func TestUserNamespaceRootIsUnprivilegedOutside(t *testing.T) {
	spec := chrootSpec(t)
	spec.MountProc = true
	spec.Namespaces = sandbox.Namespaces{Mount: true, PID: true, User: true}
	spec.UIDMap, spec.GIDMap = userMap, userMap
	c := start(t, spec)
	if r := run(t, c, "id", "-u"); strings.TrimSpace(r.Stdout) != "0" {
		t.Errorf("id -u inside = %q (%s %s), want 0", r.Stdout, r.StartErr, r.Stderr)
	}
	p, err := testHost(t).Process(c.Pid())
	if err != nil {
		t.Fatal(err)
	}
	if p.UID != 100000 {
		t.Errorf("the init's uid on the host = %d, want 100000", p.UID)
	}
	m, _ := os.ReadFile(fmt.Sprintf("/proc/%d/uid_map", c.Pid()))
	if got := strings.Join(strings.Fields(string(m)), " "); got != "0 100000 65536" {
		t.Errorf("uid_map = %q", got)
	}
}

// A rootfs the container's mapped root cannot reach is refused before
// anything is made, with the directories in the way and the fix.
func TestUnreachableRootfsIsRefusedWithTheFix(t *testing.T) {
	before := testutil.Snapshot(t)
	private, err := os.MkdirTemp("", "burk-private-") // mode 0700
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(private)
	rootfs := filepath.Join(private, "rootfs")
	if err := os.Rename(testutil.BusyboxRootfs(t), rootfs); err != nil {
		t.Fatal(err)
	}
	c, err := testHost(t).Start(context.Background(), fullSpec(rootfs))
	if err == nil {
		c.Close()
		t.Fatal("a container started on a rootfs its root cannot reach")
	}
	if !strings.Contains(err.Error(), "chmod o+x "+private) {
		t.Errorf("the error does not give the fix for %s: %v", private, err)
	}
	testutil.AssertClean(t, before)
}

// The trace reads in the order things happened: the host's clone and the
// id maps it wrote while the child waited come before anything the
// container did, also when the init, born in its cgroup with its config
// waiting, runs before Start is back.
func TestTheTraceBeginsWithTheClone(t *testing.T) {
	spec := fullSpec(testutil.BusyboxRootfs(t))
	// A busy host, as a tour drawing its screen is: the goroutine back
	// from Start may wait its turn while the init runs.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var stop atomic.Bool
	defer stop.Store(true)
	for range 2 {
		go func() {
			for spins := 0; !stop.Load(); spins++ {
			}
		}()
	}
	for range 10 {
		c := start(t, spec)
		firstInside := -1
		for i, ev := range c.Trace() {
			switch {
			case ev.Side == sandbox.ContainerSide && firstInside < 0:
				firstInside = i
			case ev.Side == sandbox.HostSide && firstInside >= 0 &&
				(strings.HasPrefix(ev.Call, "clone") || strings.Contains(ev.Call, "_map") || strings.Contains(ev.Call, "/setgroups")):
				t.Fatalf("%s comes after the container's %s:\n%v", ev.Call, c.Trace()[firstInside].Call, c.Trace())
			}
		}
		if firstInside < 0 {
			t.Fatal("no container-side call in the trace")
		}
		c.Close()
	}
}

func TestChrootEscapeWorksAndPivotRootStopsIt(t *testing.T) {
	dev, ino, err := testHost(t).RootID()
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []sandbox.RootMode{sandbox.RootChroot, sandbox.RootPivot} {
		t.Run(mode.String(), func(t *testing.T) {
			spec := chrootSpec(t)
			spec.Root = mode
			spec.Namespaces.Mount = true
			c := start(t, spec)
			e, err := c.Escape(context.Background())
			if err != nil || e.Err != "" {
				t.Fatalf("Escape: %v %s", err, e.Err)
			}
			escaped := e.RootDev == dev && e.RootIno == ino
			if escaped != (mode == sandbox.RootChroot) {
				t.Errorf("%s: reached the host's / = %v (listing %v)", mode, escaped, e.Listing)
			}
			if mode == sandbox.RootPivot && !slices.Contains(e.Listing, "bin") {
				t.Errorf("after pivot_root the escape should end in the container's root, saw %v", e.Listing)
			}
		})
	}
}

func TestHardening(t *testing.T) {
	spec := chrootSpec(t)
	spec.Root = sandbox.RootPivot
	spec.MountProc, spec.MountDev = true, true
	spec.Namespaces = sandbox.Namespaces{Mount: true, PID: true, UTS: true, IPC: true, Net: true, User: true}
	spec.UIDMap, spec.GIDMap = userMap, userMap
	spec.Hostname = "burk"
	spec.Hardening = sandbox.Hardening{Enabled: true, KeepCaps: []string{"CAP_CHOWN", "CAP_KILL"}, NoNewPrivs: true,
		MaskedPaths: []string{"/proc/kcore", "/proc/keys", "/proc/acpi"}, ReadonlyPaths: []string{"/proc/sys"}, SealedBinary: true}
	c := start(t, spec)
	r := run(t, c, "grep", "-E", "^(CapEff|CapBnd|NoNewPrivs)", "/proc/self/status")
	for _, want := range []string{"CapEff:\t0000000000000021", "CapBnd:\t0000000000000021", "NoNewPrivs:\t1"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("status inside lacks %q:\n%s", want, r.Stdout)
		}
	}
	if r := run(t, c, "hostname", "other"); r.OK() {
		t.Errorf("sethostname without CAP_SYS_ADMIN succeeded")
	}
	if r := run(t, c, "sh", "-c", "echo 1 > /proc/sys/kernel/hostname"); r.OK() {
		t.Errorf("writing to /proc/sys succeeded; want it read-only")
	}
	if r := run(t, c, "cat", "/proc/keys"); r.Stdout != "" {
		t.Errorf("/proc/keys is not masked: %q", r.Stdout)
	}
	// This kernel has overlayfs and the new mount API: the init runs from
	// the binary itself, through a read-only mount in no mount table.
	how, sealed := testHost(t).InitBinaryGuard(c)
	if !sealed || !strings.Contains(how, "EROFS") {
		t.Errorf("InitBinaryGuard = %q, %v; want the write refused with EROFS", how, sealed)
	}
	var st unix.Statfs_t
	if err := unix.Statfs(fmt.Sprintf("/proc/%d/exe", c.Pid()), &st); err != nil || st.Type != unix.OVERLAYFS_SUPER_MAGIC {
		t.Errorf("the init's binary is on filesystem %#x (%v), want overlayfs", st.Type, err)
	}
}

func TestUnsealedInitIsReportedWritable(t *testing.T) {
	c := start(t, chrootSpec(t))
	// The binary on disk: while it runs the kernel refuses writes (ETXTBSY),
	// which is exactly what CVE-2019-5736 waited out. Nothing is written.
	if how, sealed := testHost(t).InitBinaryGuard(c); sealed {
		t.Errorf("InitBinaryGuard = %q, true for an init run from the file on disk", how)
	}
}

func TestMemfdFallbackIsSealed(t *testing.T) {
	f, err := sandbox.MemfdCopy()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seals, err := unix.FcntlInt(f.Fd(), unix.F_GET_SEALS, 0)
	if err != nil || seals&unix.F_SEAL_WRITE == 0 || seals&unix.F_SEAL_SEAL == 0 {
		t.Errorf("seals = %#x (%v), want F_SEAL_WRITE and F_SEAL_SEAL", seals, err)
	}
	if _, err := f.Write([]byte("x")); err == nil {
		t.Error("writing to the sealed copy succeeded")
	}
	self, _ := os.Stat("/proc/self/exe")
	if st, _ := f.Stat(); st == nil || self == nil || st.Size() != self.Size() {
		t.Errorf("the copy is not the whole binary: %v vs %v", st, self)
	}
}

// A process run from a sealed memfd, as the init is where there is no
// overlayfs. Where the kernel refuses to open a running binary for writing
// (ETXTBSY: 6.1 does, and later kernels too), the seals are read through a
// read-only descriptor; elsewhere through the one opened for writing.
// Either way the seal is what protects it, and each call is in the trace.
func TestAProcessRunFromASealedMemfdIsSeenSealed(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Fatal(err)
	}
	mem, err := sandbox.SealedCopy(sleep)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	cmd := exec.Command(fmt.Sprintf("/proc/self/fd/%d", mem.Fd()), "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	exe := fmt.Sprintf("/proc/%d/exe", cmd.Process.Pid)
	for i := 0; i < 200; i++ {
		if target, _ := os.Readlink(exe); strings.HasPrefix(target, "/memfd:") {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	guard, sealed, calls := sandbox.InitBinaryGuardOf(cmd.Process.Pid)
	var lines []string
	for _, c := range calls {
		lines = append(lines, c.String())
	}
	trace := strings.Join(lines, "\n")
	if !sealed || !strings.HasPrefix(guard, "a memfd sealed with F_SEAL_WRITE") {
		t.Errorf("InitBinaryGuard = %q, %v; want the memfd's seal\n%s", guard, sealed, trace)
	}
	if !strings.Contains(trace, `open("`+exe+`", O_WRONLY|O_CLOEXEC)`) || !strings.Contains(trace, "F_GET_SEALS) = ") {
		t.Errorf("the trace lacks the open for writing or the seals it read:\n%s", trace)
	}
	busy := strings.Contains(trace, "ETXTBSY")
	if busy != strings.Contains(guard, "ETXTBSY") || busy != strings.Contains(trace, `open("`+exe+`", O_RDONLY|O_CLOEXEC)`) {
		t.Errorf("the kernel said ETXTBSY: %v, and the guard %q; a read-only open only then:\n%s", busy, guard, trace)
	}
	t.Logf("%s\n%s", guard, trace)
}

func TestLimitsAreEnforced(t *testing.T) {
	spec := chrootSpec(t)
	spec.MountDev = true
	spec.Namespaces.Mount = true
	spec.Limits = sandbox.Limits{MemoryBytes: 16 << 20, Pids: 8, CPUQuota: 20 * time.Millisecond}
	c := start(t, spec)
	// Each is bounded by itself even if a limit failed to apply.
	run(t, c, "sh", "-c", "head -c 100000000 /dev/zero | tail")
	run(t, c, "sh", "-c", "i=0; while [ $i -lt 20 ]; do sleep 2 & i=$((i+1)); done; wait")
	run(t, c, "timeout", "1", "sh", "-c", "while :; do :; done")
	st, err := c.CgroupStats()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Missing) > 0 {
		t.Fatalf("controllers missing on this host: %v", st.Missing)
	}
	if st.OOMKills < 1 {
		t.Errorf("OOM kills = %d, want at least 1", st.OOMKills)
	}
	if st.PidsMaxHits < 1 {
		t.Errorf("pids.max hits = %d, want at least 1", st.PidsMaxHits)
	}
	if st.NrThrottled < 1 {
		t.Errorf("throttled periods = %d, want at least 1", st.NrThrottled)
	}
}

func TestCloseAfterTheInitDied(t *testing.T) {
	spec := chrootSpec(t)
	spec.MountProc = true // leaks to the host: Close must still undo it
	c := start(t, spec)
	if err := syscall.Kill(c.Pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(context.Background(), "true"); err == nil {
		t.Errorf("Exec on a dead container succeeded")
	}
}

func TestRunPassesStdioAndExitStatus(t *testing.T) {
	testutil.RequireRoot(t)
	before := testutil.Snapshot(t)
	spec := chrootSpec(t)
	spec.Namespaces = sandbox.Namespaces{Mount: true, PID: true}
	spec.MountProc = true
	var out, errOut bytes.Buffer
	spec.Stdin = strings.NewReader("hello\n")
	spec.Stdout, spec.Stderr = &out, &errOut
	spec.Args = []string{"sh", "-c", "read x; echo got $x; echo oops >&2; exit 3"}
	code, _, err := testHost(t).Run(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 || out.String() != "got hello\n" || errOut.String() != "oops\n" {
		t.Errorf("Run = %d, stdout %q, stderr %q; want 3, \"got hello\\n\", \"oops\\n\"", code, out.String(), errOut.String())
	}
	testutil.AssertClean(t, before)
}

func TestValidateRefusesBadSpecs(t *testing.T) {
	cases := map[string]sandbox.Spec{
		"root is /":            {Rootfs: "/", Root: sandbox.RootChroot},
		"missing rootfs":       {Rootfs: "/nonexistent/burk", Root: sandbox.RootChroot},
		"relative rootfs":      {Rootfs: "rootfs", Root: sandbox.RootChroot},
		"pivot without mnt ns": {Rootfs: "/tmp", Root: sandbox.RootPivot},
		"hostname without uts": {Hostname: "x"},
		"user ns without maps": {Namespaces: sandbox.Namespaces{User: true}},
		"unknown capability":   {Hardening: sandbox.Hardening{Enabled: true, KeepCaps: []string{"CAP_FLY"}}},
		"time ns without user": {Namespaces: sandbox.Namespaces{Time: true}},
	}
	for name, spec := range cases {
		if err := spec.Validate(); err == nil {
			t.Errorf("%s: Validate() = nil, want an error", name)
		}
	}
}

// Nothing the container runs may inherit a file descriptor of the host's:
// a directory fd of the host is a way out of any root (CVE-2024-21626).
func TestNoHostFileDescriptorLeaksIntoTheContainer(t *testing.T) {
	spec := fullSpec(testutil.BusyboxRootfs(t))
	c := start(t, spec)
	r := run(t, c, "ls", "/proc/self/fd")
	fds := strings.Fields(r.Stdout)
	// 0, 1, 2, and the directory ls itself opened to list them.
	if len(fds) > 4 {
		t.Errorf("a process inside has fds %v: want only stdin, stdout, stderr (and ls's own)", fds)
	}
	links := run(t, c, "sh", "-c", "for f in /proc/self/fd/*; do readlink $f; done")
	for _, l := range strings.Fields(links.Stdout) {
		if strings.Contains(l, "cgroup") || strings.Contains(l, "socket") {
			t.Errorf("a host fd leaked into the container: %s", l)
		}
	}
}

// threadCgroups is every thread of this process with its cgroups.
func threadCgroups(t *testing.T) map[string]string {
	t.Helper()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, task := range tasks {
		data, err := os.ReadFile("/proc/self/task/" + task.Name() + "/cgroup")
		if err == nil {
			out[task.Name()] = string(data)
		}
	}
	return out
}

// On a v1 hierarchy the init's spawning thread moves itself into the
// limited cgroups (writing "0"), so everything the container runs is born
// in them; the init's other threads and every thread of burk stay where
// they were.
func TestOnlyTheSpawningThreadJoinsTheV1Cgroups(t *testing.T) {
	info, err := cgroup.Detect()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := info.V1["memory"]; !ok {
		t.Log("no v1 memory hierarchy on this host: no thread joins one")
		return
	}
	before := threadCgroups(t)
	spec := chrootSpec(t)
	spec.Namespaces.Mount, spec.MountProc = true, true
	spec.Limits = sandbox.Limits{MemoryBytes: 32 << 20}
	c := start(t, spec)

	var tasks string
	for _, ev := range c.Trace() {
		if ev.Side == sandbox.ContainerSide && strings.Contains(ev.Call, "/memory/") && strings.Contains(ev.Call, "/tasks */") {
			tasks = ev.Call[strings.Index(ev.Call, "/* ")+3 : strings.Index(ev.Call, " */")]
			if !strings.HasSuffix(ev.Call, `"0")`) || ev.Failed() {
				t.Errorf("the join was %s = %s, want the thread to name itself as \"0\"", ev.Call, ev.Result)
			}
		}
	}
	if tasks == "" {
		t.Fatal("no write of a v1 memory tasks file in the container's trace")
	}
	dir := strings.TrimPrefix(filepath.Dir(tasks), info.V1["memory"])
	r := run(t, c, "cat", "/proc/self/cgroup")
	if !regexp.MustCompile(`(?m)^\d+:memory:` + regexp.QuoteMeta(dir) + `$`).MatchString(r.Stdout) {
		t.Errorf("a process of the container is not in %s:\n%s", dir, r.Stdout)
	}
	data, err := os.ReadFile(tasks)
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Fields(string(data))
	threads, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", c.Pid()))
	if len(in) != 1 || len(threads) < 2 {
		t.Fatalf("%s lists %v, and the init has %d threads: want one of them only", tasks, in, len(threads))
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d/task/%s", c.Pid(), in[0])); err != nil {
		t.Errorf("%s lists %s, which is not a thread of the init %d", tasks, in[0], c.Pid())
	}
	for tid, cg := range threadCgroups(t) {
		if was, ok := before[tid]; ok && was != cg {
			t.Errorf("burk's thread %s moved:\n%s\nwas\n%s", tid, cg, was)
		}
	}
}

// Root in an early container can replace the rootfs's /proc or /dev with a
// symlink to a host directory. A later container must not mount through
// it: the mount would land on the host's directory.
func TestNoMountThroughASymlinkedMountPoint(t *testing.T) {
	testutil.RequireRoot(t)
	for _, tc := range []struct {
		name, link string
		spec       func(rootfs string) sandbox.Spec
	}{
		{"pivot proc", "proc", func(r string) sandbox.Spec {
			return sandbox.Spec{Rootfs: r, Root: sandbox.RootPivot, MountProc: true, Namespaces: sandbox.Namespaces{Mount: true, PID: true}}
		}},
		{"pivot dev", "dev", func(r string) sandbox.Spec {
			return sandbox.Spec{Rootfs: r, Root: sandbox.RootPivot, MountDev: true, Namespaces: sandbox.Namespaces{Mount: true}}
		}},
		{"host proc", "proc", func(r string) sandbox.Spec {
			return sandbox.Spec{Rootfs: r, Root: sandbox.RootChroot, MountProc: true, HostProc: true, Namespaces: sandbox.Namespaces{Mount: true, PID: true}}
		}},
		{"chroot dev", "dev", func(r string) sandbox.Spec {
			return sandbox.Spec{Rootfs: r, Root: sandbox.RootChroot, MountDev: true, Namespaces: sandbox.Namespaces{Mount: true}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rootfs := testutil.BusyboxRootfs(t)
			victim := t.TempDir() // stands for the host's /etc
			if err := os.RemoveAll(filepath.Join(rootfs, tc.link)); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(victim, filepath.Join(rootfs, tc.link)); err != nil {
				t.Fatal(err)
			}
			before := testutil.Snapshot(t)
			c, err := testHost(t).Start(context.Background(), tc.spec(rootfs))
			if err == nil {
				c.Close()
				t.Fatal("Start mounted through a symlink")
			}
			if !strings.Contains(err.Error(), "symlink") {
				t.Errorf("error %q does not say why", err)
			}
			mounts, _ := mountinfo.Read(0)
			if n := len(sandbox.MountsUnder(mounts, victim)); n > 0 {
				t.Errorf("%d mounts on the symlink's target", n)
			}
			testutil.AssertClean(t, before)
		})
	}
}

// A time namespace's offsets are set before anything enters it, and then
// frozen: a process inside can neither see the host's uptime nor write the
// offsets of the namespace it is in.
func TestTimeNamespaceShiftsUptimeAndFreezesItsOffsets(t *testing.T) {
	const day = 24 * time.Hour
	c := start(t, sandbox.Spec{Namespaces: sandbox.Namespaces{Time: true, User: true}, UIDMap: userMap, GIDMap: userMap,
		TimeOffsets: sandbox.TimeOffsets{Monotonic: day, Boottime: day}})
	hostUptime := func() float64 {
		data, err := os.ReadFile("/proc/uptime")
		if err != nil {
			t.Fatal(err)
		}
		v, _ := strconv.ParseFloat(strings.Fields(string(data))[0], 64)
		return v
	}
	before := hostUptime()
	r := run(t, c, "cat", "/proc/uptime")
	after := hostUptime()
	inside, err := strconv.ParseFloat(strings.Fields(r.Stdout + " x")[0], 64)
	if err != nil || inside-day.Seconds() < before-0.02 || inside-day.Seconds() > after+0.02 {
		t.Errorf("uptime inside = %q, want a day more than the host's %.2f…%.2f", r.Stdout, before, after)
	}
	r = run(t, c, "sh", "-c", "echo 'boottime 5 0' > /proc/self/timens_offsets")
	if r.OK() {
		t.Errorf("writing the offsets of the namespace a process is in succeeded; want it refused")
	}
	if r := run(t, c, "cat", "/proc/self/timens_offsets"); !strings.Contains(r.Stdout, "86400") {
		t.Errorf("timens_offsets inside = %q, want the day it was given", r.Stdout)
	}
}

// A cgroup namespace is rooted at the container's directory in every
// hierarchy burk made one in, v1 and v2: inside, what the container runs
// is in /payload of it (or its root, where a hierarchy holds no limit),
// and nothing of the host's path shows. The init is outside the limits,
// in init/, and every thread of burk is where it was.
func TestCgroupNamespaceIsRootedAtTheContainersCgroup(t *testing.T) {
	before := threadCgroups(t)
	c := start(t, sandbox.Spec{Namespaces: sandbox.Namespaces{Cgroup: true},
		Limits: sandbox.Limits{MemoryBytes: 64 << 20, Pids: 64}})
	r := run(t, c, "cat", "/proc/self/cgroup")
	payloads := 0
	for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 || (f[2] != "/" && f[2] != "/payload") {
			t.Errorf("inside: %q, want / or /payload", line)
		}
		if len(f) == 3 && f[2] == "/payload" {
			payloads++
		}
	}
	if payloads == 0 {
		t.Errorf("inside, no hierarchy shows /payload:\n%s", r.Stdout)
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cgroup", c.Pid()))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.Contains(line, "/burk-") && strings.HasSuffix(line, "/payload") {
			t.Errorf("the init is inside the limits: %s", line)
		}
	}
	for tid, cg := range threadCgroups(t) {
		if was, ok := before[tid]; ok && was != cg {
			t.Errorf("burk's thread %s moved:\n%s\nwas\n%s", tid, cg, was)
		}
	}
}
