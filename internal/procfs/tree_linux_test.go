package procfs_test

import (
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/procfs"
	"github.com/burk-tui/burk/internal/testutil"
)

// The walk through the kernel's lists of children finds the same tree as
// reading every process for its parent: here a child of the test and a
// grandchild under it.
func TestTreeByChildrenIsTheScansTree(t *testing.T) {
	if _, err := os.Stat("/proc/thread-self/children"); err != nil {
		t.Fatalf("this kernel keeps no lists of children (CONFIG_PROC_CHILDREN): %v", err)
	}
	child := exec.Command("sh", "-c", "sleep 30 & exec sleep 30")
	// A group of its own, to end the grandchild with it.
	child.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		syscall.Kill(-child.Process.Pid, syscall.SIGKILL)
		child.Wait()
	}()
	pidsOf := func(tree []procfs.Process) []int {
		var out []int
		for _, p := range tree {
			out = append(out, p.PID)
		}
		return out
	}
	var byChildren, byScan []int
	if testutil.Eventually(5*time.Second, func() bool {
		all, err := procfs.AllPIDs()
		if err != nil {
			t.Fatal(err)
		}
		byChildren = pidsOf(procfs.TreeByChildren(os.Getpid()))
		byScan = pidsOf(procfs.TreeByScan(os.Getpid(), all))
		return len(byChildren) >= 3 && slices.Equal(byChildren, byScan)
	}) {
		return
	}
	t.Errorf("TreeByChildren = %v, TreeByScan = %v: want the same, with the test, its child and grandchild", byChildren, byScan)
}
