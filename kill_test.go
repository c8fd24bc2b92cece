package main

// Leave no trace, however burk dies: SIGKILL burk while its container runs,
// at every step of the tour, and the host is as it was within a bounded
// wait — without `burk cleanup`, without a next start. At the steps without
// a PID namespace the container's processes outlive their init unless
// something ends them; at the steps without a mount namespace its proc
// mount is on the host's table. Burk's guard (sandbox/guard_linux.go) is
// what ends and removes them.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

func TestSIGKILLOfBurkLeavesNothingAtEveryStep(t *testing.T) {
	dir := rootfsDir(t)
	var slowest time.Duration
	for _, id := range steps.IDs() {
		t.Run(id, func(t *testing.T) {
			before := testutil.Snapshot(t)
			cmd := exec.Command(burkBin, "run", "--step", id, "--rootfs", dir, "--", "sleep", "60")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			reaped := false
			defer func() {
				if !reaped {
					cmd.Process.Kill()
					cmd.Wait()
				}
			}()
			waitFor(t, 10*time.Second, "the container's sleep", containerRuns(cmd.Process.Pid, "sleep 60", 1))
			pids := testutil.ContainerProcs(cmd.Process.Pid)
			t.Logf("the container's processes: %v", pids)

			start := time.Now()
			cmd.Process.Kill()
			cmd.Wait()
			reaped = true
			var left []string
			cleared := testutil.Eventually(5*time.Second-time.Since(start), func() bool {
				left = leftOf(before, cmd.Process.Pid, pids)
				return len(left) == 0
			})
			took := time.Since(start)
			slowest = max(slowest, took)
			if !cleared {
				t.Fatalf("%v after burk was killed, still there: %v", took.Round(time.Millisecond), left)
			}
			t.Logf("nothing left %v after SIGKILL", took.Round(time.Millisecond))
			testutil.AssertClean(t, before)
		})
	}
	t.Logf("slowest: nothing left %v after SIGKILL", slowest.Round(time.Millisecond))
}

// leftOf says what of burk's is still on the host: a process of its
// container, a cgroup, a mount or a state file that was not there before.
func leftOf(before testutil.HostState, burkPID int, pids []int) []string {
	var left []string
	for _, p := range pids {
		if err := syscall.Kill(p, 0); err == nil {
			if st, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p)); !strings.Contains(string(st), ") Z ") {
				left = append(left, fmt.Sprintf("process %d", p))
			}
		}
	}
	if cg := testutil.ContainerProcs(burkPID); len(cg) > 0 {
		left = append(left, fmt.Sprintf("processes in burk's cgroups: %v", cg))
	}
	left = append(left, testutil.ContainerCgroups(burkPID)...)
	state, _ := filepath.Glob(fmt.Sprintf("/run/burk/%d-*", burkPID))
	left = append(left, state...)
	data, _ := os.ReadFile("/proc/self/mountinfo")
	if n := strings.Count(string(data), "\n"); n != len(before.Mounts) {
		left = append(left, fmt.Sprintf("%d mounts, %d before", n, len(before.Mounts)))
	}
	return left
}
