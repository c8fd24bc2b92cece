package machine_test

import (
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/machine"
)

// lines reads "name: value" lines.
func lines(out string) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(l, ": "); ok {
			m[k] = v
		}
	}
	return m
}

// A machine is a host of its own: its name, its PID 1, only its own
// processes, only lo, a root with nothing of the server's, its own
// cgroup as the root of its cgroups.
func TestMachineIsAHostOfItsOwn(t *testing.T) {
	needMachines(t)
	before := testutil.Snapshot(t)
	m, out := start(t, "anna", cgroup.Limits{}, "facts")
	wait(t, m, 10*time.Second)
	got := lines(out.String())
	t.Logf("inside:\n%s", out)
	want := map[string]string{
		"hostname":   "anna",
		"interfaces": "lo",
		"uid":        "0",
		"uid_map":    "0 " + strconv.Itoa(m.IDs.Start) + " 65536 100000 " + strconv.Itoa(m.IDs.Start+65536) + " 65536",
		"root":       ".burk bin dev etc proc root run sys tmp var",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("inside the machine, %s = %q, want %q", k, got[k], v)
		}
	}
	// PID 1 and the program: no process of the server's, none of another machine's.
	if want := "1 " + got["pid"]; got["procs"] != want || got["pid"] == "1" {
		t.Errorf("inside the machine, /proc lists %q with the program as %s; want %q", got["procs"], got["pid"], want)
	}
	for _, f := range strings.Fields(got["cgroup"]) {
		if !strings.HasSuffix(f, ":/") && !strings.HasSuffix(f, ":/machine") {
			t.Errorf("inside the machine, /proc/self/cgroup has %q: its cgroup is not its root", f)
		}
	}
	if err := m.Stop(); err != nil {
		t.Fatal(err)
	}
	testutil.AssertClean(t, before)
}

// The attacks of a learner who is root of their machine (as at the tour's
// process step, whose shell is a plain child of the machine's burk), each
// with what must stop it.
func TestMachineRootCannotReachTheServer(t *testing.T) {
	needMachines(t)
	before := testutil.Snapshot(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	other, _ := start(t, "bert", cgroup.Limits{}, "sleep")
	otherState := t.TempDir()
	limits := cgroup.Limits{MemoryBytes: 64 << 20, Pids: 32, CPUQuota: 50 * time.Millisecond}
	m, out := start(t, "anna", limits, "attack", strconv.Itoa(os.Getpid()), port, otherState)
	wait(t, m, 60*time.Second)
	t.Logf("inside:\n%s", out)
	got := lines(out.String())
	want := map[string]string{
		"kill-server":  "ESRCH",        // the server is in no PID namespace the machine sees
		"settime":      "EPERM",        // CAP_SYS_TIME of the initial user namespace
		"server-port":  "ECONNREFUSED", // the machine's lo is its own
		"network":      "ENETUNREACH",  // no device but lo
		"other-state":  "ENOENT",       // not in the machine's root
		"write-root":   "EROFS",
		"write-burk":   "EROFS",
		"write-rootfs": "EROFS",
		"mount-tmpfs":  "ALLOWED", // its own mount table: the server's must not change
		"raise-limit":  "EACCES",  // the limit's file is the server's root's
		"sethostname":  "ALLOWED", // its own name: the server's must not change
		"fill-tmp":     "ENOSPC",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("attack %s from inside: %q, want %q", k, got[k], v)
		}
	}
	if got["mknod"] != "EPERM" && got["mknod"] != "EACCES" {
		t.Errorf("mknod of a disk from inside: %q, want refused", got["mknod"])
	}
	if !strings.HasPrefix(got["fork-bomb"], "EAGAIN after ") {
		t.Errorf("fork bomb: %q, want EAGAIN at pids.max", got["fork-bomb"])
	}
	if !strings.HasPrefix(got["memory-hog"], "signal: killed") {
		t.Errorf("memory hog: %q, want killed by the OOM killer", got["memory-hog"])
	}
	select {
	case <-other.Done():
		t.Errorf("the other machine ended while anna attacked")
	default:
	}
	other.Stop()
	m.Stop()
	testutil.AssertClean(t, before)
}

// The server reads the learner's progress out of the machine, and what a
// learner put there to trip it does not: a symlink out, a FIFO that would
// block, a file too big.
func TestReadStateRefusesTraps(t *testing.T) {
	needMachines(t)
	before := testutil.Snapshot(t)
	m, _ := start(t, "anna", cgroup.Limits{}, "plant")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, _ := m.ReadState("burk/ready", 16); string(b) == "yes" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the machine did not plant its traps")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if b, err := m.ReadState("burk/progress.json", 1<<10); err != nil || string(b) != `{"current":"uts-ns"}` {
		t.Errorf("ReadState(progress.json) = %q, %v; want the seed back", b, err)
	}
	if b, err := m.ReadState("burk/evil/hostname", 1<<10); err == nil {
		t.Errorf("ReadState(a symlink) = %q; want refused", b)
	}
	if b, err := m.ReadState("../../../../etc/passwd", 1<<10); err == nil && strings.Contains(string(b), "root:x:0:0") && !strings.Contains(string(b), "nobody:x:65534:65534:nobody:/nonexistent") {
		t.Errorf("ReadState(../../etc/passwd) read the server's passwd")
	}
	if _, err := m.ReadState("burk/fifo", 1<<10); !errors.Is(err, machine.ErrNotRegular) {
		t.Errorf("ReadState(a FIFO) = %v, want %v", err, machine.ErrNotRegular)
	}
	if b, _ := m.ReadState("burk/big", 64<<10); len(b) != 64<<10 {
		t.Errorf("ReadState(a 2 MiB file, at most 64 KiB) read %d bytes", len(b))
	}
	m.Stop()
	testutil.AssertClean(t, before)
}

// A program that ignores SIGTERM and SIGHUP: the machine still goes when
// it is stopped, everything in it, and nothing is left.
func TestStopEndsAMachineThatIgnoresSIGTERM(t *testing.T) {
	needMachines(t)
	before := testutil.Snapshot(t)
	m, _ := start(t, "anna", cgroup.Limits{Pids: 64}, "ignore-term")
	time.Sleep(300 * time.Millisecond)
	m.Signal(syscall.SIGTERM)
	m.Signal(syscall.SIGHUP)
	select {
	case <-m.Done():
		t.Fatal("the program ignores SIGTERM, yet the machine ended on it") // PID 1 passes it on; the program ignores it
	case <-time.After(500 * time.Millisecond):
	}
	start := time.Now()
	if err := m.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped in %v", time.Since(start))
	testutil.AssertClean(t, before)
}
