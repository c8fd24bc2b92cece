package housekeeping_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/burk-tui/burk/housekeeping"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/sandbox"
)

// A child "burk" for the crash test: it starts a container that leaks a
// proc mount to the host and runs a process, prints the init's pid, and
// waits to be killed.
func init() {
	rootfs := os.Getenv("BURK_TEST_CRASH_ROOTFS")
	if rootfs == "" {
		return
	}
	spec := sandbox.Spec{Rootfs: rootfs, Root: sandbox.RootChroot, MountProc: true}
	host, err := housekeeping.New("")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	c, err := host.Start(context.Background(), spec)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	go c.Exec(context.Background(), "sleep", "60")
	testutil.Eventually(2*time.Second, func() bool {
		pids, _ := c.Processes()
		return len(pids) >= 2
	})
	pids, _ := c.Processes()
	fmt.Println("ready", host.GuardPID(), c.Pid(), strings.Trim(fmt.Sprint(pids), "[]"))
	select {}
}

func TestSIGKILLedBurkIsRecoveredAtNextStart(t *testing.T) {
	testutil.RequireRoot(t)
	before := testutil.Snapshot(t)
	rootfs := testutil.BusyboxRootfs(t)
	cmd := exec.Command("/proc/self/exe", "-test.run=^$")
	cmd.Env = append(os.Environ(), "BURK_TEST_CRASH_ROOTFS="+rootfs)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	f := strings.Fields(line)
	if len(f) < 4 || f[0] != "ready" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("crash helper said %q", line)
	}
	var pids []int
	for _, s := range f[3:] {
		n, _ := strconv.Atoi(s)
		pids = append(pids, n)
	}
	// The crash, of the guard first (the guard's own test is in package
	// main): no Close, no deferred cleanup, no guard, nothing.
	guard, _ := strconv.Atoi(f[1])
	if guard <= 0 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("no guard: %q", line)
	}
	syscall.Kill(guard, syscall.SIGKILL)
	cmd.Process.Kill()
	cmd.Wait()

	// PR_SET_PDEATHSIG took the init with it.
	initPID, _ := strconv.Atoi(f[2])
	if !testutil.Eventually(5*time.Second, func() bool { return !alive(initPID) }) {
		t.Errorf("the init %d outlived burk", initPID)
	}
	mounts, _ := mountinfo.Read(0)
	if testutil.ProcMountsUnder(mounts, rootfs) != 1 {
		t.Fatalf("expected the crashed run's proc mount under %s to be left over", rootfs)
	}
	removed, err := testutil.Host(t).Recover()
	if err != nil {
		t.Fatalf("Recover: %v", err)
	}
	t.Logf("recovered: %v", removed)
	if len(removed) == 0 {
		t.Errorf("Recover removed nothing")
	}
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d of the crashed container is still running", pid)
		}
	}
	testutil.AssertClean(t, before)
}

// alive reports whether pid runs and is not a zombie.
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}
