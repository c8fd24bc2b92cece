package machine_test

// A machine, from inside. The test binary is the machine's PID 1 (through
// sandbox/initentry, as burk is) and its program: with BURK_MACHINE set,
// TestMain runs what the test asked for inside (inside_test.go) instead
// of the tests. Assumes root on the real host; each test says what it
// tries.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/machine"
)

func TestMain(m *testing.M) {
	if os.Getenv(machine.Env) == "1" {
		os.Exit(inside(os.Args[1:]))
	}
	// The machines run a copy of this test binary, alone in a directory
	// of its own, as burk serve's run a copy of burk.
	dir, err := os.MkdirTemp("", "burk-machine-bin-")
	if err == nil {
		os.Chmod(dir, 0o755)
		testBinary, err = machine.CopyBinary(filepath.Join(dir, "bin"))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := testutil.RunPrivileged(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

var testBinary string

// needMachines skips a test that starts machines under -short, and
// requires root otherwise.
func needMachines(t *testing.T) {
	t.Helper()
	testutil.SkipShort(t, "it starts machines, as root")
	testutil.RequireRoot(t)
}

// start starts a machine named name that runs this test binary with args,
// and returns what it wrote once it ended.
func start(t *testing.T, name string, limits cgroup.Limits, args ...string) (*machine.Machine, *bytes.Buffer) {
	t.Helper()
	needMachines(t)
	ids, err := allocator.Take()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { allocator.Give(ids) })

	// One writer for both streams: exec.Cmd then writes from one
	// goroutine at a time, and Done comes after the last write.
	out := new(bytes.Buffer)
	cfg := machine.Config{Name: name, Args: args, IDs: ids, Rootfs: rootfsDir(t), Binary: testBinary, TmpBytes: 8 << 20,
		Seed: map[string][]byte{"burk/progress.json": []byte(`{"current":"uts-ns"}`)}}
	m, err := machine.Start(cfg, testutil.Host(t), limits, machine.Stdio{In: strings.NewReader(""), Out: out, Err: out})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Stop(); err != nil {
			t.Error(err)
		}
	})
	return m, out
}

// wait waits for the machine's program to end, for at most limit.
func wait(t *testing.T, m *machine.Machine, limit time.Duration) {
	t.Helper()
	select {
	case <-m.Done():
	case <-time.After(limit):
		t.Fatalf("machine %s still runs after %v", m.Name, limit)
	}
}

var allocator = machine.NewAllocator(readFile("/etc/subuid"), readFile("/etc/subgid"), readFile("/etc/passwd"))

func readFile(p string) string { b, _ := os.ReadFile(p); return string(b) }

// rootfsDir is a busybox root filesystem for this test.
func rootfsDir(t *testing.T) string { return testutil.BusyboxRootfs(t) }
