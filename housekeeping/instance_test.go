package housekeeping_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/housekeeping"
)

func TestInstanceIDTellsADeadBurkFromALiveOne(t *testing.T) {
	// The command name in /proc/PID/stat may hold spaces and parentheses.
	cat, err := exec.LookPath("cat")
	if err != nil {
		t.Fatal(err)
	}
	odd := filepath.Join(t.TempDir(), "a) b (c")
	if err := os.Symlink(cat, odd); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(odd)
	stdin, _ := cmd.StdinPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	id, err := housekeeping.InstanceID(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	pid, start, _ := strings.Cut(id, "-")
	n, _ := strconv.ParseUint(start, 10, 64)
	if pid != strconv.Itoa(cmd.Process.Pid) || n == 0 {
		t.Errorf("id %q: want %d-<start time>", id, cmd.Process.Pid)
	}
	if !housekeeping.InstanceAlive(id) {
		t.Errorf("%s runs, but is not alive", id)
	}
	if reused := fmt.Sprintf("%s-%d", pid, n+1); housekeeping.InstanceAlive(reused) {
		t.Errorf("%s is alive: a pid with another start time is another process", reused)
	}
	stdin.Close()
	// Exited but not reaped, as a SIGKILLed burk is until its parent
	// waits for it: a zombie, which left its cgroups to clean up.
	var info unix.Siginfo
	if err := unix.Waitid(unix.P_PID, cmd.Process.Pid, &info, unix.WEXITED|unix.WNOWAIT, nil); err != nil {
		t.Fatal(err)
	}
	if housekeeping.InstanceAlive(id) {
		t.Errorf("%s is a zombie, but is alive", id)
	}
	cmd.Wait()
	if housekeeping.InstanceAlive(id) {
		t.Errorf("%s was reaped, but is alive", id)
	}
	for _, bad := range []string{"", "x", "12", "-1-5", "a-b", "0-0"} {
		if housekeeping.InstanceAlive(bad) {
			t.Errorf("InstanceAlive(%q)", bad)
		}
	}
}
