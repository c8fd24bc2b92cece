package cgroup_test

// The cgroup tests make real cgroups in this host's hierarchies, put real
// processes in them, and read back what the kernel did: the files hold
// the limits, the OOM killer and pids.max and the CPU quota act, and
// afterwards nothing of burk's is left and this test process has never
// left its own cgroup.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/internal/trace"
)

func TestMain(m *testing.M) {
	os.Exit(testutil.RunPrivileged(m))
}

// cgroupHost is where every privileged cgroup test starts: root, the
// host's cgroups, and this process's instance id. When the test ends it
// checks that no burk-<instance>-* of this process is left in any
// hierarchy, that the host is as it was, and that this process is still in
// the cgroups it started in.
func cgroupHost(t *testing.T) (cgroup.Info, string) {
	t.Helper()
	testutil.RequireRoot(t)
	info, err := cgroup.Detect()
	if err != nil {
		t.Fatal(err)
	}
	id := instanceID()
	before := testutil.Snapshot(t)
	self := readFile(t, "/proc/self/cgroup")
	t.Cleanup(func() {
		assertNoInstanceDirs(t, info, id)
		if now := readFile(t, "/proc/self/cgroup"); now != self {
			t.Errorf("the test process changed cgroups:\n%s\nwas:\n%s", now, self)
		}
		testutil.AssertClean(t, before)
	})
	return info, id
}

func assertNoInstanceDirs(t *testing.T, info cgroup.Info, ids ...string) {
	t.Helper()
	for _, root := range info.Roots() {
		for _, id := range ids {
			left, _ := filepath.Glob(filepath.Join(root, "burk-"+id+"-*"))
			if len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(data))
}

// testCgroup is a container's cgroup as burk makes it, with the calls it
// recorded.
type testCgroup struct {
	*cgroup.Cgroup
	rec *trace.Recorder
}

func (t testCgroup) Events() []trace.Event { return t.rec.Events() }

func makeCgroup(info cgroup.Info, id, name string, l cgroup.Limits) (testCgroup, error) {
	rec := trace.New(trace.HostSide, time.Now())
	cg, _, err := cgroup.Manager{Info: info, Instance: id}.New(name, l, rec)
	return testCgroup{cg, rec}, err
}

func newTestCgroup(t *testing.T, info cgroup.Info, id, name string, l cgroup.Limits) testCgroup {
	t.Helper()
	cg, err := makeCgroup(info, id, name, l)
	if err != nil {
		t.Fatalf("new cgroup: %v", err)
	}
	// Registered before any process's cleanup, so it runs after them.
	t.Cleanup(func() {
		if err := cg.Kill(); err != nil {
			t.Error(err)
		}
		if err := cg.Remove(); err != nil {
			t.Error(err)
		}
	})
	return cg
}

// proc is a process a test started, reaped as soon as it ends.
type proc struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	done chan struct{}
	err  error
}

func startProc(t *testing.T, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{cmd: cmd, done: make(chan struct{})}
	if cmd.Stdout == nil {
		cmd.Stdout, cmd.Stderr = &p.out, &p.out
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		cmd.Process.Kill() // our own child, through its pidfd
		<-p.done
	})
	return p
}

// startIn runs a shell script inside the cgroup's limits. A v1 cgroup
// takes only the process written to it, not what that process already
// started, so the shell waits on its stdin until it has been moved.
func startIn(t *testing.T, cg testCgroup, script string) *proc {
	t.Helper()
	cmd := exec.Command("sh", "-c", "read go; "+script)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := startProc(t, cmd)
	if err := cg.AddPayload(cmd.Process.Pid); err != nil {
		t.Fatal(err)
	}
	stdin.Write([]byte("go\n"))
	stdin.Close()
	return p
}

// wait waits for the process to end; the bound only keeps a broken test
// from hanging, each script ends by itself well before it.
func (p *proc) wait(t *testing.T) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%v still runs after 30s", p.cmd.Args)
	}
}

func killedBySIGKILL(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws := ee.Sys().(syscall.WaitStatus)
	return ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

func TestCgroupsFromMountTables(t *testing.T) {
	const (
		v2     = "25 21 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"
		v1     = "30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw shared:9 - cgroup cgroup rw,cpu,cpuacct\n31 25 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n32 25 0:28 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n33 25 0:29 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
		hybrid = v1 + "41 25 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
		// A tmpfs mounted on top of /sys/fs/cgroup hides the cgroup2 below.
		hidden = v2 + "26 25 0:40 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
		// A cgroup namespace's view of part of the tree, and the whole.
		partial = "50 21 0:22 /user.slice /mnt/part rw - cgroup2 cgroup2 rw\n" + v2
	)
	split := map[string]string{"cpu": "/sys/fs/cgroup/cpu,cpuacct", "cpuacct": "/sys/fs/cgroup/cpu,cpuacct",
		"memory": "/sys/fs/cgroup/memory", "pids": "/sys/fs/cgroup/pids"}
	for _, tc := range []struct {
		name, table string
		mode        cgroup.Mode
		v2Root      string
		v1          map[string]string
	}{
		{"v2", v2, cgroup.V2, "/sys/fs/cgroup", map[string]string{}},
		{"v1 with cpu,cpuacct together", v1, cgroup.V1, "", split},
		{"hybrid", hybrid, cgroup.Hybrid, "/sys/fs/cgroup/unified", split},
		{"cgroup2 hidden under a tmpfs", hidden, 0, "", map[string]string{}},
		{"the whole tree before a part of it", partial, cgroup.V2, "/sys/fs/cgroup", map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mounts, err := mountinfo.Parse([]byte(tc.table))
			if err != nil {
				t.Fatal(err)
			}
			got := cgroup.FromMounts(mounts)
			if got.Mode != tc.mode || got.V2Root != tc.v2Root || fmt.Sprint(got.V1) != fmt.Sprint(tc.v1) {
				t.Errorf("got mode %v, v2 %q, v1 %v\nwant mode %v, v2 %q, v1 %v", got.Mode, got.V2Root, got.V1, tc.mode, tc.v2Root, tc.v1)
			}
		})
	}
}

// TestDetectCgroupsMatchesMountinfo reads this host's mount table on its
// own and compares.
func TestDetectCgroupsMatchesMountinfo(t *testing.T) {
	info, err := cgroup.Detect()
	if err != nil {
		t.Fatal(err)
	}
	// The kernel's own list of its controllers.
	var known []string
	for _, line := range strings.Split(readFile(t, "/proc/cgroups"), "\n") {
		if f := strings.Fields(line); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
			known = append(known, f[0])
		}
	}
	wantV1 := map[string]string{}
	wantV2 := ""
	for _, line := range strings.Split(readFile(t, "/proc/self/mountinfo"), "\n") {
		pre, post, _ := strings.Cut(line, " - ")
		f, g := strings.Fields(pre), strings.Fields(post)
		switch g[0] {
		case "cgroup2":
			if wantV2 == "" {
				wantV2 = f[4]
			}
		case "cgroup":
			for _, opt := range strings.Split(g[2], ",") {
				if _, dup := wantV1[opt]; slices.Contains(known, opt) && !dup {
					wantV1[opt] = f[4]
				}
			}
		}
	}
	if info.V2Root != wantV2 || fmt.Sprint(info.V1) != fmt.Sprint(wantV1) {
		t.Errorf("DetectCgroups: v2 %q, v1 %v; the mount table: v2 %q, v1 %v", info.V2Root, info.V1, wantV2, wantV1)
	}
	want := map[[2]bool]cgroup.Mode{{true, true}: cgroup.Hybrid, {true, false}: cgroup.V2, {false, true}: cgroup.V1}
	if m := want[[2]bool{wantV2 != "", len(wantV1) > 0}]; info.Mode != m {
		t.Errorf("mode %v, want %v", info.Mode, m)
	}
	if wantV2 != "" {
		if c := strings.Fields(readFile(t, filepath.Join(wantV2, "cgroup.controllers"))); !slices.Equal(info.V2Controllers, c) {
			t.Errorf("v2 controllers %v, cgroup.controllers says %v", info.V2Controllers, c)
		}
	}
	for _, c := range []string{"memory", "pids", "cpu"} {
		v, ok := info.ControllerVersion(c)
		switch {
		case slices.Contains(info.V2Controllers, c):
			ok = ok && v == "v2"
		case wantV1[c] != "":
			ok = ok && v == "v1"
		default:
			ok = !ok && slices.Contains(info.Missing(cgroup.Limits{MemoryBytes: 1, Pids: 1, CPUQuota: time.Second}), c)
		}
		if !ok {
			t.Errorf("%s controller: %q, %v", c, v, ok)
		}
	}
	t.Logf("%v: v2 %q %v, v1 %v, cgroup.kill %v", info.Mode, info.V2Root, info.V2Controllers, info.V1, info.HasKill)
}

// layouts are the ways burk lays out cgroups that this host can show: its
// own, and on a hybrid host also that of a host with v1 only (where a v1
// hierarchy must track the init, which cgroup2 does elsewhere).
func layouts(info cgroup.Info) map[string]cgroup.Info {
	out := map[string]cgroup.Info{info.Mode.String(): info}
	if info.Mode == cgroup.Hybrid {
		v1 := info
		v1.Mode, v1.V2Root, v1.V2Controllers, v1.HasKill = cgroup.V1, "", nil, false
		out["v1 only"] = v1
	}
	return out
}

func TestCgroupLifecycle(t *testing.T) {
	host, id := cgroupHost(t)
	for name, info := range layouts(host) {
		t.Run(name, func(t *testing.T) {
			limits := cgroup.Limits{MemoryBytes: 32 << 20, Pids: 64, CPUQuota: 20 * time.Millisecond, CPUPeriod: 100 * time.Millisecond}
			cg := newTestCgroup(t, info, id, "life", limits)

			// Every directory is a real cgroup, made and traced.
			mkdirs := map[string]trace.Event{}
			writes := map[string]trace.Event{}
			for _, ev := range cg.Events() {
				if p, ok := strings.CutPrefix(ev.Call, `mkdir("`); ok {
					mkdirs[p[:strings.IndexByte(p, '"')]] = ev
				}
				if p, ok := strings.CutPrefix(ev.Call, `write("`); ok {
					writes[p[:strings.IndexByte(p, '"')]] = ev
				}
			}
			for _, d := range cg.Dirs() {
				var fs unix.Statfs_t
				if err := unix.Statfs(d, &fs); err != nil {
					t.Fatalf("%s: %v", d, err)
				}
				if fs.Type != unix.CGROUP2_SUPER_MAGIC && fs.Type != unix.CGROUP_SUPER_MAGIC {
					t.Errorf("%s is not in a cgroup filesystem", d)
				}
				if ev, ok := mkdirs[d]; !ok || ev.Failed() || ev.Why == "" {
					t.Errorf("mkdir of %s not in the trace with a reason: %+v", d, ev)
				}
			}
			if info.V2Root != "" {
				_, err := os.Stat(filepath.Join(cg.Unified(), "cgroup.kill"))
				if (err == nil) != info.HasKill {
					t.Errorf("HasKill %v, but stat cgroup.kill: %v", info.HasKill, err)
				}
			}

			// The limits are in the files, in the right hierarchy.
			want := map[string]map[string]string{
				"v2": {"memory.max": "33554432", "memory.swap.max": "0", "pids.max": "64", "cpu.max": "20000 100000"},
				"v1": {"memory.limit_in_bytes": "33554432", "memory.memsw.limit_in_bytes": "33554432", "pids.max": "64",
					"cpu.cfs_quota_us": "20000", "cpu.cfs_period_us": "100000"},
			}
			for _, c := range []string{"memory", "pids", "cpu"} {
				v, ok := info.ControllerVersion(c)
				dir := cg.LimitDir(c)
				if !ok {
					if dir != "" {
						t.Errorf("%s: no controller, yet a directory %s", c, dir)
					}
					continue
				}
				mount := info.V2Root
				if v == "v1" {
					mount = info.V1[c]
				}
				if !strings.HasPrefix(dir, filepath.Join(mount, "burk-"+id+"-life")) {
					t.Errorf("%s limits in %s, not under its %s hierarchy at %s", c, dir, v, mount)
				}
				for file, value := range want[v] {
					if !strings.HasPrefix(file, c+".") {
						continue
					}
					path := filepath.Join(dir, file)
					if _, err := os.Stat(path); err != nil && strings.Contains(file, "sw") {
						continue // swap accounting is off in this kernel
					}
					if got := readFile(t, path); got != value {
						t.Errorf("%s = %q, want %q", path, got, value)
					}
					if ev, ok := writes[path]; !ok || ev.Failed() {
						t.Errorf("the write of %s is not in the trace", path)
					}
				}
			}
			st, err := cg.Stats()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(st.Missing, info.Missing(limits)) {
				t.Errorf("stats say missing %v, the host lacks %v", st.Missing, info.Missing(limits))
			}

			// The init goes in by clone3 where there is cgroup2, by Add
			// where there is not; a payload process by AddPayload.
			initCmd := exec.Command("sleep", "30")
			if fd, ok, err := cg.OpenV2(); err != nil {
				t.Fatal(err)
			} else if ok {
				defer fd.Close()
				initCmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: int(fd.Fd())}
			}
			initProc := startProc(t, initCmd)
			if err := cg.Add(initCmd.Process.Pid); err != nil {
				t.Fatal(err)
			}
			payload := startIn(t, cg, "exec sleep 30")
			pids, err := cg.Pids()
			if err != nil {
				t.Fatal(err)
			}
			for _, pid := range []int{initCmd.Process.Pid, payload.cmd.Process.Pid} {
				if !slices.Contains(pids, pid) {
					t.Errorf("pids() = %v, without %d", pids, pid)
				}
			}
			// The kernel's side of it: /proc/PID/cgroup names our directories.
			inProc := readFile(t, fmt.Sprintf("/proc/%d/cgroup", payload.cmd.Process.Pid))
			for _, c := range []string{"memory", "pids", "cpu"} {
				if v, ok := info.ControllerVersion(c); ok && v == "v1" {
					rel := strings.TrimPrefix(cg.LimitDir(c), info.V1[c])
					if !strings.Contains(inProc, ":"+rel+"\n") && !strings.HasSuffix(inProc, ":"+rel) {
						t.Errorf("/proc/%d/cgroup does not have %s:\n%s", payload.cmd.Process.Pid, rel, inProc)
					}
				}
			}
			if info.V2Root != "" {
				rel := strings.TrimPrefix(cg.V2Dir(), info.V2Root)
				if got := readFile(t, fmt.Sprintf("/proc/%d/cgroup", initCmd.Process.Pid)); !strings.Contains(got, "0::"+rel) {
					t.Errorf("clone3 did not put the init in %s:\n%s", rel, got)
				}
			}

			if err := cg.Kill(); err != nil {
				t.Fatal(err)
			}
			initProc.wait(t)
			payload.wait(t)
			for _, p := range []*proc{initProc, payload} {
				if !killedBySIGKILL(p.err) {
					t.Errorf("%v ended with %v, not SIGKILL", p.cmd.Args, p.err)
				}
			}
			if pids, _ := cg.Pids(); len(pids) != 0 {
				t.Errorf("after kill, pids() = %v", pids)
			}
			if err := cg.Remove(); err != nil {
				t.Fatal(err)
			}
			for _, d := range cg.Dirs() {
				if _, err := os.Stat(d); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s still there after remove", d)
				}
			}
			assertNoInstanceDirs(t, info, id)
		})
	}
}

// limitTest runs a bounded hog in a cgroup with one limit and returns the
// stats after it, or says the host has no such controller.
func limitTest(t *testing.T, controller string, l cgroup.Limits, script string) (cgroup.Stats, *proc, bool) {
	info, id := cgroupHost(t)
	cg := newTestCgroup(t, info, id, controller+"-hog", l)
	if _, ok := info.ControllerVersion(controller); !ok {
		st, _ := cg.Stats()
		if !slices.Contains(st.Missing, controller) {
			t.Errorf("the host has no %s controller, yet stats().Missing = %v", controller, st.Missing)
		}
		t.Logf("no %s controller on this host: its limit is reported missing", controller)
		return st, nil, false
	}
	p := startIn(t, cg, script)
	p.wait(t)
	st, err := cg.Stats()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v; output: %q", p.err, p.out.String())
	for path, content := range st.Files {
		t.Logf("%s:\n%s", path, content)
	}
	return st, p, true
}

func TestCgroupMemoryLimitCallsTheOOMKiller(t *testing.T) {
	// tail keeps the line it is reading, and /dev/zero has no newline:
	// it grows until the limit, and head stops it at 100 MB if the limit failed.
	st, p, ok := limitTest(t, "memory", cgroup.Limits{MemoryBytes: 16 << 20}, "head -c 100000000 /dev/zero | tail")
	if !ok {
		return
	}
	if st.MemoryMax != 16<<20 || st.OOMKills < 1 || p.err == nil {
		t.Errorf("memory.max %d, OOM kills %d, the hog ended with %v: want 16 MiB, at least one kill, a failure",
			st.MemoryMax, st.OOMKills, p.err)
	}
}

func TestCgroupPidsLimitRefusesForks(t *testing.T) {
	st, _, ok := limitTest(t, "pids", cgroup.Limits{Pids: 5},
		`i=0; while [ $i -lt 20 ]; do sleep 1 & i=$((i+1)); done; wait`)
	if !ok {
		return
	}
	if st.PidsMax != 5 || st.PidsMaxHits < 1 {
		t.Errorf("pids.max %d, forks refused %d: want 5 and at least one", st.PidsMax, st.PidsMaxHits)
	}
}

func TestCgroupCPUQuotaThrottles(t *testing.T) {
	st, _, ok := limitTest(t, "cpu", cgroup.Limits{CPUQuota: 10 * time.Millisecond, CPUPeriod: 100 * time.Millisecond},
		`exec timeout 1 sh -c 'while :; do :; done'`)
	if !ok {
		return
	}
	if st.CPUQuota != 10*time.Millisecond || st.CPUPeriod != 100*time.Millisecond || st.NrThrottled < 1 {
		t.Errorf("quota %v per %v, throttled in %d of %d periods: want 10ms per 100ms, throttled at least once",
			st.CPUQuota, st.CPUPeriod, st.NrThrottled, st.NrPeriods)
	}
}

// instanceID is a name of the form of burk's instance ids,
// <pid>-<starttime>, that no other test or burk uses.
func instanceID() string {
	return fmt.Sprintf("%d-%d", os.Getpid(), time.Now().UnixNano())
}

func TestRecoverCgroupsOfADeadBurkOnly(t *testing.T) {
	info, live := cgroupHost(t)
	dead := instanceID()
	defer assertNoInstanceDirs(t, info, dead)
	l := cgroup.Limits{Pids: 16, MemoryBytes: 64 << 20}
	deadCg := newTestCgroup(t, info, dead, "c1", l)
	liveCg := newTestCgroup(t, info, live, "c1", l)
	orphan := startIn(t, deadCg, "exec sleep 60")
	mine := startIn(t, liveCg, "exec sleep 60")

	// Whether a burk lives is the host's to say (sandbox's instance ids):
	// here every instance but dead does, this test's among them.
	removed, err := cgroup.Recover(info, func(id string) bool { return id != dead })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("removed: %q", removed)
	orphan.wait(t)
	if !killedBySIGKILL(orphan.err) {
		t.Errorf("the dead burk's process ended with %v, not SIGKILL", orphan.err)
	}
	if !slices.ContainsFunc(removed, func(s string) bool {
		return strings.HasPrefix(s, fmt.Sprintf("process %d ", orphan.cmd.Process.Pid))
	}) {
		t.Errorf("removed %q does not name process %d", removed, orphan.cmd.Process.Pid)
	}
	for _, d := range deadCg.Dirs() {
		if _, err := os.Stat(d); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the dead burk's %s is still there", d)
		}
		if !slices.ContainsFunc(removed, func(r string) bool {
			top, ok := strings.CutPrefix(r, "cgroup ")
			return ok && (d == top || strings.HasPrefix(d, top+"/"))
		}) {
			t.Errorf("removed %q does not name the cgroup of %s", removed, d)
		}
	}
	assertNoInstanceDirs(t, info, dead)

	// The live instance — this process — is as it was.
	select {
	case <-mine.done:
		t.Fatalf("recovery killed a live burk's process: %v", mine.err)
	default:
	}
	if pids, _ := liveCg.Pids(); !slices.Contains(pids, mine.cmd.Process.Pid) {
		t.Errorf("the live cgroup lost its process: %v", pids)
	}
	for _, d := range liveCg.Dirs() {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("recovery touched the live burk's %s: %v", d, err)
		}
	}
}

func TestOnlyBurksOwnCgroupNamesAreRead(t *testing.T) {
	for name, want := range map[string]string{
		"burk-123-456-c1":          "123-456",
		"burk-123-456-a-b":         "123-456",
		"burk-tui-dev-c1":          "",
		"burk-123-c1":              "",
		"burk-123-456":             "",
		"burkx-123-456-c1":         "",
		"system.slice":             "",
		"burk--456-c1":             "",
		"burk-123-456-":            "123-456",
		"burk-00012-99999999-life": "00012-99999999",
	} {
		got, ok := cgroup.InstanceOf(name)
		if got != want || ok != (want != "") {
			t.Errorf("InstanceOf(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// Two containers of one burk have a directory each and share none: either
// can go first without touching the other.
func TestCgroupContainersShareNoDirectory(t *testing.T) {
	info, id := cgroupHost(t)
	a, err := makeCgroup(info, id, "a", cgroup.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := makeCgroup(info, id, "b", cgroup.Limits{})
	if err != nil {
		a.Remove()
		t.Fatal(err)
	}
	for _, d := range a.Dirs() {
		if slices.Contains(b.Dirs(), d) {
			t.Errorf("both containers have %s", d)
		}
	}
	if err := a.Remove(); err != nil {
		t.Fatal(err)
	}
	for _, d := range b.Dirs() {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("removing one container took a directory of the other: %v", err)
		}
	}
	if err := b.Remove(); err != nil {
		t.Fatal(err)
	}
}

func TestCgroupBadInputChangesNothing(t *testing.T) {
	info, id := cgroupHost(t)
	for _, tc := range []struct {
		name   string
		limits cgroup.Limits
		want   string
	}{
		{"c1", cgroup.Limits{MemoryBytes: -1}, "memory limit -1"},
		{"c1", cgroup.Limits{Pids: -3}, "pids limit -3"},
		{"c1", cgroup.Limits{CPUQuota: time.Microsecond}, "smallest is 1ms"},
		{"c1", cgroup.Limits{CPUQuota: time.Millisecond, CPUPeriod: 2 * time.Second}, "1ms to 1s"},
		{"a/b", cgroup.Limits{}, "one non-empty path element"},
		{"..", cgroup.Limits{}, "one non-empty path element"},
	} {
		_, err := makeCgroup(info, id, tc.name, tc.limits)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q %+v: error %v, want one saying %q", tc.name, tc.limits, err, tc.want)
		}
	}

	// A hierarchy that is not there: the errno comes through.
	gone := cgroup.Info{Mode: cgroup.V2, V2Root: "/nonexistent/cgroup2"}
	_, err := makeCgroup(gone, id, "c1", cgroup.Limits{})
	var pe *os.PathError
	if !errors.Is(err, unix.ENOENT) || !errors.As(err, &pe) || !strings.HasPrefix(pe.Path, gone.V2Root) {
		t.Errorf("cgroup2 at a missing path: %v, want ENOENT on a path under it", err)
	}

	// A controller the unified root does not offer, though the caller
	// thinks it does: the kernel refuses to hand it down, and the error
	// names it and the fix.
	if info.V2Root != "" {
		for _, c := range []string{"memory", "pids", "cpu"} {
			if slices.Contains(info.V2Controllers, c) {
				continue
			}
			wrong := info
			wrong.V2Controllers = append(slices.Clone(info.V2Controllers), c)
			_, err := makeCgroup(wrong, id, "c1", cgroup.Limits{MemoryBytes: 32 << 20, Pids: 10, CPUQuota: 10 * time.Millisecond})
			var pe *os.PathError
			if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), "the "+c+" controller is not available") ||
				!strings.Contains(err.Error(), "cgroup_enable="+c) {
				t.Errorf("%s, which the root does not offer: %v, want an error naming it and the fix", c, err)
			}
			t.Logf("%s: %v", c, err)
			break
		}
	}

	// A failure half-way is undone: a directory that is no cgroup takes
	// the mkdirs, and then has no memory.limit_in_bytes to write.
	notCgroup := t.TempDir()
	fake := cgroup.Info{Mode: cgroup.V1, V1: map[string]string{"memory": notCgroup}}
	cg, err := makeCgroup(fake, id, "c1", cgroup.Limits{MemoryBytes: 1 << 20})
	if !errors.Is(err, unix.ENOENT) || !strings.Contains(err.Error(), "memory limit") {
		t.Errorf("memory limit in a directory that is no cgroup: %v, want ENOENT naming the memory limit", err)
	}
	if left, _ := os.ReadDir(notCgroup); len(left) != 0 {
		t.Errorf("the failed cgroup left %v in %s", left, notCgroup)
	}
	var failed []string
	for _, ev := range cg.Events() {
		if ev.Failed() {
			failed = append(failed, ev.Call+" = "+ev.Result)
		}
	}
	if len(failed) != 1 || !strings.Contains(failed[0], "memory.limit_in_bytes") || !strings.Contains(failed[0], "ENOENT") {
		t.Errorf("the trace's failed calls: %q, want the write of memory.limit_in_bytes, ENOENT", failed)
	}
}

// BenchmarkCgroupLifecycle is the cgroup's share of every container's start
// and close at full limits: create, kill (nothing there), remove.
func BenchmarkCgroupLifecycle(b *testing.B) {
	testutil.RequireRoot(b)
	info, err := cgroup.Detect()
	if err != nil {
		b.Fatal(err)
	}
	id := instanceID()
	l := cgroup.Limits{MemoryBytes: 64 << 20, Pids: 64, CPUQuota: 50 * time.Millisecond}
	i := 0
	for b.Loop() {
		i++
		cg, err := makeCgroup(info, id, "b"+strconv.Itoa(i), l)
		if err != nil {
			b.Fatal(err)
		}
		if err := cg.Kill(); err != nil {
			b.Fatal(err)
		}
		if err := cg.Remove(); err != nil {
			b.Fatal(err)
		}
	}
}

// For a cgroup namespace, every hierarchy with a limit has its limits on
// a payload/ leaf: the namespace is rooted at the container's directory,
// where the init is born, and the init must still stay out of the limits.
// v2 splits the directory into init/ and payload/ (a v2 directory that
// hands controllers down holds no process); v1 keeps the init in the
// directory itself and is never moved. The thread that clones the init
// joins the v1 directories for the clone, and goes back to exactly where
// it was.
func TestCgroupForANamespaceHasLeavesInEveryHierarchy(t *testing.T) {
	host, id := cgroupHost(t)
	for name, info := range layouts(host) {
		t.Run(name, func(t *testing.T) {
			rec := trace.New(trace.HostSide, time.Now())
			limits := cgroup.Limits{MemoryBytes: 32 << 20, Pids: 64}
			cg, remove, err := cgroup.Manager{Info: info, Instance: id}.NewForCgroupNamespace("ns", limits, rec)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := remove(); err != nil {
					t.Error(err)
				}
			})
			for _, c := range []string{"memory", "pids"} {
				d := cg.LimitDir(c)
				if d != "" && filepath.Base(d) != "payload" {
					t.Errorf("LimitDir(%s) = %s, want a payload leaf", c, d)
				}
				v, _ := info.ControllerVersion(c)
				_, err := os.Stat(filepath.Join(filepath.Dir(d), "init"))
				if v == "v2" && err != nil {
					t.Errorf("no init leaf beside %s: %v", d, err)
				}
				if v == "v1" && err == nil {
					t.Errorf("an init leaf beside %s: the init stays in the v1 directory itself", d)
				}
			}

			done := make(chan struct{})
			go func() {
				defer close(done)
				runtime.LockOSThread() // never unlocked: the thread's cgroups change
				const self = "/proc/thread-self/cgroup"
				before := readFile(t, self)
				back, err := cg.JoinV1()
				if err != nil {
					t.Error(err)
				}
				during := readFile(t, self)
				for _, c := range []string{"memory", "pids"} {
					if v, _ := info.ControllerVersion(c); v == "v1" && !strings.Contains(during, c+":/"+filepath.Base(filepath.Dir(cg.LimitDir(c)))+"\n") {
						t.Errorf("after JoinV1 the thread is not in the container's %s directory:\n%s", c, during)
					}
				}
				if err := back(); err != nil {
					t.Error(err)
				}
				if after := readFile(t, self); after != before {
					t.Errorf("the thread's cgroups after the move back:\n%s\nwant\n%s", after, before)
				}
			}()
			<-done
		})
	}
}
